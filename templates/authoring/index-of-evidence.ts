/** The index of evidence. */
import { type CellSpec, type DocumentSpec, inch, para, pt, table } from './docx.js';
import { CITE, HIS_UPPER, RELIEF_UPPER, blank, either, section, sectionUnless, title, when } from './blocks.js';
import { caption, runningHeader } from './caption.js';

// ── index of evidence ─────────────────────────────────────────────────────────

/** The exhibit table: one row per exhibit, with a header row that repeats on each page. */
export function exhibitTable(withPages: boolean): string {
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
 * The table of every part of the filing as the packet placed it (filingDocuments: the exhibits of
 * one file in one row, since the exhibit table lists them one by one): tab, document,
 * pages, and with `withPart` the file (ECAS part) holding each. A part without a tab (the cover
 * page, a form, the certificate of service) leaves its tab cell empty.
 */
export function filingPartsTable(withPart: boolean): string {
  const widths = (withPart ? [0.7, 3.95, 1.1, 0.75] : [0.7, 4.7, 1.1]).map(inch);
  const head = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableHeading', align: 'center' })], shade: 'E7E6E6', vAlign: 'center' });
  const centredText = (text: string): CellSpec => ({ blocks: [para(text, { style: 'TableText', align: 'center' })] });
  const document: CellSpec = { blocks: [para('{title}', { style: 'TableText' })] };
  // The row loop: {#filingDocuments} opens the first cell and {/filingDocuments} closes the last.
  const cells = withPart
    ? [centredText(`{#filingDocuments}${when('tab', '{tab}')}`), document, centredText('{pages}'), centredText(`${when('volume', 'Part {volume}')}{/filingDocuments}`)]
    : [centredText(`{#filingDocuments}${when('tab', '{tab}')}`), document, centredText('{pages}{/filingDocuments}')];
  const header = ['Tab', 'Document', 'Pages', ...(withPart ? ['Part'] : [])].map(head);
  return table({ widths, borders: 'grid', rows: [{ cells: header, header: true, cantSplit: true }, { cells, cantSplit: true }] });
}

export function indexOfEvidence(): DocumentSpec {
  const role = '{isDefensive ? "RESPONDENT" : "APPLICANT"}';
  const split = 'filingVolumes > 1';
  // Known once a packet step ran earlier in the pipeline; without one the index lists the exhibits only.
  const parts = 'filingParts.length';
  return {
    title: 'Index of evidence',
    runningHeader: runningHeader('Index of Evidence'),
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

