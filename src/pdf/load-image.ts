/**
 * Images as exhibits. JPEGs and PNGs are checked, not decoded: their headers and markers are read
 * to find the pixel size (and a JPEG's EXIF orientation), to refuse codings PDF viewers cannot show,
 * and to notice a file cut short. The packet embeds a JPEG's bytes as they are, and decodes a PNG
 * off the JavaScript thread (embed-image.ts). TIFFs are converted to a PDF page by page (tiff.ts). An image over the pixel limit (limits.ts) is refused from its header,
 * before anything decodes it.
 */
import type { PDFDocument } from '@cantoo/pdf-lib';
import { ascii, startsWith, u16, u16be, u32 } from './bytes.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { describeError, ExhibitLoadError, tooManyPixels, type LoadedExhibit } from './exhibit.js';
import { tiffToPdf } from './tiff.js';

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

export function loadJpeg(buf: Buffer, limits: Pick<Limits, 'maxImagePixels'> = DEFAULT_LIMITS): LoadedExhibit {
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
  // the JPEG is embedded as it is, but every viewer of the packet would have to decode it
  if (frame.width * frame.height > limits.maxImagePixels) throw tooManyPixels('the JPEG image', frame.width, frame.height, limits.maxImagePixels);
  // FF D9 cannot occur inside entropy-coded data (FF is stuffed as FF 00), so its absence means the file was cut short.
  if (buf.indexOf(Buffer.from([0xff, 0xd9]), scanStart) < 0) throw damaged('the file is cut short (its end marker is missing)');
  return { kind: 'image', format: 'jpeg', bytes: b, width: frame.width, height: frame.height, ...(orientation !== undefined ? { orientation } : {}) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function loadPng(buf: Buffer, limits: Pick<Limits, 'maxImagePixels'> = DEFAULT_LIMITS): LoadedExhibit {
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
  // refused from the header: the PNG is decoded when it is embedded, at 4 bytes a pixel
  if (width * height > limits.maxImagePixels) throw tooManyPixels('the PNG image', width, height, limits.maxImagePixels);
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

/** A TIFF, converted page by page; a file the image library cannot decode is damaged. */
export async function loadTiff(bytes: Uint8Array, limits: Pick<Limits, 'maxImagePixels' | 'maxPagesPerExhibit'> = DEFAULT_LIMITS): Promise<LoadedExhibit> {
  let doc: PDFDocument;
  try {
    doc = await tiffToPdf(bytes, limits);
  } catch (err) {
    if (err instanceof ExhibitLoadError) throw err;
    throw new ExhibitLoadError('damaged', `the TIFF image cannot be decoded: ${describeError(err)}`, 'scan the document again, to PDF if the scanner can', { cause: err, actual: 'a TIFF image' });
  }
  return { kind: 'pdf', doc, pageCount: doc.getPageCount(), repairedWith: null, wasEncrypted: false, images: bytes };
}
