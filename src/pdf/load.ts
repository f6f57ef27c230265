/**
 * Loads one exhibit file (a PDF, a JPEG or a PNG) and says precisely why when it cannot.
 *
 * Knows nothing of asylum cases: it returns a loaded document or image, or throws an
 * ExhibitLoadError whose `reason` the caller maps to an entry of the error catalogue.
 *
 * How @cantoo/pdf-lib 2.11 signals the failures this module tells apart (read from its source):
 *
 * - `PDFDocument.load` throws `EncryptedPDFError` (an exported class) only when the file is
 *   encrypted and `password` is `undefined`. This module always passes a string, so pdf-lib
 *   always tries to decrypt.
 * - Decryption is set up in the constructor of `CipherTransformFactory` (src/core/crypto.ts), which
 *   throws plain `Error`s with fixed messages: 'NEEDS PASSWORD' (the empty user password does not
 *   open the file and no password was given), 'Password incorrect' (the password given is neither
 *   the user nor the owner password), and 'unknown encryption method' / 'unsupported encryption
 *   algorithm' / 'invalid key length: …' for protection schemes it cannot open (certificate
 *   security, DRM plug-ins). There is no error class or code, so these exact messages are the
 *   signal; they are listed in PDF_LIB_CRYPTO_MESSAGES below and pinned by test/pdf/load.test.ts.
 * - Parsing never uses the cross-reference table: pdf-lib scans the file from start to end for
 *   `n g obj … endobj`, so wrong xref offsets, a wrong `startxref` or a missing trailer do not stop
 *   it (it even finds the catalog without a trailer). Objects it cannot parse become
 *   `PDFInvalidObject`s. A file cut short therefore "opens" with the pages that were before the
 *   cut, silently: this module walks the page tree and refuses a document with missing pages,
 *   missing content streams or missing images rather than put half an exhibit into a filing.
 * - A broken catalog or page-tree dictionary makes `getPages()` throw (TypeError or
 *   UnexpectedObjectTypeError); qpdf, which reads objects through the xref table and tolerates
 *   stray tokens in dictionaries, can often repair those.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LOAD_OPTIONS } from './save.js';
import { tiffToPdf } from './tiff.js';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFStream,
} from '@cantoo/pdf-lib';

// ─────────────────────────────────────────────────────────────────── public API

export type LoadedExhibit =
  | {
      kind: 'pdf';
      doc: PDFDocument;
      pageCount: number;
      /** Which tool had to recover the file: null when it was read as it is. */
      repairedWith: null | 'pdf-lib' | 'qpdf';
      /** What was wrong with the file, when it had to be repaired (for logs). */
      repairNotes?: string[];
      wasEncrypted: boolean;
    }
  | {
      kind: 'image';
      format: 'jpeg' | 'png';
      bytes: Uint8Array;
      /** Pixel size as stored in the file, before any EXIF orientation is applied. */
      width: number;
      height: number;
      /** EXIF Orientation tag (1–8) of a JPEG, when present: the caller rotates/mirrors accordingly. */
      orientation?: number;
    };

export type ExhibitFailure =
  | 'empty'
  | 'not-a-document'
  | 'type-mismatch'
  | 'password-required'
  | 'wrong-password'
  | 'damaged'
  | 'no-pages'
  | 'unsupported-image'
  | 'unreadable';

export class ExhibitLoadError extends Error {
  /** For 'type-mismatch': what the file name claims, e.g. "a PDF". */
  readonly claimed?: string;
  /** For 'type-mismatch' and 'not-a-document': what the content really is, e.g. "a JPEG image". */
  readonly actual?: string;

  constructor(
    readonly reason: ExhibitFailure,
    message: string,
    readonly hint: string,
    extra: { cause?: unknown; claimed?: string; actual?: string } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ExhibitLoadError';
    if (extra.claimed !== undefined) this.claimed = extra.claimed;
    if (extra.actual !== undefined) this.actual = extra.actual;
  }
}

export interface LoadExhibitOptions {
  /** Password of an encrypted PDF (user or owner password). Ignored for other files. */
  password?: string;
  /**
   * qpdf executable used to repair PDFs that pdf-lib cannot read completely. Default: `qpdf` found
   * on PATH (see findQpdf); `false` never runs qpdf.
   */
  qpdf?: string | false;
}

/** Longest a qpdf repair may take before it is killed. */
export const QPDF_TIMEOUT_MS = 60_000;

/** Exact messages of the plain Errors thrown by @cantoo/pdf-lib's CipherTransformFactory (src/core/crypto.ts). */
const PDF_LIB_CRYPTO_MESSAGES = {
  needsPassword: 'NEEDS PASSWORD',
  incorrectPassword: 'Password incorrect',
  unsupported: [/^unknown encryption method$/, /^unsupported encryption algorithm$/, /^invalid key length/],
};

let qpdfCache: string | false | undefined;

/** The qpdf executable on PATH (looked up once, then cached); false when there is none. */
export function findQpdf(): string | false {
  if (qpdfCache !== undefined) return qpdfCache;
  const names =
    process.platform === 'win32'
      ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean).map((ext) => `qpdf${ext.toLowerCase()}`)
      : ['qpdf'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, fsConstants.X_OK);
        if (statSync(candidate).isFile()) return (qpdfCache = candidate);
      } catch {
        // not here
      }
    }
  }
  return (qpdfCache = false);
}

/**
 * Reads one exhibit file. Resolves with the loaded PDF or image; rejects only with an
 * ExhibitLoadError (any other exception is wrapped as 'unreadable', with the original as `cause`).
 */
export async function loadExhibit(file: string, opts: LoadExhibitOptions = {}): Promise<LoadedExhibit> {
  try {
    return await loadUnchecked(file, opts);
  } catch (err) {
    if (err instanceof ExhibitLoadError) throw err;
    throw new ExhibitLoadError(
      'unreadable',
      `the file could not be read: ${describeError(err)}`,
      'open the file to check it; if it opens, save or print it again as a new PDF (or JPEG/PNG) and use that copy',
      { cause: err },
    );
  }
}

// ─────────────────────────────────────────────────────────────────── file types

type FileType =
  | 'pdf' | 'jpeg' | 'png'
  | 'tiff' | 'heic' | 'avif' | 'gif' | 'bmp' | 'webp'
  | 'word' | 'ole' | 'zip' | 'rtf' | 'html' | 'xml' | 'video';

const DESCRIPTION: Record<FileType, string> = {
  pdf: 'a PDF',
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  tiff: 'a TIFF image',
  heic: 'a HEIC/HEIF photo',
  avif: 'an AVIF image',
  gif: 'a GIF image',
  bmp: 'a BMP image',
  webp: 'a WebP image',
  word: 'a Word document (.docx)',
  ole: 'an old-style Office document (.doc, .xls or .msg)',
  zip: 'a ZIP archive',
  rtf: 'an RTF document',
  html: 'a web page (HTML)',
  xml: 'an XML file',
  video: 'a video or audio file',
};

const UNSUPPORTED_IMAGES = new Set<FileType>(['heic', 'avif', 'gif', 'bmp', 'webp']);

const EXTENSIONS: Record<string, FileType> = {
  '.pdf': 'pdf',
  '.jpg': 'jpeg', '.jpeg': 'jpeg', '.jpe': 'jpeg', '.jfif': 'jpeg',
  '.png': 'png',
  '.tif': 'tiff', '.tiff': 'tiff',
  '.heic': 'heic', '.heif': 'heic', '.hif': 'heic',
  '.avif': 'avif',
  '.gif': 'gif',
  '.bmp': 'bmp', '.dib': 'bmp',
  '.webp': 'webp',
  '.docx': 'word', '.docm': 'word',
  '.doc': 'ole', '.xls': 'ole', '.msg': 'ole',
  '.zip': 'zip',
  '.rtf': 'rtf',
  '.htm': 'html', '.html': 'html',
  '.xml': 'xml',
  '.mp4': 'video', '.mov': 'video', '.m4a': 'video', '.3gp': 'video',
};

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number): string => {
  const start = Math.min(Math.max(0, from), b.length);
  return Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, Math.min(to, b.length) - start)).toString('latin1');
};

/** The real type of the content, from its first bytes; undefined when not recognised. */
function sniff(b: Uint8Array): FileType | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff'; // BigTIFF
  const head = ascii(b, 0, 1024);
  if (head.includes('%PDF-')) return 'pdf';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brands = [ascii(b, 8, 12), ...Array.from({ length: 8 }, (_, i) => ascii(b, 16 + 4 * i, 20 + 4 * i))];
    if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
    if (brands.some((x) => HEIF_BRANDS.has(x))) return 'heic';
    return 'video';
  }
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('BM') && b.length >= 26 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0) return 'bmp';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return ascii(b, 0, 4096).includes('word/') ? 'word' : 'zip';
  if (head.startsWith('{\\rtf')) return 'rtf';
  const text = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || /^<(head|body|meta|title)\b/.test(text)) return 'html';
  if (text.startsWith('<?xml')) return text.includes('<html') ? 'html' : 'xml';
  return undefined;
}

const allZero = (b: Uint8Array) => {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
};

async function loadUnchecked(file: string, opts: LoadExhibitOptions): Promise<LoadedExhibit> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder, not a file'
      : describeError(err);
    throw new ExhibitLoadError('unreadable', `the file cannot be read: ${why}`, 'check the path and the file permissions, or copy the file again', { cause: err });
  }
  const name = path.basename(file);
  if (bytes.length === 0) {
    throw new ExhibitLoadError('empty', 'the file is empty (0 bytes)', 'the file may still be copying, or was saved before it was written; copy or save it again');
  }

  const claimed = EXTENSIONS[path.extname(file).toLowerCase()];
  const actual = sniff(bytes);
  if (actual === undefined) {
    if (allZero(bytes)) {
      throw new ExhibitLoadError('empty', `the file contains only zero bytes (${bytes.length} of them), no document`, 'a copy or cloud sync was interrupted; copy the file again from the original');
    }
    throw new ExhibitLoadError(
      'not-a-document',
      `the content of ${name} is not a PDF, JPEG or PNG, nor any other document type recognised`,
      'open the file to check what it is; export or scan the document again as PDF (photos as JPEG)',
    );
  }
  if (claimed !== undefined && claimed !== actual) {
    throw new ExhibitLoadError(
      'type-mismatch',
      `${name} is named as ${DESCRIPTION[claimed]} but is really ${DESCRIPTION[actual]}`,
      actual === 'html'
        ? 'this is probably the download page rather than the document: download the document itself again'
        : actual === 'pdf' || actual === 'jpeg' || actual === 'png'
          ? `if it is the right document, rename it with the extension of ${DESCRIPTION[actual]} and change the intake to match`
          : 'open the file to check it; export or scan the document again as PDF (photos as JPEG)',
      { claimed: DESCRIPTION[claimed], actual: DESCRIPTION[actual] },
    );
  }
  switch (actual) {
    case 'pdf':
      return loadPdf(file, bytes, opts);
    case 'jpeg':
      return loadJpeg(bytes);
    case 'png':
      return loadPng(bytes);
    case 'tiff':
      return loadTiff(bytes);
    default:
      if (UNSUPPORTED_IMAGES.has(actual)) {
        throw new ExhibitLoadError(
          'unsupported-image',
          `${name} is ${DESCRIPTION[actual]}, which cannot be put into the packet`,
          actual === 'heic'
            ? 'convert the photo to JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible, or share it as JPEG) or save it as PDF'
            : 'convert the image to JPEG or PNG, or save it as PDF',
          { actual: DESCRIPTION[actual] },
        );
      }
      throw new ExhibitLoadError(
        'not-a-document',
        `${name} is ${DESCRIPTION[actual]}, not a PDF or an image`,
        actual === 'word' || actual === 'ole' || actual === 'rtf'
          ? 'open it and save or export it as PDF (File → Save As → PDF), then use the PDF'
          : actual === 'html'
            ? 'this is a web page: print it to PDF, or download the document itself'
            : 'export or scan the document as PDF (photos as JPEG)',
        { actual: DESCRIPTION[actual] },
      );
  }
}

// ─────────────────────────────────────────────────────────────────── images

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16 = (b: Uint8Array, i: number, le: boolean) => (le ? (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) : u16be(b, i));
const u32 = (b: Uint8Array, i: number, le: boolean) =>
  le
    ? ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0
    : (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;

const asUint8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const DAMAGED_IMAGE_HINT = 'the image file is incomplete or corrupt: copy it again from the phone or scanner, or take the photo again';

/** SOFn markers (JPEG frame headers); C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** Baseline, extended sequential and progressive Huffman: what PDF viewers' DCTDecode reads. */
const PDF_SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2]);

/** The EXIF Orientation (tag 0x0112) of an APP1 "Exif\0\0" segment's body, if valid. */
function exifOrientation(b: Uint8Array, start: number, end: number): number | undefined {
  const tiff = start + 6;
  if (ascii(b, start, start + 6) !== 'Exif\0\0' || tiff + 8 > end) return undefined;
  const order = ascii(b, tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  if (u16(b, tiff + 2, le) !== 42) return undefined;
  const ifd = tiff + u32(b, tiff + 4, le);
  if (ifd + 2 > end) return undefined;
  const count = u16(b, ifd, le);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > end) return undefined;
    if (u16(b, entry, le) !== 0x0112) continue;
    const type = u16(b, entry + 2, le);
    const value = type === 3 ? u16(b, entry + 8, le) : type === 4 ? u32(b, entry + 8, le) : undefined;
    return value !== undefined && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

function loadJpeg(buf: Buffer): LoadedExhibit {
  const b = asUint8(buf);
  const damaged = (what: string) => new ExhibitLoadError('damaged', `the JPEG image is damaged: ${what}`, DAMAGED_IMAGE_HINT);
  let orientation: number | undefined;
  let frame: { marker: number; precision: number; height: number; width: number; components: number } | undefined;
  let scanStart = -1;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      i++; // tolerate junk between segments, as decoders do
      continue;
    }
    const marker = b[i + 1];
    if (marker === undefined) break;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI before any scan
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00) {
      i += 2; // markers without a length
      continue;
    }
    const length = u16be(b, i + 2);
    const body = i + 4;
    const end = i + 2 + length;
    if (length < 2 || end > b.length) throw damaged('the file ends in the middle of its header');
    if (marker === 0xe1 && orientation === undefined) orientation = exifOrientation(b, body, end);
    if (SOF_MARKERS.has(marker) && !frame) {
      if (length < 8) throw damaged('its frame header is too short');
      frame = { marker, precision: b[body] ?? 0, height: u16be(b, body + 1), width: u16be(b, body + 3), components: b[body + 5] ?? 0 };
    }
    if (marker === 0xda) {
      scanStart = end;
      break;
    }
    i = end;
  }
  if (!frame) throw damaged('it has no frame header (no width and height)');
  if (scanStart < 0) throw damaged('it has no image data');
  if (!PDF_SOF_MARKERS.has(frame.marker)) {
    const kind = frame.marker === 0xc3 || frame.marker === 0xc7 || frame.marker === 0xcb || frame.marker === 0xcf ? 'lossless' : frame.marker >= 0xc9 ? 'arithmetic-coded' : 'hierarchical';
    throw new ExhibitLoadError('unsupported-image', `the JPEG image uses ${kind} JPEG coding, which PDF viewers cannot show`, 'open the image and save it again as a standard JPEG, or convert it to PNG or PDF', { actual: 'a JPEG image' });
  }
  if (frame.precision !== 8 || ![1, 3, 4].includes(frame.components)) {
    throw new ExhibitLoadError('unsupported-image', `the JPEG image has ${frame.precision}-bit samples in ${frame.components} colour channels, which PDF viewers cannot show`, 'open the image and save it again as a standard 8-bit JPEG, or convert it to PNG or PDF', { actual: 'a JPEG image' });
  }
  if (frame.width === 0 || frame.height === 0) throw damaged(`its size is ${frame.width}×${frame.height} pixels`);
  // FF D9 cannot occur inside entropy-coded data (FF is stuffed as FF 00), so its absence means the file was cut short.
  if (buf.indexOf(Buffer.from([0xff, 0xd9]), scanStart) < 0) throw damaged('the file is cut short (its end marker is missing)');
  return { kind: 'image', format: 'jpeg', bytes: b, width: frame.width, height: frame.height, ...(orientation !== undefined ? { orientation } : {}) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function loadPng(buf: Buffer): LoadedExhibit {
  const b = asUint8(buf);
  const damaged = (what: string) => new ExhibitLoadError('damaged', `the PNG image is damaged: ${what}`, DAMAGED_IMAGE_HINT);
  if (!startsWith(b, PNG_SIGNATURE)) throw damaged('its signature is corrupt (the file was probably transferred as text)');
  if (b.length < 33 || ascii(b, 12, 16) !== 'IHDR' || u32(b, 8, false) !== 13) throw damaged('its header (IHDR) is missing');
  const width = u32(b, 16, false);
  const height = u32(b, 20, false);
  const bitDepth = b[24] ?? 0;
  const colourType = b[25] ?? 0;
  if (width === 0 || height === 0) throw damaged(`its size is ${width}×${height} pixels`);
  if (![0, 2, 3, 4, 6].includes(colourType) || ![1, 2, 4, 8, 16].includes(bitDepth)) throw damaged(`its header is invalid (colour type ${colourType}, bit depth ${bitDepth})`);
  // walk the chunks to IEND: a missing IEND means the file was cut short
  let pos = 8;
  let sawData = false;
  for (;;) {
    if (pos + 12 > b.length) throw damaged('the file is cut short (its end chunk is missing)');
    const length = u32(b, pos, false);
    const type = ascii(b, pos + 4, pos + 8);
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (!sawData) throw damaged('it has no image data');
  return { kind: 'image', format: 'png', bytes: b, width, height };
}

// ─────────────────────────────────────────────────────────────────── PDF

type PdfResult = Extract<LoadedExhibit, { kind: 'pdf' }>;

/** What pdf-lib's parse produced, checked against what the file says it contains. */
interface Inspection {
  pages: number;
  /** Content that is referenced but absent: pages, content streams, images. Non-empty → incomplete. */
  lost: string[];
  /** Signs that the file was damaged although everything needed was recovered. */
  notes: string[];
  /** Pages the page tree refers to (found + missing): a lower bound for a repaired copy. */
  expectedPages: number;
}

const PASSWORD_HINT = 'ask the client or the issuing office for the password and add it to the exhibit in the intake ("password"), or open the file and print it to a new PDF';
const PROTECTION_HINT = 'the file uses a protection scheme (certificate or DRM) that cannot be opened here: ask the sender for an unprotected copy, or print it to PDF on a computer that can open it';

function damagedHint(qpdfTried: boolean): string {
  return qpdfTried
    ? 'open it in a PDF viewer and save or print it as a new PDF, or get a fresh copy from the sender'
    : 'open it in a PDF viewer and save or print it as a new PDF, or get a fresh copy from the sender; with qpdf installed, asylum-packet can repair more damaged files';
}

async function parseWithPdfLib(bytes: Uint8Array, password: string): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { ...LOAD_OPTIONS, ignoreEncryption: false, password, throwOnInvalidObject: false });
}

type Classified = { kind: 'password-required' } | { kind: 'wrong-password' } | { kind: 'unsupported-protection' } | { kind: 'parse' };

function classify(err: unknown): Classified {
  if (err instanceof EncryptedPDFError) return { kind: 'password-required' };
  const message = err instanceof Error ? err.message : '';
  if (message === PDF_LIB_CRYPTO_MESSAGES.needsPassword) return { kind: 'password-required' };
  if (message === PDF_LIB_CRYPTO_MESSAGES.incorrectPassword) return { kind: 'wrong-password' };
  if (PDF_LIB_CRYPTO_MESSAGES.unsupported.some((re) => re.test(message))) return { kind: 'unsupported-protection' };
  return { kind: 'parse' };
}

function passwordError(kind: 'password-required' | 'wrong-password', cause?: unknown): ExhibitLoadError {
  return kind === 'password-required'
    ? new ExhibitLoadError('password-required', 'the PDF is protected with a password', PASSWORD_HINT, { cause })
    : new ExhibitLoadError('wrong-password', 'the PDF is protected with a password, and the password given does not open it', 'check the password (upper/lower case, spaces); ' + PASSWORD_HINT, { cause });
}

async function loadPdf(file: string, bytes: Buffer, opts: LoadExhibitOptions): Promise<PdfResult> {
  const given = opts.password ?? '';
  const qpdf = opts.qpdf === false ? false : (opts.qpdf ?? findQpdf());

  // 1. pdf-lib, with the password given (or the empty user password of "open" encrypted files)
  let doc: PDFDocument | undefined;
  let failure: unknown;
  let effectivePassword = given;
  try {
    doc = await parseWithPdfLib(bytes, given);
  } catch (err) {
    let c = classify(err);
    if (c.kind === 'wrong-password' && given !== '') {
      // a password was given but the file may not need one (encrypted with an empty user password)
      try {
        doc = await parseWithPdfLib(bytes, '');
        effectivePassword = '';
        c = { kind: 'parse' };
      } catch {
        // keep the first verdict
      }
    }
    if (!doc) {
      if (c.kind === 'password-required' || c.kind === 'wrong-password') throw passwordError(c.kind, err);
      if (c.kind === 'unsupported-protection') {
        throw new ExhibitLoadError('unreadable', `the PDF is protected in a way that cannot be opened (${describeError(err)})`, PROTECTION_HINT, { cause: err });
      }
      failure = err;
    }
  }

  // 2. check what pdf-lib found
  let inspection: Inspection | undefined;
  if (doc) {
    try {
      inspection = inspect(doc);
      inspection.notes.unshift(...xrefProblems(bytes));
    } catch (err) {
      failure = err;
      inspection = undefined;
    }
  }
  if (doc && inspection && inspection.pages > 0 && inspection.lost.length === 0) {
    const repaired = inspection.notes.length > 0;
    return {
      kind: 'pdf',
      doc,
      pageCount: inspection.pages,
      repairedWith: repaired ? 'pdf-lib' : null,
      ...(repaired ? { repairNotes: inspection.notes } : {}),
      wasEncrypted: doc.context.isDecrypted,
    };
  }
  const pdfLibWasClean = !!inspection && inspection.notes.length === 0 && inspection.lost.length === 0;

  // 3. pdf-lib threw, found no pages, or found pages with parts missing: let qpdf try
  let best = inspection;
  let qpdfFailure: unknown;
  if (qpdf) {
    const repaired = await repairWithQpdf(qpdf, file, doc ? effectivePassword : opts.password);
    if (repaired.ok) {
      let fixed: PDFDocument | undefined;
      let check: Inspection | undefined;
      try {
        fixed = await parseWithPdfLib(repaired.bytes, '');
        check = inspect(fixed);
      } catch (err) {
        qpdfFailure = err;
      }
      if (fixed && check) {
        if (check.pages > 0 && check.lost.length === 0 && check.pages >= (inspection?.expectedPages ?? 0)) {
          return {
            kind: 'pdf',
            doc: fixed,
            pageCount: check.pages,
            repairedWith: 'qpdf',
            repairNotes: [
              ...(failure ? [`pdf-lib: ${describeError(failure)}`] : []),
              ...(inspection ? [...inspection.notes, ...inspection.lost] : []),
              ...repaired.warnings,
            ],
            wasEncrypted: doc ? doc.context.isDecrypted : looksEncrypted(bytes),
          };
        }
        // qpdf's copy is incomplete too; keep whichever view says more about what is missing
        if (!best || (best.lost.length === 0 && check.lost.length > 0)) best = check;
      }
    } else if (repaired.password) {
      throw passwordError(opts.password ? 'wrong-password' : 'password-required', repaired.error);
    } else {
      qpdfFailure = repaired.error;
    }
  }

  // 4. nothing read the whole document
  if (pdfLibWasClean && inspection && inspection.pages === 0) throw noPages();
  const cause = failure ?? qpdfFailure;
  if (best && best.lost.length > 0) {
    const total = Math.max(best.expectedPages, best.pages, inspection?.expectedPages ?? 0);
    const summary = total > best.pages ? `only ${best.pages} of its ${total} pages could be read` : 'parts of its pages are missing';
    throw new ExhibitLoadError(
      'damaged',
      `the PDF is incomplete: ${summary} (${best.lost.slice(0, 3).join('; ')}${best.lost.length > 3 ? '; …' : ''})`,
      'the file was probably cut short while it was copied, downloaded or attached: copy it again from the original, or ask the sender for it again',
      { cause },
    );
  }
  const detail = failure ? describeError(failure) : 'no pages could be found in it';
  throw new ExhibitLoadError('damaged', `the PDF is damaged and could not be repaired (${detail})`, damagedHint(!!qpdf), { cause });
}

function noPages(): ExhibitLoadError {
  return new ExhibitLoadError('no-pages', 'the PDF has no pages', 'export or scan the document again; check that the right file was chosen');
}

/** Walks the page tree and each page's content and images, as a reader would need them. */
function inspect(doc: PDFDocument): Inspection {
  const { context } = doc;
  const lost: string[] = [];
  const notes: string[] = [];
  let leaves = 0;
  let missingKids = 0;

  const invalid = context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFInvalidObject && !isXRefStream(o)).length;
  if (invalid > 0) notes.push(`${invalid} object${invalid === 1 ? '' : 's'} could not be parsed`);

  const root = context.lookup(doc.catalog.get(PDFName.of('Pages')));
  if (!(root instanceof PDFPageTree)) throw new Error('the document catalog has no page tree');
  const seen = new Set<PDFPageTree>();

  const checkStream = (value: unknown, what: string) => {
    const resolved = context.lookup(value as Parameters<typeof context.lookup>[0]);
    if (!(resolved instanceof PDFStream)) lost.push(what);
  };

  const checkLeaf = (leaf: PDFPageLeaf, n: number) => {
    const contents = leaf.get(PDFName.of('Contents'));
    if (contents !== undefined) {
      const resolved = context.lookup(contents);
      if (resolved instanceof PDFArray) {
        for (let i = 0; i < resolved.size(); i++) checkStream(resolved.get(i), `page ${n}: part of its content is missing`);
      } else if (!(resolved instanceof PDFStream)) {
        lost.push(`page ${n}: its content is missing`);
      }
    }
    const resources = leaf.Resources();
    const xobjects = resources?.lookup(PDFName.of('XObject'));
    if (xobjects instanceof PDFDict) {
      for (const [key, value] of xobjects.entries()) checkStream(value, `page ${n}: image or form ${key.asString()} is missing`);
    }
  };

  const walk = (node: PDFPageTree, depth: number) => {
    if (seen.has(node)) throw new Error('the page tree loops back on itself');
    if (depth > 64) throw new Error('the page tree is too deep');
    seen.add(node);
    const kids = node.lookup(PDFName.of('Kids'));
    if (!(kids instanceof PDFArray)) {
      lost.push('a branch of the page tree has no list of pages');
      return;
    }
    for (let i = 0; i < kids.size(); i++) {
      const kid = context.lookup(kids.get(i));
      if (kid instanceof PDFPageLeaf) {
        leaves += 1;
        checkLeaf(kid, leaves);
      } else if (kid instanceof PDFPageTree) {
        walk(kid, depth + 1);
      } else {
        missingKids += 1;
        lost.push(`page ${leaves + missingKids} is missing`);
      }
    }
  };
  walk(root, 0);

  // pdf-lib's own view must agree, and every page must have a size
  const pages = doc.getPages();
  if (pages.length !== leaves) throw new Error(`page tree walk found ${leaves} pages, pdf-lib ${pages.length}`);
  for (const page of pages) {
    const { width, height } = page.getSize();
    if (!(width > 0 && height > 0)) throw new Error(`a page has the size ${width}×${height}`);
    page.getRotation();
  }

  const count = root.lookup(PDFName.of('Count'));
  if (count instanceof PDFNumber && count.asNumber() !== leaves + missingKids) {
    notes.push(`the page tree says ${count.asNumber()} pages, but lists ${leaves + missingKids}`);
  }
  return { pages: leaves, lost, notes, expectedPages: leaves + missingKids };
}

/**
 * When it decrypts, pdf-lib also "decrypts" the xref stream (which the spec leaves unencrypted),
 * fails to parse it and keeps it as a PDFInvalidObject. It does not need xref streams, so that
 * object is no sign of damage.
 */
function isXRefStream(o: PDFInvalidObject): boolean {
  const raw = new Uint8Array(o.sizeInBytes());
  o.copyBytesInto(raw, 0);
  const head = Buffer.from(raw.buffer, 0, Math.min(raw.length, 4096)).toString('latin1');
  return /\/Type\s*\/XRef\b/.test(head.includes('stream') ? head.slice(0, head.indexOf('stream')) : head);
}

/**
 * Checks the cross-reference data that pdf-lib ignores: `startxref` must point at an xref table or
 * stream, and each in-use entry of a table at its object. Each problem found is a sign that the
 * file is damaged (pdf-lib then read it by scanning, i.e. it recovered).
 */
function xrefProblems(bytes: Buffer): string[] {
  const at = bytes.lastIndexOf('startxref');
  if (at < 0) return ['no startxref: the end of the file is missing'];
  const m = /^startxref\s+(\d+)/.exec(bytes.subarray(at, at + 40).toString('latin1'));
  if (!m) return ['startxref has no offset'];
  // offsets should count from the start of the file, but some writers count from the header when junk precedes it
  const header = Math.max(0, bytes.indexOf('%PDF-'));
  const bases = (offset: number) => (header > 0 ? [offset, offset + header] : [offset]);
  /** Position of `n g obj` at the offset (object number `num` if given), or -1. */
  const objectAt = (offset: number, num?: number): number => {
    for (const base of bases(offset)) {
      const mm = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(bytes.subarray(base, base + 40).toString('latin1'));
      if (mm && (num === undefined || Number(mm[1]) === num)) return base;
    }
    return -1;
  };
  /** Position of the keyword at the offset (after whitespace), or -1. */
  const keywordAt = (offset: number, word: string): number => {
    for (const base of bases(offset)) {
      const s = bytes.subarray(base, base + 40).toString('latin1');
      const lead = s.length - s.trimStart().length;
      if (s.startsWith(word, lead)) return base + lead;
    }
    return -1;
  };
  const prevIn = (dict: string): number | undefined => {
    const prev = /\/Prev\s+(\d+)/.exec(dict);
    return prev ? Number(prev[1]) : undefined;
  };
  const until = (s: string, word: string) => (s.includes(word) ? s.slice(0, s.indexOf(word)) : s);

  const problems: string[] = [];
  const visited = new Set<number>();
  let offset: number | undefined = Number(m[1]);
  while (offset !== undefined && !visited.has(offset) && visited.size < 64) {
    visited.add(offset);
    const table = keywordAt(offset, 'xref');
    const stream = table < 0 ? objectAt(offset) : -1;
    if (table >= 0) {
      const trailer = bytes.indexOf('trailer', table);
      if (trailer < 0) {
        problems.push('the xref table has no trailer');
        break;
      }
      const tokens = bytes.subarray(table + 4, trailer).toString('latin1').trim().split(/\s+/).filter(Boolean);
      let bad = 0;
      let malformed = false;
      for (let t = 0; t < tokens.length && !malformed; ) {
        const first = Number(tokens[t]);
        const n = Number(tokens[t + 1]);
        if (!Number.isInteger(first) || !Number.isInteger(n) || n < 0 || t + 2 + 3 * n > tokens.length) {
          malformed = true;
          break;
        }
        t += 2;
        for (let k = 0; k < n; k++, t += 3) {
          const type = tokens[t + 2];
          if (type === 'n') {
            if (objectAt(Number(tokens[t]), first + k) < 0) bad += 1;
          } else if (type !== 'f') {
            malformed = true;
            break;
          }
        }
      }
      if (malformed) problems.push('the xref table is malformed');
      if (bad > 0) problems.push(`${bad} xref entr${bad === 1 ? 'y points' : 'ies point'} to the wrong place`);
      offset = prevIn(until(bytes.subarray(trailer, trailer + 4096).toString('latin1'), 'startxref'));
    } else if (stream >= 0) {
      // an xref stream: its entries are compressed (and pdf-lib does not need them); check its type, follow /Prev
      const dict = until(bytes.subarray(stream, stream + 4096).toString('latin1'), 'stream');
      if (!/\/Type\s*\/XRef\b/.test(dict)) {
        problems.push('startxref points to an object that is not a cross-reference stream');
        break;
      }
      offset = prevIn(dict);
    } else {
      problems.push(visited.size === 1 ? 'startxref does not point to the cross-reference table' : 'a /Prev offset does not point to a cross-reference section');
      break;
    }
  }
  return problems;
}

function looksEncrypted(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('/Encrypt'); at >= 0; at = bytes.indexOf('/Encrypt', at + 8)) {
    if (/^\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(bytes.subarray(at, at + 40).toString('latin1'))) return true;
  }
  return false;
}

// ─────────────────────────────────────────────────────────────────── qpdf

const execFileAsync = promisify(execFile);

type QpdfResult =
  | { ok: true; bytes: Buffer; warnings: string[] }
  | { ok: false; password: boolean; error: unknown };

/**
 * `qpdf --decrypt in out`: qpdf rebuilds a broken xref table and tolerates broken objects while
 * reading, so its output is a repaired copy. Exit 0 = clean, 3 = succeeded with warnings, 2 = error.
 * The password goes through a file (mode 0600) so that it does not show in the process list.
 */
async function repairWithQpdf(qpdf: string, file: string, password: string | undefined): Promise<QpdfResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exhibit-qpdf-'));
  try {
    const out = path.join(dir, 'repaired.pdf');
    const args = ['--decrypt'];
    if (password) {
      const pwFile = path.join(dir, 'password');
      await writeFile(pwFile, password, { mode: 0o600 });
      args.push(`--password-file=${pwFile}`);
    }
    args.push(path.resolve(file), out);
    let stderr = '';
    try {
      const r = await execFileAsync(qpdf, args, { timeout: QPDF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' });
      stderr = r.stderr;
    } catch (err) {
      const e = err as { code?: unknown; stderr?: string };
      stderr = e.stderr ?? '';
      if (e.code !== 3) {
        return { ok: false, password: /invalid password/i.test(stderr), error: err };
      }
    }
    const warnings = stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('WARNING:'))
      .map((l) => `qpdf: ${l.slice('WARNING:'.length).trim().replace(`${path.resolve(file)}: `, '').replace(`${path.resolve(file)} `, '')}`);
    return { ok: true, bytes: await readFile(out), warnings };
  } catch (err) {
    return { ok: false, password: false, error: err };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

/** A TIFF, converted page by page; a file the image library cannot decode is damaged. */
async function loadTiff(bytes: Uint8Array): Promise<LoadedExhibit> {
  let doc: PDFDocument;
  try {
    doc = await tiffToPdf(bytes);
  } catch (err) {
    throw new ExhibitLoadError('damaged', `the TIFF image cannot be decoded: ${describeError(err)}`, 'scan the document again, to PDF if the scanner can', { cause: err, actual: 'a TIFF image' });
  }
  return { kind: 'pdf', doc, pageCount: doc.getPageCount(), repairedWith: null, wasEncrypted: false };
}
