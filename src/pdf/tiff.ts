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
    if (w * h > limitInputPixels) throw tooManyPixels(pages > 1 ? `page ${page + 1} of the TIFF image` : 'the TIFF image', w, h, limitInputPixels);
    const image = sharp(bytes, { page, limitInputPixels }).rotate();
    const { width = 1, height = 1, density } = await image.metadata();
    // Scans record their resolution; 200 dpi is the common fax and office-scanner default.
    const dpi = density && density > 20 ? density : 200;
    const png = await image.png({ compressionLevel: 6 }).toBuffer();
    const embedded = await doc.embedPng(png);
    const size = { width: (width * 72) / dpi, height: (height * 72) / dpi };
    doc.addPage([size.width, size.height]).drawImage(embedded, { x: 0, y: 0, ...size });
  }
  return doc;
}
