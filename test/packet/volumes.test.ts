/**
 * Volumes: a filing over the pipeline's maxFileSizeMB is written as …_Part1.pdf, …_Part2.pdf, …
 * cut at exhibit boundaries, each file after the first opening on a continuation cover (the cover
 * of page 1, "Continued from the previous part", "PART k OF n"), page numbers running on across
 * the files, covers included; an exhibit larger than the limit on its own is cut at page
 * boundaries with a warning (AP4102). Built from the defensive sample case through buildCase with
 * pipelines written for the test, read back with pdf.js.
 *
 * Where things should be is worked out without covers (expectedPacket), then moved to the split
 * filing from where each file is found to begin: one page for each continuation cover before it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';
import {
  expectedPacket,
  longDate,
  norm,
  pageRange,
  pdfLinks,
  pdfOutline,
  pdfPages,
  pdfTitle,
  withPdf,
  type EvidenceEntry,
  type ExpectedExhibit,
  type ExpectedPacket,
  type FlatOutlineItem,
  type PageInfo,
  type PdfLink,
} from '../helpers/pdf.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const intakeFile = path.join(samples, 'intake-defensive.json');
const TODAY = '2026-11-22';
const MB = 1024 * 1024;
/** The caption of the sample case, as the covers print it. */
const NAME_CAPS = 'JOSÉ ANTONIO NÚÑEZ RAMÍREZ';
const A_NUMBER = 'A-220-418-553';
/**
 * Above every exhibit with a continuation cover (the largest, Tab D with its 71 kB photo, makes a
 * file of about 115 kB with its cover), below the whole filing (about 165 kB in one file).
 * Measured: 3 files, of 63.6 kB (cover, contents, Tabs A–C), 117.6 kB (cover, Tabs D–E) and
 * 52.4 kB (cover, Tabs F–H, certificate of service), every exhibit whole.
 */
const LIMIT = 0.12;
/**
 * Below Tab D with a cover (its photo page alone, with a cover, is a file of 104.4 kB), above
 * every other exhibit with a cover and the ~30 kB of fonts each file carries (the largest, Tab C
 * with its translation, is a file of 49.4 kB). Measured: 10 files; only Tab D is cut, across
 * Parts 5–7, and Part 6 (its cover and the photo page) is the only file over the limit. Measured
 * nearby: at 0.085 the cover and the contents are cut apart (AP4102 names the "Cover page"), at
 * 0.08 Tabs B and C are cut too, at 0.1 a file holding the photo and the translation's first
 * page is 106.4 kB, over the limit; 0.095 behaves as 0.09.
 */
const TINY = 0.09;

const pipelineYaml = (name: string, mb: number, index: boolean) => `name: ${name}
when:
  proceeding.type: defensive
steps:
  - kind: packet
    id: packet
    output: "{{caseId}}-exhibits.pdf"
    maxFileSizeMB: ${mb}
${index ? `  - kind: docx
    id: index-of-evidence
    uses: [packet]
    template: index-of-evidence.docx
    output: "{{caseId}}-index-of-evidence.docx"
` : ''}`;

interface Part {
  file: string;
  bytes: number;
  title?: string;
  pages: PageInfo[];
  outline: FlatOutlineItem[];
  links: PdfLink[][];
  /** Filing page index (0-based, covers included) of the file's first page. */
  offset: number;
}

interface Volumes {
  dir: string;
  files: string[];
  parts: Part[];
  /** All pages of all files, in order. */
  pages: PageInfo[];
  /** Where everything is in the filing as written in one file, without continuation covers. */
  unsplit: ExpectedPacket;
  /** The same, moved to the split filing's page indexes (covers included). */
  expected: ExpectedPacket;
  /** Filing page indexes of the continuation covers (the first page of each file after the first). */
  covers: number[];
  /** Maps an unsplit page index to the split filing's. */
  at: (i: number) => number;
}

let out: string;
let result: CaseBuild;
let evidence: EvidenceEntry[];
const volumes: Record<string, Volumes> = {};

/**
 * Maps a page index of the filing without covers to the split filing's: file k (from 0) after the
 * first begins at `offset` with its cover, and picks up the unsplit filing at `offset - (k - 1)`
 * (the covers before it, its own not yet counted), so every unsplit page at or after that point
 * moves one page on.
 */
function coverShift(parts: Part[]): (i: number) => number {
  const resumes = parts.slice(1).map((p, j) => p.offset - j);
  return (i) => i + resumes.filter((u) => u <= i).length;
}

function shiftExpected(e: ExpectedPacket, at: (i: number) => number, files: number): ExpectedPacket {
  return {
    exhibits: e.exhibits.map((x) => ({
      ...x,
      first: at(x.first),
      last: at(x.last),
      ...(x.translation ? { translation: { ...x.translation, first: at(x.translation.first) } } : {}),
      ...(x.certificate !== undefined ? { certificate: at(x.certificate) } : {}),
    })),
    contents: { first: at(e.contents.first), last: at(e.contents.last) },
    ...(e.certificateOfService !== undefined ? { certificateOfService: at(e.certificateOfService) } : {}),
    pages: e.pages + files - 1,
  };
}

async function readVolumes(pipeline: string): Promise<Volumes> {
  const output = result.outputs.find((o) => o.pipeline === pipeline)!;
  const parts: Part[] = [];
  let offset = 0;
  for (const file of output.files.filter((f) => f.endsWith('.pdf'))) {
    const full = path.join(output.dir, file);
    const part = await withPdf(await readFile(full), async (doc) => ({
      pages: await pdfPages(doc),
      outline: await pdfOutline(doc),
      links: await pdfLinks(doc),
      title: await pdfTitle(doc),
    }));
    parts.push({ file, bytes: (await stat(full)).size, ...part, offset });
    offset += part.pages.length;
  }
  const pages = parts.flatMap((p) => p.pages);
  let contentsPages = 0;
  while (pages[1 + contentsPages]?.text.startsWith('TABLE OF CONTENTS')) contentsPages++;
  const unsplit = await expectedPacket(samples, evidence, { contentsPages, certificateOfService: true });
  const at = coverShift(parts);
  const expected = shiftExpected(unsplit, at, parts.length);
  return { dir: output.dir, files: output.files, parts, pages, unsplit, expected, covers: parts.slice(1).map((p) => p.offset), at };
}

/** The bookmarks a filing in one file has (titles and page indexes), as samples.test.ts checks them. */
function wholeOutline(expected: ExpectedPacket): FlatOutlineItem[] {
  const items: FlatOutlineItem[] = [
    { title: 'Cover page', depth: 0, pageIndex: 0 },
    { title: 'Table of contents', depth: 0, pageIndex: expected.contents.first },
  ];
  for (const x of expected.exhibits) {
    const title = `Tab ${x.tab}: ${x.title}`;
    items.push({ title, depth: 0, pageIndex: x.first });
    if (x.translation) {
      items.push({ title: 'English translation', depth: 1, parent: title, pageIndex: x.translation.first });
      items.push({ title: 'Certificate of translation', depth: 1, parent: title, pageIndex: x.certificate! });
    }
  }
  items.push({ title: 'Certificate of service', depth: 0, pageIndex: expected.certificateOfService! });
  return items;
}

/**
 * The bookmarks of the split filing, file by file, at filing page indexes: those of the whole
 * filing (`expected` moved past the covers), each continuation cover's "Part k of n", and an
 * exhibit begun in an earlier file bookmarked again after the cover as "… (continued)", its
 * sub-bookmarks in this file under that one.
 */
function splitOutline(v: Volumes): FlatOutlineItem[] {
  const whole = wholeOutline(v.expected);
  const n = v.parts.length;
  const items: FlatOutlineItem[] = [];
  for (const [k, part] of v.parts.entries()) {
    const end = part.offset + part.pages.length;
    if (k > 0) items.push({ title: `Part ${k + 1} of ${n}`, depth: 0, pageIndex: part.offset });
    const continued = v.expected.exhibits.filter((x) => x.first < part.offset && x.last >= part.offset).map((x) => `Tab ${x.tab}: ${x.title}`);
    for (const title of continued) items.push({ title: `${title} (continued)`, depth: 0, pageIndex: part.offset + 1 });
    for (const w of whole) {
      if (w.pageIndex < part.offset || w.pageIndex >= end) continue;
      items.push(w.parent !== undefined && continued.includes(w.parent) ? { ...w, parent: `${w.parent} (continued)` } : w);
    }
  }
  return items;
}

/** Each file's bookmarks, at filing page indexes, one file after the other. */
const unionOutline = (v: Volumes): FlatOutlineItem[] => v.parts.flatMap((part) => part.outline.map((o) => ({ ...o, pageIndex: o.pageIndex + part.offset })));

/** The file (from 0) holding filing page `index`. */
const partOf = (v: Volumes, index: number) => v.parts.findIndex((p) => index >= p.offset && index < p.offset + p.pages.length);

/** The files (from 0) holding the pages of an exhibit. */
const holding = (v: Volumes, x: ExpectedExhibit) => [...new Set(Array.from({ length: x.last - x.first + 1 }, (_, k) => partOf(v, x.first + k)))];

/** A page's text without its page number (the last item). */
const body = (p: PageInfo) => norm(p.items.slice(0, -1).map((i) => i.str).join(' '));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "In Part 2 of 3", "In Parts 5–7 of 10", from the first and last files (from 0). */
const partNote = ([first, last]: [number, number], n: number) => (first === last ? `In Part ${first + 1} of ${n}` : `In Parts ${first + 1}–${last + 1} of ${n}`);

// ─────────────────────────────────────────────── checks both limits share

/** Page numbers run on from file to file, covers included: 1 … the unsplit count + (files − 1). */
function checkNumbering(v: Volumes): void {
  const { parts, unsplit } = v;
  let next = 1;
  for (const part of parts) {
    for (const p of part.pages) {
      const last = p.items.at(-1)!;
      expect(last.str, `${part.file} page ${p.index + 1}`).toBe(String(next));
      expect(last.y, `${part.file} page ${p.index + 1}`).toBeLessThan(36);
      next++;
    }
  }
  expect(next - 1).toBe(unsplit.pages + parts.length - 1);
  expect(v.expected.pages).toBe(v.pages.length);
}

/** The cover of Part 1 says "PART 1 OF n"; each next file opens on the same cover, continued, "PART k OF n". */
function checkCovers(v: Volumes): void {
  const { parts, expected } = v;
  const n = parts.length;
  const tabs = `Tabs ${expected.exhibits[0]!.tab} through ${expected.exhibits.at(-1)!.tab}`;
  const first = body(parts[0]!.pages[0]!);
  for (const s of ['IMMIGRATION COURT', 'In the Matter of:', `${NAME_CAPS},`, 'Respondent.', `File No.: ${A_NUMBER}`, tabs, `PART 1 OF ${n}`]) expect(first, parts[0]!.file).toContain(s);
  expect(first).toMatch(new RegExp(`${escape(tabs)} PART 1 OF ${n}$`));
  expect(first).not.toContain('Continued from the previous part');
  for (const [k, part] of parts.entries()) {
    if (k === 0) continue;
    const cover = body(part.pages[0]!);
    for (const s of ['IMMIGRATION COURT', `${NAME_CAPS},`, A_NUMBER, 'Continued from the previous part', `PART ${k + 1} OF ${n}`]) expect(cover, part.file).toContain(s);
    // the cover of page 1, word for word, but for what it holds and which part it is
    expect(cover, part.file).toBe(first.replace(`${tabs} PART 1 OF ${n}`, `Continued from the previous part PART ${k + 1} OF ${n}`));
  }
  // and no other page is a continuation cover
  const covers = v.pages.flatMap((p, i) => (norm(p.text).includes('Continued from the previous part') ? [i] : []));
  expect(covers).toEqual(v.covers);
}

/** The contents, in Part 1: every part listed, with its page range in the filing and the file(s) holding it; its links inside Part 1. */
function checkContents(v: Volumes): void {
  const { parts, expected } = v;
  const n = parts.length;
  const first = parts[0]!;
  expect(partOf(v, expected.contents.first)).toBe(0);
  expect(partOf(v, expected.contents.last)).toBe(0);
  const contents = norm(v.pages.slice(expected.contents.first, expected.contents.last + 1).map((p) => p.text).join('\n'));
  expect(contents).toContain(`1 Cover page In Part 1 of ${n} `);
  for (const x of expected.exhibits) {
    const date = x.date ? longDate(x.date) : 'Undated';
    // the file holding its tab page, to the one holding its last page
    const note = [x.translation ? 'with certified English translation' : '', partNote([partOf(v, x.first), partOf(v, x.last)], n)].filter(Boolean).join('; ');
    expect(contents, `Tab ${x.tab}`).toContain(`${x.tab} ${date} ${pageRange(x.first, x.last)} ${x.title} ${note} `);
  }
  const service = expected.certificateOfService!;
  expect(contents).toContain(`${pageRange(service, service)} Certificate of service In Part ${partOf(v, service) + 1} of ${n} `);
  // links only in Part 1, each to a page of Part 1: the cover page and the tab pages there
  const links = first.links.flat();
  for (const l of links) expect(l.target, 'a link inside part 1').toBeLessThan(first.pages.length);
  const inPart1 = [0, ...expected.exhibits.map((x) => x.first), service].filter((i) => i < first.pages.length);
  expect(links.map((l) => l.target).sort((a, b) => a! - b!)).toEqual(inPart1);
  for (const part of parts.slice(1)) expect(part.links.flat(), part.file).toEqual([]);
}

/** Each file's bookmarks point inside it; there is one at least. */
function checkBookmarksInside(v: Volumes): void {
  for (const part of v.parts) {
    expect(part.outline.length, `${part.file} has bookmarks`).toBeGreaterThan(0);
    for (const o of part.outline) expect(o.pageIndex, `${part.file} "${o.title}"`).toBeLessThan(part.pages.length);
  }
}

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-packet-volumes-'));
  const pipelinesDir = path.join(out, 'pipelines');
  await mkdir(pipelinesDir);
  await writeFile(path.join(pipelinesDir, 'volumes.yaml'), pipelineYaml('volumes', LIMIT, true));
  await writeFile(path.join(pipelinesDir, 'tiny-volumes.yaml'), pipelineYaml('tiny-volumes', TINY, false));
  const { pipelines, problems } = await loadPipelines(pipelinesDir, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  expect(pipelines.map((p) => p.name).sort()).toEqual(['tiny-volumes', 'volumes']);
  result = await buildCase(intakeFile, { outDir: path.join(out, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
  expect(result.ok, JSON.stringify(result.problems, null, 2)).toBe(true);
  evidence = (JSON.parse(await readFile(intakeFile, 'utf8')) as { evidence: EvidenceEntry[] }).evidence;
  volumes.volumes = await readVolumes('volumes');
  volumes.tiny = await readVolumes('tiny-volumes');
}, 60_000);
afterAll(async () => rm(out, { recursive: true, force: true }));

describe(`a filing over maxFileSizeMB (${LIMIT})`, () => {
  const v = () => volumes.volumes!;

  it('is written as several _PartN.pdf files, all listed in the build output, each within the limit', async () => {
    const { files, parts, dir } = v();
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThanOrEqual(3);
    expect(pdfs).toEqual(pdfs.map((_, k) => `2025-0142-nunez-exhibits_Part${k + 1}.pdf`));
    expect(files).toContain('2025-0142-nunez-index-of-evidence.docx');
    expect((await readdir(dir)).sort()).toEqual([...files, 'manifest.json'].sort());
    for (const p of parts) expect(p.bytes, p.file).toBeLessThanOrEqual(LIMIT * MB);
    parts.forEach((p, k) => expect(p.title, p.file).toMatch(new RegExp(`\\(part ${k + 1} of ${parts.length}\\)$`)));
    expect(result.problems.filter((p) => p.location.pipeline === 'volumes')).toEqual([]);
  });

  it('opens each file after the first with a continuation cover, "PART k OF n", and says "PART 1 OF n" on page 1', () => {
    checkCovers(v());
    // after each cover, a tab page or the certificate of service
    for (const part of v().parts.slice(1)) expect(norm(part.pages[1]!.text), part.file).toMatch(/^(TAB [A-Z]+ |CERTIFICATE OF SERVICE )/);
  });

  it('numbers the pages on from file to file, covers included: one page more than in one file for each file after the first', () => {
    checkNumbering(v());
  });

  it('cuts only between exhibits: every exhibit, with its translation and certificate, in one file, where the contents say', () => {
    const { pages, expected } = v();
    expect(partOf(v(), 0)).toBe(partOf(v(), expected.contents.last));
    for (const x of expected.exhibits) {
      expect(partOf(v(), x.first), `Tab ${x.tab}`).toBe(partOf(v(), x.last));
      expect(norm(pages[x.first]!.text)).toMatch(new RegExp(`^TAB ${x.tab} `));
      if (x.certificate !== undefined) expect(norm(pages[x.certificate]!.text), `Tab ${x.tab}`).toMatch(/^CERTIFICATE OF TRANSLATION /);
    }
    expect(norm(pages[expected.certificateOfService!]!.text)).toMatch(/^CERTIFICATE OF SERVICE /);
  });

  it('lists every part in the contents (in part 1), with the page ranges of the whole filing and the file holding it; links inside part 1', () => {
    checkContents(v());
  });

  it("gives each file the bookmarks of its own pages and its cover's \"Part k of n\": together, all of the filing's", () => {
    checkBookmarksInside(v());
    expect(unionOutline(v())).toEqual(splitOutline(v()));
    // the whole filing's bookmarks, each cover's added
    expect(unionOutline(v()).filter((o) => !/^Part \d+ of \d+$/.test(o.title))).toEqual(wholeOutline(v().expected));
  });

  it('prints the same page ranges in the index of evidence', async () => {
    const { dir, expected } = v();
    const paragraphs = docxParagraphs(openDocx(await readFile(path.join(dir, '2025-0142-nunez-index-of-evidence.docx'))));
    for (const x of expected.exhibits) {
      const at = paragraphs.findIndex((p, i) => p === x.tab && paragraphs[i + 1] === x.title);
      expect(at, `Tab ${x.tab}`).toBeGreaterThanOrEqual(0);
      expect(paragraphs.slice(at + 2).find((p) => /^\d+(–\d+)?$/.test(p)), `Tab ${x.tab}`).toBe(pageRange(x.first, x.last));
    }
  });
});

describe(`an exhibit larger than maxFileSizeMB (${TINY}) on its own`, () => {
  const v = () => volumes.tiny!;
  const bigTab = () => v().expected.exhibits.find((x) => x.id === 'ex-medical-record')!;

  it('is cut at page boundaries across consecutive files, with an AP4102 warning naming it and them', () => {
    const { parts, expected, pages: all } = v();
    const warnings = result.problems.filter((p) => p.location.pipeline === 'tiny-volumes' && p.code === 'AP4102');
    expect(warnings.map((w) => [w.code, w.severity])).toEqual([['AP4102', 'warning']]);
    const x = bigTab();
    const message = warnings[0]!.message;
    expect(message).toContain(`Tab ${x.tab}: ${x.title}`);
    const named = parts.filter((p) => message.includes(p.file)).map((p) => parts.indexOf(p));
    // the files that hold its pages, and only those, are named
    const files = holding(v(), x);
    expect(files.length).toBeGreaterThan(1);
    expect(named).toEqual(files);
    expect(files).toEqual(files.map((_, k) => files[0]! + k));
    // whole pages: every page of the exhibit is somewhere, once, in order, a continuation cover where each next file begins
    const span = all.slice(x.first, x.last + 1);
    const covers = span.filter((p) => norm(p.text).includes('Continued from the previous part'));
    expect(covers).toHaveLength(files.length - 1);
    const pages = span.filter((p) => !covers.includes(p));
    expect(norm(pages[0]!.text)).toMatch(new RegExp(`^TAB ${x.tab} `));
    expect(norm(pages.at(-1)!.text)).toMatch(/^CERTIFICATE OF TRANSLATION /);
    expect(pages).toHaveLength(1 + x.originalPages + x.translation!.pages + 1);
    // no other exhibit is cut
    for (const other of expected.exhibits.filter((e) => e !== x)) expect(partOf(v(), other.first), `Tab ${other.tab}`).toBe(partOf(v(), other.last));
  });

  it('opens each file after the first with a continuation cover, followed by a tab page, the certificate of service or the cut exhibit going on', () => {
    checkCovers(v());
    const x = bigTab();
    for (const part of v().parts.slice(1)) {
      const next = part.offset + 1;
      if (next > x.first && next <= x.last) continue;
      expect(norm(part.pages[1]!.text), part.file).toMatch(/^(TAB [A-Z]+ |CERTIFICATE OF SERVICE )/);
    }
    expect(v().parts.filter((p) => p.offset + 1 > x.first && p.offset + 1 <= x.last).length).toBe(holding(v(), x).length - 1);
  });

  it('keeps the page numbers continuous, covers included', () => {
    checkNumbering(v());
  });

  it('keeps every file within the limit but the one holding, after its cover, only the photo page of the cut exhibit (larger than the limit by itself)', () => {
    const x = v().unsplit.exhibits.find((e) => e.id === 'ex-medical-record')!;
    // the original's only page, the photo, after the tab page
    expect(x.originalPages).toBe(1);
    const photo = v().at(x.first + 1);
    const over = v().parts.filter((p) => p.bytes > TINY * MB);
    expect(over.map((p) => [p.offset + 1, p.pages.length])).toEqual([[photo, 2]]);
    // and that file, only that one, is reported (AP4104), with the other warnings only the cut (AP4102)
    // (the filing rules, and where Tesseract is not installed the image pages without text, aside)
    const warnings = result.problems.filter((p) => p.location.pipeline === 'tiny-volumes' && p.code !== 'AP6102' && p.code !== 'AP4106');
    expect(warnings.map((w) => w.code).sort()).toEqual(['AP4102', 'AP4104']);
    const reported = warnings.find((w) => w.code === 'AP4104')!;
    expect(reported.severity).toBe('warning');
    expect(reported.message).toMatch(new RegExp(`^${over[0]!.file.replace(/\./g, '\\.')} is \\d+\\.\\d\\d MB, over the limit of 0\\.09 MB`));
  });

  it('says in the contents which files hold each part, "In Parts k–m of n" for the cut exhibit', () => {
    checkContents(v());
    const x = bigTab();
    const files = holding(v(), x);
    const contents = norm(v().pages.slice(v().expected.contents.first, v().expected.contents.last + 1).map((p) => p.text).join('\n'));
    expect(contents).toContain(`${x.title} with certified English translation; In Parts ${files[0]! + 1}–${files.at(-1)! + 1} of ${v().parts.length} `);
  });

  it('points every bookmark inside its file', () => {
    checkBookmarksInside(v());
  });

  it("loses none of the filing's bookmarks: the covers' added, the cut exhibit bookmarked again as continued where each next file picks it up", () => {
    const x = bigTab();
    const union = unionOutline(v());
    // Compared in page order: a file picking up the cut exhibit lists its "(continued)" bookmark
    // before its cover's "Part k of n", which is on the page before (see the report on outlineFor).
    const byPage = (items: FlatOutlineItem[]) => [...items].sort((a, b) => a.pageIndex - b.pageIndex);
    expect(byPage(union)).toEqual(byPage(splitOutline(v())));
    const continued = union.filter((o) => o.title === `Tab ${x.tab}: ${x.title} (continued)`);
    expect(continued.map((o) => o.pageIndex)).toEqual(holding(v(), x).slice(1).map((k) => v().parts[k]!.offset + 1));
  });
});
