/**
 * A case whose exhibits are the awkward files lawyers receive — A4, legal, landscape, a scan with
 * /Rotate 90, a PDF encrypted with an empty user password, photos (one with EXIF orientation 6),
 * a PNG and a damaged-but-repairable PDF — built through buildCase with the shipped pipelines and
 * read back with pdf.js. Then the failures: a PDF that needs a password not given, and a JPEG
 * named .pdf.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { exhibitsOnly, shippedPipelinesAs } from '../helpers/convert-steps.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import {
  a4Pdf,
  emptyUserPasswordPdf,
  jpegWithOrientation,
  landscapePdf,
  legalPdf,
  plainJpeg,
  rotatedPdf,
  tinyPng,
  userPasswordPdf,
  xrefOffsetsShifted,
} from '../helpers/hostile-pdfs.js';
import {
  expectedPacket,
  imagePlacements,
  norm,
  pdfPages,
  withPdf,
  type PdfjsDoc,
  type EvidenceEntry,
  type ExpectedPacket,
  type Matrix,
  type PageInfo,
} from '../helpers/pdf.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
const PACKET = '2025-0142-nunez-exhibits.pdf';

interface Source {
  name: string;
  bytes: Uint8Array;
  /** Orientation of each of its pages in the packet. */
  shape: ('portrait' | 'landscape')[];
}

let root: string;
let pipelines: Pipeline[];
const sources: Source[] = [];

/** A case folder: the sample case with `files` added to evidence/ and an intake whose exhibits are `evidence`. */
async function writeCase(name: string, files: Record<string, Uint8Array>, evidence: (Omit<EvidenceEntry, 'title'> & { title?: string; language?: string })[]): Promise<{ file: string; dir: string }> {
  const dir = path.join(root, name);
  await cp(samples, dir, { recursive: true });
  for (const [n, b] of Object.entries(files)) await writeFile(path.join(dir, 'evidence', n), b);
  const intake = JSON.parse(await readFile(path.join(dir, 'intake-affirmative.json'), 'utf8')) as { events: { evidence: string[] }[]; evidence: unknown[] };
  for (const e of intake.events) e.evidence = [];
  intake.evidence = evidence.map((e) => ({ category: 'other', language: 'en', title: `Exhibit ${path.basename(e.file)}`, ...e }));
  const file = path.join(dir, 'intake.json');
  await writeFile(file, JSON.stringify(intake, null, 2));
  return { file, dir };
}

const build = (file: string, outDir: string) => buildCase(file, { outDir, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-packet-mixed-'));
  // The exhibits' layout, without the documents LibreOffice converts.
  const loaded = await loadPipelines(await shippedPipelinesAs(path.join(root, 'pipelines'), exhibitsOnly), { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(loaded.problems).toEqual([]);
  pipelines = loaded.pipelines;
  sources.push(
    { name: 'a4.pdf', bytes: await a4Pdf(2), shape: ['portrait', 'portrait'] },
    { name: 'legal.pdf', bytes: await legalPdf(1), shape: ['portrait'] },
    { name: 'landscape.pdf', bytes: await landscapePdf(1), shape: ['landscape'] },
    // portrait MediaBox with /Rotate 90: shown sideways, so a landscape page
    { name: 'rotated.pdf', bytes: await rotatedPdf(1), shape: ['landscape'] },
    { name: 'open-encrypted.pdf', bytes: await emptyUserPasswordPdf(), shape: ['portrait', 'portrait'] },
    { name: 'photo.jpg', bytes: plainJpeg(64, 48), shape: ['landscape'] },
    // stored 64×48, EXIF 6: shown turned a quarter clockwise, 48×64
    { name: 'photo-exif6.jpg', bytes: jpegWithOrientation(6, 'II', 64, 48), shape: ['portrait'] },
    { name: 'scan.png', bytes: tinyPng(20, 30), shape: ['portrait'] },
    { name: 'damaged.pdf', bytes: await xrefOffsetsShifted(), shape: ['portrait', 'portrait'] },
  );
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('a packet of mixed exhibit files', () => {
  let result: CaseBuild;
  let pages: PageInfo[];
  let expected: ExpectedPacket;
  let images: Map<number, Matrix[]>;
  let caseDir: string;

  beforeAll(async () => {
    const evidence = sources.map((s, i) => ({ id: `ex-${i}`, file: `evidence/${s.name}`, title: `Exhibit ${s.name}` }));
    const c = await writeCase('mixed', Object.fromEntries(sources.map((s) => [s.name, s.bytes])), evidence);
    caseDir = c.dir;
    result = await build(c.file, path.join(root, 'out-mixed'));
    expect(result.ok, JSON.stringify(result.problems, null, 2)).toBe(true);
    const bytes = await readFile(path.join(result.outputs[0]!.dir, PACKET));
    ({ pages, images } = await withPdf(bytes, async (doc) => {
      const all = await pdfPages(doc);
      const placed = new Map<number, Matrix[]>();
      for (const p of all) placed.set(p.index, await imagePlacements(doc, p.index));
      return { pages: all, images: placed };
    }));
    const contentsPages = pages.filter((p) => p.text.startsWith('TABLE OF CONTENTS')).length;
    expected = await expectedPacket(caseDir, evidence, { contentsPages, certificateOfService: false });
  }, 60_000);

  /** The packet pages of exhibit `name` (without its tab page). */
  const pagesOf = (name: string) => {
    const i = sources.findIndex((s) => s.name === name);
    const x = expected.exhibits[i]!;
    return pages.slice(x.first + 1, x.first + 1 + x.originalPages);
  };

  it('builds, with the damaged file reported as repaired (AP4103) and no error', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const repaired = result.problems.filter((p) => p.code === 'AP4103');
    expect(repaired).toHaveLength(1);
    expect(repaired[0]!.message).toContain('Tab I, "Exhibit damaged.pdf"');
    expect(repaired[0]!.location).toMatchObject({ path: 'evidence[8].file' });
    expect(pages).toHaveLength(expected.pages);
  });

  it('puts every page on US Letter, in the orientation its content is shown in', () => {
    for (const p of pages) expect(`${p.width}×${p.height}`, `page ${p.index + 1}`).toMatch(/^(612×792|792×612)$/);
    for (const p of pages) expect(p.rotate, `page ${p.index + 1}`).toBe(0);
    sources.forEach((s, i) => {
      const x = expected.exhibits[i]!;
      expect(pages[x.first]!.width, `tab page of ${s.name}`).toBe(612);
      const shapes = pagesOf(s.name).map((p) => (p.width > p.height ? 'landscape' : 'portrait'));
      expect(shapes, s.name).toEqual(s.shape);
    });
    expect(pagesOf('landscape.pdf').map((p) => [p.width, p.height])).toEqual([[792, 612]]);
    expect(pagesOf('rotated.pdf').map((p) => [p.width, p.height])).toEqual([[792, 612]]);
  });

  it('keeps the exhibit text extractable on the scaled pages, every page in order', async () => {
    for (const s of sources.filter((src) => src.name.endsWith('.pdf'))) {
      const source = await withPdf(s.bytes, pdfPages);
      const placed = pagesOf(s.name);
      expect(placed, s.name).toHaveLength(source.length);
      source.forEach((sp, k) => {
        const text = norm(placed[k]!.text);
        expect(text, `${s.name} page ${k + 1}`).toContain(norm(sp.items[0]!.str));
        expect(text, `${s.name} page ${k + 1}`).toContain(`Page ${k + 1} of ${source.length}`);
        expect(text).toContain(norm(sp.items[1]!.str));
      });
    }
    expect(norm(pagesOf('open-encrypted.pdf')[0]!.text)).toMatch(/^A4 exhibit /);
    expect(norm(pagesOf('damaged.pdf')[1]!.text)).toMatch(/^Classic xref exhibit /);
  });

  it('shows each PDF page as a reader shows the original: same text direction, same layout in proportion, nothing in the number band', async () => {
    /** Text origins as displayed (points, y down), relative to the box around them: equal under uniform scaling and moving. */
    const layout = (p: PageInfo, items: PageInfo['items']) => {
      const pts = items.map((i) => [i.shownX * p.width, i.shownY * p.height] as const);
      const xs = pts.map(([x]) => x);
      const ys = pts.map(([, y]) => y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      return { aspect: (x1 - x0) / (y1 - y0), at: pts.map(([x, y]) => [(x - x0) / (x1 - x0 || 1), (y - y0) / (y1 - y0 || 1)]) };
    };
    for (const s of sources.filter((src) => src.name.endsWith('.pdf'))) {
      const source = await withPdf(s.bytes, pdfPages);
      pagesOf(s.name).forEach((p, k) => {
        const own = p.items.slice(0, -1); // without the packet's page number
        const want = source[k]!.items;
        expect(own.map((i) => i.str), `${s.name} p${k + 1}`).toEqual(want.map((i) => i.str));
        expect(own.map((i) => i.direction), `${s.name} p${k + 1}`).toEqual(want.map((i) => i.direction));
        const got = layout(p, own);
        const ref = layout(source[k]!, want);
        expect(got.aspect / ref.aspect, `${s.name} p${k + 1}: not stretched`).toBeCloseTo(1, 2);
        got.at.forEach(([x, y], j) => {
          expect(Math.abs(x! - ref.at[j]![0]!), `${s.name} p${k + 1} "${want[j]!.str}" x`).toBeLessThan(0.01);
          expect(Math.abs(y! - ref.at[j]![1]!), `${s.name} p${k + 1} "${want[j]!.str}" y`).toBeLessThan(0.01);
        });
        // all of the exhibit's text above the band kept for the page number
        for (const item of own) expect(item.shownY * p.height, `${s.name} "${item.str}"`).toBeLessThan(p.height - 36);
      });
    }
    // the rotated scan's text runs down the page, as a viewer shows a portrait page with /Rotate 90
    expect(pagesOf('rotated.pdf')[0]!.items[0]!.direction).toBe('down');
  });

  it('draws photos as full pages, upright as their EXIF orientation says, inside the margins and in proportion', () => {
    const one = (name: string) => {
      const p = pagesOf(name)[0]!;
      const m = images.get(p.index)!;
      expect(m, name).toHaveLength(1);
      expect(p.items.map((i) => i.str), `${name}: only the page number as text`).toEqual([String(p.index + 1)]);
      const [a, b, c, d, e, f] = m[0]!;
      // the unit square of the image, mapped onto the page
      const xs = [e, a + e, c + e, a + c + e];
      const ys = [f, b + f, d + f, b + d + f];
      expect(Math.min(...xs), name).toBeGreaterThanOrEqual(71.5);
      expect(Math.max(...xs), name).toBeLessThanOrEqual(p.width - 71.5);
      expect(Math.min(...ys), name).toBeGreaterThanOrEqual(71.5);
      expect(Math.max(...ys), name).toBeLessThanOrEqual(p.height - 71.5);
      return { a, b, c, d };
    };
    const plain = one('photo.jpg');
    expect(plain.b).toBeCloseTo(0, 6);
    expect(plain.c).toBeCloseTo(0, 6);
    expect(plain.a).toBeGreaterThan(0);
    expect(plain.d).toBeGreaterThan(0);
    expect(plain.a / plain.d).toBeCloseTo(64 / 48, 3);
    // EXIF 6: the stored image's left-to-right runs top to bottom, its bottom-to-top runs left to right
    const turned = one('photo-exif6.jpg');
    expect(turned.a).toBeCloseTo(0, 6);
    expect(turned.d).toBeCloseTo(0, 6);
    expect(turned.b).toBeLessThan(0);
    expect(turned.c).toBeGreaterThan(0);
    expect(-turned.b / turned.c).toBeCloseTo(64 / 48, 3);
    const png = one('scan.png');
    expect(png.a / png.d).toBeCloseTo(20 / 30, 3);
    expect(png.b).toBeCloseTo(0, 6);
  });

  it('numbers every page', () => {
    for (const p of pages) {
      const last = p.items.at(-1)!;
      expect(last.str, `page ${p.index + 1}`).toBe(String(p.index + 1));
      expect(last.y).toBeLessThan(36);
      expect(Math.abs(last.x + last.width / 2 - p.width / 2), `page ${p.index + 1} centred`).toBeLessThan(1);
    }
  });

  it('puts a tab page, "TAB X" and the title, before each exhibit', () => {
    sources.forEach((s, i) => {
      const x = expected.exhibits[i]!;
      expect(norm(pages[x.first]!.text)).toBe(`TAB ${x.tab} Exhibit ${s.name} ${x.first + 1}`);
    });
  });
});

describe('a PDF protected with a password', () => {
  let locked: Uint8Array;
  beforeAll(async () => {
    locked = await userPasswordPdf('s3cret');
  });

  const evidence = (password?: string) => [
    { id: 'ex-letter', file: 'evidence/amaya-letter.pdf', title: 'Letter from neighbour Rosa Amaya' },
    { id: 'ex-bank', file: 'evidence/bank-statement.pdf', title: 'Bank statement of Panadería Núñez', ...(password !== undefined ? { password } : {}) },
  ];

  it('without the password in the intake: the case fails with AP4001 naming the tab and title, and nothing is written', async () => {
    const c = await writeCase('locked', { 'bank-statement.pdf': locked }, evidence());
    const outDir = path.join(root, 'out-locked');
    const r = await build(c.file, outDir);
    expect(r.ok).toBe(false);
    expect(r.outputs).toEqual([]);
    const p = r.problems.filter((q) => q.code === 'AP4001');
    expect(p, JSON.stringify(r.problems, null, 2)).toHaveLength(1);
    expect(p[0]!.severity).toBe('error');
    expect(p[0]!.message).toContain('Tab B');
    expect(p[0]!.message).toContain('Bank statement of Panadería Núñez');
    expect(p[0]!.message).toContain('evidence/bank-statement.pdf');
    expect(p[0]!.message).toMatch(/password/i);
    expect(`${p[0]!.message} ${p[0]!.hint ?? ''}`).toMatch(/"password"|add it to the exhibit/);
    expect(p[0]!.location).toMatchObject({ file: c.file, path: 'evidence[1].file' });
    expect(await filesUnder(outDir)).toEqual([]);
  });

  it('with a wrong password: AP4001 says the password does not open it', async () => {
    const c = await writeCase('locked-wrong', { 'bank-statement.pdf': locked }, evidence('guess'));
    const outDir = path.join(root, 'out-locked-wrong');
    const r = await build(c.file, outDir);
    expect(r.ok).toBe(false);
    const p = r.problems.find((q) => q.code === 'AP4001');
    expect(p?.message).toContain('Tab B');
    expect(p?.message).toMatch(/password given does not open it/);
    expect(await filesUnder(outDir)).toEqual([]);
  });

  it('with the right password in evidence[].password: it builds, the exhibit readable in the packet', async () => {
    const c = await writeCase('unlocked', { 'bank-statement.pdf': locked }, evidence('s3cret'));
    const r = await build(c.file, path.join(root, 'out-unlocked'));
    expect(r.ok, JSON.stringify(r.problems, null, 2)).toBe(true);
    const pages = await withPdf(await readFile(path.join(r.outputs[0]!.dir, PACKET)), pdfPages);
    const tab = pages.findIndex((p) => norm(p.text).startsWith('TAB B '));
    expect(tab).toBeGreaterThan(0);
    expect(norm(pages[tab + 1]!.text)).toMatch(/^A4 exhibit .*Page 1 of 2/);
    expect(norm(pages[tab + 2]!.text)).toMatch(/^A4 exhibit .*Page 2 of 2/);
    expect(pages).toHaveLength(tab + 3);
  });
});

describe('a JPEG named .pdf', () => {
  it('is caught by intake validation (AP1305) before any packet is made', async () => {
    const c = await writeCase('impostor', { 'photo-named-as.pdf': plainJpeg(64, 48) }, [
      { id: 'ex-photo', file: 'evidence/photo-named-as.pdf', title: 'Photo of the burned van' },
    ]);
    const outDir = path.join(root, 'out-impostor');
    const r = await build(c.file, outDir);
    expect(r.ok).toBe(false);
    expect(r.outputs).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['AP1305']);
    expect(r.problems[0]!.location).toMatchObject({ path: 'evidence[0].file' });
    expect(r.problems[0]!.message).toMatch(/PDF.*JPEG/);
    expect(r.problems.some((p) => p.code.startsWith('AP4'))).toBe(false);
    expect(await filesUnder(outDir)).toEqual([]);
  });
});

/** A one-page government-style form whose answers are filled-in form fields (AcroForm widgets), as many downloaded forms are. */
async function filledFormPdf(answers: Record<string, string>): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Arrival/Departure Record (fictional test form)', { x: 72, y: 700, size: 14, font });
  const form = doc.getForm();
  Object.entries(answers).forEach(([name, value], i) => {
    page.drawText(`${name}:`, { x: 72, y: 640 - 40 * i, size: 11, font });
    const field = form.createTextField(name);
    field.setText(value);
    field.addToPage(page, { x: 200, y: 632 - 40 * i, width: 300, height: 22, font });
  });
  return doc.save();
}

/** The text a reader shows on page `index`: the page's text and the values of its form fields. */
async function shownText(doc: PdfjsDoc, index: number): Promise<string> {
  const page = await doc.getPage(index + 1);
  const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
  const fields = (await page.getAnnotations()).map((a) => (typeof a.fieldValue === 'string' ? a.fieldValue : '')).join(' ');
  return norm(`${text} ${fields}`);
}

describe('a filled-in PDF form', () => {
  it('keeps its answers in the packet (field values are part of what the reader sees)', async () => {
    const answers = { 'Family name': 'NUNEZ RAMIREZ', 'Admission number': '987654321A1' };
    const bytes = await filledFormPdf(answers);
    // the original shows the answers
    const before = await withPdf(bytes, (doc) => shownText(doc, 0));
    for (const v of Object.values(answers)) expect(before).toContain(v);
    const c = await writeCase('form', { 'i94.pdf': bytes }, [{ id: 'ex-i94', file: 'evidence/i94.pdf', title: 'Form I-94 arrival record' }]);
    const r = await build(c.file, path.join(root, 'out-form'));
    expect(r.ok, JSON.stringify(r.problems, null, 2)).toBe(true);
    const after = await withPdf(await readFile(path.join(r.outputs[0]!.dir, PACKET)), async (doc) => {
      const pages = await pdfPages(doc);
      const tab = pages.findIndex((p) => norm(p.text).startsWith('TAB A '));
      return shownText(doc, tab + 1);
    });
    expect(after).toContain('Arrival/Departure Record');
    for (const v of Object.values(answers)) expect(after, `the answer "${v}"`).toContain(v);
  });
});

/** A one-page PDF whose content stream ends with `tail` appended: e.g. graphics states left open, as some broken generators write. */
async function unbalancedPdf(tail: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Scanner output with unbalanced graphics state', { x: 72, y: 700, size: 14, font });
  page.node.addContentStream(doc.context.register(doc.context.flateStream(tail)));
  return doc.save();
}

describe('an exhibit page whose content leaves the graphics state unbalanced', () => {
  it('cannot move the page number out of its band or off the page, nor the next pages', async () => {
    const files = {
      'open-q.pdf': await unbalancedPdf('q 0.5 0 0 0.5 100 100 cm q q 1 0 0 1 50 50 cm\n'),
      'extra-Q.pdf': await unbalancedPdf('Q Q Q Q Q\n'),
    };
    const c = await writeCase(
      'unbalanced',
      files,
      Object.keys(files).map((n, i) => ({ id: `ex-${i}`, file: `evidence/${n}`, title: `Exhibit ${n}` })),
    );
    const r = await build(c.file, path.join(root, 'out-unbalanced'));
    expect(r.ok, JSON.stringify(r.problems, null, 2)).toBe(true);
    const pages = await withPdf(await readFile(path.join(r.outputs[0]!.dir, PACKET)), pdfPages);
    for (const p of pages) {
      const last = p.items.at(-1)!;
      expect([last.str, Math.round(last.y), Math.round(last.x + last.width / 2)], `page ${p.index + 1}`).toEqual([String(p.index + 1), 13, p.width / 2]);
    }
    for (const p of pages.filter((pg) => pg.text.startsWith('Scanner output'))) {
      // drawn where the other exhibits' first lines are: scaled into the margins, near the top left
      expect(p.items[0]!.shownX, `page ${p.index + 1}`).toBeLessThan(0.2);
      expect(p.items[0]!.shownY, `page ${p.index + 1}`).toBeLessThan(0.2);
    }
  });
});
