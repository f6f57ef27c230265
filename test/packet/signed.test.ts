/**
 * Issue 12, part 3: signatures. A signed scan dropped into signed/ beside the intake, named as the
 * checklist lists it, takes the place of the generated page on the next build (no --force: the scan
 * is an input of the case), at the same place and with the same page numbers; the checklist says
 * which signatures are in and which are still missing. A scan of the wrong length fails the case
 * with AP4007 and publishes nothing. The representative's certificate of service is signed
 * "/s/ Name" where the pipeline says so. The scans here are images, as a phone or a scanner makes
 * them (JPEG, and a PDF of JPEG pages), with no text layer.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { sharedOffice } from '../../src/convert/office.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { exhibitsOnly, shippedPipelinesAs } from '../helpers/convert-steps.js';
import { OFFICE_MISSING, officeTitle } from '../helpers/office.js';
import { norm, pdfOutline, pdfPages, withPdf, type FlatOutlineItem, type PageInfo } from '../helpers/pdf.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';
const CASE = '2025-0142-nunez';

let tmp: string;
let intake: string;
let caseDir: string;
let exhibitsOnlyPipelines: Pipeline[];

/** A page a phone camera makes of a signed sheet: a JPEG, no text layer. */
async function signedPhoto(label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="850" height="1100"><rect width="100%" height="100%" fill="#f4f1ea"/><text x="80" y="200" font-size="36" font-family="serif">${label}</text><path d="M500 900 C 560 840, 620 960, 700 880" stroke="#123" stroke-width="4" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}

/** A scanner's PDF: one JPEG per page, no text layer. */
async function scannedPdf(pages: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) {
    const jpg = await doc.embedJpg(await signedPhoto(`${label}, page ${i + 1}`));
    doc.addPage([612, 792]).drawImage(jpg, { x: 0, y: 0, width: 612, height: 792 });
  }
  return doc.save();
}

interface Filing {
  build: CaseBuild;
  pages: PageInfo[];
  outline: FlatOutlineItem[];
  checklist: string;
}

async function build(pipelines: Pipeline[], pipeline: string, force = false): Promise<Filing> {
  const b = await buildCase(intake, { outDir: path.join(tmp, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY, force });
  expect(b.ok, JSON.stringify(b.problems, null, 2)).toBe(true);
  const dir = path.join(tmp, 'out', CASE, pipeline);
  const read = await withPdf(await readFile(path.join(dir, `${CASE}-exhibits.pdf`)), async (doc) => ({ pages: await pdfPages(doc), outline: await pdfOutline(doc) }));
  return { build: b, ...read, checklist: await readFile(path.join(dir, `${CASE}-filing-checklist.md`), 'utf8') };
}

/** The page index of a bookmark: the child `child` of the top-level bookmark starting with `parent`. */
const bookmark = (f: Filing, parent: string, child?: string) =>
  f.outline.find((o) => (child ? o.title === child && o.parent?.startsWith(parent) : o.title.startsWith(parent)))!.pageIndex;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-signed-'));
  caseDir = path.join(tmp, 'case');
  await mkdir(caseDir);
  // The sample case: its evidence, and its history (the affirmative filing it was recorded from).
  for (const folder of ['evidence', 'history']) await cp(path.join(ROOT, 'fixtures/samples', folder), path.join(caseDir, folder), { recursive: true });
  intake = path.join(caseDir, 'intake-defensive.json');
  await cp(path.join(ROOT, 'fixtures/samples/intake-defensive.json'), intake);
  const loaded = await loadPipelines(await shippedPipelinesAs(path.join(tmp, 'pipelines'), exhibitsOnly), { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(loaded.problems).toEqual([]);
  exhibitsOnlyPipelines = loaded.pipelines;
});
afterAll(async () => {
  await sharedOffice().stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('a signed certificate of translation dropped into signed/', () => {
  let before: Filing;
  let after: Filing;
  const scan = () => path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-B.jpg`);

  beforeAll(async () => {
    before = await build(exhibitsOnlyPipelines, 'eoir-defensive');
    expect(before.build.ok, JSON.stringify(before.build.problems)).toBe(true);
    await mkdir(path.join(caseDir, 'signed'));
    await writeFile(scan(), await signedPhoto('Certificate of translation, Tab B — signed, Ana Lucía Torres'));
    after = await build(exhibitsOnlyPipelines, 'eoir-defensive');
  }, 120_000);
  afterAll(async () => rm(path.join(caseDir, 'signed'), { recursive: true, force: true }));

  it('is listed first in the checklist as still to sign, with the name to scan it under and its page', () => {
    const at = bookmark(before, 'Tab B', 'Certificate of translation');
    expect(before.checklist).toContain(
      `- [ ] Certificate of translation, Tab B (page ${at + 1}): to be signed by Ana Lucía Torres. Print it, have it signed, scan the signed page into \`signed/${CASE}-certificate-of-translation-tab-B.pdf\` beside the intake`,
    );
    expect(norm(before.pages[at]!.text)).toMatch(/^CERTIFICATE OF TRANSLATION /);
  });

  it('takes the generated page\'s place on the next build, without --force: same place, same numbers, same bookmarks', () => {
    expect(after.build.ok, JSON.stringify(after.build.problems)).toBe(true);
    expect(after.build.outputs.find((o) => o.pipeline === 'eoir-defensive')!.upToDate).toBe(false);
    const at = bookmark(before, 'Tab B', 'Certificate of translation');
    expect(after.pages).toHaveLength(before.pages.length);
    expect(after.outline).toEqual(before.outline);
    // The scan is an image: the page carries only its number, the same number as before.
    expect(after.pages[at]!.items.map((i) => i.str)).toEqual([String(at + 1)]);
    for (const [i, p] of after.pages.entries()) expect(p.items.at(-1)?.str, `page ${i + 1}`).toBe(String(i + 1));
    // Every other page as before.
    for (const [i, p] of after.pages.entries()) if (i !== at) expect(norm(p.text), `page ${i + 1}`).toBe(norm(before.pages[i]!.text));
  });

  it('is checked off in the checklist, and the other certificates are still to sign', () => {
    const at = bookmark(before, 'Tab B', 'Certificate of translation');
    expect(after.checklist).toContain(`- [x] Certificate of translation, Tab B (page ${at + 1}): signed by Ana Lucía Torres; the signed scan, \`signed/${CASE}-certificate-of-translation-tab-B.jpg\`, is in the filing in its place.`);
    expect(after.checklist).toMatch(/- \[ \] Certificate of translation, Tab C \(page \d+\): to be signed by Ana Lucía Torres/);
  });

  it('a scan with more pages than the page it signs fails the case with AP4007, naming it and the pages, and publishes nothing', async () => {
    const manifest = path.join(tmp, 'out', CASE, 'eoir-defensive', 'manifest.json');
    const published = await readFile(manifest);
    await rm(scan());
    const wrong = path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-B.pdf`);
    await writeFile(wrong, await scannedPdf(2, 'Certificate of translation, Tab B'));
    try {
      const b = await buildCase(intake, { outDir: path.join(tmp, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines: exhibitsOnlyPipelines, today: TODAY });
      expect(b.ok).toBe(false);
      const e = b.problems.find((p) => p.code === 'AP4007')!;
      expect(e.message).toBe(`signed/${CASE}-certificate-of-translation-tab-B.pdf has 2 pages, and what it signs, Certificate of translation, Tab B, has 1: put in its place, it would change the filing's page numbers`);
      expect(e.location.file).toBe(wrong);
      expect(e.hint).toContain('scan exactly the 1 page the checklist lists for it');
      // The filing published before is still there, untouched.
      expect(await readFile(manifest)).toEqual(published);
    } finally {
      await rm(wrong);
    }
  }, 60_000);

  it('two scans of one page are refused when the intake is validated (AP1307), naming both', async () => {
    await writeFile(path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-C.jpg`), await signedPhoto('Tab C'));
    await writeFile(path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-C.pdf`), await scannedPdf(1, 'Tab C'));
    try {
      const b = await buildCase(intake, { outDir: path.join(tmp, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines: exhibitsOnlyPipelines, today: TODAY });
      expect(b.ok).toBe(false);
      const e = b.problems.find((p) => p.code === 'AP1307')!;
      expect(e.message).toContain(`signed/${CASE}-certificate-of-translation-tab-C.jpg and signed/${CASE}-certificate-of-translation-tab-C.pdf are both the signed scan`);
    } finally {
      await rm(path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-C.jpg`));
      await rm(path.join(caseDir, 'signed', `${CASE}-certificate-of-translation-tab-C.pdf`));
    }
  }, 60_000);
});

describe('the certificate of service, signed electronically by the representative', () => {
  it('carries "/s/ Sarah Okafor" on its signature line, and the checklist says so', async () => {
    const f = await build(exhibitsOnlyPipelines, 'eoir-defensive', true);
    expect(norm(f.pages.at(-1)!.text)).toMatch(/ \/s\/ Sarah Okafor Sarah Okafor \d+$/);
    expect(f.checklist).toContain(`- [x] Certificate of service (page ${f.pages.length}): signed electronically, "/s/ Sarah Okafor".`);
  }, 60_000);

  it('is signed by hand where the pipeline does not sign electronically: a blank line, a date line, and a scan to drop in', async () => {
    const dir = await shippedPipelinesAs(path.join(tmp, 'pipelines-by-hand'), (y) => exhibitsOnly(y).replace('signatures:\n  electronic: true\n', ''));
    const loaded = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(loaded.problems).toEqual([]);
    const f = await build(loaded.pipelines, 'eoir-defensive', true);
    const last = norm(f.pages.at(-1)!.text);
    expect(last).not.toContain('/s/');
    expect(last).toMatch(/ Sarah Okafor Date \d+$/);
    expect(f.checklist).toContain(`- [ ] Certificate of service (page ${f.pages.length}): to be signed by Sarah Okafor. Print it, have it signed, scan the signed page into \`signed/${CASE}-certificate-of-service.pdf\``);
  }, 60_000);
});

describe.skipIf(OFFICE_MISSING !== undefined)(officeTitle('the signed declaration, scanned on a scanner'), () => {
  it('replaces the converted declaration in the filing, page for page, its numbers unchanged', async () => {
    const pipelines = (await loadPipelines(await shippedPipelinesAs(path.join(tmp, 'pipelines-shipped'), (y) => y), { templatesDir: DEFAULT_TEMPLATES_DIR })).pipelines;
    const before = await build(pipelines, 'eoir-defensive', true);
    expect(before.build.ok, JSON.stringify(before.build.problems)).toBe(true);
    const first = bookmark(before, 'Declaration of');
    const last = bookmark(before, 'Tab A') - 1;
    const pages = last - first + 1;
    expect(before.checklist).toContain(`(pages ${first + 1}–${last + 1}): to be signed by José Antonio Núñez Ramírez, and the interpreter (certificate of interpretation). Print it, have it signed, scan the ${pages} signed pages into \`signed/${CASE}-declaration.pdf\``);
    await mkdir(path.join(caseDir, 'signed'), { recursive: true });
    await writeFile(path.join(caseDir, 'signed', `${CASE}-declaration.pdf`), await scannedPdf(pages, 'Declaration, signed'));
    try {
      const after = await build(pipelines, 'eoir-defensive');
      expect(after.build.ok, JSON.stringify(after.build.problems)).toBe(true);
      expect(after.pages).toHaveLength(before.pages.length);
      expect(after.outline).toEqual(before.outline);
      for (let i = first; i <= last; i++) expect(after.pages[i]!.items.map((x) => x.str), `page ${i + 1}`).toEqual([String(i + 1)]);
      expect(norm(after.pages[last + 1]!.text)).toBe(norm(before.pages[last + 1]!.text));
      expect(after.checklist).toContain(`- [x] Declaration of José Antonio Núñez Ramírez, with certificate of interpretation (pages ${first + 1}–${last + 1}): signed by José Antonio Núñez Ramírez`);
    } finally {
      await rm(path.join(caseDir, 'signed'), { recursive: true, force: true });
    }
  }, 240_000);
});

describe('a translation that carries its translator\'s own certificate (translation.certificateIncluded)', () => {
  it('is not given a second one: no certificate page after it, no Word certificate, nothing to sign for it', async () => {
    const before = await build(exhibitsOnlyPipelines, 'eoir-defensive', true);
    const data = JSON.parse(await readFile(intake, 'utf8')) as { evidence: { translation?: { certificateIncluded?: boolean } }[] };
    const translated = data.evidence.filter((e) => e.translation);
    translated[0]!.translation!.certificateIncluded = true;
    const own = path.join(caseDir, 'intake-own-certificate.json');
    await writeFile(own, JSON.stringify(data, null, 2));
    try {
      const b = await buildCase(own, { outDir: path.join(tmp, 'out-own'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines: exhibitsOnlyPipelines, today: TODAY, force: true });
      expect(b.ok, JSON.stringify(b.problems)).toBe(true);
      const dir = path.join(tmp, 'out-own', CASE, 'eoir-defensive');
      const outline = await withPdf(await readFile(path.join(dir, `${CASE}-exhibits.pdf`)), pdfOutline);
      const pages = await withPdf(await readFile(path.join(dir, `${CASE}-exhibits.pdf`)), pdfPages);
      expect(pages).toHaveLength(before.pages.length - 1);
      expect(outline.filter((o) => o.parent?.startsWith('Tab B'))).toEqual([{ title: 'English translation', depth: 1, parent: expect.stringMatching(/^Tab B/), pageIndex: bookmark(before, 'Tab B', 'English translation') }]);
      expect(outline.filter((o) => o.parent?.startsWith('Tab C')).map((o) => o.title)).toEqual(['English translation', 'Certificate of translation']);
      const files = b.outputs.find((o) => o.pipeline === 'eoir-defensive')!.files;
      expect(files).not.toContain(`${CASE}-certificate-of-translation-tab-B.docx`);
      expect(files).toContain(`${CASE}-certificate-of-translation-tab-C.docx`);
      const checklist = await readFile(path.join(dir, `${CASE}-filing-checklist.md`), 'utf8');
      expect(checklist).not.toContain('Certificate of translation, Tab B');
      expect(checklist).toContain('Certificate of translation, Tab C');
    } finally {
      await rm(own);
    }
  }, 60_000);
});
