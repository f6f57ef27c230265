/**
 * Fills a form from the model through a field map: text, check boxes, radio groups. Nothing is
 * cut without a word: an answer longer than its field (or its MaxLen) is written as "See
 * addendum", reported, and continued in full on an addendum page appended to the form.
 */
import { PDFCheckBox, PDFDropdown, PDFOptionList, PDFRadioGroup, PDFTextField, type PDFFont } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { closest } from '../intake/suggest.js';
import { Composer } from '../packet/compose.js';
import { embedFonts } from '../pdf/fonts.js';
import { wrap } from '../pdf/text.js';
import { valueAtPath } from '../pipeline/when.js';
import type { Model } from '../render/model.js';
import { compilePattern } from '../render/text.js';
import type { JsonPath } from '../source/json.js';
import type { FieldEntry, FieldMap } from './map.js';
import { openForm, suggestField, type FormField } from './open.js';
import { SAVE_OPTIONS } from '../pdf/save.js';

interface Assignment {
  entry: FieldEntry;
  field: string;
  label: string;
  at: JsonPath;
  data: object;
}

export interface AddendumItem {
  label: string;
  field: string;
  text: string;
}

export interface FillResult {
  bytes: Uint8Array;
  addendum: AddendumItem[];
  warnings: Problem[];
  pageCount: number;
}

const render = (pattern: string, data: object) => pattern.replace(/\{\{\s*(index|number)\s*\}\}/g, (_, k: string) => String((data as Record<string, number>)[k]));

/** Every concrete field assignment of the map for this case, rows expanded by index. */
function expand(map: FieldMap, model: Model): { assignments: Assignment[]; extraRows: AddendumItem[] } {
  const assignments: Assignment[] = map.fields.map((entry, i) => ({ entry, field: entry.field, label: entry.label ?? entry.field, at: ['fields', i], data: model }));
  const extraRows: AddendumItem[] = [];
  map.rows.forEach((row, j) => {
    const list = valueAtPath(model, row.list);
    const items = Array.isArray(list) ? list : [];
    items.forEach((item, index) => {
      const data = { ...model, item, index, number: index + 1 };
      if (index < row.max) {
        row.fields.forEach((entry, i) => assignments.push({ entry, field: render(entry.field, data), label: `${row.label}, row ${index + 1}${entry.label ? ` (${entry.label})` : ''}`, at: ['rows', j, 'fields', i], data }));
      } else {
        const text = row.fields.map((e) => `${e.label ?? e.field}: ${answerInWords(e, data, map)}`).join('; ');
        extraRows.push({ label: `${row.label}, entry ${index + 1}`, field: row.list, text });
      }
    });
  });
  return { assignments, extraRows };
}

/** An entry's answer as words, for the addendum: the text, "yes"/"no" for a check box, the option chosen. */
function answerInWords(e: FieldEntry, data: object, map: FieldMap): string {
  if (e.value !== undefined) return compilePattern(e.value)(data).trim() || e.blank || map.blank || '';
  if (e.checked !== undefined) return isChecked(e.checked, data) ? 'yes' : 'no';
  const v = valueAtPath(data, e.select!.path);
  return v === undefined || v === null ? (map.blank ?? '') : String(v);
}

function isChecked(c: NonNullable<FieldEntry['checked']>, data: object): boolean {
  const v = valueAtPath(data, c.path);
  return c.equals === undefined ? Boolean(v) && !(Array.isArray(v) && v.length === 0) : v === c.equals;
}

/** Problems of the map against this form's fields, for every row the form has. */
export function checkMapAgainstForm(map: FieldMap, fields: FormField[]): Problem[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const names = fields.map((f) => f.name);
  const problems: Problem[] = [];
  const check = (entry: FieldEntry, name: string, at: JsonPath) => {
    const f = byName.get(name);
    if (!f) {
      const suggestion = suggestField(name, names, closest);
      problems.push(problem('formUnknownField', { field: name, ...(suggestion ? { suggestion } : {}) }, map.locate([...at, 'field'])));
      return;
    }
    const wants = entry.value !== undefined ? 'text' : entry.checked !== undefined ? 'checkbox' : 'select';
    const fits = wants === 'text' ? f.kind === 'text' : wants === 'checkbox' ? f.kind === 'checkbox' : f.kind === 'radio' || f.kind === 'dropdown' || f.kind === 'list';
    if (!fits) {
      problems.push(problem('formFieldKind', { field: name, kind: f.kind, entry: wants === 'text' ? 'a "value"' : wants === 'checkbox' ? '"checked"' : '"select"' }, map.locate(at)));
      return;
    }
    for (const option of Object.values(entry.select?.options ?? {})) {
      if (!f.options.includes(option)) problems.push(problem('formBadOption', { field: name, value: option, allowed: f.options }, map.locate([...at, 'select', 'options'])));
    }
  };
  map.fields.forEach((e, i) => check(e, e.field, ['fields', i]));
  map.rows.forEach((row, j) =>
    row.fields.forEach((e, i) => {
      for (let index = 0; index < row.max; index++) check(e, render(e.field, { index, number: index + 1 }), ['rows', j, 'fields', i]);
    }),
  );
  return problems;
}

/** The font size in the field's default appearance ("/Helv 10 Tf"), or null when automatic or absent. */
function daSize(field: PDFTextField): number | null {
  const m = /(\d+(?:\.\d+)?)\s+Tf/.exec(field.acroField.getDefaultAppearance() ?? '');
  const size = m ? Number(m[1]) : 0;
  return size > 0 ? size : null;
}

/**
 * A smaller size when the text does not fit at the form's own size (it fits at MIN_SIZE, or
 * `overflow` would have sent it to the addendum): never clipped at the edge of the box.
 */
function fittingSize(text: string, f: FormField, font: PDFFont, size: number | null): number | null {
  if (!size || !f.width) return null;
  const width = f.width - 4;
  const fits = (s: number) =>
    f.multiline ? wrap(text, font, s, width).length * s * 1.15 <= f.height - 2 : font.widthOfTextAtSize(text, s) <= width;
  if (fits(size)) return null;
  let s = size;
  while (s > MIN_SIZE && !fits(s)) s -= 0.5;
  return s;
}

const SEE_ADDENDUM = 'See addendum';
const MIN_SIZE = 7;

/** Why `text` does not fit the field, or null when it does. */
function overflow(text: string, f: FormField, font: PDFFont): string | null {
  if (f.maxLength !== null && text.length > f.maxLength) return `has ${text.length} characters where the field takes ${f.maxLength}`;
  if (!f.width) return null;
  const width = f.width - 4;
  if (!f.multiline) return font.widthOfTextAtSize(text, MIN_SIZE) > width ? 'is longer than the field, even in small print' : null;
  const lines = wrap(text, font, MIN_SIZE, width).length;
  return lines * MIN_SIZE * 1.15 > f.height - 2 ? 'is longer than the field has lines for' : null;
}

export async function fillForm(formFile: string, formBytes: Uint8Array, map: FieldMap, model: Model, opts: { flatten: boolean }): Promise<FillResult> {
  const opened = await openForm(formFile, formBytes);
  const { doc, form, fields, fieldsByName } = opened;
  const mapProblems = checkMapAgainstForm(map, fields);
  if (mapProblems.length) throw new PacketError(mapProblems);
  const fonts = await embedFonts(doc);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const { assignments, extraRows } = expand(map, model);
  const addendum: AddendumItem[] = [];
  const warnings: Problem[] = [];

  for (const a of assignments) {
    const f = byName.get(a.field)!;
    const field = fieldsByName.get(a.field)!;
    const { entry } = a;
    if (entry.value !== undefined && field instanceof PDFTextField) {
      const raw = compilePattern(entry.value)(a.data).trim();
      const text = raw === '' ? (entry.blank ?? map.blank ?? '') : fonts.safe(raw);
      const tooLong = text ? overflow(text, f, fonts.regular) : null;
      if (tooLong) {
        addendum.push({ label: a.label, field: a.field, text });
        warnings.push(problem('formOverflow', { label: a.label, field: a.field, reason: tooLong }, map.locate(a.at)));
        field.setText(overflow(SEE_ADDENDUM, f, fonts.regular) ? '' : SEE_ADDENDUM);
      } else {
        field.setText(text);
        const size = fittingSize(text, f, fonts.regular, daSize(field));
        if (size !== null) field.setFontSize(size);
      }
    } else if (entry.checked !== undefined && field instanceof PDFCheckBox) {
      if (isChecked(entry.checked, a.data)) field.check();
      else field.uncheck();
    } else if (entry.select !== undefined && (field instanceof PDFRadioGroup || field instanceof PDFDropdown || field instanceof PDFOptionList)) {
      const v = valueAtPath(a.data, entry.select.path);
      const option = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? entry.select.options[String(v)] : undefined;
      if (option !== undefined) field.select(option);
    }
  }
  addendum.push(...extraRows);
  for (const row of extraRows) warnings.push(problem('formOverflow', { label: row.label, field: row.field, reason: 'has no row left on the form' }, { file: map.file }));

  form.updateFieldAppearances(fonts.regular);
  if (addendum.length) drawAddendum(doc, fonts, map.title, model, addendum);
  if (opts.flatten) form.flatten();
  const missing = fonts.missing();
  if (missing.length) warnings.push(problem('missingGlyphs', { chars: missing.map((ch) => `"${ch}"`).join(', '), where: map.title }, { file: map.file }));
  return { bytes: await doc.save(SAVE_OPTIONS), addendum, warnings, pageCount: doc.getPageCount() };
}

function drawAddendum(doc: Parameters<typeof embedFonts>[0], fonts: Awaited<ReturnType<typeof embedFonts>>, title: string, model: Model, items: AddendumItem[]): void {
  const c = new Composer(doc, fonts);
  c.text(`ADDENDUM TO ${title.toUpperCase()}`, { style: 'bold', size: 14, align: 'center', after: 6 });
  c.text(`${model.derived.fullName}${model.derived.aNumber ? ` · ${model.derived.aNumber}` : ''}`, { align: 'center', size: 11, after: 18 });
  for (const item of items) {
    c.ensure(60);
    c.text(`Continuation of ${item.label}`, { style: 'bold', size: 11, before: 6, after: 2 });
    c.text(item.text, { size: 11, leading: 14, after: 8 });
  }
}
