/**
 * The index of evidence lists every part of the filing (filingParts), not only the exhibits: the
 * cover page, the contents, each exhibit with its tab, the certificate of service (and, split, each
 * file's continuation cover), each with its pages as the packet stamped them, and, when the filing
 * is split into several files, the part holding it.
 * Built from the defensive sample case through buildCase with pipelines written for the test; the
 * expected pages come from the packet PDFs themselves (their bookmarks, read with pdf.js, and the
 * evidence files' page counts), never from the model the index was filled from.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';
import { expectedPacket, pdfOutline, withPdf, type EvidenceEntry, type FlatOutlineItem } from '../helpers/pdf.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const intakeFile = path.join(samples, 'intake-defensive.json');
const TODAY = '2026-11-22';
/** Below the whole packet of the sample (about 165 kB), above each exhibit alone: the filing is cut into several files. */
const SPLIT_MB = 0.12;
const INDEX = '2025-0142-nunez-index-of-evidence.docx';

const indexStep = (uses: boolean) => `  - kind: docx
    id: index-of-evidence
${uses ? '    uses: [packet]\n' : ''}    template: index-of-evidence.docx
    output: "{{caseId}}-index-of-evidence.docx"
`;

const pipelineYaml = (name: string, packet: { maxFileSizeMB?: number } | null) => `name: ${name}
when:
  proceeding.type: defensive
steps:
${packet ? `  - kind: packet
    id: packet
    output: "{{caseId}}-exhibits.pdf"
${packet.maxFileSizeMB !== undefined ? `    maxFileSizeMB: ${packet.maxFileSizeMB}\n` : ''}` : ''}${indexStep(packet !== null)}`;

/** A table of the document: its rows, each a list of its cells' text (a cell's paragraphs joined by "\n"). */
type Table = string[][];

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** The text of an element: its w:t, with w:tab and w:br as spaces. */
function textOf(node: Element): string {
  let text = '';
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const el = c as Element;
    if (el.namespaceURI === W && el.localName === 't') text += el.textContent ?? '';
    else if (el.namespaceURI === W && (el.localName === 'tab' || el.localName === 'br')) text += ' ';
    else text += textOf(el);
  }
  return text;
}

const children = (el: Element, name: string): Element[] => {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).namespaceURI === W && (c as Element).localName === name) out.push(c as Element);
  return out;
};

/** Every table of word/document.xml, in order, as rows of cell texts (NFC). */
function docxTables(bytes: Uint8Array): Table[] {
  const xml = openDocx(bytes).file('word/document.xml')!.asText();
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const tables = doc.getElementsByTagNameNS(W, 'tbl');
  const out: Table[] = [];
  for (let i = 0; i < tables.length; i++) {
    out.push(children(tables[i]!, 'tr').map((tr) => children(tr, 'tc').map((tc) => children(tc, 'p').map((p) => textOf(p).normalize('NFC')).join('\n'))));
  }
  return out;
}

/** The table whose header row is exactly `header`. */
const tableWithHeader = (tables: Table[], header: string[]): Table | undefined => tables.find((t) => JSON.stringify(t[0]) === JSON.stringify(header));

/** A file of the filing, with the packet page index (0-based) of its first page. */
interface FilingFile {
  file: string;
  pages: number;
  offset: number;
  outline: FlatOutlineItem[];
}

/** An entry of the filing as the packet PDFs show it: the row the index should have for it. */
interface ExpectedRow {
  tab: string;
  title: string;
  pages: string;
  /** 1-based number of the file holding its first page. */
  part: number;
}

interface Built {
  dir: string;
  files: FilingFile[];
  /** The entries of the filing, in order, from the PDFs. */
  rows: ExpectedRow[];
  /** The manifest's page ranges of the exhibits (1-based), by tab. */
  manifestRanges: Map<string, { firstPage: number; lastPage: number }>;
  tables: Table[];
  paragraphs: string[];
}

/**
 * The rows of the "Documents in This Filing" table: the entries, but each run of exhibits in one
 * file as one row, "Exhibits at Tabs A through H (listed below)", from its first page to its last.
 */
function documentRows(rows: readonly ExpectedRow[]): ExpectedRow[] {
  const out: (ExpectedRow & { first?: string; lastTab?: string })[] = [];
  for (const r of rows) {
    const prev = out.at(-1);
    if (r.tab && prev?.first && prev.part === r.part) {
      prev.lastTab = r.tab;
      prev.pages = `${prev.pages.split('–')[0]}–${r.pages.split('–').at(-1)}`;
    } else out.push(r.tab ? { ...r, first: r.tab } : { ...r });
  }
  return out.map(({ first, lastTab, ...r }) =>
    first ? { ...r, tab: lastTab ? `${first}–${lastTab}` : first, title: lastTab ? `Exhibits at Tabs ${first} through ${lastTab} (listed below)` : `Exhibit at Tab ${first} (listed below)` } : r,
  );
}

let out: string;
let result: CaseBuild;
let evidence: EvidenceEntry[];
const built: Record<string, Built> = {};

/** "3–5", or "3" for one page, from 0-based packet page indexes. */
const range = (first: number, last: number) => (first === last ? String(first + 1) : `${first + 1}–${last + 1}`);

async function readBuilt(pipeline: string): Promise<Built> {
  const output = result.outputs.find((o) => o.pipeline === pipeline)!;
  expect(output, `pipeline ${pipeline} was built`).toBeDefined();
  const files: FilingFile[] = [];
  let offset = 0;
  for (const file of output.files.filter((f) => f.endsWith('.pdf'))) {
    const read = await withPdf(await readFile(path.join(output.dir, file)), async (doc) => ({ pages: doc.numPages, outline: await pdfOutline(doc) }));
    files.push({ file, ...read, offset });
    offset += read.pages;
  }
  const total = offset;
  const partOf = (index: number) => files.findIndex((f) => index >= f.offset && index < f.offset + f.pages) + 1;
  // Every top-level bookmark of every file, at its packet page.
  const bookmarks = files.flatMap((f) => f.outline.filter((o) => o.depth === 0).map((o) => ({ title: o.title, index: o.pageIndex + f.offset })));
  const at = (title: string) => {
    const found = bookmarks.find((b) => b.title === title);
    if (!found) throw new Error(`${pipeline}: no bookmark "${title}" in ${files.map((f) => f.file).join(', ')}`);
    return found.index;
  };
  // The length of each exhibit from the evidence files alone (tab page, pages, translation, certificate).
  const lengths = (await expectedPacket(samples, evidence, { contentsPages: 1, certificateOfService: true })).exhibits;
  const rows: ExpectedRow[] = [];
  const bytes = await readFile(path.join(output.dir, INDEX));
  const index = { tables: docxTables(bytes), paragraphs: docxParagraphs(openDocx(bytes)).map((p) => p.normalize('NFC')) };
  if (!files.length) return { dir: output.dir, files, rows, manifestRanges: new Map(), ...index };
  // Every run of pages is a row: each begins at its top-level bookmark and runs to the next one.
  const starts = bookmarks.filter((b) => !b.title.endsWith('(continued)')).sort((a, b) => a.index - b.index);
  for (const [k, b] of starts.entries()) {
    const last = (starts[k + 1]?.index ?? total) - 1;
    const tab = /^Tab ([A-Z]+): (.*)$/.exec(b.title);
    const title = tab ? tab[2]! : /^Part \d+ of \d+$/.test(b.title) ? `Cover page of ${b.title}` : b.title;
    rows.push({ tab: tab?.[1] ?? '', title: title.normalize('NFC'), pages: range(b.index, last), part: partOf(b.index) });
  }
  // Each exhibit's row as long as its files make it (tab page, pages, translation, certificate).
  for (const x of lengths) {
    const first = at(`Tab ${x.tab}: ${x.title}`);
    expect(rows.find((r) => r.tab === x.tab)?.pages, `Tab ${x.tab}`).toBe(range(first, first + (x.last - x.first)));
  }
  expect(rows[0]!.title).toBe('Cover page');
  expect(rows.at(-1)!.title).toBe('Certificate of service');

  const manifest = JSON.parse(await readFile(path.join(output.dir, 'manifest.json'), 'utf8')) as { pageRanges?: Record<string, { tab: string; firstPage: number; lastPage: number }> };
  const manifestRanges = new Map(Object.values(manifest.pageRanges ?? {}).map((r) => [r.tab, r] as const));
  return { dir: output.dir, files, rows, manifestRanges, ...index };
}

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-index-parts-'));
  const pipelinesDir = path.join(out, 'pipelines');
  await mkdir(pipelinesDir);
  await writeFile(path.join(pipelinesDir, 'whole.yaml'), pipelineYaml('whole', {}));
  await writeFile(path.join(pipelinesDir, 'split.yaml'), pipelineYaml('split', { maxFileSizeMB: SPLIT_MB }));
  await writeFile(path.join(pipelinesDir, 'no-packet.yaml'), pipelineYaml('no-packet', null));
  const { pipelines, problems } = await loadPipelines(pipelinesDir, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  expect(pipelines.map((p) => p.name).sort()).toEqual(['no-packet', 'split', 'whole']);
  result = await buildCase(intakeFile, { outDir: path.join(out, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
  expect(result.ok, JSON.stringify(result.problems, null, 2)).toBe(true);
  evidence = (JSON.parse(await readFile(intakeFile, 'utf8')) as { evidence: EvidenceEntry[] }).evidence;
  built.whole = await readBuilt('whole');
  built.split = await readBuilt('split');
  built.noPacket = await readBuilt('no-packet');
}, 60_000);
afterAll(async () => rm(out, { recursive: true, force: true }));

const PARTS_HEADER = ['Tab', 'Document', 'Pages'];
const PARTS_HEADER_SPLIT = [...PARTS_HEADER, 'Part'];
const EXHIBITS_HEADER = ['Tab', 'Description', 'Date', 'Pages'];

describe('the index of evidence after a packet in one file', () => {
  const b = () => built.whole!;

  it('is built from a packet written in one file, whose exhibit ranges the manifest agrees with', () => {
    const { files, rows, manifestRanges } = b();
    expect(files.map((f) => f.file)).toEqual(['2025-0142-nunez-exhibits.pdf']);
    // the pages read from the PDF's bookmarks are those the build recorded
    for (const r of rows.filter((r) => r.tab)) {
      const m = manifestRanges.get(r.tab)!;
      expect(range(m.firstPage - 1, m.lastPage - 1), `Tab ${r.tab}`).toBe(r.pages);
    }
  });

  it('lists every part of the filing in order, with its tab and pages: the cover page, the contents, the exhibits (in one row), the certificate of service', () => {
    const { tables, rows, paragraphs } = b();
    const parts = tableWithHeader(tables, PARTS_HEADER);
    expect(parts, 'a table Tab | Document | Pages').toBeDefined();
    expect(tableWithHeader(tables, PARTS_HEADER_SPLIT), 'no Part column for a filing in one file').toBeUndefined();
    expect(parts!.slice(1)).toEqual(documentRows(rows).map((r) => [r.tab, r.title, r.pages]));
    // the exhibits are one row, not repeated: the exhibit table below lists them one by one
    const tabs = rows.filter((r) => r.tab);
    expect(parts!.filter((row) => row[0] !== '' && row[0] !== 'Tab')).toEqual([[`${tabs[0]!.tab}–${tabs.at(-1)!.tab}`, `Exhibits at Tabs ${tabs[0]!.tab} through ${tabs.at(-1)!.tab} (listed below)`, `${tabs[0]!.pages.split('–')[0]}–${tabs.at(-1)!.pages.split('–').at(-1)}`]]);
    expect(parts![1]).toEqual(['', 'Cover page', '1']);
    expect(parts!.at(-1)![1]).toBe('Certificate of service');
    expect(paragraphs).toContain('Documents in This Filing');
    expect(paragraphs.join('\n')).not.toMatch(/\bPart \d/);
  });

  it('keeps the exhibit table with each exhibit’s tab, title, date and pages', () => {
    const { tables, rows } = b();
    const exhibits = tableWithHeader(tables, EXHIBITS_HEADER);
    expect(exhibits, 'a table Tab | Description | Date | Pages').toBeDefined();
    const expected = rows.filter((r) => r.tab);
    expect(exhibits!.slice(1).map((row) => [row[0], row[1]!.split('\n')[0], row[3]])).toEqual(expected.map((r) => [r.tab, r.title, r.pages]));
    // the translated exhibits still say so
    const translated = evidence.filter((e) => e.translation).map((e) => e.title.normalize('NFC'));
    for (const row of exhibits!.slice(1)) expect(row[1]!.endsWith('\nwith certified English translation'), row[1]).toBe(translated.includes(row[1]!.split('\n')[0]!));
  });
});

describe(`the index of evidence after a packet split into several files (maxFileSizeMB ${SPLIT_MB})`, () => {
  const b = () => built.split!;

  it('is built from a packet written in several files', () => {
    const { files } = b();
    expect(files.length).toBeGreaterThan(1);
    expect(files.map((f) => f.file)).toEqual(files.map((_, k) => `2025-0142-nunez-exhibits_Part${k + 1}.pdf`));
  });

  it('names, for every part of the filing, the file holding its first page ("Part N"), with its tab and pages', () => {
    const { tables, rows, files, manifestRanges } = b();
    for (const r of rows.filter((r) => r.tab)) {
      const m = manifestRanges.get(r.tab)!;
      expect(range(m.firstPage - 1, m.lastPage - 1), `Tab ${r.tab}`).toBe(r.pages);
    }
    const parts = tableWithHeader(tables, PARTS_HEADER_SPLIT);
    expect(parts, 'a table Tab | Document | Pages | Part').toBeDefined();
    expect(tableWithHeader(tables, PARTS_HEADER)).toBeUndefined();
    expect(parts!.slice(1)).toEqual(documentRows(rows).map((r) => [r.tab, r.title, r.pages, `Part ${r.part}`]));
    // a run of exhibits is cut where the file is: one row per file that holds exhibits
    const exhibitParts = new Set(rows.filter((r) => r.tab).map((r) => r.part));
    expect(parts!.slice(1).filter((row) => row[0] !== '')).toHaveLength(exhibitParts.size);
    // the entries are spread over every file: the cover in the first, the certificate of service in the last
    expect(new Set(rows.map((r) => r.part))).toEqual(new Set(files.map((_, k) => k + 1)));
    expect(rows[0]!.part).toBe(1);
    expect(rows.at(-1)!.part).toBe(files.length);
  });

  it('says in how many files the filing is submitted', () => {
    const { paragraphs, files } = b();
    expect(paragraphs.join('\n')).toContain(`submitted in ${files.length} separate files (Part 1 through Part ${files.length})`);
  });

  it('keeps the exhibit table with the same pages', () => {
    const { tables, rows } = b();
    const exhibits = tableWithHeader(tables, EXHIBITS_HEADER);
    expect(exhibits!.slice(1).map((row) => [row[0], row[3]])).toEqual(rows.filter((r) => r.tab).map((r) => [r.tab, r.pages]));
  });
});

describe('the index of evidence without a packet earlier in the pipeline', () => {
  it('has no table of the filing’s parts, and the exhibit table without pages, as before', () => {
    const { tables, paragraphs, files } = built.noPacket!;
    expect(files).toEqual([]);
    expect(tableWithHeader(tables, PARTS_HEADER)).toBeUndefined();
    expect(tableWithHeader(tables, PARTS_HEADER_SPLIT)).toBeUndefined();
    expect(paragraphs).not.toContain('Documents in This Filing');
    expect(paragraphs).not.toContain('Exhibits');
    const exhibits = tableWithHeader(tables, ['Tab', 'Description', 'Date']);
    expect(exhibits!.slice(1).map((row) => row[0])).toEqual(evidence.map((_, i) => String.fromCharCode(65 + i)));
  });
});
