/** The applicant's declaration, with its certificate of interpretation. */
import { type DocumentSpec, inch, para, paragraph, pt, run, tab } from './docx.js';
import { HE, HE_CAP, HIM, HIS_UPPER, NAME, NAME_UPPER, RELIEF_UPPER, fillIn, heading, labelled, section, sectionUnless, sigLine, signatureBlock, title, when } from './blocks.js';
import { caption, runningHeader } from './caption.js';

// ── declaration ───────────────────────────────────────────────────────────────

export const body = (text: string): string => para(text, { style: 'Body' });

export function declaration(): DocumentSpec {
  const lang = '{applicant.languages.native}';
  // Sections and paragraph numbers come from the model (src/render/declaration.ts): the numbers run
  // from the first paragraph to the closing one, and a section without text is not there at all.
  const numbered = paragraph([run('{number}.'), tab(), run(`{text}${when('citation', ' {citation}')}`)], { style: 'Numbered' });
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
    runningHeader: runningHeader('Declaration'),
    body: [
      ...caption(),
      title(`DECLARATION OF ${NAME_UPPER} IN SUPPORT OF ${HIS_UPPER} APPLICATION FOR ${RELIEF_UPPER}`),
      body(`I, ${NAME}, declare as follows:`),
      ...section('declaration.sections', [heading('{heading}'), ...section('paragraphs', [numbered])]),
      paragraph(
        [
          run('{declaration.closingNumber}.'),
          tab(),
          run('I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct. Executed on ____________________ at ______________________________.'),
        ],
        { style: 'Numbered', align: 'left', keepNext: true, keepLines: true },
      ),
      ...signatureBlock([sigLine(NAME)]),
      ...section('needsInterpretation', interpretation),
    ],
  };
}

