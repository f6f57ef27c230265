/**
 * Limits against hostile or broken evidence (issue 13): each bomb seen in the field is made here,
 * small on disk, and must be refused from its header or its first megabytes, with the located
 * catalogue error naming the exhibit, within seconds and without the gigabytes it would expand to.
 * Then through buildCase: the case over a limit fails alone, the next case builds.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import { DEFAULT_LIMITS, MAX_IMAGE_PIXELS, MAX_PAGES_PER_EXHIBIT, MAX_PAGES_PER_PACKET, MAX_STREAM_BYTES } from '../../src/limits.js';
import { placePdfPages } from '../../src/packet/place.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { exhibitsOnly, shippedPipelinesAs } from '../helpers/convert-steps.js';
import { ExhibitLoadError } from '../../src/pdf/exhibit.js';
import { loadExhibit } from '../../src/pdf/load.js';
import { jpegBomb, manyPagesPdf, pdfStreamBomb, pngBomb, tiffBomb, zeroFlate } from '../helpers/bombs.js';
import { tinyPng } from '../helpers/hostile-pdfs.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
/** Generous: the bombs took 2.8–7 GB before the limits; refused, they take tens of MB. */
const MEMORY_BOUND = 600 * 1024 * 1024;
const TIME_BOUND_MS = 5_000;

let root: string;
let pipelines: Pipeline[];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-limits-'));
  // The exhibits' limits, without the documents LibreOffice converts.
  const loaded = await loadPipelines(await shippedPipelinesAs(path.join(root, 'pipelines'), exhibitsOnly), { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(loaded.problems).toEqual([]);
  pipelines = loaded.pipelines;
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** Runs `f`, sampling RSS; the time it took and the most RSS rose above where it started. */
async function measured<T>(f: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; ms: number; rss: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let value: T | undefined;
  let error: unknown;
  try {
    value = await f();
  } catch (err) {
    error = err;
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, error, ms, rss: peak - before };
}

async function writeEvidence(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, bytes);
  return file;
}

describe('limits on one exhibit file, refused before decoding', () => {
  const cases: { name: string; make: () => Uint8Array | Promise<Uint8Array>; reason: string; message: RegExp }[] = [
    { name: 'bomb.png', make: () => pngBomb(30000), reason: 'too-many-pixels', message: /PNG image is 30,000 × 30,000 pixels \(900 megapixels\), more than the limit of 100 megapixels/ },
    { name: 'bomb.jpg', make: () => jpegBomb(60000, 60000), reason: 'too-many-pixels', message: /JPEG image is 60,000 × 60,000 pixels/ },
    { name: 'bomb.tif', make: () => tiffBomb(16000, 16000), reason: 'too-many-pixels', message: /TIFF image is 16,000 × 16,000 pixels \(256 megapixels\)/ },
    { name: 'bomb.pdf', make: () => pdfStreamBomb(1024), reason: 'stream-too-large', message: /expands to more than 256 MB when decompressed/ },
    { name: 'pages.pdf', make: () => manyPagesPdf(50_000), reason: 'too-many-pages', message: /has 50,000 pages, more than the limit of 2,000 pages/ },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.reason}, in seconds and without the gigabytes`, async () => {
      const bytes = await c.make();
      expect(bytes.length).toBeLessThan(8_000_000); // small on disk
      const file = await writeEvidence(c.name, bytes);
      const r = await measured(() => loadExhibit(file, { qpdf: false }));
      expect(r.error).toBeInstanceOf(ExhibitLoadError);
      const err = r.error as ExhibitLoadError;
      expect(err.reason).toBe(c.reason);
      expect(err.message).toMatch(c.message);
      expect(err.over?.limit).toBeGreaterThan(0);
      expect(r.ms).toBeLessThan(TIME_BOUND_MS);
      expect(r.rss).toBeLessThan(MEMORY_BOUND);
    });
  }

  it('the defaults are the documented ones', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxImagePixels: 100_000_000, maxStreamBytes: 256 * 1024 * 1024, maxPagesPerExhibit: 2000, maxPagesPerPacket: 10_000 });
    expect([MAX_IMAGE_PIXELS, MAX_STREAM_BYTES, MAX_PAGES_PER_EXHIBIT, MAX_PAGES_PER_PACKET]).toEqual([1e8, 268435456, 2000, 10000]);
  });

  it('files just inside the limits load: a PNG and a TIFF page at the pixel limit, a PDF of 2,000 pages, a stream of 200 MB', async () => {
    // 10,000 × 10,000 = the limit exactly; header checks only, no decoding, for the PNG
    const png = await loadExhibit(await writeEvidence('edge.png', pngBomb(10000)), { qpdf: false });
    expect(png).toMatchObject({ kind: 'image', width: 10000, height: 10000 });
    const pdf = await loadExhibit(await writeEvidence('edge.pdf', manyPagesPdf(MAX_PAGES_PER_EXHIBIT)), { qpdf: false });
    expect(pdf).toMatchObject({ kind: 'pdf', pageCount: 2000 });
    const big = await loadExhibit(await writeEvidence('edge-stream.pdf', pdfStreamBomb(200)), { qpdf: false });
    expect(big).toMatchObject({ kind: 'pdf', pageCount: 1 });
    const tiny = await loadExhibit(await writeEvidence('tiny.png', tinyPng(20, 30)), { qpdf: false });
    expect(tiny).toMatchObject({ kind: 'image', width: 20, height: 30 });
  });

  it('a TIFF of more pages than an exhibit may have is refused from its header', async () => {
    // a small TIFF under a lowered limit: the page count is read before any page is converted
    const file = await writeEvidence('small.tif', tiffBomb(100, 100));
    await expect(loadExhibit(file, { qpdf: false, limits: { maxImagePixels: 9_999 } })).rejects.toMatchObject({ reason: 'too-many-pixels' });
    const ok = await loadExhibit(file, { qpdf: false });
    expect(ok).toMatchObject({ kind: 'pdf', pageCount: 1 });
  });

  it('a content stream over the limit when the pages are placed (as an encrypted file would hide it from the first check) is refused, not decoded', async () => {
    const src = await PDFDocument.load(pdfStreamBomb(8));
    const out = await PDFDocument.create();
    await expect(placePdfPages(out, src, 1024 * 1024)).rejects.toMatchObject({ reason: 'stream-too-large' });
    // under the limit it is placed
    await expect(placePdfPages(await PDFDocument.create(), src, 16 * 1024 * 1024)).resolves.toHaveLength(1);
  });

  it('the generated bomb streams are what they claim (a zlib stream of zeros)', async () => {
    const { inflateSync } = await import('node:zlib');
    expect(inflateSync(zeroFlate(3)).equals(Buffer.alloc(3 << 20))).toBe(true);
  });
});

describe('through buildCase: the case over a limit fails alone, named and located', () => {
  /** The sample case with `files` added to evidence/ and its exhibits replaced by `evidence`. */
  async function writeCase(name: string, files: Record<string, Uint8Array>, evidence: { id: string; file: string; title: string }[]): Promise<string> {
    const dir = path.join(root, name);
    await cp(samples, dir, { recursive: true });
    for (const [n, b] of Object.entries(files)) await writeFile(path.join(dir, 'evidence', n), b);
    const intake = JSON.parse(await readFile(path.join(dir, 'intake-affirmative.json'), 'utf8')) as { events: { evidence: string[] }[]; evidence: unknown[] };
    for (const e of intake.events) e.evidence = [];
    intake.evidence = evidence.map((e) => ({ category: 'other', language: 'en', ...e }));
    const file = path.join(dir, 'intake.json');
    await writeFile(file, JSON.stringify(intake, null, 2));
    return file;
  }
  const build = (file: string, out: string) => buildCase(file, { outDir: path.join(root, out), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
  const letter = { id: 'ex-letter', file: 'evidence/amaya-letter.pdf', title: 'Letter from neighbour Rosa Amaya' };

  const bombs = [
    { code: 'AP4002', name: 'photo.png', make: () => pngBomb(30000), hint: /300 dpi/ },
    { code: 'AP4002', name: 'scan.tif', make: () => tiffBomb(16000, 16000), hint: /300 dpi/ },
    { code: 'AP4003', name: 'report.pdf', make: () => pdfStreamBomb(1024), hint: /print it to a new PDF/ },
    { code: 'AP4004', name: 'record.pdf', make: () => manyPagesPdf(50_000), hint: /pages that matter/ },
  ];
  for (const b of bombs) {
    it(`${b.name}: ${b.code} naming the tab, title and file, in seconds; the next case builds`, async () => {
      const file = await writeCase(`case-${b.name}`, { [b.name]: b.make() }, [letter, { id: 'ex-bomb', file: `evidence/${b.name}`, title: 'Medical record' }]);
      const r = await measured(() => build(file, `out-${b.name}`));
      const result = r.value!;
      expect(r.error).toBeUndefined();
      expect(result.ok).toBe(false);
      expect(result.outputs).toEqual([]);
      const p = result.problems.filter((q) => q.severity === 'error');
      expect(p, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
      expect(p[0]!.code).toBe(b.code);
      expect(p[0]!.message).toContain('Tab B, "Medical record"');
      expect(p[0]!.message).toContain(`evidence/${b.name}`);
      expect(p[0]!.message).toMatch(/limit/);
      expect(p[0]!.hint).toMatch(b.hint);
      expect(p[0]!.location).toMatchObject({ file, path: 'evidence[1].file' });
      expect(r.ms).toBeLessThan(15_000); // the whole case, the Word documents included
      expect(r.rss).toBeLessThan(MEMORY_BOUND);

      const good = await build(await writeCase(`good-after-${b.name}`, {}, [letter]), `out-good-${b.name}`);
      expect(good.ok, JSON.stringify(good.problems, null, 2)).toBe(true);
    }, 60_000);
  }

  it('a packet of more pages than the limit (six exhibits of 2,000 pages each) fails with AP4005 before any page is copied', async () => {
    const big = manyPagesPdf(MAX_PAGES_PER_EXHIBIT);
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`volume-${i + 1}.pdf`, big]));
    const evidence = Object.keys(files).map((n, i) => ({ id: `ex-${i}`, file: `evidence/${n}`, title: `Hospital records, part ${i + 1}` }));
    const file = await writeCase('case-packet-pages', files, evidence);
    const r = await measured(() => build(file, 'out-packet-pages'));
    const result = r.value!;
    expect(result.ok).toBe(false);
    const p = result.problems.filter((q) => q.severity === 'error');
    expect(p, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
    expect(p[0]!).toMatchObject({ code: 'AP4005', name: 'packet-too-many-pages', location: { file, path: 'evidence' } });
    expect(p[0]!.message).toMatch(/12,000 pages together, more than the limit of 10,000/);
    expect(p[0]!.message).toContain('Tab A (evidence/volume-1.pdf), 2,000 pages');
    expect(r.ms).toBeLessThan(30_000);
    expect(r.rss).toBeLessThan(MEMORY_BOUND * 2);
  }, 90_000);
});
