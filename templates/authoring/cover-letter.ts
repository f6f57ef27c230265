/** The cover letter of a USCIS filing. */
import { type DocumentSpec, bold, inch, para, paragraph, pt, run, tab } from './docx.js';
import { CITE, I_589, NAME, RELIEF, aNumberOr, addressInline, addressLines, blank, either, fillIn, section, sectionUnless, sigLine, signatureBlock, when } from './blocks.js';

// ── cover letter ──────────────────────────────────────────────────────────────

export const letter = (text: string): string => para(text, { style: 'Letter' });
export const bullet = (text: string): string =>
  paragraph([run('•'), tab(), run(text)], { style: 'Letter', after: pt(6), indent: { left: inch(0.75), hanging: inch(0.25) }, tabs: [{ pos: inch(0.75) }] });
/** A paragraph that opens with a bold run-in heading: "Summary of the claim. …" */
export const runIn = (label: string, text: string): string => paragraph([bold(`${label}. `), run(text)], { style: 'Letter' });

export function coverLetter(): DocumentSpec {
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
    ...section(`${rep}.g28Signed`, [bullet('Form G-28, Notice of Entry of Appearance as Attorney or Accredited Representative, signed by the applicant and counsel')]),
    ...section('made.i589', [bullet(`${I_589}, signed by the applicant`)]),
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
      ...section('proofs.length', [
        paragraph(run('Among the exhibits:'), { style: 'Letter', after: pt(3), keepNext: true }),
        ...section('proofs', [
          paragraph(run('{what}: {tabs}.'), { style: 'Letter', after: pt(3), indent: { left: inch(1) } }),
        ]),
      ]),
      para('', { style: 'Letter', after: pt(6) }),
    ]),
    ...sectionUnless('made.i589', [
      paragraph(
        bold(`[REVIEW BEFORE FILING: the build did not fill ${I_589} (the form is not in the templates folder). Enclose the form signed by the applicant and list it here.]`),
        { style: 'Letter' },
      ),
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
      // Where USCIS wants the I-589 mailed, from the dated table (src/render/filing-addresses.ts).
      ...section('filingAddress', [
        ...section('filingAddress.lines', [para('{line}')]),
        paragraph(
          bold('[VERIFY BEFORE MAILING: USCIS changes its filing addresses. This one was copied from {filingAddress.source} and checked on {filingAddress.checked | longDate}; check it again against “Where to File” on uscis.gov/i-589.]'),
          { before: pt(6) },
        ),
      ]),
      ...sectionUnless('filingAddress', [
        para('U.S. Citizenship and Immigration Services'),
        fillIn(''),
        fillIn(''),
        paragraph(
          bold('[FILL IN BEFORE MAILING: no checked USCIS filing address for {applicant.usAddress.state} is in this tool’s table; copy it from “Where to File” on uscis.gov/i-589.]'),
          { before: pt(6) },
        ),
      ]),
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

