/**
 * TIFF scans (often multi-page, from fax machines and office scanners) become a PDF with one page
 * per TIFF page, sized from its resolution, through sharp (libvips), a maintained image library
 * whose native build ships as npm packages.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';

export async function tiffToPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const meta = await sharp(bytes).metadata();
  const pages = meta.pages ?? 1;
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let page = 0; page < pages; page++) {
    const image = sharp(bytes, { page }).rotate();
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
