import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedPDFError, PDFDocument } from '@cantoo/pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ExhibitLoadError } from '../../src/pdf/exhibit.js';
import { loadExhibit } from '../../src/pdf/load.js';
import { findQpdf } from '../../src/pdf/repair.js';
import type { ExhibitFailure, LoadedExhibit } from '../../src/pdf/exhibit.js';
import * as H from '../helpers/hostile-pdfs.js';

const tmp = mkdtempSync(join(tmpdir(), 'load-exhibit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const qpdf = findQpdf();

let serial = 0;
/** Writes the bytes under their own folder so that `name` (and its extension) is kept as given. */
async function put(name: string, bytes: Uint8Array | Promise<Uint8Array>): Promise<string> {
  const dir = join(tmp, String(serial++));
  mkdirSync(dir);
  const file = join(dir, name);
  await writeFile(file, await bytes);
  return file;
}

type Opts = Parameters<typeof loadExhibit>[1];
type LoadedPdf = Extract<LoadedExhibit, { kind: 'pdf' }>;
type LoadedImage = Extract<LoadedExhibit, { kind: 'image' }>;

async function loadPdf(name: string, bytes: Uint8Array | Promise<Uint8Array>, opts?: Opts): Promise<LoadedPdf> {
  const loaded = await loadExhibit(await put(name, bytes), opts);
  if (loaded.kind !== 'pdf') throw new Error(`expected a PDF, got ${loaded.kind}`);
  return loaded;
}

async function loadImage(name: string, bytes: Uint8Array | Promise<Uint8Array>): Promise<LoadedImage> {
  const loaded = await loadExhibit(await put(name, bytes));
  if (loaded.kind !== 'image') throw new Error(`expected an image, got ${loaded.kind}`);
  return loaded;
}

async function failure(name: string, bytes: Uint8Array | Promise<Uint8Array>, opts?: Opts): Promise<ExhibitLoadError> {
  const file = await put(name, bytes);
  const err = await loadExhibit(file, opts).then(
    (ok) => new Error(`expected a failure, loaded ${ok.kind}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExhibitLoadError);
  return err as ExhibitLoadError;
}

async function expectFailure(reason: ExhibitFailure, name: string, bytes: Uint8Array | Promise<Uint8Array>, opts?: Opts): Promise<ExhibitLoadError> {
  const err = await failure(name, bytes, opts);
  expect(err.reason, err.message).toBe(reason);
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.hint.length).toBeGreaterThan(0);
  return err;
}

/** Page sizes in points, rounded to 0.01, with the /Rotate angle: what the packet reads back. */
const pageSizes = (doc: PDFDocument) =>
  doc.getPages().map((p) => {
    const { width, height } = p.getSize();
    return [Math.round(width * 100) / 100, Math.round(height * 100) / 100, p.getRotation().angle];
  });

/** Copies every page into a new document (as the packet does), saves it, and extracts each page's text with pdf.js. */
async function pageTexts(doc: PDFDocument): Promise<string[]> {
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  const pdf = await getDocument({ data: new Uint8Array(await out.save()), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const texts: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return texts;
  } finally {
    await pdf.destroy();
  }
}

const A4: [number, number, number] = [595.28, 841.89, 0];

// ───────────────────────────────────────────────────────────────────────────

describe('findQpdf', () => {
  it('finds the executable once and caches the answer', () => {
    expect(findQpdf()).toBe(qpdf);
    if (qpdf) expect(statSync(qpdf).isFile()).toBe(true);
    else expect(qpdf).toBe(false);
  });
});

describe('what the file really is', () => {
  it('refuses an empty file, and a file of zero bytes left by an interrupted sync', async () => {
    await expectFailure('empty', 'empty.pdf', H.emptyFile());
    const zeros = await expectFailure('empty', 'synced.pdf', H.zeroFilledFile());
    expect(zeros.message).toMatch(/zero bytes/);
  });

  it('says what a file named .pdf really is: a JPEG', async () => {
    const err = await expectFailure('type-mismatch', 'passport.pdf', H.plainJpeg());
    expect(err.message).toMatch(/named as a PDF but is really a JPEG image/);
    expect(err.claimed).toBe('a PDF');
    expect(err.actual).toBe('a JPEG image');
  });

  it('says what a file named .pdf really is: a portal page saved instead of the document', async () => {
    const err = await expectFailure('type-mismatch', 'denuncia.pdf', H.htmlPage());
    expect(err.actual).toBe('a web page (HTML)');
    expect(err.hint).toMatch(/download/);
  });

  it('treats a PNG named .jpg as a mismatch too (the name must match the content)', async () => {
    const err = await expectFailure('type-mismatch', 'photo.jpg', H.tinyPng());
    expect(err.actual).toBe('a PNG image');
  });

  it('converts a multi-page TIFF scan into PDF pages sized from its resolution', async () => {
    const path = join(tmp, 'fax.tif');
    await writeFile(path, await H.multiPageTiff());
    const loaded = await loadExhibit(path);
    expect(loaded.kind).toBe('pdf');
    if (loaded.kind !== 'pdf') return;
    expect(loaded.pageCount).toBe(2);
    expect(loaded.doc.getPage(1).getSize()).toEqual({ width: 612, height: 792 });
  });

  it('refuses a TIFF it cannot decode as damaged, and HEIC with a hint to convert it', async () => {
    const tiff = await expectFailure('damaged', 'scan.tif', H.tiffHeader());
    expect(tiff.message).toMatch(/TIFF/);
    const heic = await expectFailure('unsupported-image', 'IMG_0001.HEIC', H.heicHeader());
    expect(heic.message).toMatch(/HEIC/);
    expect(heic.hint).toMatch(/JPEG/);
    // a TIFF named .pdf: the name lies, which is said first
    expect((await expectFailure('type-mismatch', 'scan.pdf', H.tiffHeader())).actual).toBe('a TIFF image');
  });

  it('refuses content it does not recognise', async () => {
    await expectFailure('not-a-document', 'notes.pdf', H.unknownBytes());
  });

  it('reads a PDF whose name has no known extension by its content', async () => {
    const loaded = await loadPdf('scan-from-office', H.a4Pdf(1));
    expect(loaded.pageCount).toBe(1);
  });

  it('wraps file-system errors as unreadable, with the original error as cause', async () => {
    const missing = await loadExhibit(join(tmp, 'no-such-file.pdf')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ExhibitLoadError);
    expect((missing as ExhibitLoadError).reason).toBe('unreadable');
    expect((missing as ExhibitLoadError).message).toMatch(/does not exist/);
    expect(((missing as ExhibitLoadError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const folder = await loadExhibit(tmp).catch((e: unknown) => e);
    expect((folder as ExhibitLoadError).reason).toBe('unreadable');
  });
});

describe('images', () => {
  it('reads a PNG size from IHDR', async () => {
    const png = H.tinyPng(3, 2);
    const img = await loadImage('stamp.png', png);
    expect(img).toMatchObject({ kind: 'image', format: 'png', width: 3, height: 2 });
    expect(img.orientation).toBeUndefined();
    expect(Buffer.from(img.bytes).equals(Buffer.from(png))).toBe(true);
    const embedded = await (await PDFDocument.create()).embedPng(img.bytes);
    expect([embedded.width, embedded.height]).toEqual([3, 2]);
  });

  it('reads a baseline JPEG size from SOF0, without orientation when there is no EXIF', async () => {
    const img = await loadImage('photo.jpg', H.plainJpeg(64, 48));
    expect(img).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(img.orientation).toBeUndefined();
  });

  it('returns the EXIF orientation of a phone photo (little- and big-endian EXIF)', async () => {
    const six = await loadImage('sideways.jpeg', H.jpegWithOrientation(6, 'II', 64, 48));
    expect(six).toMatchObject({ format: 'jpeg', width: 64, height: 48, orientation: 6 });
    const eight = await loadImage('other-way.jpg', H.jpegWithOrientation(8, 'MM'));
    expect(eight.orientation).toBe(8);
    // the spliced APP1 segment does not bother pdf-lib
    const embedded = await (await PDFDocument.create()).embedJpg(six.bytes);
    expect([embedded.width, embedded.height]).toEqual([64, 48]);
  });

  it('reads the size of a progressive JPEG from SOF2', async () => {
    const img = await loadImage('progressive.jpg', H.relabelledJpeg(0xc2, 40, 30));
    expect(img).toMatchObject({ format: 'jpeg', width: 40, height: 30 });
  });

  it('refuses a lossless JPEG, which PDF viewers cannot show', async () => {
    const err = await expectFailure('unsupported-image', 'lossless.jpg', H.relabelledJpeg(0xc3));
    expect(err.message).toMatch(/lossless/);
  });

  it('refuses a JPEG or a PNG cut short', async () => {
    const jpg = await expectFailure('damaged', 'half.jpg', H.truncatedJpeg());
    expect(jpg.message).toMatch(/cut short/);
    const png = H.tinyPng();
    const half = await expectFailure('damaged', 'half.png', png.slice(0, png.length - 12)); // without IEND
    expect(half.message).toMatch(/cut short/);
  });
});

describe('PDF page sizes as read back', () => {
  it.each([
    ['A4', () => H.a4Pdf(2), [A4, A4]],
    ['US legal', () => H.legalPdf(1), [[612, 1008, 0]]],
    ['landscape letter', () => H.landscapePdf(1), [[792, 612, 0]]],
    ['/Rotate 90', () => H.rotatedPdf(2), [[612, 792, 90], [612, 792, 90]]],
  ] as const)('%s', async (_label, make, expected) => {
    const loaded = await loadPdf('exhibit.pdf', make());
    expect(loaded).toMatchObject({ kind: 'pdf', pageCount: expected.length, repairedWith: null, wasEncrypted: false });
    expect(loaded.repairNotes).toBeUndefined();
    expect(pageSizes(loaded.doc)).toEqual(expected);
  });

  it('a classic-xref copy of the same document reads as clean (the damage tests start from it)', async () => {
    const loaded = await loadPdf('classic.pdf', H.classicXrefPdf());
    expect(loaded).toMatchObject({ pageCount: 2, repairedWith: null });
  });
});

describe('encrypted PDFs', () => {
  it.each(['AES-256', 'AES-128', 'RC4-128'] as const)('opens a %s file with an empty user password, like a government form', async (algorithm) => {
    const loaded = await loadPdf('form.pdf', H.emptyUserPasswordPdf(algorithm));
    expect(loaded).toMatchObject({ pageCount: 2, repairedWith: null, wasEncrypted: true });
    expect(pageSizes(loaded.doc)).toEqual([A4, A4]);
    const texts = await pageTexts(loaded.doc);
    expect(texts[0]).toContain('Page 1 of 2');
    expect(texts[1]).toContain('Page 2 of 2');
  });

  it('opens an empty-user-password file even when a (needless) password is given', async () => {
    const loaded = await loadPdf('form.pdf', H.emptyUserPasswordPdf(), { password: 'whatever' });
    expect(loaded).toMatchObject({ pageCount: 2, wasEncrypted: true });
  });

  it('asks for the password of a file that needs one', async () => {
    const bytes = await H.userPasswordPdf('s3cret');
    const none = await expectFailure('password-required', 'locked.pdf', bytes);
    expect((none.cause as Error).message).toBe('NEEDS PASSWORD');
    await expectFailure('password-required', 'locked.pdf', bytes, { password: '' });
  });

  it('says when the password given is wrong', async () => {
    const err = await expectFailure('wrong-password', 'locked.pdf', H.userPasswordPdf('s3cret'), { password: 'S3cret' });
    expect((err.cause as Error).message).toBe('Password incorrect');
  });

  it('opens it with the user password, or with the owner password', async () => {
    const bytes = await H.userPasswordPdf('s3cret');
    for (const password of ['s3cret', 'owner-secret']) {
      const loaded = await loadPdf('locked.pdf', bytes, { password });
      expect(loaded).toMatchObject({ pageCount: 2, repairedWith: null, wasEncrypted: true });
      expect(pageSizes(loaded.doc)).toEqual([A4, A4]);
      expect((await pageTexts(loaded.doc))[1]).toContain('Page 2 of 2');
    }
  });

  it("refuses protection other than by password (certificate, DRM) as 'unreadable', without trying qpdf", async () => {
    const err = await expectFailure('unreadable', 'drm.pdf', H.certificateProtectedPdf());
    expect(err.message).toMatch(/protected in a way that cannot be opened/);
    expect((err.cause as Error).message).toBe('unknown encryption method');
  });

  it("pins how @cantoo/pdf-lib signals password problems (the module relies on exactly this)", async () => {
    const bytes = await H.userPasswordPdf('s3cret');
    // password undefined → the document is not decrypted and the constructor refuses it
    await expect(PDFDocument.load(bytes)).rejects.toBeInstanceOf(EncryptedPDFError);
    // password given → CipherTransformFactory throws plain Errors with fixed messages
    await expect(PDFDocument.load(bytes, { password: '' })).rejects.toThrow(/^NEEDS PASSWORD$/);
    await expect(PDFDocument.load(bytes, { password: 'nope' })).rejects.toThrow(/^Password incorrect$/);
    const open = await H.emptyUserPasswordPdf();
    await expect(PDFDocument.load(open, { password: 'nope' })).rejects.toThrow(/^Password incorrect$/);
  });
});

describe('damaged PDFs that pdf-lib reads by itself', () => {
  // pdf-lib never uses the xref table: it scans the file for objects, so these open as they are,
  // and the module reports them as repaired by pdf-lib because it checks the xref data itself.
  it.each([
    ['xref offsets shifted', () => H.xrefOffsetsShifted(), /10 xref entries point to the wrong place/],
    ['startxref pointing elsewhere', () => H.startxrefWrong(), /startxref does not point/],
    ['xref table and trailer cut off', () => H.withoutXrefAndTrailer(), /no startxref/],
  ] as const)('%s', async (_label, make, note) => {
    const bytes = await make();
    for (const opts of [{}, { qpdf: false as const }]) {
      const loaded = await loadPdf('damaged.pdf', bytes, opts);
      expect(loaded).toMatchObject({ pageCount: 2, repairedWith: 'pdf-lib', wasEncrypted: false });
      expect(loaded.repairNotes?.join('\n')).toMatch(note);
      expect(pageSizes(loaded.doc)).toEqual([A4, A4]);
    }
  });
});

describe('damaged PDFs that only qpdf can repair', () => {
  it('pdf-lib parses a stray token in the page tree but then has no page tree', async () => {
    const doc = await PDFDocument.load(await H.strayTokenInPageTree(), { updateMetadata: false });
    expect(() => doc.getPages()).toThrow();
  });

  it("without qpdf: 'damaged'", async () => {
    const err = await expectFailure('damaged', 'damaged.pdf', H.strayTokenInPageTree(), { qpdf: false });
    expect(err.message).toMatch(/could not be repaired/);
    expect(err.hint).toMatch(/qpdf/);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("with a qpdf that cannot be run: 'damaged', not a raw spawn error", async () => {
    await expectFailure('damaged', 'damaged.pdf', H.strayTokenInPageTree(), { qpdf: join(tmp, 'no-such-qpdf') });
  });

  it.runIf(qpdf)('with qpdf: repaired, every page there, and no temporary files left', async () => {
    const privateTmp = mkdtempSync(join(tmp, 'tmpdir-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const loaded = await loadPdf('damaged.pdf', H.strayTokenInPageTree());
      expect(loaded).toMatchObject({ pageCount: 2, repairedWith: 'qpdf', wasEncrypted: false });
      expect(loaded.repairNotes?.join('\n')).toMatch(/unexpected \)/);
      expect(pageSizes(loaded.doc)).toEqual([A4, A4]);
      expect(await pageTexts(loaded.doc)).toEqual([expect.stringContaining('Page 1 of 2'), expect.stringContaining('Page 2 of 2')]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  it.runIf(qpdf)('with qpdf named explicitly', async () => {
    const loaded = await loadPdf('damaged.pdf', H.strayTokenInPageTree(), { qpdf: qpdf as string });
    expect(loaded.repairedWith).toBe('qpdf');
  });

  it.runIf(qpdf)('with qpdf, an encrypted damaged file: the password is passed on, and still required', async () => {
    const bytes = await H.strayTokenInEncryptedPageTree('s3cret');
    const loaded = await loadPdf('damaged-locked.pdf', bytes, { password: 's3cret' });
    expect(loaded).toMatchObject({ pageCount: 2, repairedWith: 'qpdf', wasEncrypted: true });
    expect((await pageTexts(loaded.doc))[0]).toContain('Page 1 of 2');
    // pdf-lib checks the password before it meets the damage
    await expectFailure('password-required', 'damaged-locked.pdf', bytes);
    await expectFailure('wrong-password', 'damaged-locked.pdf', bytes, { password: 'nope' });
  });
});

describe('PDFs that cannot be repaired', () => {
  it('pdf-lib alone silently opens the first half of a truncated file', async () => {
    const doc = await PDFDocument.load(await H.truncatedPdf(0.5), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1); // of 2: the reason the module walks the page tree
  });

  it.each([{}, { qpdf: false as const }])("a file cut in half is 'damaged', not a shorter exhibit (%o)", async (opts) => {
    const err = await expectFailure('damaged', 'cut.pdf', H.truncatedPdf(0.5), opts);
    expect(err.message).toMatch(/only 1 of its 2 pages could be read/);
    expect(err.hint).toMatch(/cut short/);
  });

  it("a file with object streams cut short is 'damaged'", async () => {
    await expectFailure('damaged', 'cut.pdf', H.truncatedPdf(0.5, await H.a4Pdf(2)));
  });

  it.each([{}, { qpdf: false as const }])("a page whose content stream is gone is 'damaged', not a blank page (%o)", async (opts) => {
    const err = await expectFailure('damaged', 'blank.pdf', H.missingContentStream(), opts);
    expect(err.message).toMatch(/page 1: .*content is missing/);
  });
});

describe('PDFs without pages', () => {
  it.each([{}, { qpdf: false as const }])("a 0-page PDF is 'no-pages' (%o)", async (opts) => {
    await expectFailure('no-pages', 'nothing.pdf', H.zeroPagePdf(), opts);
  });
});
