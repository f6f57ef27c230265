/**
 * The form's own continuation page (Supplement B of the I-589): one page per question whose answer
 * does not fit, each naming the part and question and carrying the applicant's name, A-number and
 * date, as the form asks ("copy and complete as needed"). A long answer runs over several pages.
 * The first page is the form's own; the others are copies of it, filled and flattened.
 */
import { PDFTextField, type PDFFont } from '@cantoo/pdf-lib';
import { embedFonts, type Fonts } from '../pdf/fonts.js';
import { wrap } from '../pdf/text.js';
import type { Model } from '../render/model.js';
import { FILTERS } from '../render/filters.js';
import type { FieldMap } from './map.js';
import { openForm, type OpenForm } from './open.js';

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
const LEADING = 1.15;

/** Fills the continuation pages; answers the 0-based page indexes they occupy in the form. */
export async function fillContinuations(main: OpenForm, fonts: Fonts, map: FieldMap, model: Model, items: ContinuationItem[], source: { formFile: string; formBytes: Uint8Array }): Promise<number[]> {
  const c = map.continuation!;
  const textField = main.fieldsByName.get(c.text);
  const spec = main.fields.find((f) => f.name === c.text)!;
  const size = (textField instanceof PDFTextField ? daSize(textField) : null) ?? DEFAULT_SIZE;
  const sheets = paginate(items, fonts.regular, size, spec.width - 6, spec.height - 6);
  const header = {
    name: model.derived.fullName,
    aNumber: model.derived.aNumber ?? 'None',
    date: FILTERS.shortDate(model.derived.filingDate),
  };
  const pageIndex = (spec.page ?? main.doc.getPageCount()) - 1;
  write(main, fonts, c, header, sheets[0]!, size);
  const pages = [pageIndex];
  for (const sheet of sheets.slice(1)) {
    const copy = await openForm(source.formFile, source.formBytes);
    const copyFonts = await embedFonts(copy.doc);
    write(copy, copyFonts, c, header, sheet, size);
    copy.form.updateFieldAppearances(copyFonts.regular);
    copy.form.flatten();
    const [page] = await main.doc.copyPages(copy.doc, [pageIndex]);
    const at = pages.at(-1)! + 1;
    main.doc.insertPage(at, page!);
    pages.push(at);
  }
  return pages;
}

function write(f: OpenForm, fonts: Fonts, c: NonNullable<FieldMap['continuation']>, header: { name: string; aNumber: string; date: string }, sheet: Sheet, size: number): void {
  const set = (name: string, value: string, fontSize?: number) => {
    const field = f.fieldsByName.get(name);
    if (!(field instanceof PDFTextField)) return;
    field.setText(fonts.safe(value));
    if (fontSize) field.setFontSize(fontSize);
  };
  set(c.name, header.name);
  set(c.aNumber, header.aNumber);
  if (c.date) set(c.date, header.date);
  set(c.part, sheet.part);
  set(c.question, sheet.question);
  set(c.text, sheet.text, size);
}

/** Items of one part and question share pages; each run of pages is cut at whole lines. */
function paginate(items: ContinuationItem[], font: PDFFont, size: number, width: number, height: number): Sheet[] {
  const groups = new Map<string, ContinuationItem[]>();
  for (const it of items) {
    const key = `${it.part}\0${it.question}`;
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const perPage = Math.max(1, Math.floor(height / (size * LEADING)) - 1);
  const sheets: Sheet[] = [];
  for (const group of groups.values()) {
    const { part, question } = group[0]!;
    const text = group.length === 1 ? group[0]!.text : group.map((it) => `${it.label}:\n${it.text}`).join('\n\n');
    const lines = wrap(text, font, size, width);
    for (let i = 0; i < lines.length; i += perPage) {
      const more = i > 0 ? ' (continued)' : '';
      sheets.push({ part: part || '—', question: `${question}${more}`, text: lines.slice(i, i + perPage).join('\n') });
    }
  }
  return sheets;
}

function daSize(field: PDFTextField): number | null {
  const m = /(\d+(?:\.\d+)?)\s+Tf/.exec(field.acroField.getDefaultAppearance() ?? '');
  const size = m ? Number(m[1]) : 0;
  return size > 0 ? size : null;
}
