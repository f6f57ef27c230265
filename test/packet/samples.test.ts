/**
 * The exhibit packets of the two sample cases, built with the shipped pipelines (their packets with
 * the default parts: cover, contents, exhibits, certificate of service) and read back with
 * an independent reader (pdf.js): page numbers, contents, tab pages, bookmarks, links, page count
 * (counted from the evidence files themselves), cover pages, page size, metadata, accents, and the
 * page ranges the index of evidence prints.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { exhibitsOnly, shippedPipelinesAs } from '../helpers/convert-steps.js';
import { OCR_MISSING } from '../helpers/office.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';
import {
  evidencePages,
  expectedPacket,
  longDate,
  norm,
  pageRange,
  pdfLinks,
  pdfOutline,
  pdfPages,
  withPdf,
  type EvidenceEntry,
  type ExpectedPacket,
  type FlatOutlineItem,
  type PageInfo,
  type PdfLink,
} from '../helpers/pdf.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
const KINDS = ['affirmative', 'defensive'] as const;
type Kind = (typeof KINDS)[number];
const NAME = 'José Antonio Núñez Ramírez';

interface Read {
  build: CaseBuild;
  dir: string;
  evidence: EvidenceEntry[];
  pages: PageInfo[];
  outline: FlatOutlineItem[];
  links: PdfLink[][];
  info: Record<string, unknown>;
  xmp: string | null;
  expected: ExpectedPacket;
}

let out: string;
const read = {} as Record<Kind, Read>;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-packet-samples-'));
  // The exhibits' layout, without the documents LibreOffice converts (test/convert and test/packet/filing test those).
  const { pipelines, problems } = await loadPipelines(await shippedPipelinesAs(path.join(out, 'pipelines'), exhibitsOnly), { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  for (const kind of KINDS) {
    const file = path.join(samples, `intake-${kind}.json`);
    const build = await buildCase(file, { outDir: out, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
    // The form not downloaded, the filing rules' findings on the samples (their dates are past) and the
    // cover letter's statements the declaration does not support: warnings only.
    // Where Tesseract is not installed, the image pages without text (AP4106) too.
    const known = ['AP5101', 'AP6102', 'AP6007', ...(OCR_MISSING ? ['AP4106'] : [])];
    expect(build.problems.filter((p) => !known.includes(p.code)), JSON.stringify(build.problems, null, 2)).toEqual([]);
    expect(build.ok).toBe(true);
    const dir = build.outputs[0]!.dir;
    const evidence = (JSON.parse(await readFile(file, 'utf8')) as { evidence: EvidenceEntry[] }).evidence;
    const bytes = await readFile(path.join(dir, '2025-0142-nunez-exhibits.pdf'));
    const r = await withPdf(bytes, async (doc) => {
      const meta = await doc.getMetadata();
      return {
        pages: await pdfPages(doc),
        outline: await pdfOutline(doc),
        links: await pdfLinks(doc),
        info: meta.info as Record<string, unknown>,
        xmp: meta.metadata ? JSON.stringify([...meta.metadata]) : null,
      };
    });
    // The contents run from page 2 for as many pages as are headed TABLE OF CONTENTS.
    let contentsPages = 0;
    while (r.pages[1 + contentsPages]?.text.startsWith('TABLE OF CONTENTS')) contentsPages++;
    expect(contentsPages).toBeGreaterThan(0);
    const expected = await expectedPacket(samples, evidence, { contentsPages, certificateOfService: kind === 'defensive' });
    read[kind] = { build, dir, evidence, ...r, expected };
  }
}, 60_000);
afterAll(async () => rm(out, { recursive: true, force: true }));

/** The contents rows: the Pages and Date cells on the baseline of each row's first line, keyed by tab (or by the title of an untabbed row). */
function contentsRows(r: Read): Map<string, { pages: string; date?: string; y: number; page: number }> {
  const rows = new Map<string, { pages: string; date?: string; y: number; page: number }>();
  for (let p = r.expected.contents.first; p <= r.expected.contents.last; p++) {
    const items = r.pages[p]!.items;
    const onLine = (y: number) => items.filter((i) => Math.abs(i.y - y) < 0.5);
    const pagesCell = (y: number) => onLine(y).find((i) => /^\d+(–\d+)?$/.test(i.str) && i.y > 40);
    for (const item of items) {
      const key = /^[A-Z]{1,2}$/.test(item.str) && item.x < 100 ? item.str : ['Certificate of service', 'Cover page', 'Cover sheet'].includes(item.str) ? item.str : undefined;
      if (!key) continue;
      const cell = pagesCell(item.y);
      const date = onLine(item.y).find((i) => /^(Undated|[A-Z][a-z]+ \d{1,2}, \d{4})$/.test(i.str));
      if (cell) rows.set(key, { pages: cell.str, ...(date ? { date: date.str } : {}), y: item.y, page: p });
    }
  }
  return rows;
}

describe.each(KINDS)('the %s sample packet, read with pdf.js', (kind) => {
  const r = () => read[kind];

  it('is listed among the pipeline outputs', () => {
    expect(r().build.outputs[0]!.files).toContain('2025-0142-nunez-exhibits.pdf');
  });

  it('has as many pages as the cover, contents, tab pages, evidence, translations and certificates add up to', async () => {
    const { expected, evidence, pages } = r();
    // Count again, in the plain words of the rule: cover + contents + a tab page per exhibit + the exhibits' own pages
    // + the translations' pages + one certificate of translation per translated exhibit + certificate of service.
    let own = 0;
    let translations = 0;
    for (const e of evidence) {
      own += await evidencePages(path.join(samples, e.file));
      if (e.translation) translations += await evidencePages(path.join(samples, e.translation.file));
    }
    const translated = evidence.filter((e) => e.translation).length;
    const contents = expected.contents.last - expected.contents.first + 1;
    const total = 1 + contents + evidence.length + own + translations + translated + (kind === 'defensive' ? 1 : 0);
    expect(pages.length).toBe(total);
    expect(expected.pages).toBe(total);
    // the JPEG (Tab D's original) is one page
    expect(evidence.find((e) => e.file.endsWith('.jpg'))).toBeDefined();
  });

  it('carries its page number at the foot of every page, centred, and nothing else in the number band', () => {
    for (const p of r().pages) {
      const last = p.items.at(-1);
      expect(last?.str, `page ${p.index + 1}`).toBe(String(p.index + 1));
      expect(last!.y, `page ${p.index + 1}`).toBeLessThan(36);
      expect(Math.abs(last!.x + last!.width / 2 - p.width / 2), `page ${p.index + 1}`).toBeLessThan(1);
      expect(p.items.filter((i) => i.y < 34).map((i) => i.str), `page ${p.index + 1}`).toEqual([String(p.index + 1)]);
    }
  });

  it('is all US Letter', () => {
    for (const p of r().pages) expect([`${p.width}×${p.height}`], `page ${p.index + 1}`).toEqual([expect.stringMatching(/^(612×792|792×612)$/)]);
  });

  it('lists every exhibit in the contents with its date and page range, in order', () => {
    const { expected, pages } = r();
    const rows = contentsRows(r());
    const contentsText = norm(pages.slice(expected.contents.first, expected.contents.last + 1).map((p) => p.text).join('\n'));
    let at = -1;
    for (const x of expected.exhibits) {
      expect(rows.get(x.tab), `Tab ${x.tab}`).toMatchObject({ pages: pageRange(x.first, x.last), date: x.date ? longDate(x.date) : 'Undated' });
      const where = contentsText.indexOf(norm(x.title), at + 1);
      expect(where, x.title).toBeGreaterThan(at);
      at = where;
    }
    if (kind === 'defensive') {
      expect(rows.get('Certificate of service')?.pages).toBe(String(expected.certificateOfService! + 1));
    } else {
      expect(contentsText).not.toContain('Certificate of service');
    }
    // Every part is listed, the cover page too.
    expect(rows.get(kind === 'defensive' ? 'Cover page' : 'Cover sheet')?.pages).toBe('1');
    expect(rows.size).toBe(1 + expected.exhibits.length + (kind === 'defensive' ? 1 : 0));
  });

  it('puts each exhibit behind a tab page with "TAB X" and its title, its pages in order, then translation and certificate', async () => {
    const { expected, pages } = r();
    for (const x of expected.exhibits) {
      const tab = pages[x.first]!;
      expect(norm(tab.text), `Tab ${x.tab}`).toMatch(new RegExp(`^TAB ${x.tab} `));
      expect(norm(tab.text)).toContain(norm(x.title));
      const e = r().evidence.find((ev) => ev.id === x.id)!;
      // each page of a PDF exhibit starts as the source page does (its first line of text)
      if (e.file.endsWith('.pdf')) {
        const source = await withPdf(await readFile(path.join(samples, e.file)), pdfPages);
        source.forEach((s, k) => expect(pages[x.first + 1 + k]!.items[0]?.str, `Tab ${x.tab} page ${k + 1}`).toBe(s.items[0]?.str));
      } else {
        expect(pages[x.first + 1]!.items.map((i) => i.str), `Tab ${x.tab}: a photo page has only its number`).toEqual([String(x.first + 2)]);
      }
      if (x.translation) {
        const source = await withPdf(await readFile(path.join(samples, e.translation!.file)), pdfPages);
        source.forEach((s, k) => expect(pages[x.translation!.first + k]!.items[0]?.str, `Tab ${x.tab} translation page ${k + 1}`).toBe(s.items[0]?.str));
        const cert = norm(pages[x.certificate!]!.text);
        expect(cert).toMatch(/^CERTIFICATE OF TRANSLATION /);
        expect(cert).toContain(`Exhibit: Tab ${x.tab}`);
        expect(cert).toContain(norm(x.title));
      }
    }
    if (kind === 'defensive') {
      expect(norm(pages[expected.certificateOfService!]!.text)).toMatch(/^CERTIFICATE OF SERVICE /);
      expect(expected.certificateOfService).toBe(pages.length - 1);
    }
  });

  it('has one bookmark per exhibit at its tab page, with children at its translation and certificate', () => {
    const { expected, outline } = r();
    const want: FlatOutlineItem[] = [
      { title: kind === 'defensive' ? 'Cover page' : 'Cover sheet', depth: 0, pageIndex: 0 },
      { title: 'Table of contents', depth: 0, pageIndex: expected.contents.first },
    ];
    for (const x of expected.exhibits) {
      const title = `Tab ${x.tab}: ${x.title}`;
      want.push({ title, depth: 0, pageIndex: x.first });
      if (x.translation) {
        want.push({ title: 'English translation', depth: 1, parent: title, pageIndex: x.translation.first });
        want.push({ title: 'Certificate of translation', depth: 1, parent: title, pageIndex: x.certificate! });
      }
    }
    if (kind === 'defensive') want.push({ title: 'Certificate of service', depth: 0, pageIndex: expected.certificateOfService! });
    expect(outline).toEqual(want);
  });

  it('links each contents line to its tab page (and the certificate of service line to it)', () => {
    const { expected, links } = r();
    const rows = contentsRows(r());
    const all = links.flatMap((l, page) => l.map((link) => ({ ...link, page })));
    expect(all.every((l) => l.page >= expected.contents.first && l.page <= expected.contents.last), 'links only on the contents').toBe(true);
    const targets: [string, number][] = [[kind === 'defensive' ? 'Cover page' : 'Cover sheet', 0], ...expected.exhibits.map((x): [string, number] => [x.tab, x.first])];
    if (kind === 'defensive') targets.push(['Certificate of service', expected.certificateOfService!]);
    expect(all).toHaveLength(targets.length);
    for (const [key, target] of targets) {
      const row = rows.get(key)!;
      const hits = all.filter((l) => l.page === row.page && l.rect[1]! <= row.y && row.y <= l.rect[3]!);
      expect(hits.map((h) => h.target), key).toEqual([target]);
    }
  });

  it('keeps the client out of the document metadata', () => {
    const { info, xmp } = r();
    expect(typeof info.Title).toBe('string');
    const meta = JSON.stringify(info) + (xmp ?? '');
    for (const s of ['Núñez', 'Nunez', 'NÚÑEZ', 'José', 'Ramírez', 'Castillo', 'A-220-418-553', '220418553']) expect(meta).not.toContain(s);
  });

  it('writes names with accents on its generated pages', () => {
    const { expected, pages, outline } = r();
    expect(norm(pages[expected.contents.first]!.text)).toContain(`In the Matter of ${NAME}`);
    const a = expected.exhibits[0]!;
    expect(norm(pages[a.first]!.text)).toContain('Passport of José Antonio Núñez Ramírez (biographic page)');
    for (const x of expected.exhibits.filter((e) => e.certificate !== undefined)) {
      expect(norm(pages[x.certificate!]!.text)).toContain(`In the Matter of ${NAME}`);
      expect(norm(pages[x.certificate!]!.text)).toContain('Ana Lucía Torres');
    }
    expect(outline.map((o) => o.title)).toContain('Tab B: Municipal business licence for Panadería Núñez');
  });

  it('prints in the index of evidence the page ranges the packet has', async () => {
    const { expected, dir } = r();
    const paragraphs = docxParagraphs(openDocx(await readFile(path.join(dir, '2025-0142-nunez-index-of-evidence.docx'))));
    for (const x of expected.exhibits) {
      const at = paragraphs.findIndex((p, i) => p === x.tab && paragraphs[i + 1] === x.title);
      expect(at, `Tab ${x.tab} in the index`).toBeGreaterThanOrEqual(0);
      const range = paragraphs.slice(at + 2).find((p) => /^\d+(–\d+)?$/.test(p));
      expect(range, `Tab ${x.tab}`).toBe(pageRange(x.first, x.last));
    }
  });
});

describe('the cover pages', () => {
  it('of the defensive packet carry the EOIR caption', () => {
    const cover = norm(read.defensive.pages[0]!.text);
    for (const s of [
      'UNITED STATES DEPARTMENT OF JUSTICE',
      'EXECUTIVE OFFICE FOR IMMIGRATION REVIEW',
      'IMMIGRATION COURT',
      'NEW YORK, NY',
      'In the Matter of',
      'JOSÉ ANTONIO NÚÑEZ RAMÍREZ',
      'A-220-418-553',
      'In removal proceedings',
      'EOIR ID: KX123456',
      'Immigration Judge: Hon. Margaret L. Chen',
      'September 15, 2026',
      'Tabs A through H',
    ]) {
      expect(cover, s).toContain(s);
    }
    expect(cover).not.toMatch(/DETAINED/i);
  });

  it('of the affirmative packet name the applicant and the asylum office', () => {
    const cover = norm(read.affirmative.pages[0]!.text);
    expect(cover).toContain(`Applicant: ${NAME}`);
    expect(cover).toContain('NEWARK ASYLUM OFFICE');
    expect(cover).toContain('U.S. CITIZENSHIP AND IMMIGRATION SERVICES');
    expect(cover).toContain('Tabs A through F');
    expect(cover).not.toMatch(/IMMIGRATION COURT|DETAINED|EOIR/);
  });
});

describe('with padded page numbers (pageNumbers.pad)', () => {
  it('the index of evidence prints the page ranges as the packet stamps and lists them', async () => {
    const pipelinesDir = path.join(out, 'padded-pipelines');
    await mkdir(pipelinesDir, { recursive: true });
    await writeFile(
      path.join(pipelinesDir, 'padded.yaml'),
      [
        'name: padded',
        'when:',
        '  proceeding.type: defensive',
        'steps:',
        '  - kind: packet',
        '    id: packet',
        '    output: "{{caseId}}-exhibits.pdf"',
        '    pageNumbers:',
        '      pad: 3',
        '  - kind: docx',
        '    id: index-of-evidence',
        '    uses: [packet]',
        '    template: index-of-evidence.docx',
        '    output: "{{caseId}}-index-of-evidence.docx"',
        '',
      ].join('\n'),
    );
    const { pipelines, problems } = await loadPipelines(pipelinesDir, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(problems).toEqual([]);
    const build = await buildCase(path.join(samples, 'intake-defensive.json'), { outDir: path.join(out, 'padded'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
    expect(build.ok, JSON.stringify(build.problems, null, 2)).toBe(true);
    const dir = build.outputs[0]!.dir;
    const pages = await withPdf(await readFile(path.join(dir, '2025-0142-nunez-exhibits.pdf')), pdfPages);
    const { expected } = read.defensive;
    const padded = (first: number, last: number) => `${String(first + 1).padStart(3, '0')}–${String(last + 1).padStart(3, '0')}`;
    const a = expected.exhibits[0]!;
    // the stamps and the contents are padded …
    expect(pages[a.first]!.items.at(-1)!.str).toBe(String(a.first + 1).padStart(3, '0'));
    const contents = norm(pages[expected.contents.first]!.text);
    for (const x of expected.exhibits) expect(contents).toContain(padded(x.first, x.last));
    // … and the index of evidence, filed with the packet, should refer to the same numbers
    const paragraphs = docxParagraphs(openDocx(await readFile(path.join(dir, '2025-0142-nunez-index-of-evidence.docx'))));
    const ranges = expected.exhibits.map((x) => {
      const at = paragraphs.findIndex((p, i) => p === x.tab && paragraphs[i + 1] === x.title);
      return paragraphs.slice(at + 2).find((p) => /^\d+(–\d+)?$/.test(p));
    });
    expect(ranges).toEqual(expected.exhibits.map((x) => padded(x.first, x.last)));
  });
});
