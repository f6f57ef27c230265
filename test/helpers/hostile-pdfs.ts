/**
 * Generators for the awkward exhibit files lawyers receive: odd page sizes, rotated scans,
 * password-protected government forms, damaged and truncated downloads, zero-page PDFs, photos
 * with EXIF orientation, files whose name lies about their content.
 *
 * Every generator returns bytes. All are deterministic except the encrypted PDFs (pdf-lib draws
 * random salts and keys when it encrypts). The damage is made with same-length replacements on a
 * PDF saved with a classic xref table and no object streams, so that only the intended part of
 * the file is broken and everything else (including the xref offsets) stays valid.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { EncryptionAlgorithm } from '@cantoo/pdf-lib';
import { makeJpeg, makeTextPdf } from '../../fixtures/make-evidence.js';
import type { TextPdfOptions } from '../../fixtures/make-evidence.js';

// ─────────────────────────────────────────────────────────────────── plain PDFs

/** Page sizes in points, as pdf-lib's PageSizes has them. */
export const SIZES = {
  a4: [595.28, 841.89],
  letter: [612, 792],
  legal: [612, 1008],
} as const;

export const a4Pdf = (pages = 2) => makeTextPdf({ title: 'A4 exhibit', pages, size: 'a4', seed: 11 });
export const legalPdf = (pages = 1) => makeTextPdf({ title: 'Legal-size exhibit', pages, size: 'legal', seed: 12 });
/** US Letter turned sideways: a MediaBox wider than tall. */
export const landscapePdf = (pages = 1) => makeTextPdf({ title: 'Landscape exhibit', pages, size: 'letter', landscape: true, seed: 13 });
/** Portrait Letter pages carrying /Rotate 90, as scanners write them for sideways documents. */
export const rotatedPdf = (pages = 2) => makeTextPdf({ title: 'Rotated scan', pages, size: 'letter', rotate: 90, seed: 14 });

/**
 * The same document re-saved by pdf-lib without object streams: a classic `xref` table and every
 * dictionary in plain text, so that tests can damage precise parts. Deterministic.
 */
export async function classicXrefPdf(opts: Partial<TextPdfOptions> = {}): Promise<Uint8Array> {
  const base = await makeTextPdf({ title: 'Classic xref exhibit', pages: 2, size: 'a4', seed: 15, ...opts });
  const doc = await PDFDocument.load(base, { updateMetadata: false });
  return doc.save({ useObjectStreams: false });
}

/** A valid PDF without any page. Deterministic. (`save()` would add a blank page unless told `addDefaultPage: false`.) */
export async function zeroPagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setProducer('hostile-pdfs');
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

// ─────────────────────────────────────────────────────────────────── encrypted PDFs

export interface EncryptOptions {
  userPassword: string;
  ownerPassword: string;
  algorithm?: EncryptionAlgorithm;
  /** false → classic xref table with plain-text dictionaries (strings and streams still encrypted). */
  useObjectStreams?: boolean;
  pages?: number;
}

/** A two-page A4 PDF encrypted by pdf-lib. Not deterministic: encryption uses random salts. */
export async function encryptedPdf(opts: EncryptOptions): Promise<Uint8Array> {
  const { userPassword, ownerPassword, algorithm = 'AES-256', useObjectStreams = true, pages = 2 } = opts;
  const doc = await PDFDocument.load(await a4Pdf(pages), { updateMetadata: false });
  doc.encrypt({
    userPassword,
    ownerPassword,
    algorithm,
    allowWeakCryptography: algorithm.startsWith('RC4'),
    permissions: { printing: 'highResolution', modifying: false, copying: false, annotating: false },
  });
  return doc.save({ useObjectStreams });
}

/** Like many government forms: opens without a password, but has an owner password (restrictions). */
export const emptyUserPasswordPdf = (algorithm: EncryptionAlgorithm = 'AES-256') =>
  encryptedPdf({ userPassword: '', ownerPassword: 'owner-secret', algorithm });

/** Needs the password "s3cret" (or the owner password "owner-secret") to open. */
export const userPasswordPdf = (password = 's3cret', algorithm: EncryptionAlgorithm = 'AES-256') =>
  encryptedPdf({ userPassword: password, ownerPassword: 'owner-secret', algorithm });

// ─────────────────────────────────────────────────────────────────── damage

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Replaces the first match of `pattern` by `replace(match)`, which must keep the length (offsets stay valid). */
function patch(b: Uint8Array, pattern: RegExp, replace: (match: string) => string): Uint8Array {
  const s = latin1(b);
  const m = pattern.exec(s);
  if (!m) throw new Error(`hostile-pdfs: ${pattern} not found`);
  const next = replace(m[0]);
  if (next.length !== m[0].length) throw new Error(`hostile-pdfs: replacement for ${pattern} changes the length`);
  return bytesOf(s.slice(0, m.index) + next + s.slice(m.index + m[0].length));
}

/** Every in-use xref entry points 7 bytes past its object (as after a bad line-ending conversion). */
export async function xrefOffsetsShifted(): Promise<Uint8Array> {
  const s = latin1(await classicXrefPdf());
  return bytesOf(s.replace(/(\d{10}) (\d{5}) n/g, (_m, offset: string, gen: string) => `${String(Number(offset) + 7).padStart(10, '0')} ${gen} n`));
}

/** `startxref` points into the middle of the file instead of at the xref table. */
export async function startxrefWrong(): Promise<Uint8Array> {
  return patch(await classicXrefPdf(), /startxref\s+\d+/, (m) => m.replace(/\d+$/, (d) => '1'.padStart(d.length, '0')));
}

/** Cut off just before the xref table: all objects present, no xref, no trailer, no startxref. */
export async function withoutXrefAndTrailer(): Promise<Uint8Array> {
  const b = await classicXrefPdf();
  const at = latin1(b).lastIndexOf('\nxref\n');
  if (at < 0) throw new Error('hostile-pdfs: no xref table');
  return b.slice(0, at + 1);
}

/** The first `fraction` of the file, as after an interrupted download. */
export async function truncatedPdf(fraction = 0.5, source?: Uint8Array): Promise<Uint8Array> {
  const b = source ?? (await classicXrefPdf());
  return b.slice(0, Math.floor(b.length * fraction));
}

/**
 * A stray `)` in the page tree dictionary (`/Count 2)>>`). pdf-lib's parser rejects the whole
 * dictionary, so the document has no page tree; qpdf skips the token with a warning and repairs.
 */
export async function strayTokenInPageTree(source?: Uint8Array): Promise<Uint8Array> {
  return patch(source ?? (await classicXrefPdf()), /\/Type \/Pages\n\/Kids \[[^\]]*\]\n\/Count \d+\n>>/, (m) => m.replace(/\n>>$/, ')>>'));
}

/** The same damage in a PDF that needs the password `password` (dictionaries stay plain text when encrypted). */
export async function strayTokenInEncryptedPageTree(password = 's3cret'): Promise<Uint8Array> {
  return strayTokenInPageTree(await encryptedPdf({ userPassword: password, ownerPassword: 'owner-secret', useObjectStreams: false }));
}

/**
 * Encrypted with a security handler other than the password one (/Filter renamed, as in
 * certificate-protected or DRM files): no password opens it.
 */
export async function certificateProtectedPdf(): Promise<Uint8Array> {
  const b = await encryptedPdf({ userPassword: '', ownerPassword: 'owner-secret', useObjectStreams: false });
  return patch(b, /\/Filter \/Standard\b/, () => '/Filter /Adobe.PS');
}

/** Page 1's content stream object blanked out (spaces), its xref entry left pointing at nothing. */
export async function missingContentStream(): Promise<Uint8Array> {
  const b = await classicXrefPdf();
  const s = latin1(b);
  const ref = /\/Contents \[ (\d+) 0 R \]/.exec(s);
  if (!ref) throw new Error('hostile-pdfs: no /Contents');
  const start = s.indexOf(`\n${ref[1]} 0 obj`) + 1;
  const end = s.indexOf('endobj', start) + 'endobj'.length;
  return bytesOf(s.slice(0, start) + ' '.repeat(end - start) + s.slice(end));
}

// ─────────────────────────────────────────────────────────────────── images and impostors

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A small RGB PNG (8-bit, not interlaced) with a colour gradient, built by hand with zlib. */
export function tinyPng(width = 3, height = 2): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width); // filter byte 0 (None) stays 0
    for (let x = 0; x < width; x++) {
      raw[row + 1 + 3 * x] = Math.round((255 * x) / Math.max(1, width - 1));
      raw[row + 2 + 3 * x] = Math.round((255 * y) / Math.max(1, height - 1));
      raw[row + 3 + 3 * x] = 128;
    }
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(raw, { level: 9 })),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** A phone-style JPEG (jpeg-js, baseline) of width×height pixels. */
export const plainJpeg = (width = 64, height = 48) => makeJpeg({ width, height, seed: 7, quality: 60 });

/** An APP1 "Exif" segment holding only IFD0 with the Orientation tag. */
function exifSegment(orientation: number, byteOrder: 'II' | 'MM'): Buffer {
  const le = byteOrder === 'II';
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write(byteOrder, 0, 'latin1');
  const w16 = (v: number, at: number) => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (le ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  w16(42, 2);
  w32(8, 4); // IFD0 right after the header
  w16(1, 8); // one entry
  w16(0x0112, 10); // Orientation
  w16(3, 12); // SHORT
  w32(1, 14); // count
  w16(orientation, 18); // value, left-justified in the 4-byte field
  w32(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG whose EXIF says how to turn it (6 = rotate 90° clockwise to view), spliced in after SOI. */
export function jpegWithOrientation(orientation = 6, byteOrder: 'II' | 'MM' = 'II', width = 64, height = 48): Uint8Array {
  const jpg = Buffer.from(plainJpeg(width, height));
  return new Uint8Array(Buffer.concat([jpg.subarray(0, 2), exifSegment(orientation, byteOrder), jpg.subarray(2)]));
}

/**
 * A jpeg-js (baseline) JPEG with its SOF0 marker relabelled, e.g. 0xc2 (progressive) or 0xc3
 * (lossless): the header is valid, the scan data is not decodable that way. For header reading only.
 */
export function relabelledJpeg(sofMarker: number, width = 40, height = 30): Uint8Array {
  const b = Buffer.from(plainJpeg(width, height));
  const at = b.indexOf(Buffer.from([0xff, 0xc0]));
  if (at < 0) throw new Error('hostile-pdfs: no SOF0');
  b[at + 1] = sofMarker;
  return new Uint8Array(b);
}

/** A JPEG cut in half: its end-of-image marker is gone. */
export function truncatedJpeg(): Uint8Array {
  const b = plainJpeg(64, 48);
  return b.slice(0, Math.floor(b.length / 2));
}

export const emptyFile = (): Uint8Array => new Uint8Array(0);

/** A file of zero bytes, as left by an interrupted cloud sync. */
export const zeroFilledFile = (length = 4096): Uint8Array => new Uint8Array(length);

/** A little-endian TIFF header with an empty first IFD: what a scanner's .tif starts with. */
export const tiffHeader = (): Uint8Array => new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

/** The `ftyp` box of an iPhone HEIC photo (the rest is irrelevant to sniffing). */
export function heicHeader(): Uint8Array {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(24, 0);
  b.write('ftypheic', 4, 'latin1');
  b.write('mif1heic', 16, 'latin1');
  return new Uint8Array(b);
}

/** A portal's error page saved in place of the PDF. */
export const htmlPage = (): Uint8Array => bytesOf('<!DOCTYPE html>\n<html><head><title>Session expired</title></head><body>Please log in again.</body></html>\n');

/** Text that is no known format. */
export const unknownBytes = (): Uint8Array => bytesOf('just some notes, not a document\n');

/** A two-page TIFF scan at 100 dpi (8.5 × 11 in), LZW-compressed, a black band across the top of page 1. */
export async function multiPageTiff(): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const width = 850;
  const height = 1100;
  const raw = Buffer.alloc(width * height * 2, 255);
  raw.fill(0, 0, width * 200);
  const dpmm = 100 / 25.4;
  return sharp(raw, { raw: { width, height: height * 2, channels: 1, pageHeight: height } as never }).tiff({ compression: 'lzw', xres: dpmm, yres: dpmm }).toBuffer();
}
