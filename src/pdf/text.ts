/** Laying out text on generated pages: wrapping to a width, measuring, drawing aligned lines. */
import type { PDFFont, PDFPage } from '@cantoo/pdf-lib';
import { rgb } from '@cantoo/pdf-lib';

/**
 * How far the width of `line + " " + word` may differ from width(line) + width(" " + word), in
 * ems, per join: the kerning of the line's last character with the space (at most 0.12 em in the
 * standard fonts; pdf-lib sums an embedded font's advance widths, which kerns nothing).
 */
const JOIN_SLACK = 0.25;

/** Splits text into lines no wider than `width`; a word longer than a line is broken. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    // Exact measuring if the quick pass ever yields a line that is too wide (a font whose layout
    // changes across a space); it gives the same lines whenever the quick pass is right.
    lines.push(...(wrapParagraph(para, font, size, width, JOIN_SLACK * size) ?? wrapParagraph(para, font, size, width, Infinity)!));
  }
  return lines;
}

/**
 * Greedy wrapping that keeps the line's width as it grows instead of measuring the whole line for
 * every word (a paragraph was quadratic, and measuring is fontkit's layout). The sum is only an
 * estimate across joins, so a word whose estimate lands within the slack of `width` is decided on
 * the exact width, as are lines the estimate accepted: null if one of those is too wide.
 */
function wrapParagraph(para: string, font: PDFFont, size: number, width: number, slack: number): string[] | null {
  const measure = (s: string) => font.widthOfTextAtSize(s, size);
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let joins = 0; // joins summed into lineWidth since it was last measured exactly
  const push = () => {
    if (joins > 0 && measure(line) > width) return false;
    lines.push(line);
    return true;
  };
  for (const word of para.split(/ +/)) {
    if (line) {
      const candidate = `${line} ${word}`;
      const estimate = lineWidth + measure(` ${word}`);
      if (Math.abs(estimate - width) > (joins + 1) * slack) {
        if (estimate < width) {
          [line, lineWidth, joins] = [candidate, estimate, joins + 1];
          continue;
        }
      } else {
        const exact = measure(candidate);
        if (exact <= width) {
          [line, lineWidth, joins] = [candidate, exact, 0];
          continue;
        }
      }
      if (!push()) return null;
    } else {
      const exact = measure(word);
      if (exact <= width) {
        [line, lineWidth, joins] = [word, exact, 0];
        continue;
      }
    }
    let rest = word;
    while (rest.length > 1 && measure(rest) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    [line, lineWidth, joins] = [rest, measure(rest), 0];
  }
  return push() ? lines : null;
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
