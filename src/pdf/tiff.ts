/**
 * TIFF scans (often multi-page, from fax machines and office scanners) become a PDF with one page
 * per TIFF page, sized from its resolution, through sharp (libvips), a maintained image library
 * whose native build ships as npm packages.
 *
 * Every page's size is read from its header (sharp's metadata does not decode) and checked
 * against the pixel limit before the page is decoded, and sharp is given the same limit
 * (`limitInputPixels`); the number of pages is checked against the per-exhibit limit first.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { drawRasterImage, embedRasterImage } from './embed-image.js';
import { tooManyPages, tooManyPixels } from './exhibit.js';

export async function tiffToPdf(bytes: Uint8Array, limits: Pick<Limits, 'maxImagePixels' | 'maxPagesPerExhibit'> = DEFAULT_LIMITS): Promise<PDFDocument> {
  const limitInputPixels = limits.maxImagePixels;
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pages = meta.pages ?? 1;
  if (pages > limits.maxPagesPerExhibit) throw tooManyPages('the TIFF image', pages, limits.maxPagesPerExhibit);
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let page = 0; page < pages; page++) {
    const head = await sharp(bytes, { page, limitInputPixels: false }).metadata();
    const w = head.width ?? 0;
    const h = head.height ?? 0;
    const what = pages > 1 ? `page ${page + 1} of the TIFF image` : 'the TIFF image';
    if (w * h > limitInputPixels) throw tooManyPixels(what, w, h, limitInputPixels);
    // Scans record their resolution; 200 dpi is the common fax and office-scanner default.
    const dpi = head.density && head.density > 20 ? head.density : 200;
    // Decoded by sharp off the JavaScript thread, turned upright, written as raw samples.
    const image = sharp(bytes, { page, limitInputPixels }).rotate();
    const embedded = await embedRasterImage(doc, image, { limits, what, hint: 'scan the document again, to PDF if the scanner can' });
    const size = { width: (embedded.width * 72) / dpi, height: (embedded.height * 72) / dpi };
    drawRasterImage(doc.addPage([size.width, size.height]), embedded, { x: 0, y: 0, ...size });
  }
  return doc;
}
