/** Laying out text on generated pages: wrapping to a width, measuring, drawing aligned lines. */
import type { PDFFont, PDFPage } from '@cantoo/pdf-lib';
import { rgb } from '@cantoo/pdf-lib';

/** Splits text into lines no wider than `width`; a word longer than a line is broken. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (rest.length > 1 && font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  font: PDFFont;
  size: number;
  align?: Align;
}

/** Draws one line on its baseline `y`, with its left, centre or right at `x`; returns its width. */
export function drawLine(page: PDFPage, text: string, x: number, y: number, style: TextStyle): number {
  const width = style.font.widthOfTextAtSize(text, style.size);
  const left = style.align === 'center' ? x - width / 2 : style.align === 'right' ? x - width : x;
  page.drawText(text, { x: left, y, size: style.size, font: style.font, color: rgb(0, 0, 0) });
  return width;
}
