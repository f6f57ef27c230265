/**
 * The form's own continuation page (Supplement B of the I-589): one page per question whose answer
 * does not fit, each naming the part and question and carrying the applicant's name, A-number and
 * the date (the filing date), as the form asks ("copy and complete as needed"); the applicant signs
 * each by hand. A long answer runs over several pages. The first page is the form's own, filled through its
 * fields; the others are copies of its printed page (no fields: two fields cannot share a name)
 * with the same text drawn in the same boxes.
 */
import { PDFTextField, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';
import type { Fonts } from '../pdf/fonts.js';
import { wrap } from '../pdf/text.js';
import { FILTERS } from '../render/filters.js';
import type { Model } from '../render/model.js';
import { partRank, type FieldMap } from './map.js';
import { daSize, lineHeight, type FormField, type OpenForm } from './open.js';

export interface ContinuationItem {
  /** The part as printed, e.g. "B"; "" when the map does not say. */
  part: string;
  question: string;
  /** The field or entry it continues, e.g. "Part B, question 1.A". */
  label: string;
  text: string;
}

interface Sheet {
  part: string;
  question: string;
  text: string;
}

const DEFAULT_SIZE = 10;

/** Fills the continuation pages; answers the 0-based page indexes they occupy in the form. */
export async function fillContinuations(main: OpenForm, fonts: Fonts, map: FieldMap, model: Model, items: ContinuationItem[]): Promise<number[]> {
  const c = map.continuation!;
  const spec = (name: string) => main.fields.find((f) => f.name === name)!;
  const textField = main.fieldsByName.get(c.text);
  const size = (textField instanceof PDFTextField ? daSize(textField) : null) ?? DEFAULT_SIZE;
  const box = spec(c.text);
  const sheets = paginate(items, fonts.regular, size, box.width - box.inset - 0.5, box.height - box.inset);
  const values = (sheet: Sheet): [string, string][] => [
    [c.name, model.derived.fullName],
    [c.aNumber, model.derived.aNumber ?? 'None'],
    ...(c.date ? [[c.date, FILTERS.shortDate(model.derived.filingDate)] as [string, string]] : []),
    [c.part, sheet.part],
    [c.question, sheet.question],
  ];
  const pageIndex = (box.page ?? main.doc.getPageCount()) - 1;
  // The printed page, without its fields, for the copies: embedded now, before anything is filled
  // (pdf-lib would otherwise copy the page's content when saving, by when a flattened form has
  // drawn the first sheet's answers into it).
  const [printed] = sheets.length > 1 ? await main.doc.embedPages([main.doc.getPage(pageIndex)]) : [];
  await printed?.embed();

  for (const [name, value] of values(sheets[0]!)) {
    const fit = fitHeader(fonts.regular, fonts.safe(value), spec(name), size);
    setText(main, fonts, name, fit.text, fit.size);
  }
  setText(main, fonts, c.text, sheets[0]!.text, size);
  const pages = [pageIndex];
  for (const sheet of sheets.slice(1)) {
    const at = pages.at(-1)! + 1;
    const original = main.doc.getPage(pageIndex);
    const page = main.doc.insertPage(at, [original.getWidth(), original.getHeight()]);
    page.drawPage(printed!);
    for (const [name, value] of values(sheet)) {
      const fit = fitHeader(fonts.regular, fonts.safe(value), spec(name), size);
      drawInBox(page, fonts, spec(name), fit.text, fit.size);
    }
    drawInBox(page, fonts, box, fonts.safe(sheet.text), size);
    pages.push(at);
  }
  return pages;
}

function setText(f: OpenForm, fonts: Fonts, name: string, value: string, fontSize?: number): void {
  const field = f.fieldsByName.get(name);
  if (!(field instanceof PDFTextField)) return;
  field.setText(fonts.safe(value));
  if (fontSize) field.setFontSize(fontSize);
}

/**
 * A one-line header value (the part, the question) as its box takes it: at the page's size, or
 * smaller down to 6 pt, or shortened with "…" — never past the box's edge. The question is also
 * written in full above the text it continues.
 */
function fitHeader(font: PDFFont, value: string, box: FormField, size: number): { text: string; size: number } {
  const width = box.width - box.inset - 0.5;
  const fits = (t: string, s: number) => font.widthOfTextAtSize(t, s) <= width;
  let s = size;
  while (s > 6 && !fits(value, s)) s -= 0.5;
  let text = value;
  while (text.length > 1 && !fits(text, s)) text = `${text.slice(0, -2).trimEnd()}…`;
  return { text, size: s };
}

/** Text drawn where the field's box is, as pdf-lib draws a field (border and 1 pt padding), line by line (the lines already fit). */
function drawInBox(page: PDFPage, fonts: Fonts, box: FormField, text: string, size: number): void {
  const lines = text.split('\n');
  const single = lines.length === 1 && !box.multiline;
  const step = lineHeight(fonts.regular, size);
  const pad = box.inset / 2;
  let y = single ? box.y + (box.height - size) / 2 + size * 0.22 : box.y + box.height - pad - step;
  for (const line of lines) {
    if (line) page.drawText(line, { x: box.x + pad, y, size, font: fonts.regular });
    y -= step;
  }
}

/** Items of one part and question share pages; each run of pages is cut at whole lines. */
function paginate(items: ContinuationItem[], font: PDFFont, size: number, width: number, height: number): Sheet[] {
  const groups = new Map<string, ContinuationItem[]>();
  for (const it of items) {
    const key = `${it.part}\0${it.question}`;
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const perPage = Math.max(1, Math.floor(height / lineHeight(font, size)) - 1);
  const sheets: Sheet[] = [];
  // In the order of the form's parts; within a part, as the map goes.
  for (const group of [...groups.values()].sort((a, b) => partRank(a[0]!.part) - partRank(b[0]!.part))) {
    const { part, question } = group[0]!;
    // Each answer under the name of the box it continues ("Part A.III, question 3 (school 1: type of school)").
    const text = group.map((it) => `${it.label}:\n${it.text}`).join('\n\n');
    const lines = wrap(text, font, size, width);
    for (let i = 0; i < lines.length; i += perPage) {
      const more = i > 0 ? ' (continued)' : '';
      sheets.push({ part: part || '—', question: `${question}${more}`, text: lines.slice(i, i + perPage).join('\n') });
    }
  }
  return sheets;
}
