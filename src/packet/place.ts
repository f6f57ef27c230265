/**
 * Puts exhibit content on US Letter pages. Every page of an exhibit PDF is drawn, scaled to fit,
 * onto a Letter page in the orientation the reader sees (its /Rotate applied), above the band
 * kept for the page number — so A4, legal and rotated pages arrive upright and nothing is
 * covered. A photo (JPEG, PNG) becomes a full page fitted to the margins, turned as its EXIF
 * orientation says.
 */
import { PDFArray, PDFName, PDFRawStream, decodePDFRawStream, degrees, type PDFDocument, type PDFObject, type PDFPage, type PDFStream } from '@cantoo/pdf-lib';
import { DEFAULT_LIMITS, MAX_STREAM_BYTES, type Limits } from '../limits.js';
import { drawRasterImage, embedRasterImage } from '../pdf/embed-image.js';
import { ExhibitLoadError } from '../pdf/exhibit.js';
import { inflateCapped, streamTooLarge } from '../pdf/streams.js';
import { EXHIBIT_MARGIN, IMAGE_MARGIN, contentArea, fit, letterFor, type Box, type Size } from './geometry.js';
import type { OcrResult } from '../ocr/tesseract.js';
import { overlayImageText } from './text-layer.js';

/** How content of natural size `size`, turned clockwise by `turn` degrees, is drawn into `box`. */
function placement(size: Size, turn: number, box: Box & { scale: number }) {
  const s = box.scale;
  switch (((turn % 360) + 360) % 360) {
    case 90:
      return { x: box.x, y: box.y + size.width * s, rotate: degrees(-90) };
    case 180:
      return { x: box.x + size.width * s, y: box.y + size.height * s, rotate: degrees(180) };
    case 270:
      return { x: box.x + size.height * s, y: box.y, rotate: degrees(90) };
    default:
      return { x: box.x, y: box.y, rotate: degrees(0) };
  }
}

const turned = (size: Size, turn: number): Size => (turn % 180 === 0 ? size : { width: size.height, height: size.width });

/**
 * The matrix that maps a page's own coordinates (its crop box at `crop`, turned clockwise by
 * `turn` when shown) into `box` on the new page, upright: the content is transformed, never
 * decoded and re-encoded, so placing costs the same for a scanned page as for a text page.
 */
function matrix(crop: Box, turn: number, box: Box & { scale: number }): [number, number, number, number, number, number] {
  const s = box.scale;
  const { x: cx, y: cy, width: w, height: h } = crop;
  switch (((turn % 360) + 360) % 360) {
    case 90:
      return [0, -s, s, 0, box.x - s * cy, box.y + w * s + s * cx];
    case 180:
      return [-s, 0, 0, -s, box.x + w * s + s * cx, box.y + h * s + s * cy];
    case 270:
      return [0, s, -s, 0, box.x + h * s + s * cy, box.y - s * cx];
    default:
      return [s, 0, 0, s, box.x - s * cx, box.y - s * cy];
  }
}

const PAGE_BOXES = ['MediaBox', 'CropBox', 'BleedBox', 'TrimBox', 'ArtBox', 'Rotate'].map((n) => PDFName.of(n));

/**
 * Copies every page of `src` into `out` as an upright US Letter page, its content scaled to fit
 * above the number band; returns them in order. Form fields are flattened first so their
 * answers stay visible; other annotations (comments, links) are not carried over. A content
 * stream that inflates past `maxStreamBytes` throws a 'stream-too-large' ExhibitLoadError.
 */
export async function placePdfPages(out: PDFDocument, src: PDFDocument, maxStreamBytes = MAX_STREAM_BYTES): Promise<PDFPage[]> {
  flattenForm(src);
  const pages = src.getPages();
  const geometry = pages.map((p) => ({ crop: p.getCropBox(), turn: p.getRotation().angle }));
  const copies = await out.copyPages(src, pages.map((_, i) => i));
  return copies.map((page, i) => {
    const { crop, turn } = geometry[i]!;
    const shown = turned(crop, turn);
    const letter = letterFor(shown);
    const box = fit(shown, contentArea(letter, EXHIBIT_MARGIN));
    const node = page.node;
    for (const name of PAGE_BOXES) node.delete(name);
    node.delete(PDFName.of('Annots'));
    node.set(PDFName.of('MediaBox'), out.context.obj([0, 0, letter.width, letter.height]));
    // "q cm q … Q Q": the outer q/Q keeps the transform even if the page's own content pops once
    // too often; and the page's unclosed q's (scanners leave some) are closed before ours, so the
    // page number drawn after them is never moved, scaled or turned.
    const [a, b, c, d, e, f] = matrix(crop, turn, box).map((n) => Number(n.toFixed(5)));
    const unclosed = unclosedSaves(out, node.Contents(), maxStreamBytes);
    // A few bytes each: compressing them would cost more time than it saves space.
    const before = out.context.register(out.context.stream(`q ${a} ${b} ${c} ${d} ${e} ${f} cm q\n`));
    const after = out.context.register(out.context.stream(`\n${'Q '.repeat(unclosed)}Q Q\n`));
    // Contents is an array of streams, or one stream (as LibreOffice and many scanners write it):
    // the page's own content stays between ours either way.
    if (!node.wrapContentStreams(before, after)) {
      const own = node.get(PDFName.of('Contents'));
      node.set(PDFName.of('Contents'), out.context.obj(own ? [before, own, after] : [before, after]));
    }
    return out.addPage(page);
  });
}

const SAVE_RESTORE = /(?:^|[\s\]>)}])([qQ])(?=[\s[<(/%]|$)/g;

/**
 * How many `q` the page's content leaves open (its `q` minus its `Q`, at least 0). Counting tokens
 * this way may overcount in rare strings, which costs a harmless extra `Q`; it never undercounts
 * a real `q` operator.
 */
function unclosedSaves(doc: PDFDocument, contents: PDFStream | PDFArray | undefined, limit: number): number {
  const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r) as PDFObject) : contents ? [contents] : [];
  let depth = 0;
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    let text: string;
    try {
      text = Buffer.from(contentBytes(stream, limit)).toString('latin1');
    } catch (err) {
      if (err instanceof ExhibitLoadError) throw err; // over the limit: the exhibit is refused
      continue;
    }
    for (const m of text.matchAll(SAVE_RESTORE)) depth = m[1] === 'q' ? depth + 1 : Math.max(0, depth - 1);
  }
  return depth;
}

/**
 * A content stream's bytes, at most `limit` of them (more throws a 'stream-too-large'
 * ExhibitLoadError). Plain Flate, by far the usual case, is inflated by Node's zlib (native,
 * several times faster than pdf-lib's inflater in JavaScript); anything else by pdf-lib, a
 * megabyte at a time.
 */
function contentBytes(stream: PDFRawStream, limit: number): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const flate = filter === FLATE || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE);
  if (flate && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateCapped(stream.contents, limit, 'a page\'s content');
    } catch (err) {
      if (err instanceof ExhibitLoadError) throw err;
      // A damaged stream: pdf-lib's inflater recovers what it can.
    }
  }
  const decoded = decodePDFRawStream(stream);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let chunk = decoded.getBytes(1 << 20); chunk.length > 0; chunk = decoded.getBytes(1 << 20)) {
    total += chunk.length;
    if (total > limit) throw streamTooLarge(limit, "a page's content");
    parts.push(Uint8Array.from(chunk));
  }
  return Buffer.concat(parts);
}
const FLATE = PDFName.of('FlateDecode');

function flattenForm(doc: PDFDocument): void {
  try {
    const form = doc.getForm();
    if (form.getFields().length > 0) form.flatten();
  } catch {
    // A broken form dictionary: the page content is still placed, without the field appearances.
  }
}

/** EXIF orientation → clockwise turn needed to show the photo upright (mirrored forms as their turn). */
const EXIF_TURN: Record<number, number> = { 1: 0, 2: 0, 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 };

/**
 * Puts a photo on a page of its own. A JPEG is embedded as it is (never decoded); a PNG is decoded
 * by sharp off the JavaScript thread (embed-image.ts) within `limits.maxImagePixels`, and one that
 * cannot be decoded throws a 'damaged' ExhibitLoadError.
 */
export async function placeImage(
  out: PDFDocument,
  img: { format: 'jpeg' | 'png'; bytes: Uint8Array; width: number; height: number; orientation?: number },
  limits: Pick<Limits, 'maxImagePixels'> = DEFAULT_LIMITS,
  textLayer?: OcrResult,
): Promise<PDFPage> {
  const image = img.format === 'jpeg' ? await out.embedJpg(img.bytes) : await embedRasterImage(out, img.bytes, { limits, what: 'the PNG image' });
  const turn = EXIF_TURN[img.orientation ?? 1] ?? 0;
  const size = { width: image.width, height: image.height };
  const shown = turned(size, turn);
  const letter = letterFor(shown);
  const page = out.addPage([letter.width, letter.height]);
  const box = fit(shown, contentArea(letter, IMAGE_MARGIN), true);
  const at = placement(size, turn, box);
  const drawn = { x: at.x, y: at.y, width: size.width * box.scale, height: size.height * box.scale, rotate: at.rotate };
  drawRasterImage(page, image, drawn);
  // Its words, read by OCR, invisible over it where it is (searchable, and copied as text).
  if (textLayer) await overlayImageText(out, page, textLayer, drawn);
  return page;
}
