/** The index's table of the filing: every part in order, each run of exhibits in one file as one row. */
import { describe, expect, it } from 'vitest';
import { filingDocuments } from '../../src/render/filing-documents.js';

describe('filingDocuments', () => {
  it('a run of exhibits becomes one row, from its first page to its last, between the parts around it', () => {
    expect(
      filingDocuments([
        { title: 'Cover page', pages: '1' },
        { title: 'Table of contents', pages: '2' },
        { title: 'Passport', tab: 'A', pages: '3–4' },
        { title: 'Police report', tab: 'B', pages: '5–9' },
        { title: 'Letter', tab: 'C', pages: '10' },
        { title: 'Certificate of service', pages: '11' },
      ], new Set(['A', 'B', 'C'])),
    ).toEqual([
      { title: 'Cover page', pages: '1' },
      { title: 'Table of contents', pages: '2' },
      { title: 'Exhibits at Tabs A through C (listed below)', tab: 'A–C', pages: '3–10' },
      { title: 'Certificate of service', pages: '11' },
    ]);
  });

  it('one exhibit alone, pages as stamped (with a prefix), and a run cut where the file changes', () => {
    expect(
      filingDocuments([
        { title: 'Declaration', pages: '0001–0005', volume: 1 },
        { title: 'Passport', tab: 'A', pages: '0006–0007', volume: 1 },
        { title: 'Police report', tab: 'B', pages: '0008–0012', volume: 1 },
        { title: 'Cover page of Part 2 of 2', pages: '0013', volume: 2 },
        { title: 'Report', tab: 'C', pages: '0014–0020', volume: 2 },
      ], new Set(['A', 'B', 'C'])),
    ).toEqual([
      { title: 'Declaration', pages: '0001–0005', volume: 1 },
      { title: 'Exhibits at Tabs A through B (listed below)', tab: 'A–B', pages: '0006–0012', volume: 1 },
      { title: 'Cover page of Part 2 of 2', pages: '0013', volume: 2 },
      { title: 'Exhibit at Tab C (listed below)', tab: 'C', pages: '0014–0020', volume: 2 },
    ]);
  });

  it('a document filed as Tab A (not in the exhibit table) keeps its own row; a part between exhibits splits the run', () => {
    const rows = filingDocuments([
      { title: 'Declaration', tab: 'A', pages: '1–4' },
      { title: 'Passport', tab: 'B', pages: '5' },
      { title: 'Police report', tab: 'C', pages: '6–7' },
      { title: 'Form I-589', pages: '8–19' },
      { title: 'Letter', tab: 'D', pages: '20' },
    ], new Set(['B', 'C', 'D']));
    expect(rows.map((r) => [r.tab ?? '', r.title, r.pages])).toEqual([
      ['A', 'Declaration', '1–4'],
      ['B–C', 'Exhibits at Tabs B through C (listed below)', '5–7'],
      ['', 'Form I-589', '8–19'],
      ['D', 'Exhibit at Tab D (listed below)', '20'],
    ]);
  });
});
