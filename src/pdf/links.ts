/**
 * Internal links (go to a page of the same document) for a pdf-lib document,
 * which pdf-lib has no API for: a /Link annotation with an explicit /Dest
 * (ISO 32000-1 §12.5.6.5, §12.3.2.2). Knows nothing of what the document is
 * about.
 */
import { PDFArray, PDFName, PDFRef } from '@cantoo/pdf-lib';
import type { PDFDocument, PDFPage } from '@cantoo/pdf-lib';
import { topOfPageDestination } from './outline.js';

/** A rectangle in the page's default user space (points, origin bottom-left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const ANNOTS = PDFName.of('Annots');

/** The page's /Annots array, created (direct) when missing; an indirect array stays indirect. */
function annotsOf(doc: PDFDocument, page: PDFPage): PDFArray {
  const raw = page.node.get(ANNOTS);
  const resolved = raw instanceof PDFRef ? doc.context.lookup(raw) : raw;
  if (resolved instanceof PDFArray) return resolved;
  if (resolved !== undefined) {
    throw new TypeError(`page /Annots is a ${resolved.constructor.name}, not an array`);
  }
  const annots = doc.context.obj([]);
  page.node.set(ANNOTS, annots);
  return annots;
}

/**
 * Adds a clickable area on `page` that goes to the top of page
 * `targetPageIndex` of the same document: a /Link annotation with /Dest
 * `[target /XYZ null top null]` (or /Fit for a rotated target page) and
 * /Border [0 0 0], so nothing is drawn. The annotation is an indirect object
 * appended to the page's /Annots.
 *
 * Throws a RangeError for a target outside the document or a rect that is not
 * finite, and an Error if `page` belongs to another document.
 */
export function addInternalLink(doc: PDFDocument, page: PDFPage, rect: Rect, targetPageIndex: number): void {
  if (page.doc !== doc) throw new Error('addInternalLink: the page belongs to another document');
  const { x, y, width, height } = rect;
  if (![x, y, width, height].every(Number.isFinite)) {
    throw new RangeError(`addInternalLink: rect must be finite numbers, got ${JSON.stringify(rect)}`);
  }
  const dest = topOfPageDestination(doc, targetPageIndex, 'addInternalLink');

  const annot = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [Math.min(x, x + width), Math.min(y, y + height), Math.max(x, x + width), Math.max(y, y + height)],
    Border: [0, 0, 0],
    P: page.ref,
    Dest: dest,
  });
  annotsOf(doc, page).push(doc.context.register(annot));
}
