/**
 * Writes the docx templates of templates/ and the test fixtures of test/fixtures/templates/.
 * Run with `npx tsx templates/authoring/author.ts`; the output is the same bytes every time.
 *
 * The templates use docxtemplater's syntax with the angular parser and the filters of
 * src/render/filters.ts. The renderer treats a missing value as an error, so every optional
 * field appears only inside a condition ({#x}…{/x}, {^x}…{/x}). Field names are those of
 * src/render/model.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bold,
  buildDocx,
  inch,
  para,
  paragraph,
  pt,
  run,
  tab,
  table,
  TEXT_WIDTH,
  type CellSpec,
  type DocumentSpec,
  type ParagraphStyle,
} from './docx.js';

// ── template text ─────────────────────────────────────────────────────────────

/** Inline sections: the text shows when `cond` is truthy (`when`) or falsy (`unless`). */
const when = (cond: string, inner: string): string => `{#${cond}}${inner}{/${cond}}`;
const unless = (cond: string, inner: string): string => `{^${cond}}${inner}{/${cond}}`;
const either = (cond: string, yes: string, no: string): string => when(cond, yes) + unless(cond, no);

/** A paragraph holding only a section tag; docxtemplater's paragraphLoop removes it. */
const tagLine = (tag: string): string => paragraph(run(tag));

/** Paragraph-level section: the blocks show once per item, or once when `cond` is truthy. */
const section = (cond: string, blocks: readonly string[]): string[] => [tagLine(`{#${cond}}`), ...blocks, tagLine(`{/${cond}}`)];
const sectionUnless = (cond: string, blocks: readonly string[]): string[] => [tagLine(`{^${cond}}`), ...blocks, tagLine(`{/${cond}}`)];

const NAME = '{derived.fullName}';
const NAME_UPPER = '{derived.fullName | upper}';
const aNumberOr = (fallback: string): string => either('derived.aNumber', '{derived.aNumber}', fallback);

/** Pronouns of the applicant, from applicant.sex. */
const pronoun = (female: string, male: string): string => `{applicant.sex == "female" ? "${female}" : "${male}"}`;
const HE = pronoun('she', 'he');
const HE_CAP = pronoun('She', 'He');
const HIM = pronoun('her', 'him');
const HIS_UPPER = pronoun('HER', 'HIS');

/** The relief sought in words; an intake without claim.relief asks for what Form I-589 asks for. */
const RELIEF = either('reliefNames.length', '{reliefNames | joinAnd}', 'asylum and withholding of removal');
const RELIEF_UPPER = either('reliefNames.length', '{reliefNames | joinAnd | upper}', 'ASYLUM AND WITHHOLDING OF REMOVAL');

const I_589 = 'Form I-589, Application for Asylum and for Withholding of Removal';

/** A legal citation, with no-break spaces so that "8 C.F.R. §" never splits across lines. */
const cite = (text: string): string => text.replace(/ /g, '\u00a0');
const CITE = {
  oneYear: cite('INA § 208(a)(2)(B)'),
  oneYearRule: cite('8 C.F.R. § 208.4(a)(2)'),
  exception: cite('INA § 208(a)(2)(D)'),
  changed: cite('8 C.F.R. § 208.4(a)(4)'),
  extraordinary: cite('8 C.F.R. § 208.4(a)(5)'),
  translationEoir: cite('8 C.F.R. § 1003.33'),
  translationUscis: cite('8 C.F.R. § 103.2(b)(3)'),
};

/** A US address (usAddress schema) at `path`, as its two postal lines. */
const addressLines = (path: string): [string, string] => [`{${path}.street}${when(`${path}.unit`, `, {${path}.unit}`)}`, `{${path}.city}, {${path}.state} {${path}.zip}`];
const addressInline = (path: string): string => addressLines(path).join(', ');

// ── shared blocks ─────────────────────────────────────────────────────────────

const blank = (): string => para('');
const centred = (text: string, style: ParagraphStyle = {}): string => para(text, { style: 'CourtHeading', ...style });
const title = (text: string): string => para(text, { style: 'DocTitle' });
const heading = (text: string): string => para(text, { style: 'Heading' });

/** "Label:  value" with the values aligned at 1.75 inches; a long value wraps under itself. */
function labelled(label: string, value: string, style: ParagraphStyle = {}): string {
  const at = inch(1.75);
  return paragraph([run(label), tab(), run(value)], { tabs: [{ pos: at }], indent: { left: at, hanging: at }, ...style });
}

/** A line to fill in by hand, running to the right margin: "Date: ____________". */
function fillIn(label: string, style: ParagraphStyle = {}): string {
  return paragraph([run(label ? `${label} ` : ''), tab()], { tabs: [{ pos: TEXT_WIDTH, align: 'right', leader: 'underscore' }], keepNext: true, keepLines: true, ...style });
}

/** A line of a signature block (right half of the page). */
const sigLine = (text: string): string => para(text, { style: 'Signature' });

/**
 * A signature block on the right half of the page: the line to sign on, the blocks under it, a
 * date line. With `electronic`, a representative who signs electronically (the model's
 * electronicSignature, "/s/ Sarah Okafor") has it typed instead of the line, and no date line.
 */
function signatureBlock(under: readonly string[], opts: { dateLine?: boolean; electronic?: boolean } = {}): string[] {
  const line = fillIn('', { style: 'Signature', before: pt(36) });
  const date = opts.dateLine ? [fillIn('Date:', { style: 'Signature', before: pt(18), keepNext: false })] : [];
  if (!opts.electronic) return [line, ...under, ...date];
  return [
    ...section('electronicSignature', [para('{electronicSignature}', { style: 'Signature', before: pt(24) })]),
    ...sectionUnless('electronicSignature', [line]),
    ...under,
    ...sectionUnless('electronicSignature', date),
  ];
}

/** The two-column caption: the parties on the left, boxed by a rule on the right and below; the file details on the right. */
function captionTable(left: readonly string[], right: readonly string[]): string {
  const leftWidth = inch(3.1);
  const leftCell: CellSpec = { blocks: left, borders: { right: true, bottom: true }, padding: { right: inch(0.15) } };
  const rightCell: CellSpec = { blocks: right, vAlign: 'center', padding: { left: inch(0.2) } };
  return table({ widths: [leftWidth, TEXT_WIDTH - leftWidth], borders: 'none', rows: [{ cells: [leftCell, rightCell], cantSplit: true }] });
}

/** The parties' side of a caption: "In the Matter of: / NAME, / Respondent." */
function partyLines(opening: string, role: string, trailer?: string): string[] {
  return [
    para(opening),
    blank(),
    paragraph(bold(`${NAME_UPPER},`), { indent: { left: inch(0.25) } }),
    blank(),
    para(`${role}.`, { indent: { left: inch(2) } }),
    ...(trailer ? [blank(), para(trailer)] : [blank()]),
  ];
}

/** Who files, top left of an EOIR filing: counsel (with EOIR ID) or the respondent pro se. */
function filerBlock(): string[] {
  const rep = 'representative';
  return [
    ...section(rep, [
      para(`{${rep}.name}`),
      ...section(`${rep}.firm`, [para(`{${rep}.firm}`)]),
      ...addressLines(`${rep}.address`).map((l) => para(l)),
      para(`Tel.: {${rep}.phone}`),
      ...section(`${rep}.email`, [para(`Email: {${rep}.email}`)]),
      ...section(`${rep}.eoirId`, [para(`EOIR ID: {${rep}.eoirId}`)]),
      para('Counsel for the Respondent', { style: 'Note' }),
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
function eoirCaption(opts: { filer: boolean }): string[] {
  const hearing = 'proceeding.nextHearing';
  return [
    ...section('proceeding.detained', [paragraph(bold('DETAINED'), { align: 'right' })]),
    ...(opts.filer ? filerBlock() : []),
    centred('UNITED STATES DEPARTMENT OF JUSTICE'),
    centred('EXECUTIVE OFFICE FOR IMMIGRATION REVIEW'),
    centred('IMMIGRATION COURT'),
    ...section('proceeding.court', [centred('{proceeding.court.city | upper}, {proceeding.court.state}')]),
    para('', { after: pt(12) }),
    captionTable(partyLines('In the Matter of:', 'Respondent', 'In removal proceedings'), [
      para(`File No.: ${aNumberOr('____________________')}`, { after: pt(6) }),
      ...section('proceeding.judge', [para('Immigration Judge: {proceeding.judge}', { after: pt(6) })]),
      ...section(hearing, [para(`{${hearing}.kind == "master" ? "Master calendar hearing" : "Individual hearing"}: {${hearing}.date | longDate}`)]),
    ]),
  ];
}

/** The heading of an affirmative filing with USCIS. */
function uscisCaption(): string[] {
  return [
    centred('U.S. DEPARTMENT OF HOMELAND SECURITY'),
    centred('U.S. CITIZENSHIP AND IMMIGRATION SERVICES'),
    ...section('proceeding.asylumOffice', [centred('{proceeding.asylumOffice | upper}')]),
    para('', { after: pt(12) }),
    captionTable(partyLines('In re:', 'Applicant'), [
      para(`A-Number: ${aNumberOr('None')}`, { after: pt(6) }),
      para(I_589),
    ]),
  ];
}

/** The caption that fits the proceeding. */
function caption(opts: { filer: boolean } = { filer: false }): string[] {
  return [...section('isDefensive', eoirCaption(opts)), ...section('isAffirmative', uscisCaption())];
}

// ── declaration ───────────────────────────────────────────────────────────────

const body = (text: string): string => para(text, { style: 'Body' });

function declaration(): DocumentSpec {
  const lang = '{applicant.languages.native}';
  const intro = [
    `My name is ${NAME}. I was born on {applicant.dateOfBirth | longDate} in {applicant.birthPlace.city}, {applicant.birthPlace.country}. I am a citizen of {applicant.nationality}.`,
    when('applicant.otherNames.length', ' I have also been known as {applicant.otherNames | joinAnd}.'),
    ' My ethnicity is {applicant.ethnicity}, and my religion is {applicant.religion}.',
    ` My native language is ${lang}`,
    when('applicant.languages.other.length', '; I also speak {applicant.languages.other | joinAnd}'),
    '.',
    when('needsInterpretation', ` I do not speak or read English well. This declaration was read to me in ${lang} before I signed it.`),
  ].join('');
  const chronologyParagraph = paragraph(
    [run('{number}.'), tab(), run('{datePhrase} ({place}): {narrative}'), run(when('exhibits', ' (See Tab\u00a0{tab}.)'))],
    { style: 'Numbered' },
  );
  const fear = [
    'I am afraid to return to my country.',
    either('claim.persecutors.length', ' I fear that {claim.persecutors | joinAnd} will seriously harm or kill me if I am sent back.', ' I fear that I will be seriously harmed if I am sent back.'),
  ].join('');
  // The interpreter the intake names (its `interpreter`), or lines to fill in by hand.
  const interpLang = `{#interpreter}{interpreter.language}{/interpreter}{^interpreter}${lang}{/interpreter}`;
  const interpretation = [
    para('CERTIFICATE OF INTERPRETATION', { style: 'DocTitle', pageBreakBefore: true }),
    paragraph(
      [
        run('I, '),
        run('{#interpreter}{interpreter.name}{/interpreter}{^interpreter}'),
        tab(),
        run('{/interpreter}'),
        run(
          `, certify that I am competent to interpret between English and ${interpLang}, and that I read the entire foregoing declaration of ${NAME} to ${HIM} in ${interpLang}. ` +
            `${HE_CAP} stated that ${HE} understood the declaration and that it is true and correct.`,
        ),
      ],
      { style: 'Block', tabs: [{ pos: inch(4.25), leader: 'underscore' }] },
    ),
    fillIn('Signature of interpreter:', { before: pt(30) }),
    ...section('interpreter', [
      labelled('Printed name:', '{interpreter.name}', { before: pt(18) }),
      labelled('Address:', '{interpreter.address}', { before: pt(6) }),
      labelled('Telephone:', '{interpreter.phone}', { before: pt(6) }),
    ]),
    ...sectionUnless('interpreter', [
      fillIn('Printed name:', { before: pt(18) }),
      fillIn('Address:', { before: pt(18) }),
      fillIn('', { before: pt(18), indent: { left: inch(0.75) } }),
      fillIn('Telephone:', { before: pt(18) }),
    ]),
    fillIn('Date:', { before: pt(18), keepNext: false }),
  ];
  return {
    title: 'Declaration of the applicant',
    body: [
      ...caption(),
      title(`DECLARATION OF ${NAME_UPPER} IN SUPPORT OF ${HIS_UPPER} APPLICATION FOR ${RELIEF_UPPER}`),
      body(`I, ${NAME}, declare as follows:`),
      heading('Background'),
      body(intro),
      body(`I am applying for ${RELIEF} because I fear persecution in my country on account of my {groundNames | joinAnd}.`),
      ...section('chronology.length', [heading('What Happened to Me'), ...section('chronology', [chronologyParagraph])]),
      ...section('derived.derivatives.length', [
        heading('My Family'),
        body('I am including the following members of my family in my application:'),
        ...section('derived.derivatives', [
          para('{fullName}, my {relationship}, born on {dateOfBirth | longDate}.', { style: 'Body', indent: { left: inch(0.5), firstLine: 0 } }),
        ]),
      ]),
      heading('Why I Fear Returning'),
      body(fear),
      para('I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct. Executed on ______________ at ______________.', {
        style: 'Body',
        keepNext: true,
        keepLines: true,
        before: pt(12),
      }),
      ...signatureBlock([sigLine(NAME)], { dateLine: true }),
      ...section('needsInterpretation', interpretation),
    ],
  };
}

// ── cover letter ──────────────────────────────────────────────────────────────

const letter = (text: string): string => para(text, { style: 'Letter' });
const bullet = (text: string): string =>
  paragraph([run('•'), tab(), run(text)], { style: 'Letter', after: pt(6), indent: { left: inch(0.75), hanging: inch(0.25) }, tabs: [{ pos: inch(0.75) }] });
/** A paragraph that opens with a bold run-in heading: "Summary of the claim. …" */
const runIn = (label: string, text: string): string => paragraph([bold(`${label}. `), run(text)], { style: 'Letter' });

function coverLetter(): DocumentSpec {
  const rep = 'representative';
  const oy = 'derived.oneYear';
  const exc = 'exceptions.oneYearDeadline';
  const filed = either('proceeding.priorFilings.length', 'was first filed', 'is filed');
  const letterhead = [
    ...section(rep, [
      paragraph(bold(either(`${rep}.firm`, `{${rep}.firm | upper}`, `{${rep}.name | upper}`), { size: 14 }), { align: 'center' }),
      ...section(`${rep}.firm`, [para(`{${rep}.name}`, { align: 'center' })]),
      para(addressInline(`${rep}.address`), { align: 'center' }),
      para(`Tel. {${rep}.phone}${when(`${rep}.email`, ` · {${rep}.email}`)}`, { align: 'center', ruleBelow: true, after: pt(24) }),
    ]),
    ...sectionUnless(rep, [
      para(NAME),
      ...addressLines('applicant.usAddress').map((l) => para(l)),
      ...section('applicant.phone', [para('Tel. {applicant.phone}')]),
      blank(),
    ]),
  ];
  const reBlock = [
    paragraph([bold('Re:'), tab(), bold(I_589)], { tabs: [{ pos: inch(0.75) }], indent: { left: inch(0.75), hanging: inch(0.75) }, keepNext: true }),
    ...[
      `Applicant: ${NAME}`,
      'Date of birth: {applicant.dateOfBirth | longDate}',
      `A-Number: ${aNumberOr('None')}`,
    ].map((text) => para(text, { indent: { left: inch(0.75) }, keepNext: true })),
    ...section('derived.derivatives', [para('Derivative ({relationship}): {fullName}, born {dateOfBirth | longDate}', { indent: { left: inch(0.75) }, keepNext: true })]),
    blank(),
  ];
  const enclosures = [
    letter(`The filing consists of the following documents, in this order:`),
    ...section(rep, [bullet('Form G-28, Notice of Entry of Appearance as Attorney or Accredited Representative')]),
    bullet(`${I_589}, signed by the applicant`),
    bullet(`Declaration of ${NAME}`),
    ...section('needsInterpretation', [bullet('Certificate of interpretation of the declaration into {#interpreter}{interpreter.language}{/interpreter}{^interpreter}{applicant.languages.native}{/interpreter}')]),
    ...section('hasExhibits', [
      bullet('Index of evidence and the exhibits at Tabs {firstTab} through {lastTab}:'),
      ...section('exhibits', [
        paragraph([run('Tab {tab}:'), tab(), run(`{title}${when('translated', ' (with certified English translation)')}`)], {
          style: 'Letter',
          after: pt(3),
          tabs: [{ pos: inch(1.75) }],
          indent: { left: inch(1.75), hanging: inch(0.75) },
        }),
      ]),
      para('', { style: 'Letter', after: pt(6) }),
    ]),
  ];
  const oneYear = [
    ...section(`${oy}.timely`, [
      runIn(
        'One-year filing deadline',
        `${NAME} last arrived in the United States on {derived.lastArrival | longDate}; this application ${filed} on {${oy}.firstFiledOn | longDate}, day {${oy}.filedOnDay} of 365, before the one-year deadline of {${oy}.deadline | longDate} (${CITE.oneYear}; ${CITE.oneYearRule}).`,
      ),
    ]),
    ...sectionUnless(`${oy}.timely`, [
      ...section(exc, [
        runIn(
          'One-year filing deadline',
          `${NAME} last arrived in the United States on {derived.lastArrival | longDate}, and the one-year deadline was {${oy}.deadline | longDate}; this application ${filed} on {${oy}.firstFiledOn | longDate}. ` +
            `The applicant claims an exception to the deadline under ${CITE.exception} for {${exc}.type == "changed" ? "changed circumstances that materially affect eligibility for asylum (${CITE.changed})" : "extraordinary circumstances relating to the delay in filing (${CITE.extraordinary})"}. ` +
            `{${exc}.explanation}`,
        ),
      ]),
      ...sectionUnless(exc, [
        paragraph(
          bold(
            `[REVIEW BEFORE FILING: this application ${filed} on {${oy}.firstFiledOn | longDate}, after the one-year deadline of {${oy}.deadline | longDate} (last arrival {derived.lastArrival | longDate}), and no exception under ${CITE.exception} is claimed. Resolve before filing.]`,
          ),
          { style: 'Letter' },
        ),
      ]),
    ]),
  ];
  const priorFilings = section('proceeding.priorFilings.length', [
    paragraph(bold('Prior filings.'), { style: 'Letter', after: pt(6), keepNext: true }),
    ...section('proceeding.priorFilings', [
      bullet(`Filed on {filedOn | longDate} ({stage})${when('office', ', {office}')}${when('outcome', `; {outcome}${when('decisionDate', ' on {decisionDate | longDate}')}`)}.`),
    ]),
    para('', { style: 'Letter', after: pt(6) }),
  ]);
  return {
    title: 'Cover letter to USCIS',
    body: [
      ...letterhead,
      para('{derived.filingDate | longDate}', { after: pt(24) }),
      para('U.S. Citizenship and Immigration Services'),
      ...section('proceeding.asylumOffice', [para('{proceeding.asylumOffice}')]),
      blank(),
      ...reBlock,
      letter('Dear Sir or Madam:'),
      ...section(rep, [letter(`On behalf of my client, ${NAME}, I submit the enclosed ${I_589}. ${NAME} seeks ${RELIEF}${when('derived.derivatives.length', ' and includes {derived.derivatives | plural:"derivative family member"} in the application')}.`)]),
      ...sectionUnless(rep, [letter(`I submit the enclosed ${I_589}. I seek ${RELIEF}${when('derived.derivatives.length', ' and include {derived.derivatives | plural:"derivative family member"} in my application')}.`)]),
      ...section('claim.summary', [runIn('Summary of the claim', '{claim.summary}')]),
      ...enclosures,
      ...oneYear,
      ...priorFilings,
      letter('Please send any notice or request about this application to me at the address above. Thank you for your attention to this matter.'),
      paragraph(run('Respectfully submitted,'), { style: 'Signature', before: pt(6) }),
      ...section(rep, signatureBlock([sigLine(`{${rep}.name}`), ...section(`${rep}.firm`, [sigLine(`{${rep}.firm}`)]), sigLine('Counsel for the Applicant')], { electronic: true })),
      ...sectionUnless(rep, signatureBlock([sigLine(NAME), sigLine('Applicant, pro se')])),
    ],
  };
}

// ── index of evidence ─────────────────────────────────────────────────────────

/** The exhibit table: one row per exhibit, with a header row that repeats on each page. */
function exhibitTable(withPages: boolean): string {
  const widths = (withPages ? [0.7, 3.55, 1.5, 0.75] : [0.7, 4.3, 1.5]).map(inch);
  const head = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableHeading', align: 'center' })], shade: 'E7E6E6', vAlign: 'center' });
  const centredText = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableText', align: 'center' })] });
  const description: CellSpec = {
    blocks: [para('{title}', { style: 'TableText' }), ...section('translated', [para('with certified English translation', { style: 'Note', after: pt(3) })])],
  };
  const date = either('dateText', '{dateText}', 'Undated');
  // The row loop: {#exhibits} opens the first cell and {/exhibits} closes the last.
  const cells = withPages
    ? [centredText('{#exhibits}{tab}'), description, centredText(date), centredText('{pages}{/exhibits}')]
    : [centredText('{#exhibits}{tab}'), description, centredText(`${date}{/exhibits}`)];
  const header = ['Tab', 'Description', 'Date', ...(withPages ? ['Pages'] : [])].map(head);
  return table({ widths, borders: 'grid', rows: [{ cells: header, header: true, cantSplit: true }, { cells, cantSplit: true }] });
}

/**
 * The table of every part of the filing as the packet placed it (filingParts): tab, document,
 * pages, and with `withPart` the file (ECAS part) holding each. A part without a tab (the cover
 * page, a form, the certificate of service) leaves its tab cell empty.
 */
function filingPartsTable(withPart: boolean): string {
  const widths = (withPart ? [0.7, 3.95, 1.1, 0.75] : [0.7, 4.7, 1.1]).map(inch);
  const head = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableHeading', align: 'center' })], shade: 'E7E6E6', vAlign: 'center' });
  const centredText = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableText', align: 'center' })] });
  const document: CellSpec = { blocks: [para('{title}', { style: 'TableText' })] };
  // The row loop: {#filingParts} opens the first cell and {/filingParts} closes the last.
  const cells = withPart
    ? [centredText(`{#filingParts}${when('tab', '{tab}')}`), document, centredText('{pages}'), centredText(`${when('volume', 'Part {volume}')}{/filingParts}`)]
    : [centredText(`{#filingParts}${when('tab', '{tab}')}`), document, centredText('{pages}{/filingParts}')];
  const header = ['Tab', 'Document', 'Pages', ...(withPart ? ['Part'] : [])].map(head);
  return table({ widths, borders: 'grid', rows: [{ cells: header, header: true, cantSplit: true }, { cells, cantSplit: true }] });
}

function indexOfEvidence(): DocumentSpec {
  const role = '{isDefensive ? "RESPONDENT" : "APPLICANT"}';
  const split = 'filingVolumes > 1';
  // Known once a packet step ran earlier in the pipeline; without one the index lists the exhibits only.
  const parts = 'filingParts.length';
  return {
    title: 'Index of evidence',
    body: [
      ...caption({ filer: true }),
      title(`${role}’S INDEX OF EVIDENCE IN SUPPORT OF ${HIS_UPPER} APPLICATION FOR ${RELIEF_UPPER}`),
      ...section('hasExhibits', [
        ...section('translations.length', [
          para(
            `Documents not in English are followed by a certified English translation (${either('isDefensive', CITE.translationEoir, CITE.translationUscis)}).`,
            { style: 'Note', align: 'center', after: pt(12) },
          ),
        ]),
      ]),
      ...section(parts, [
        para('Documents in This Filing', { style: 'Heading', before: 0 }),
        para(
          `This filing consists of the following documents, in the order filed, with the page numbers stamped on them.${when(
            split,
            ' Because of its size, the filing is submitted in {filingVolumes} separate files (Part 1 through Part {filingVolumes}); the Part column shows the file holding each document.',
          )}`,
          { style: 'Note', align: 'center', after: pt(6), keepNext: true },
        ),
        ...sectionUnless(split, [filingPartsTable(false)]),
        ...section(split, [filingPartsTable(true)]),
        ...section('hasExhibits', [para('Exhibits', { style: 'Heading', before: pt(18) })]),
      ]),
      ...section('hasExhibits', [
        ...section('hasPageRanges', [exhibitTable(true)]),
        ...sectionUnless('hasPageRanges', [exhibitTable(false)]),
      ]),
      ...sectionUnless('hasExhibits', [para('No exhibits are submitted with this filing.', { align: 'center' })]),
      // Word wants a paragraph after a table that ends the body.
      blank(),
    ],
  };
}

// ── certificate of translation ────────────────────────────────────────────────

function certificateOfTranslation(): DocumentSpec {
  const tr = 'item.translator';
  return {
    title: 'Certificate of translation',
    body: [
      para(`In the Matter of ${NAME}${when('derived.aNumber', ', {derived.aNumber}')}`, { align: 'right', style: 'Note' }),
      para('CERTIFICATE OF TRANSLATION', { style: 'DocTitle', before: pt(36) }),
      labelled('Document:', '{item.title}', { after: pt(6) }),
      labelled('Exhibit:', 'Tab {item.tab}', { after: pt(6) }),
      ...section('item.dateText', [labelled('Dated:', '{item.dateText}', { after: pt(6) })]),
      labelled('Translated from:', '{item.languageName} into English', { after: pt(24) }),
      paragraph(
        // Written once, in src/render/wording.ts, for this certificate and the packet's.
        run('{item.certification}'),
        { style: 'Block', keepNext: true },
      ),
      fillIn('Signature:', { before: pt(36) }),
      labelled('Printed name:', `{${tr}.name}`, { before: pt(18), keepNext: true }),
      labelled('Address:', `{${tr}.address}`, { before: pt(6), keepNext: true }),
      labelled('Telephone:', `{${tr}.phone}`, { before: pt(6), keepNext: true }),
      fillIn('Date:', { before: pt(18), keepNext: false }),
    ],
  };
}

// ── certificate of service ────────────────────────────────────────────────────

function certificateOfService(): DocumentSpec {
  const dhs = 'proceeding.dhsService';
  return {
    title: 'Certificate of service',
    body: [
      ...caption({ filer: true }),
      title('CERTIFICATE OF SERVICE'),
      // The statement is written once, in src/render/wording.ts, for this certificate and the packet's.
      ...section(dhs, [para('{serviceStatement}', { style: 'Block' })]),
      ...sectionUnless(dhs, [
        paragraph(bold('[REVIEW BEFORE FILING: the intake has no DHS service details (proceeding.dhsService). Complete this certificate before filing.]'), { style: 'Block', align: 'left' }),
      ]),
      ...signatureBlock(
        [...section('representative', [sigLine('{representative.name}')]), ...sectionUnless('representative', [fillIn('Printed name:', { style: 'Signature', before: pt(12) })])],
        { dateLine: true, electronic: true },
      ),
    ],
  };
}

// ── test fixtures ─────────────────────────────────────────────────────────────

const fixture = (title: string, body: string[]): DocumentSpec => ({ title, body });

const FIXTURES: Record<string, DocumentSpec> = {
  'typo.docx': fixture('Fixture: unknown field', [para('Family name: {applicant.name.famly}')]),
  'unclosed-loop.docx': fixture('Fixture: unclosed loop', [tagLine('{#chronology}'), para('{narrative}')]),
  'split-run.docx': fixture('Fixture: tag split across runs', [paragraph([run('Family name: '), run('{applicant.na', { bold: true }), run('me.family}')])]),
  'narrative.docx': fixture('Fixture: paragraph loop', [...section('chronology', [para('{narrative}')])]),
};

// ── main ──────────────────────────────────────────────────────────────────────

const TEMPLATES: Record<string, () => DocumentSpec> = {
  'declaration.docx': declaration,
  'uscis-cover-letter.docx': coverLetter,
  'index-of-evidence.docx': indexOfEvidence,
  'certificate-of-translation.docx': certificateOfTranslation,
  'certificate-of-service.docx': certificateOfService,
};

function writeAll(dir: string, docs: Record<string, DocumentSpec>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, spec] of Object.entries(docs)) {
    writeFileSync(join(dir, name), buildDocx(spec));
    console.log(`wrote ${join(dir, name)}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
writeAll(join(root, 'templates'), Object.fromEntries(Object.entries(TEMPLATES).map(([name, make]) => [name, make()])));
writeAll(join(root, 'test', 'fixtures', 'templates'), FIXTURES);
