/**
 * Fills a form from the model through a field map: text, check boxes, radio groups. Nothing is
 * cut or left blank without a word:
 * - an answer longer than its field goes onto the form's own continuation page (Supplement B of the
 *   I-589), one page per question, and the field says "See Supplement B";
 * - entries of a list beyond the form's rows (a seventh child) go there too;
 * - a question the form requires and the intake does not answer is a warning naming it;
 * - every field's outcome is recorded for the coverage report.
 */
import { defaultTextFieldAppearanceProvider, PDFCheckBox, PDFDropdown, PDFOptionList, PDFRadioGroup, PDFTextField, type AppearanceProviderFor, type PDFFont } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { closest } from '../intake/suggest.js';
import { embedFonts, type Fonts } from '../pdf/fonts.js';
import { wrap } from '../pdf/text.js';
import { valueAtPath } from '../pipeline/when.js';
import type { Model } from '../render/model.js';
import { compileFormValue, FormValueError } from '../render/text.js';
import type { JsonPath } from '../source/json.js';
import { SAVE_OPTIONS } from '../pdf/save.js';
import { fillContinuations, type ContinuationItem } from './continuation.js';
import { coverageOf, type Coverage, type FieldOutcome } from './coverage.js';
import { checkEdition, editionName } from './editions.js';
import { entryLabel, partRank, type FieldEntry, type FieldMap } from './map.js';
import { daSize, lineHeight, openFormForFilling, suggestField, type FormEdition, type FormField } from './open.js';

interface Assignment {
  entry: FieldEntry;
  field: string;
  label: string;
  at: JsonPath;
  data: object;
  /** The group's label ("child 1"), for entries of a group. */
  group?: string;
}

export interface FillResult {
  bytes: Uint8Array;
  continued: ContinuationItem[];
  warnings: Problem[];
  pageCount: number;
  outcomes: FieldOutcome[];
  coverage: Coverage;
  edition: FormEdition | null;
}

const SEE_CONTINUATION = ['See Supplement B', 'See Supp. B', 'Supp B'];
const MIN_SIZE = 7;

/** Every concrete field assignment of the map for this case; the fields of absent groups, with why. */
function expand(map: FieldMap, model: Model) {
  const assignments: Assignment[] = map.fields.map((entry, i) => ({ entry, field: entry.field, label: entryLabel(entry), at: ['fields', i], data: model }));
  const absent: { field: string; label: string; why: string; part?: string; unanswered?: string }[] = [];
  map.groups.forEach((g, j) => {
    const item = valueAtPath(model, g.item);
    const cut = g.item.lastIndexOf('.');
    const list = cut > 0 ? valueAtPath(model, g.item.slice(0, cut)) : undefined;
    const none = g.emptyList !== undefined && Array.isArray(list) && list.length === 0;
    g.fields.forEach((entry, i) => {
      const label = entryLabel(entry, entry.label ? undefined : g.label);
      const at: JsonPath = ['groups', j, 'fields', i];
      if (item !== undefined && item !== null) assignments.push({ entry, field: entry.field, label, at, data: { ...model, item }, group: g.label });
      // The list is answered, and empty: its first row says so ("N/A"), as the instructions ask.
      else if (none && entry.value !== undefined) assignments.push({ entry: { field: entry.field, value: '', blank: g.emptyList }, field: entry.field, label, at, data: model });
      else if (g.asks !== undefined && !answered(valueAtPath(model, g.asks))) absent.push({ field: entry.field, label, why: `the intake has no ${g.asks}`, part: entry.part ?? '', unanswered: g.asks });
      else absent.push({ field: entry.field, label, why: `the case has no ${g.label}` });
    });
  });
  const continued: ContinuationItem[] = [];
  for (const c of map.continuations) {
    const list = valueAtPath(model, c.list);
    const items = Array.isArray(list) ? list.slice(c.from) : [];
    items.forEach((item, k) => {
      const number = c.from + k + 1;
      const text = compileFormValue(c.text)({ ...model, item, number }).trim();
      continued.push({ part: c.part, question: c.question, label: `Part ${c.part}, question ${c.question}, entry ${number}`, text });
    });
  }
  return { assignments, absent, continued };
}

function isChecked(c: NonNullable<FieldEntry['checked']>, data: object): boolean {
  const v = valueAtPath(data, c.path);
  if (c.contains !== undefined) return Array.isArray(v) && v.includes(c.contains);
  return c.equals === undefined ? Boolean(v) && !(Array.isArray(v) && v.length === 0) : v === c.equals;
}

const answered = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Problems of the map against this form's fields. `edition` names the form in the messages. */
export function checkMapAgainstForm(map: FieldMap, fields: FormField[], edition: FormEdition | null = null): Problem[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const names = fields.map((f) => f.name);
  const ed = editionName(map, edition);
  const problems: Problem[] = [];
  const known = (name: string, at: JsonPath) => {
    if (byName.has(name)) return true;
    const suggestion = suggestField(name, names, closest);
    problems.push(problem('formUnknownField', { field: name, edition: ed, ...(suggestion ? { suggestion } : {}) }, map.locate(at)));
    return false;
  };
  const check = (entry: FieldEntry, name: string, at: JsonPath) => {
    if (!known(name, [...at, 'field'])) return;
    const f = byName.get(name)!;
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
  map.groups.forEach((g, j) => g.fields.forEach((e, i) => check(e, e.field, ['groups', j, 'fields', i])));
  map.leaveBlank.forEach((b, i) => known(b.field, ['leaveBlank', i]));
  if (map.continuation) for (const [k, name] of Object.entries(map.continuation)) known(name, ['continuation', k]);
  return problems;
}

/**
 * Whether the text fits the box at size `s`, measured as pdf-lib lays it out: a border and 1 pt of
 * padding on each side, and lines font.heightAtSize(s) × 1.2 apart (for DejaVu about 1.4 × s).
 */
function fitsAt(text: string, f: FormField, font: PDFFont, s: number): boolean {
  const width = f.width - f.inset - SPARE;
  if (!f.multiline) return font.widthOfTextAtSize(text, s) <= width;
  return wrap(text, font, s, width).length * lineHeight(font, s) <= f.height - f.inset;
}

/** Half a point kept free beyond what pdf-lib keeps, against rounding. */
const SPARE = 0.5;

/** A smaller size when the text does not fit at the form's own size (it fits at MIN_SIZE): never clipped. */
function fittingSize(text: string, f: FormField, font: PDFFont, size: number | null): number | null {
  if (!size || !f.width) return null;
  const fits = (s: number) => fitsAt(text, f, font, s);
  if (fits(size)) return null;
  let s = size;
  while (s > MIN_SIZE && !fits(s)) s -= 0.5;
  return s;
}

/** Why `text` does not fit the field, or null when it does. */
function overflow(text: string, f: FormField, font: PDFFont): string | null {
  if (f.maxLength !== null && text.length > f.maxLength) return `has ${text.length} characters where the field takes ${f.maxLength}`;
  if (!f.width || fitsAt(text, f, font, MIN_SIZE)) return null;
  return f.multiline ? 'is longer than the field has lines for' : 'is longer than the field, even in small print';
}

export async function fillForm(formFile: string, formBytes: Uint8Array, map: FieldMap, model: Model, opts: { flatten: boolean; today?: string; intakeFile?: string }): Promise<FillResult> {
  const opened = await openFormForFilling(formFile, formBytes);
  const { doc, form, fields, fieldsByName, edition } = opened;
  const warnings: Problem[] = await checkEdition(map, edition, formFile, opts.today);
  const mapProblems = checkMapAgainstForm(map, fields, edition);
  if (mapProblems.length) throw new PacketError(mapProblems);
  const fonts = await embedFonts(doc);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const { assignments, absent, continued } = expand(map, model);
  const outcomes = new Map<string, FieldOutcome>();
  const record = (o: Omit<FieldOutcome, 'page'>) => outcomes.set(o.field, { ...o, page: byName.get(o.field)?.page ?? null });
  /** Questions the form requires and the case does not answer, "Part A.I, question 19.A: applicant.lastDeparture", with their part. */
  const unanswered = new Map<string, string>();

  for (const a of absent) {
    record({ field: a.field, label: a.label, status: 'blank', reason: a.unanswered ? 'unanswered' : 'not-applicable', why: a.why });
    if (a.unanswered) unanswered.set(`${a.label.replace(/ \(.*$/, '')}: ${a.unanswered}`, a.part ?? '');
  }
  for (const a of assignments) {
    if (a.entry.when !== undefined && !valueAtPath(a.data, a.entry.when)) {
      record({ field: a.field, label: a.label, status: 'blank', reason: 'not-applicable', why: `asked only when ${a.entry.when}` });
      continue;
    }
    const f = byName.get(a.field)!;
    const field = fieldsByName.get(a.field)!;
    const { entry } = a;
    const asks = entry.asks;
    const asked = entry.askedWhen === undefined || Boolean(valueAtPath(a.data, entry.askedWhen));
    const lacking = asks !== undefined && asked && !answered(valueAtPath(a.data, asks));
    if (lacking) {
      const question = entryLabel({ ...entry, label: undefined });
      const named = asks.startsWith('item.') ? `${a.group ?? 'entry'}: ${asks.slice(5)}` : asks;
      unanswered.set(`${question}: ${named}`, entry.part ?? '');
    }
    if (entry.value !== undefined && field instanceof PDFTextField) {
      const raw = valueText(entry.value, a, map, warnings);
      const blank = entry.blank ?? map.blank ?? '';
      const text = raw === '' ? blank : fonts.safe(raw);
      const tooLong = text ? overflow(text, f, fonts.regular) : null;
      if (tooLong) {
        continued.push({ part: entry.part ?? '', question: entry.question ?? a.label, label: a.label, text });
        // "See Supplement B", or as much of it as the box takes ("Supp B" in a 6-character box).
        field.setText(SEE_CONTINUATION.find((t) => !overflow(t, f, fonts.regular)) ?? '');
        record({ field: a.field, label: a.label, status: 'continued', why: tooLong });
      } else {
        field.setText(text);
        const size = fittingSize(text, f, fonts.regular, daSize(field));
        if (size !== null) field.setFontSize(size);
        if (f.multiline && text) field.updateAppearances(fonts.regular, wrappedAppearance(size ?? daSize(field) ?? DEFAULT_SIZE));
        if (raw !== '') record({ field: a.field, label: a.label, status: 'filled' });
        else if (text) record({ field: a.field, label: a.label, status: 'na', ...(lacking ? { reason: 'unanswered' as const, why: `written "${text}", but the form requires an answer: the intake has no ${entry.asks}` } : { why: `no answer: written "${text}"` }) });
        else record({ field: a.field, label: a.label, status: 'blank', reason: 'unanswered', why: 'the case has no answer' });
      }
    } else if (entry.checked !== undefined && field instanceof PDFCheckBox) {
      if (isChecked(entry.checked, a.data)) field.check();
      else field.uncheck();
      const known = entry.lone || answered(valueAtPath(a.data, entry.checked.path));
      record(known ? { field: a.field, label: a.label, status: 'filled' } : { field: a.field, label: a.label, status: 'blank', reason: 'unanswered', why: `the case has no ${entry.checked.path}` });
    } else if (entry.select !== undefined && (field instanceof PDFRadioGroup || field instanceof PDFDropdown || field instanceof PDFOptionList)) {
      const v = valueAtPath(a.data, entry.select.path);
      const option = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? entry.select.options[String(v)] : undefined;
      if (option !== undefined) field.select(option);
      record(option !== undefined ? { field: a.field, label: a.label, status: 'filled' } : { field: a.field, label: a.label, status: 'blank', reason: 'unanswered', why: `the case has no ${entry.select.path}` });
    }
  }
  if (unanswered.size) {
    // In the order of the form: Part A.I, A.II, A.III, B, C, D, E, then the supplements.
    const list = [...unanswered].sort((a, b) => partRank(a[1]) - partRank(b[1])).map(([line]) => line);
    warnings.push(problem('formUnanswered', { form: map.title, count: list.length, questions: list }, { file: opts.intakeFile ?? map.file }));
  }
  for (const c of continued) warnings.push(problem('formOverflow', { label: c.label, form: map.title }, { file: map.file }));
  for (const b of map.leaveBlank) if (!outcomes.has(b.field)) record({ field: b.field, label: b.field, status: 'blank', reason: 'by-design', why: b.why });

  if (continued.length && !map.continuation) throw new PacketError(problem('formNoContinuation', { form: map.title }, { file: map.file }));
  const pages = continued.length ? await fillContinuations(opened, fonts, map, model, continued) : [];
  const continuationFields = map.continuation ? Object.values(map.continuation) : [];
  for (const name of continuationFields) {
    record(pages.length ? { field: name, label: `${map.title} continuation page`, status: 'filled' } : { field: name, label: `${map.title} continuation page`, status: 'blank', reason: 'unused-continuation', why: 'nothing to continue' });
  }
  form.updateFieldAppearances(fonts.regular);
  for (const f of fields) if (!outcomes.has(f.name)) record({ field: f.name, label: f.tooltip || f.name, status: 'blank', reason: 'unmapped', why: 'the field map has no entry for it' });

  if (opts.flatten) form.flatten();
  const missing = fonts.missing();
  if (missing.length) warnings.push(problem('missingGlyphs', { chars: missing.map((ch) => `"${ch}"`).join(', '), where: map.title }, { file: map.file }));
  const list = fields.map((f) => outcomes.get(f.name)!);
  return { bytes: await doc.save(SAVE_OPTIONS), continued, warnings, pageCount: doc.getPageCount(), outcomes: list, coverage: coverageOf(list), edition };
}

const DEFAULT_SIZE = 10;

/**
 * pdf-lib's own appearance of a multi-line field, given the text already broken into lines that
 * fit: pdf-lib breaks a line by trying the whole remaining text, then one word less, and so on,
 * laying out every try, which took seconds for one long answer. The field's value is unchanged.
 */
function wrappedAppearance(size: number): AppearanceProviderFor<PDFTextField> {
  return (field, widget, font) => {
    const rect = widget.getRectangle();
    const inset = 2 * ((widget.getBorderStyle()?.getWidth() ?? 0) + 1);
    const lines = wrap(field.getText() ?? '', font, size, rect.width - inset - SPARE);
    const view = Object.create(field, { getText: { value: () => lines.join('\n') } }) as PDFTextField;
    return defaultTextFieldAppearanceProvider(view, widget, font);
  };
}

/** The entry's text for this case; a value a filter cannot format is a warning and a blank. */
function valueText(pattern: string, a: Assignment, map: FieldMap, warnings: Problem[]): string {
  try {
    return compileFormValue(pattern)(a.data).trim();
  } catch (err) {
    if (!(err instanceof FormValueError)) throw err;
    warnings.push(problem('formValue', { label: a.label, form: map.title, detail: err.message.replace(/, found .*$/s, '') }, map.locate([...a.at, 'value'])));
    return '';
  }
}

export type { Fonts };
