/**
 * What an exhibit file really is, from its first bytes rather than its name: a PDF, JPEG, PNG or
 * TIFF to load, or an ExhibitLoadError saying what it is instead (empty, another kind of document,
 * an image format that cannot go into the packet, or content that does not match its extension).
 */
import path from 'node:path';
import { ascii, startsWith } from './bytes.js';
import { ExhibitLoadError } from './exhibit.js';

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

/**
 * The type of a file that can be loaded as an exhibit, from its content; throws an ExhibitLoadError
 * when the content is empty, unrecognised, not what the extension says, or of a kind not accepted.
 */
export function exhibitType(file: string, bytes: Buffer): 'pdf' | 'jpeg' | 'png' | 'tiff' {
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
    case 'jpeg':
    case 'png':
    case 'tiff':
      return actual;
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
