/**
 * The lists a judge orders before an individual hearing: the witness list and the proposed exhibit
 * list, each captioned and ending with its own certificate of service.
 */
import { type CellSpec, type DocumentSpec, inch, para, pt, table } from './docx.js';
import { blank, either, section, title, when } from './blocks.js';
import { caption, runningHeader } from './caption.js';
import { serviceSigned } from './certificates.js';

// docxtemplater straightens quotes inside a tag, so the apostrophe stays outside it.
const PARTY = `{hasCoRespondents ? "RESPONDENTS" : "RESPONDENT"}${either('hasCoRespondents', '’', '’S')}`;

const head = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableHeading', align: 'center' })], shade: 'E7E6E6', vAlign: 'center' });
const cellText = (text: string, align: 'left' | 'center' = 'left'): CellSpec => ({ blocks: [para(text, { style: 'TableText', align })] });

/** The certificate of service that ends a list: its own statement, naming the list, signed. */
const serviceOf = (statement: string): string[] => [para('CERTIFICATE OF SERVICE', { style: 'Heading', before: pt(24) }), ...serviceSigned(statement)];

/** The hearing the list is for, in words. */
const HEARING = when('proceeding.nextHearing', ' at the {proceeding.nextHearing.kind == "master" ? "master calendar" : "individual"} hearing on {proceeding.nextHearing.date | longDate}');

export function witnessList(): DocumentSpec {
  const widths = [0.45, 1.5, 0.95, 1.95, 0.75, 0.9].map(inch);
  // The row loop: {#witnessList} opens the first cell and {/witnessList} closes the last.
  const row: CellSpec[] = [
    cellText('{#witnessList}{number}', 'center'),
    { blocks: [para('{name}', { style: 'TableText' }), para('{role}', { style: 'Note', after: pt(3) })] },
    cellText('{language}; interpreter: {interpreterText}'),
    cellText(`{subject}${when('citation', ' {citation}')}`),
    cellText('{timeText}', 'center'),
    cellText('{appearanceText}{/witnessList}', 'center'),
  ];
  return {
    title: 'Witness list',
    runningHeader: runningHeader('Witness List'),
    body: [
      ...caption({ filer: true }),
      title(`${PARTY} WITNESS LIST`),
      para(`${either('hasCoRespondents', 'The respondents intend', 'The respondent intends')} to call the following witnesses${HEARING}.`, { style: 'Block' }),
      table({
        widths,
        borders: 'grid',
        rows: [
          { cells: ['No.', 'Witness', 'Language', 'Subject of the testimony', 'Time', 'Manner'].map(head), header: true, cantSplit: true },
          { cells: row, cantSplit: true },
        ],
      }),
      para(`Estimated time of all testimony: {witnessMinutes} minutes.`, { style: 'Note', before: pt(6) }),
      ...serviceOf('serviceStatements.witnessList'),
    ],
  };
}

export function exhibitList(): DocumentSpec {
  const widths = [0.55, 3.25, 0.9, 0.85, 0.95].map(inch);
  const row: CellSpec[] = [
    cellText('{#exhibits}{tab}', 'center'),
    { blocks: [para('{title}', { style: 'TableText' }), ...section('translated', [para('with certified English translation', { style: 'Note', after: pt(3) })])] },
    cellText(either('pages', '{pages}', ''), 'center'),
    cellText(''),
    cellText('{/exhibits}'),
  ];
  return {
    title: 'Proposed exhibit list',
    runningHeader: runningHeader('Proposed Exhibit List'),
    body: [
      ...caption({ filer: true }),
      title(`${PARTY} PROPOSED EXHIBIT LIST`),
      para(
        `${either('hasCoRespondents', 'The respondents offer', 'The respondent offers')} the following exhibits${HEARING}. The tabs and pages are those of the filing${when('hasPageRanges', ', as stamped')}. The last two columns are left for the court.`,
        { style: 'Block' },
      ),
      table({
        widths,
        borders: 'grid',
        rows: [
          { cells: ['Tab', 'Exhibit', 'Pages', 'Offered', 'Admitted'].map(head), header: true, cantSplit: true },
          { cells: row, cantSplit: true },
        ],
      }),
      blank(),
      ...serviceOf('serviceStatements.exhibitList'),
    ],
  };
}
