/** The captions of filings: the immigration court's (EOIR) and USCIS's. */
import { type CellSpec, TEXT_WIDTH, bold, inch, para, paragraph, pt, table } from './docx.js';
import { I_589, NAME, NAME_UPPER, aNumberOr, addressLines, blank, centred, either, section, sectionUnless, when } from './blocks.js';

/** The two-column caption: the parties on the left, boxed by a rule on the right and below; the file details on the right. */
export function captionTable(left: readonly string[], right: readonly string[]): string {
  const leftWidth = inch(3.1);
  const leftCell: CellSpec = { blocks: left, borders: { right: true, bottom: true }, padding: { right: inch(0.15) } };
  const rightCell: CellSpec = { blocks: right, vAlign: 'center', padding: { left: inch(0.2) } };
  return table({ widths: [leftWidth, TEXT_WIDTH - leftWidth], borders: 'none', rows: [{ cells: [leftCell, rightCell], cantSplit: true }] });
}

/** The applicant's side of a USCIS caption: "In re: / NAME, / Applicant." */
function applicantLines(): string[] {
  return [para('In re:'), blank(), paragraph(bold(`${NAME_UPPER},`), { indent: { left: inch(0.25) } }), blank(), para('Applicant.', { indent: { left: inch(2) } }), blank()];
}

/**
 * The respondents in a removal proceeding, as the court lists them: the lead respondent first,
 * then each family member in the same proceeding (the model's respondents).
 */
function respondentLines(): string[] {
  return [
    para('In the Matter of:'),
    blank(),
    ...section('respondents', [paragraph(bold('{name | upper},'), { indent: { left: inch(0.25) } })]),
    blank(),
    para('{hasCoRespondents ? "Respondents" : "Respondent"}.', { indent: { left: inch(1.6) } }),
    blank(),
    para('In removal proceedings'),
  ];
}

/** "File No.: A-…", or with several respondents "File Nos.:" and each A-number in the order of the names. */
function fileNumbers(): string[] {
  return [
    ...sectionUnless('hasCoRespondents', [para(`File No.: ${aNumberOr('____________________')}`, { after: pt(6) })]),
    ...section('hasCoRespondents', [
      para('File Nos.:'),
      ...section('respondents', [para(either('aNumber', '{aNumber}', '____________________'), { indent: { left: inch(0.25) } })]),
      para('', { after: pt(6) }),
    ]),
  ];
}

/** Who files, top left of an EOIR filing: counsel (with EOIR ID) or the respondent pro se. */
export function filerBlock(): string[] {
  const rep = 'representative';
  return [
    ...section(rep, [
      para(`{${rep}.name}`),
      ...section(`${rep}.firm`, [para(`{${rep}.firm}`)]),
      ...addressLines(`${rep}.address`).map((l) => para(l)),
      para(`Tel.: {${rep}.phone}`),
      ...section(`${rep}.email`, [para(`Email: {${rep}.email}`)]),
      ...section(`${rep}.eoirId`, [para(`EOIR ID: {${rep}.eoirId}`)]),
      para('Counsel for the {hasCoRespondents ? "Respondents" : "Respondent"}', { style: 'Note' }),
    ]),
    ...sectionUnless(rep, [
      para(NAME),
      ...addressLines('applicant.usAddress').map((l) => para(l)),
      para('Respondent, pro se', { style: 'Note' }),
    ]),
    blank(),
  ];
}

/** The heading of a filing with the immigration court (EOIR Practice Manual, ch. 3.3). */
export function eoirCaption(opts: { filer: boolean }): string[] {
  const hearing = 'proceeding.nextHearing';
  return [
    ...section('proceeding.detained', [paragraph(bold('DETAINED'), { align: 'right' })]),
    ...(opts.filer ? filerBlock() : []),
    centred('UNITED STATES DEPARTMENT OF JUSTICE'),
    centred('EXECUTIVE OFFICE FOR IMMIGRATION REVIEW'),
    centred('IMMIGRATION COURT'),
    ...section('proceeding.court', [centred('{proceeding.court.city | upper}, {proceeding.court.state}')]),
    para('', { after: pt(12) }),
    captionTable(respondentLines(), [
      ...fileNumbers(),
      ...section('proceeding.judge', [para('Immigration Judge: {proceeding.judge}', { after: pt(6) })]),
      ...section(hearing, [para(`{${hearing}.kind == "master" ? "Master calendar hearing" : "Individual hearing"}: {${hearing}.date | longDate}`)]),
    ]),
  ];
}

/** The heading of an affirmative filing with USCIS. */
export function uscisCaption(): string[] {
  return [
    centred('U.S. DEPARTMENT OF HOMELAND SECURITY'),
    centred('U.S. CITIZENSHIP AND IMMIGRATION SERVICES'),
    ...section('proceeding.asylumOffice', [centred('{proceeding.asylumOffice | upper}')]),
    para('', { after: pt(12) }),
    captionTable(applicantLines(), [
      para(`A-Number: ${aNumberOr('None')}`, { after: pt(6) }),
      para(I_589),
    ]),
  ];
}

/**
 * The short caption on every page after the first (the first carries the full caption): who, the
 * lead A-number and what the document is, e.g. "José Antonio Núñez Ramírez · A-220-418-553 · Index of Evidence".
 */
export function runningHeader(what: string): string[] {
  return [para(`${NAME}${when('hasCoRespondents', ' et al.')} · ${aNumberOr('no A-number')} · ${what}`, { style: 'Footer', align: 'right' })];
}

/** The caption that fits the proceeding. */
export function caption(opts: { filer: boolean } = { filer: false }): string[] {
  return [...section('isDefensive', eoirCaption(opts)), ...section('isAffirmative', uscisCaption())];
}
