/** The applicant's declaration, with its certificate of interpretation. */
import { type DocumentSpec, inch, para, paragraph, pt, run, tab } from './docx.js';
import { HE, HE_CAP, HIM, HIS_UPPER, NAME, NAME_UPPER, RELIEF, RELIEF_UPPER, either, fillIn, heading, labelled, section, sectionUnless, sigLine, signatureBlock, title, when } from './blocks.js';
import { caption } from './caption.js';

// ── declaration ───────────────────────────────────────────────────────────────

export const body = (text: string): string => para(text, { style: 'Body' });

export function declaration(): DocumentSpec {
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

