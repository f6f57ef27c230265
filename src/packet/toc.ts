/**
 * The table of contents: tab, title, date and page range of every exhibit, each line a link to
 * its tab page. Its length does not depend on the page numbers (the Pages column is fixed), so it
 * is laid out and counted first, and then numbered: correct even when it runs to several pages.
 */
import { rgb, type PDFPage } from '@cantoo/pdf-lib';
import type { Fonts } from '../pdf/fonts.js';
import { drawLine, wrap } from '../pdf/text.js';
import { LETTER, MARGIN } from './geometry.js';

export interface TocEntry {
  tab: string;
  title: string;
  /** A second, smaller line, e.g. "with certified English translation". */
  note?: string;
  date: string;
  /** Filled in once numbered. */
  pages?: string;
  /** Index of the page the line links to (its tab page), filled in once numbered. */
  target?: number;
}

const SIZE = 11;
const LEADING = 14;
const COLUMNS = { tab: MARGIN, title: MARGIN + 40, date: LETTER.width - MARGIN - 170, pages: LETTER.width - MARGIN } as const;
const TITLE_WIDTH = COLUMNS.date - COLUMNS.title - 12;
const HEADING_HEIGHT = 64;
const HEADER_ROW = 24;

interface PlacedRow {
  entry: TocEntry;
  lines: string[];
  note: string[];
  top: number;
  height: number;
}

export interface TocLayout {
  pages: PlacedRow[][];
}

/** Places the rows on as many pages as they need. */
export function layoutToc(entries: TocEntry[], fonts: Fonts): TocLayout {
  const pages: PlacedRow[][] = [[]];
  let y = LETTER.height - MARGIN - HEADING_HEIGHT - HEADER_ROW;
  for (const entry of entries) {
    const lines = wrap(fonts.safe(entry.title), fonts.regular, SIZE, TITLE_WIDTH);
    const note = entry.note ? wrap(fonts.safe(entry.note, 'italic'), fonts.italic, SIZE - 2, TITLE_WIDTH) : [];
    const height = lines.length * LEADING + note.length * (LEADING - 2) + 6;
    if (y - height < MARGIN) {
      pages.push([]);
      y = LETTER.height - MARGIN - HEADING_HEIGHT - HEADER_ROW;
    }
    pages.at(-1)!.push({ entry, lines, note, top: y, height });
    y -= height;
  }
  return { pages };
}

export interface TocLink {
  page: PDFPage;
  rect: { x: number; y: number; width: number; height: number };
  target: number;
}

/** Draws the laid-out contents on its pages (one per layout page); returns the line links. */
export function drawToc(layout: TocLayout, pages: PDFPage[], fonts: Fonts, heading: { title: string; caption: string }): TocLink[] {
  const links: TocLink[] = [];
  layout.pages.forEach((rows, i) => {
    const page = pages[i]!;
    const top = LETTER.height - MARGIN;
    drawLine(page, fonts.safe(heading.title + (i > 0 ? ' (continued)' : ''), 'bold'), LETTER.width / 2, top - 14, { font: fonts.bold, size: 14, align: 'center' });
    drawLine(page, fonts.safe(heading.caption), LETTER.width / 2, top - 34, { font: fonts.regular, size: 11, align: 'center' });
    const headerY = top - HEADING_HEIGHT - 14;
    const bold = { font: fonts.bold, size: SIZE };
    drawLine(page, 'Tab', COLUMNS.tab, headerY, bold);
    drawLine(page, 'Document', COLUMNS.title, headerY, bold);
    drawLine(page, 'Date', COLUMNS.date, headerY, bold);
    drawLine(page, 'Pages', COLUMNS.pages, headerY, { ...bold, align: 'right' });
    page.drawLine({ start: { x: MARGIN, y: headerY - 6 }, end: { x: LETTER.width - MARGIN, y: headerY - 6 }, thickness: 0.75, color: rgb(0, 0, 0) });
    for (const row of rows) {
      let y = row.top - SIZE - 2;
      const regular = { font: fonts.regular, size: SIZE };
      drawLine(page, fonts.safe(row.entry.tab), COLUMNS.tab, y, regular);
      drawLine(page, fonts.safe(row.entry.date), COLUMNS.date, y, regular);
      if (row.entry.pages) drawLine(page, row.entry.pages, COLUMNS.pages, y, { ...regular, align: 'right' });
      for (const [k, line] of row.lines.entries()) drawLine(page, line, COLUMNS.title, y - k * LEADING, regular);
      y -= row.lines.length * LEADING;
      for (const [k, line] of row.note.entries()) drawLine(page, line, COLUMNS.title, y - k * (LEADING - 2), { font: fonts.italic, size: SIZE - 2 });
      if (row.entry.target !== undefined) {
        links.push({ page, rect: { x: MARGIN, y: row.top - row.height, width: LETTER.width - 2 * MARGIN, height: row.height }, target: row.entry.target });
      }
    }
  });
  return links;
}
