/** Page numbers, consecutive across the whole packet, in the band at the foot of every page. */
import Handlebars from 'handlebars';
import type { PDFPage } from '@cantoo/pdf-lib';
import type { Fonts } from '../pdf/fonts.js';
import { drawLine } from '../pdf/text.js';
import { EXHIBIT_MARGIN, NUMBER_BAND } from './geometry.js';

export interface PageNumberStyle {
  /** A handlebars pattern: {{page}}, {{pages}} and any model field, e.g. "A{{aNumberDigits}}-{{page}}". */
  format: string;
  /** Pad {{page}} with zeros to this many digits (e.g. 4 → 0001). */
  pad: number;
  position: 'bottom-center' | 'bottom-right' | 'bottom-left';
  size: number;
}

export const DEFAULT_PAGE_NUMBERS: PageNumberStyle = { format: '{{page}}', pad: 0, position: 'bottom-center', size: 10 };

/**
 * Stamps `first`, `first + 1`, … on the pages, in the number band. Plain ASCII numbers use the
 * standard Times font, which needs no text shaping (thousands of pages stamp in milliseconds);
 * anything else uses the embedded Unicode font.
 */
export function stampPageNumbers(pages: PDFPage[], fonts: Fonts, style: PageNumberStyle, total: number, data: object, first = 1): void {
  const template = Handlebars.compile(style.format, { noEscape: true, strict: true });
  pages.forEach((page, i) => {
    const raw = template({ ...data, page: String(first + i).padStart(style.pad, '0'), pages: String(total) });
    const ascii = /^[\x20-\x7e]*$/.test(raw);
    const text = ascii ? raw : fonts.safe(raw);
    const { width } = page.getSize();
    const x = style.position === 'bottom-center' ? width / 2 : style.position === 'bottom-right' ? width - EXHIBIT_MARGIN - 18 : EXHIBIT_MARGIN + 18;
    const align = style.position === 'bottom-center' ? 'center' : style.position === 'bottom-right' ? 'right' : 'left';
    drawLine(page, text, x, (NUMBER_BAND - style.size) / 2, { font: ascii ? fonts.numbers : fonts.regular, size: style.size, align });
  });
}
