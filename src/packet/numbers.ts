/** Page numbers, consecutive across the whole packet, in the band at the foot of every page. */
import type { PDFFont, PDFPage } from '@cantoo/pdf-lib';
import type { Fonts } from '../pdf/fonts.js';
import { drawLine, type Align } from '../pdf/text.js';
import { compileStrict } from '../render/text.js';
import { EXHIBIT_MARGIN, NUMBER_BAND } from './geometry.js';

export interface PageNumberStyle {
  /** A handlebars pattern: {{page}}, {{pages}} and any model field, e.g. "A{{aNumberDigits}}-{{page}}". */
  format: string;
  /** Pad {{page}} with zeros to this many digits (e.g. 4 → 0001). */
  pad: number;
  position: 'bottom-center' | 'bottom-right' | 'bottom-left';
  size: number;
}

/** A page's number as the stamps and the contents print it: padded as the style says. */
export function pageLabel(style: Pick<PageNumberStyle, 'pad'>, page: number): string {
  return String(page).padStart(style.pad, '0');
}

/** The stamped numbers of pages `first`…`last` (indexes from 0): "12–15", or "12" for one page. */
export function pageRange(style: Pick<PageNumberStyle, 'pad'>, first: number, last: number): string {
  return first === last ? pageLabel(style, first + 1) : `${pageLabel(style, first + 1)}–${pageLabel(style, last + 1)}`;
}

/** The same in words: "page 12", "pages 12–15". */
export const pagesInWords = (style: Pick<PageNumberStyle, 'pad'>, first: number, last: number): string => `page${first === last ? '' : 's'} ${pageRange(style, first, last)}`;

/**
 * Stamps 1, 2, … on the pages, in the number band. Plain ASCII numbers use the
 * standard Times font, which needs no text shaping (thousands of pages stamp in milliseconds);
 * anything else uses the embedded Unicode font.
 */
export function stampPageNumbers(pages: PDFPage[], fonts: Fonts, style: PageNumberStyle, total: number, data: object): void {
  const template = compileStrict(style.format);
  pages.forEach((page, i) => {
    const raw = template({ ...data, page: pageLabel(style, i + 1), pages: String(total) });
    const ascii = /^[\x20-\x7e]*$/.test(raw);
    const text = ascii ? raw : fonts.safe(raw);
    const { width } = page.getSize();
    const x = style.position === 'bottom-center' ? width / 2 : style.position === 'bottom-right' ? width - EXHIBIT_MARGIN - 18 : EXHIBIT_MARGIN + 18;
    const align = style.position === 'bottom-center' ? 'center' : style.position === 'bottom-right' ? 'right' : 'left';
    const y = (NUMBER_BAND - style.size) / 2;
    if (ascii) stampAscii(page, text, x, y, style.size, align, fonts.numbers);
    else drawLine(page, text, x, y, { font: fonts.regular, size: style.size, align });
  });
}

/**
 * Plain ASCII in the standard font, written as a few bytes of content of its own: for thousands
 * of pages that is several times quicker than pdf-lib's drawing operators, and gives the same marks.
 */
function stampAscii(page: PDFPage, text: string, x: number, y: number, size: number, align: Align, font: PDFFont): void {
  const width = font.widthOfTextAtSize(text, size);
  const left = align === 'center' ? x - width / 2 : align === 'right' ? x - width : x;
  const key = page.node.newFontDictionary(font.name, font.ref);
  const literal = text.replace(/[\\()]/g, (ch) => `\\${ch}`);
  const ops = `q 0 g BT ${key.toString()} ${size} Tf ${left.toFixed(3)} ${y.toFixed(3)} Td (${literal}) Tj ET Q\n`;
  const doc = page.doc;
  page.node.addContentStream(doc.context.register(doc.context.stream(ops)));
}
