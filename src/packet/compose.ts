/**
 * Writes the generated pages of a packet (cover, contents, tab dividers, certificates) top to
 * bottom inside one-inch margins, starting a new page when the text reaches the foot.
 */
import { rgb, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import type { Fonts, FontStyle } from '../pdf/fonts.js';
import { drawLine, wrap, type Align } from '../pdf/text.js';
import { LETTER, MARGIN } from './geometry.js';

export interface TextOptions {
  style?: FontStyle;
  size?: number;
  align?: Align;
  /** Left indent from the margin, in points. */
  indent?: number;
  /** Width of the text column; the rest of the line by default. */
  width?: number;
  /** Space before and after, in points. */
  before?: number;
  after?: number;
  leading?: number;
}

export class Composer {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];

  /** Writes from the top of `first` when given (a page inserted where it belongs), else of a new last page. */
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    first?: PDFPage,
  ) {
    if (first) this.startOn(first);
    else this.newPage();
  }

  private startOn(page: PDFPage): void {
    this.page = page;
    this.pages.push(page);
    this.y = LETTER.height - MARGIN;
  }

  get left(): number {
    return MARGIN;
  }

  get right(): number {
    return LETTER.width - MARGIN;
  }

  newPage(): PDFPage {
    this.startOn(this.doc.addPage([LETTER.width, LETTER.height]));
    return this.page;
  }

  /** Starts a new page unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
  }

  /** Wrapped text; returns the lines as drawn. */
  text(text: string, o: TextOptions = {}): string[] {
    const style = o.style ?? 'regular';
    const font = this.fonts[style];
    const size = o.size ?? 12;
    const leading = o.leading ?? size * 1.3;
    const x = this.left + (o.indent ?? 0);
    const width = o.width ?? this.right - x;
    const lines = wrap(this.fonts.safe(text, style), font, size, width);
    this.y -= o.before ?? 0;
    for (const line of lines) {
      this.ensure(leading);
      this.y -= leading;
      const anchor = o.align === 'center' ? x + width / 2 : o.align === 'right' ? x + width : x;
      drawLine(this.page, line, anchor, this.y + (leading - size) * 0.5, { font, size, align: o.align ?? 'left' });
    }
    this.y -= o.after ?? 0;
    return lines;
  }

  /** A label and its value on one line, the value starting at a tab stop. */
  field(label: string, value: string, tab = 126, o: TextOptions = {}): void {
    const top = this.y;
    this.text(label, { ...o, style: 'bold', width: tab - 6, after: 0 });
    const afterLabel = this.y;
    this.y = top;
    this.text(value, { ...o, indent: (o.indent ?? 0) + tab, after: 0 });
    this.y = Math.min(this.y, afterLabel) - (o.after ?? 4);
  }

  /**
   * A signature line with the signer's name (or a blank) and optional date line under it; with
   * `electronic` ("/s/ Sarah Okafor") the signature is typed on the line, and no date line is drawn.
   */
  signature(name: string | undefined, o: { date?: boolean; label?: string; electronic?: string } = {}): void {
    this.ensure(90);
    this.y -= 36;
    const x = this.left + 252;
    if (o.electronic) drawLine(this.page, this.fonts.safe(o.electronic), x + 4, this.y + 5, { font: this.fonts.regular, size: 12, align: 'left' });
    this.page.drawLine({ start: { x, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.75, color: rgb(0, 0, 0) });
    this.text(name ?? o.label ?? 'Signature', { indent: 252, size: 11, before: 2 });
    if (o.date && !o.electronic) {
      this.y -= 24;
      this.page.drawLine({ start: { x, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.75, color: rgb(0, 0, 0) });
      this.text('Date', { indent: 252, size: 11, before: 2 });
    }
  }
}
