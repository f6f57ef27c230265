/**
 * Volumes: a packet over the pipeline's maxFileSizeMB is written as …_Part1.pdf, …_Part2.pdf, …
 * split at exhibit boundaries, page numbers continuing; an exhibit larger than the limit on its
 * own is split at page boundaries with a warning (AP4102). Built from the defensive sample case
 * through buildCase with pipelines written for the test, read back with pdf.js.
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
  norm,
  pageRange,
  pdfLinks,
  pdfOutline,
  pdfPages,
  pdfTitle,
  withPdf,
  type EvidenceEntry,
  type ExpectedPacket,
  type FlatOutlineItem,
  type PageInfo,
  type PdfLink,
} from '../helpers/pdf.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const intakeFile = path.join(samples, 'intake-defensive.json');
const TODAY = '2026-11-22';
const MB = 1024 * 1024;
/** Above every exhibit of the sample alone (the largest, Tab D with its 71 kB photo, is about 110 kB alone), below the whole packet (about 165 kB). */
const LIMIT = 0.12;
/** Below Tab D alone: its photo page by itself is larger than this. */
const TINY = 0.05;

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
  /** Packet page index (0-based) of the part's first page. */
  offset: number;
}

interface Volumes {
  dir: string;
  files: string[];
  parts: Part[];
  /** All pages of all parts, in order. */
  pages: PageInfo[];
  expected: ExpectedPacket;
}

let out: string;
let result: CaseBuild;
let evidence: EvidenceEntry[];
const volumes: Record<string, Volumes> = {};

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
  const expected = await expectedPacket(samples, evidence, { contentsPages, certificateOfService: true });
  return { dir: output.dir, files: output.files, parts, pages, expected };
}

/** The bookmarks a whole packet has (titles and packet page indexes), as samples.test.ts checks them. */
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

/** The part holding packet page `index`. */
const partOf = (v: Volumes, index: number) => v.parts.findIndex((p) => index >= p.offset && index < p.offset + p.pages.length);

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

describe(`a packet over maxFileSizeMB (${LIMIT})`, () => {
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

  it('numbers the pages on from part to part: part 1 starts at 1, each next part where the previous ended + 1', () => {
    const { parts, expected } = v();
    let next = 1;
    for (const part of parts) {
      for (const p of part.pages) {
        const last = p.items.at(-1)!;
        expect(last.str, `${part.file} page ${p.index + 1}`).toBe(String(next));
        expect(last.y).toBeLessThan(36);
        next++;
      }
    }
    expect(next - 1).toBe(expected.pages);
  });

  it('splits only between exhibits: every exhibit, with its translation and certificate, in one part', () => {
    const { pages, parts, expected } = v();
    expect(partOf(v(), 0)).toBe(partOf(v(), expected.contents.last));
    for (const x of expected.exhibits) {
      expect(partOf(v(), x.first), `Tab ${x.tab}`).toBe(partOf(v(), x.last));
      expect(norm(pages[x.first]!.text)).toMatch(new RegExp(`^TAB ${x.tab} `));
    }
    // and each part after the first starts with a tab page or the certificate of service
    for (const part of parts.slice(1)) expect(norm(part.pages[0]!.text), part.file).toMatch(/^(TAB [A-Z]+ |CERTIFICATE OF SERVICE )/);
  });

  it("gives each part bookmarks that point inside it, at the right pages, and together all of the packet's", () => {
    const { parts, expected } = v();
    const union: FlatOutlineItem[] = [];
    for (const part of parts) {
      expect(part.outline.length, `${part.file} has bookmarks`).toBeGreaterThan(0);
      for (const o of part.outline) {
        expect(o.pageIndex, `${part.file} "${o.title}"`).toBeLessThan(part.pages.length);
        union.push({ ...o, pageIndex: o.pageIndex + part.offset });
      }
    }
    expect(union).toEqual(wholeOutline(expected));
  });

  it('keeps the contents in part 1, its page ranges those of the whole packet, its links inside part 1', () => {
    const { parts, expected } = v();
    const first = parts[0]!;
    const contents = norm(first.pages.slice(expected.contents.first, expected.contents.last + 1).map((p) => p.text).join('\n'));
    for (const x of expected.exhibits) expect(contents, `Tab ${x.tab}`).toContain(pageRange(x.first, x.last));
    const links = first.links.flat();
    for (const l of links) expect(l.target, 'a link inside part 1').toBeLessThan(first.pages.length);
    const tabsInPart1 = expected.exhibits.filter((x) => x.first < first.pages.length).map((x) => x.first);
    expect(links.map((l) => l.target).sort((a, b) => a! - b!)).toEqual(tabsInPart1);
    for (const part of parts.slice(1)) expect(part.links.flat(), part.file).toEqual([]);
  });

  it('prints the same page ranges in the index of evidence', async () => {
    const { dir, expected } = v();
    const paragraphs = docxParagraphs(openDocx(await readFile(path.join(dir, '2025-0142-nunez-index-of-evidence.docx'))));
    for (const x of expected.exhibits) {
      const at = paragraphs.findIndex((p, i) => p === x.tab && paragraphs[i + 1] === x.title);
      expect(paragraphs.slice(at + 2).find((p) => /^\d+(–\d+)?$/.test(p)), `Tab ${x.tab}`).toBe(pageRange(x.first, x.last));
    }
  });
});

describe(`an exhibit larger than maxFileSizeMB (${TINY}) on its own`, () => {
  const v = () => volumes.tiny!;
  const bigTab = () => v().expected.exhibits.find((x) => x.id === 'ex-medical-record')!;

  it('is split at page boundaries across consecutive parts, with an AP4102 warning naming it and them', () => {
    const { parts, expected } = v();
    const warnings = result.problems.filter((p) => p.location.pipeline === 'tiny-volumes' && p.code !== 'AP6102');
    expect(warnings.map((w) => [w.code, w.severity])).toEqual([['AP4102', 'warning']]);
    const x = bigTab();
    const message = warnings[0]!.message;
    expect(message).toContain(`Tab ${x.tab}: ${x.title}`);
    const named = parts.filter((p) => message.includes(p.file)).map((p) => parts.indexOf(p));
    // the parts that hold its pages, and only those, are named
    const holding = [...new Set(Array.from({ length: x.last - x.first + 1 }, (_, k) => partOf(v(), x.first + k)))];
    expect(holding.length).toBeGreaterThan(1);
    expect(named).toEqual(holding);
    expect(holding).toEqual(holding.map((_, k) => holding[0]! + k));
    // whole pages: every page of the exhibit is somewhere, once, in order
    const pages = v().pages.slice(x.first, x.last + 1);
    expect(norm(pages[0]!.text)).toMatch(new RegExp(`^TAB ${x.tab} `));
    expect(norm(pages.at(-1)!.text)).toMatch(/^CERTIFICATE OF TRANSLATION /);
    expect(pages).toHaveLength(1 + x.originalPages + x.translation!.pages + 1);
    // no other exhibit is split
    for (const other of expected.exhibits.filter((e) => e !== x)) expect(partOf(v(), other.first), `Tab ${other.tab}`).toBe(partOf(v(), other.last));
  });

  it('keeps the page numbers continuous and every part within the limit unless it is a single page', () => {
    const { parts, expected } = v();
    let next = 1;
    for (const part of parts) {
      for (const p of part.pages) expect(p.items.at(-1)!.str, part.file).toBe(String(next++));
      if (part.pages.length > 1) expect(part.bytes, part.file).toBeLessThanOrEqual(TINY * MB);
    }
    expect(next - 1).toBe(expected.pages);
  });

  it('points every bookmark inside its part', () => {
    for (const part of v().parts) for (const o of part.outline) expect(o.pageIndex, `${part.file} "${o.title}"`).toBeLessThan(part.pages.length);
  });

  it("loses none of the packet's bookmarks: the split exhibit's translation and certificate keep theirs, and no part is without one", () => {
    const { parts, expected } = v();
    const union = parts.flatMap((part) => part.outline.map((o) => ({ ...o, pageIndex: o.pageIndex + part.offset })));
    // each bookmark of the whole packet, at the same page, under its exhibit (whose bookmark may be marked as continued)
    const missing = wholeOutline(expected).filter(
      (w) => !union.some((u) => u.title === w.title && u.pageIndex === w.pageIndex && u.depth === w.depth && (w.parent === undefined || u.parent?.startsWith(w.parent))),
    );
    expect(missing).toEqual([]);
    expect(parts.filter((p) => p.outline.length === 0).map((p) => p.file)).toEqual([]);
  });
});
