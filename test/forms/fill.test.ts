/**
 * Filling the I-589 stand-in (test/helpers/fixture-form.ts) from the sample intakes with the
 * fuller map of the fixture edition (test/fixtures/forms/fixture-i589.yaml; the shipped
 * pipelines/forms/i-589.yaml is its subset of agreed field names), checked by an independent reader: pdf.js's
 * `getFieldObjects()` for the filled fields, pdf.js's text extraction for the flattened copy and
 * the addendum, qpdf for the file's soundness. The expected values are written out literally,
 * from the intake files, never computed with the code under test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacketError, type Problem } from '../../src/errors/problem.js';
import { checkMapAgainstForm, fillForm, type FillResult } from '../../src/forms/fill.js';
import { loadFieldMap, type FieldMap } from '../../src/forms/map.js';
import { openForm } from '../../src/forms/open.js';
import { validateIntakeBytes } from '../../src/intake/validate.js';
import { findQpdf } from '../../src/pdf/repair.js';
import { buildModel, type Model } from '../../src/render/model.js';
import { FIXTURE_I589_SPEC, makeFixtureI589 } from '../helpers/fixture-form.js';
import { norm, pdfPages, withPdf } from '../helpers/pdf.js';

const root = path.resolve(import.meta.dirname, '../..');
const samples = path.join(root, 'fixtures/samples');
// The fuller map of the fixture edition: the shipped one leaves out the fields public descriptions disagree on.
const SHIPPED_MAP = path.join(root, 'test/fixtures/forms/fixture-i589.yaml');
const SHIPPED_I589 = path.join(root, 'pipelines/forms/i-589.yaml');
const TEST_MAPS = path.join(root, 'test/fixtures/forms');
const TODAY = '2026-11-22';

const P1 = 'form1[0].#subform[0].';
const P2 = 'form1[0].#subform[1].';
const SP = `${P2}NotMarried[0].`;

type Kind = 'affirmative' | 'defensive';
type Intake = Record<string, any>;

// ─────────────────────────────────────────────────────────────────── helpers

/** The part of pdf.js's field objects the tests read. */
interface PdfjsField {
  type: string;
  value?: string;
  exportValues?: string;
  page: number;
}

/** pdf.js's widgets of every field, by full name (non-terminal entries left out). */
async function readFields(bytes: Uint8Array): Promise<Record<string, PdfjsField[]>> {
  const objects = await withPdf(bytes, async (doc) => (await doc.getFieldObjects()) as unknown as Record<string, PdfjsField[]> | null);
  const out: Record<string, PdfjsField[]> = {};
  for (const [name, list] of Object.entries(objects ?? {})) {
    const widgets = list.filter((o) => o.type !== '');
    if (widgets.length) out[name] = widgets;
  }
  return out;
}

/** The value pdf.js reads for a field (its first widget; a radio group's value is on every widget). */
function valueOf(fields: Record<string, PdfjsField[]>, name: string): string | undefined {
  const widgets = fields[name];
  if (!widgets) throw new Error(`pdf.js sees no field ${name}; it has ${Object.keys(fields).join(', ')}`);
  return widgets[0]?.value;
}

/** The intake of a sample, as parsed JSON (a fresh copy each time). */
async function sampleIntake(kind: Kind): Promise<Intake> {
  return JSON.parse(await readFile(path.join(samples, `intake-${kind}.json`), 'utf8')) as Intake;
}

/**
 * The model of an intake, validated as if it were the sample file (so that its evidence paths
 * resolve against the samples folder): changes made to a copy of the intake go through the same
 * validation as a real file.
 */
async function modelOf(intake: Intake, kind: Kind = 'defensive'): Promise<Model> {
  const file = path.join(samples, `intake-${kind}.json`);
  const v = await validateIntakeBytes(file, new TextEncoder().encode(JSON.stringify(intake)), { today: TODAY });
  if (!v.ok) throw new Error(`the changed intake is not valid:\n${v.problems.map((p) => `${p.location.path} ${p.message}`).join('\n')}`);
  return buildModel(v.case, { today: TODAY });
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** The problems of a PacketError thrown by `fn` (fails when it does not throw one). */
async function problemsOf(fn: () => Promise<unknown>): Promise<Problem[]> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof PacketError) return err.problems;
    throw err;
  }
  throw new Error('expected a PacketError, nothing was thrown');
}

const summary = (ps: Problem[]) => ps.map((p) => `${p.code} ${p.location.file}:${p.location.line ?? '?'} ${p.message}`).join('\n');

let fixture: Uint8Array;
let shipped: FieldMap;
const models = {} as Record<Kind, Model>;
const filled = {} as Record<Kind, FillResult>;
const fields = {} as Record<Kind, Record<string, PdfjsField[]>>;
let tmp: string;

beforeAll(async () => {
  fixture = await makeFixtureI589();
  shipped = await loadFieldMap(SHIPPED_MAP);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-fill-'));
  for (const kind of ['affirmative', 'defensive'] as const) {
    models[kind] = await modelOf(await sampleIntake(kind), kind);
    filled[kind] = await fillForm('i-589.pdf', fixture, shipped, models[kind], { flatten: false });
    fields[kind] = await readFields(filled[kind].bytes);
  }
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

// ─────────────────────────────────────────────────────────────────── the sample cases

describe('the sample cases through the shipped field map', () => {
  it.each(['affirmative', 'defensive'] as const)('%s: fills without warnings, on the form\'s own two pages', async (kind) => {
    expect(filled[kind].warnings, summary(filled[kind].warnings)).toEqual([]);
    expect(filled[kind].addendum).toEqual([]);
    expect(filled[kind].pageCount).toBe(2);
    expect(await withPdf(filled[kind].bytes, async (d) => d.numPages)).toBe(2);
  });

  it.each(['affirmative', 'defensive'] as const)('%s: names, other names and the address, accents kept', (kind) => {
    const f = fields[kind];
    expect(valueOf(f, `${P1}PtAILine4_LastName[0]`)).toBe('Núñez Ramírez');
    expect(valueOf(f, `${P1}PtAILine5_FirstName[0]`)).toBe('José');
    expect(valueOf(f, `${P1}PtAILine6_MiddleName[0]`)).toBe('Antonio');
    expect(valueOf(f, `${P1}TextField1[2]`)).toBe('Pepe Núñez');
    expect(valueOf(f, `${P1}PtAILine8_StreetNumandName[0]`)).toBe('412 Atlantic Avenue');
    expect(valueOf(f, `${P1}PtAILine8_AptNumber[0]`)).toBe('Apt 3B');
    expect(valueOf(f, `${P1}TextField1[3]`)).toBe('Brooklyn');
    expect(valueOf(f, `${P1}PtAILine8_State[0]`)).toBe('NY');
    expect(valueOf(f, `${P1}PtAILine8_Zipcode[0]`)).toBe('11217');
    expect(valueOf(f, `${P1}PtAILine8_TelephoneNumber[0]`)).toBe('+1 718 555 0142');
    expect(valueOf(f, `${P1}TextField1[4]`)).toBe('Comayagüela');
    expect(valueOf(f, `${P1}TextField1[5]`)).toBe('Honduras');
    expect(valueOf(f, `${P1}TextField1[6]`)).toBe('Honduras');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: the sex check boxes by export value, the marital radio group, the date of birth', (kind) => {
    const f = fields[kind];
    // The male box's on-state is "M", not "Yes": a checked box reads as its export value.
    expect(f[`${P1}PartALine9Sex[0]`]?.[0]).toMatchObject({ type: 'checkbox', exportValues: 'M', value: 'M' });
    expect(f[`${P1}PartALine9Sex[1]`]?.[0]).toMatchObject({ type: 'checkbox', exportValues: 'F', value: 'Off' });
    const marital = f[`${P1}Marital[0]`] ?? [];
    expect(marital.map((w) => w.exportValues)).toEqual(['Single', 'Married', 'Divorced', 'Widowed']);
    expect(marital.every((w) => w.value === 'Married')).toBe(true);
    expect(valueOf(f, `${P1}DateTimeField1[0]`)).toBe('05/17/1990');
  });

  it('the A-number: 9 digits for the defensive case, "None" for the affirmative case that has none', () => {
    expect(valueOf(fields.defensive, `${P1}PtAILine1_ANumber[0]`)).toBe('220418553');
    expect(valueOf(fields.affirmative, `${P1}PtAILine1_ANumber[0]`)).toBe('None');
  });

  it('immigration court proceedings: Yes for the defensive case, No for the affirmative case', () => {
    expect(valueOf(fields.defensive, `${P1}CheckBox4[0]`)).toBe('Y');
    expect(valueOf(fields.defensive, `${P1}CheckBox4[1]`)).toBe('Off');
    expect(valueOf(fields.affirmative, `${P1}CheckBox4[0]`)).toBe('Off');
    expect(valueOf(fields.affirmative, `${P1}CheckBox4[1]`)).toBe('N');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: the last arrival', (kind) => {
    const f = fields[kind];
    expect(valueOf(f, `${P1}DateTimeField2[0]`)).toBe('06/02/2024');
    expect(valueOf(f, `${P1}TextField3[0]`)).toBe('Hidalgo, TX');
    expect(valueOf(f, `${P1}TextField4[0]`)).toBe('Parole (CBP One)');
    expect(valueOf(f, `${P1}TextField5[0]`)).toBe('987654321A1');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: the spouse, and the children check box and total', (kind) => {
    const f = fields[kind];
    expect(valueOf(f, `${SP}PtAIILine5_LastName[0]`)).toBe('Castillo Mejía');
    expect(valueOf(f, `${SP}PtAIILine6_FirstName[0]`)).toBe('María');
    expect(valueOf(f, `${SP}DateTimeField8[0]`)).toBe('11/03/1992');
    expect(valueOf(f, `${SP}PtAIILine22_Yes[0]`)).toBe('Y');
    expect(valueOf(f, `${SP}PtAIILine22_No[0]`)).toBe('Off');
    expect(valueOf(f, `${SP}PtAIILine24_Yes[0]`)).toBe('Y');
    expect(valueOf(f, `${SP}PtAIILine24_No[0]`)).toBe('Off');
    // [0] "I have children" (its export value in the fixture is "Y"), [1] "I do not have any".
    expect(valueOf(f, `${P2}ChildrenCheckbox[0]`)).toBe('Y');
    expect(valueOf(f, `${P2}ChildrenCheckbox[1]`)).toBe('Off');
    expect(valueOf(f, `${P2}TotalChild[0]`)).toBe('1');
  });

  it('leaves the fields the map does not name as they were', () => {
    const f = fields.defensive;
    expect(valueOf(f, `${P1}CheckBox6[0]`)).toBe('Off');
    expect(valueOf(f, `${P1}CheckBox6[1]`)).toBe('Off');
    expect(valueOf(f, `${P2}TextField30[0]`) ?? '').toBe('');
    expect(valueOf(f, `${P2}Child[0].LastName[0]`) ?? '').toBe('');
  });
});

// ─────────────────────────────────────────────────────────────────── the output file

describe('the filled file', () => {
  it('has no XFA, for pdf-lib and pdf.js alike', async () => {
    const bytes = filled.defensive.bytes;
    expect(latin1(bytes)).not.toMatch(/\/XFA\b/);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(acroForm.has(PDFName.of('XFA'))).toBe(false);
    // pdf.js agrees: no XFA form to render instead of the AcroForm.
    expect(await withPdf(bytes, async (d) => d.isPureXfa)).toBe(false);
  });

  it('is not encrypted: its trailer has no /Encrypt (qpdf agrees when installed)', async () => {
    const bytes = filled.defensive.bytes;
    const trailer = latin1(bytes).slice(latin1(bytes).lastIndexOf('trailer'));
    expect(trailer).toMatch(/\/Root \d+ 0 R/);
    expect(trailer).not.toMatch(/\/Encrypt\b/);
    const qpdf = findQpdf();
    if (!qpdf) return;
    const file = path.join(tmp, 'filled-encryption.pdf');
    await writeFile(file, bytes);
    const r = spawnSync(qpdf, ['--show-encryption', file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout + r.stderr).toContain('File is not encrypted');
  });

  it('carries no encryption left over from the official form: pdf-lib loads it without a password', async () => {
    for (const kind of ['affirmative', 'defensive'] as const) {
      const bytes = filled[kind].bytes;
      // The input's /Encrypt dictionary and its cross-reference stream (whose dictionary still says
      // /Encrypt n 0 R) must not be copied into the output as ordinary objects.
      expect(latin1(bytes), kind).not.toMatch(/\/Encrypt\b/);
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(doc.isEncrypted).toBe(false);
    }
  });

  it('can be opened again by openForm (e.g. `form-fields` on the filled form), values intact', async () => {
    const { form } = await openForm('filled.pdf', filled.defensive.bytes);
    expect(form.getTextField(`${P1}PtAILine4_LastName[0]`).getText()).toBe('Núñez Ramírez');
    expect(form.getCheckBox(`${P1}PartALine9Sex[0]`).isChecked()).toBe(true);
  });

  it('is accepted by qpdf --check (when qpdf is installed)', async () => {
    const qpdf = findQpdf();
    if (!qpdf) return; // qpdf is optional; the other checks above still ran
    for (const kind of ['affirmative', 'defensive'] as const) {
      const file = path.join(tmp, `filled-${kind}.pdf`);
      await writeFile(file, filled[kind].bytes);
      const r = spawnSync(qpdf, ['--check', file], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('No syntax or stream encoding errors found');
      expect(r.stdout + r.stderr).not.toMatch(/WARNING/);
    }
  });
});

// ─────────────────────────────────────────────────────────────────── flattened

describe('flattened', () => {
  it('keeps no fields, and the page text carries the values', async () => {
    const r = await fillForm('i-589.pdf', fixture, shipped, models.defensive, { flatten: true });
    const objects = await withPdf(r.bytes, async (d) => d.getFieldObjects());
    expect(objects === null || Object.keys(objects).length === 0, JSON.stringify(objects && Object.keys(objects))).toBe(true);
    const pages = await withPdf(r.bytes, pdfPages);
    expect(pages).toHaveLength(2);
    const p1 = norm(pages[0]!.text);
    const p2 = norm(pages[1]!.text);
    for (const v of ['Núñez Ramírez', 'José', 'Antonio', 'Pepe Núñez', '412 Atlantic Avenue', 'Apt 3B', 'Brooklyn', '11217', '+1 718 555 0142', '05/17/1990', 'Comayagüela', 'Honduras', '06/02/2024', 'Hidalgo, TX', 'Parole (CBP One)', '987654321A1']) {
      expect(p1, v).toContain(v);
    }
    // The A-number is a comb field: one digit per cell, which a text extractor reads apart.
    expect(p1.replace(/(\d) (?=\d)/g, '$1')).toContain('220418553');
    for (const v of ['Castillo Mejía', 'María', '11/03/1992']) expect(p2, v).toContain(v);
  });

  it('writes Vietnamese and Cyrillic names exactly (Đặng Thị Hương, Ольга Петренко)', async () => {
    const intake = await sampleIntake('defensive');
    intake.applicant.name = { family: 'Đặng', middle: 'Thị', given: 'Hương' };
    intake.applicant.otherNames = ['Đặng Thị Hương'];
    const spouse = intake.family.find((m: Intake) => m.relationship === 'spouse');
    spouse.name = { family: 'Петренко', given: 'Ольга' };
    const model = await modelOf(intake);
    const r = await fillForm('i-589.pdf', fixture, shipped, model, { flatten: true });
    expect(r.warnings, summary(r.warnings)).toEqual([]);
    const pages = await withPdf(r.bytes, pdfPages);
    const items = pages.flatMap((p) => p.items.map((i) => i.str.normalize('NFC')));
    // Each field as one text item, exactly: no character dropped, replaced or decomposed.
    for (const v of ['Đặng', 'Hương', 'Thị', 'Đặng Thị Hương', 'Петренко', 'Ольга']) expect(items, v).toContain(v);
    const text = pages.map((p) => norm(p.text)).join('\n');
    expect(text).toContain('Đặng Thị Hương');
    expect(text).toContain('Ольга');
    expect(text).toContain('Петренко');
    expect(text).not.toContain('□');
  });
});

// ─────────────────────────────────────────────────────────────────── overflow

describe('an answer too long for its field', () => {
  const longNames = [
    'Pepe Núñez',
    'José Antonio Núñez-Ramírez de la Santísima Trinidad',
    'Josecito Núñez Castillo',
    'El Panadero de Comayagüela',
    'Antonio Ramírez Núñez',
  ];
  const fullValue = longNames.join('; ');
  let r: FillResult;
  let pages: Awaited<ReturnType<typeof pdfPages>>;

  beforeAll(async () => {
    const intake = await sampleIntake('defensive');
    intake.applicant.otherNames = longNames;
    r = await fillForm('i-589.pdf', fixture, shipped, await modelOf(intake), { flatten: false });
    pages = await withPdf(r.bytes, pdfPages);
  });

  it('gets an addendum page, one page more than the form', () => {
    expect(r.pageCount).toBe(3);
    expect(pages).toHaveLength(3);
  });

  it('is reported as AP5102, naming the question', () => {
    const overflow = r.warnings.filter((w) => w.code === 'AP5102');
    expect(overflow, summary(r.warnings)).toHaveLength(1);
    expect(overflow[0]!.severity).toBe('warning');
    expect(overflow[0]!.message).toContain('Part A.I, question 7');
    expect(overflow[0]!.message).toContain('form1[0].#subform[0].TextField1[2]');
    expect(overflow[0]!.location.file).toBe(SHIPPED_MAP);
    expect(overflow[0]!.location.line).toBeGreaterThan(0);
  });

  it('the field says "See addendum", the other fields are filled as usual', async () => {
    const f = await readFields(r.bytes);
    expect(valueOf(f, `${P1}TextField1[2]`)).toBe('See addendum');
    expect(valueOf(f, `${P1}PtAILine4_LastName[0]`)).toBe('Núñez Ramírez');
  });

  it('the addendum continues the question with the full answer', () => {
    const addendum = norm(pages[2]!.text);
    expect(addendum).toContain('ADDENDUM TO FORM I-589');
    expect(addendum).toContain('José Antonio Núñez Ramírez');
    expect(addendum).toContain('Continuation of Part A.I, question 7');
    expect(addendum).toContain(fullValue);
    expect(norm(pages[0]!.text)).not.toContain('Continuation of');
  });

  it('a value that fits only in small print is printed inside its box, or continued: never clipped at the box edge', async () => {
    // 50 characters: wider than the 220-pt box at the field's own 10 pt, narrower at 7 pt.
    const value = 'José Antonio Núñez-Ramírez de Comayagüela Honduras';
    const intake = await sampleIntake('defensive');
    intake.applicant.otherNames = [value];
    const res = await fillForm('i-589.pdf', fixture, shipped, await modelOf(intake), { flatten: true });
    const continued = res.warnings.some((w) => w.code === 'AP5102');
    const pages = await withPdf(res.bytes, pdfPages);
    const box = FIXTURE_I589_SPEC.find((f) => f.name === `${P1}TextField1[2]`);
    if (box?.type !== 'text') throw new Error('fixture changed');
    const right = box.rect[0] + box.rect[2];
    const item = pages[0]!.items.find((i) => i.str.startsWith('José Antonio Núñez-Ramírez'));
    if (continued) {
      expect(norm(pages.at(-1)!.text)).toContain(value);
    } else {
      expect(item?.str).toBe(value);
      // The appearance stream clips at the box: text drawn past its right edge is lost on paper.
      expect(item!.x + item!.width, `drawn from x=${item!.x}, ${item!.width} pt wide, box ends at x=${right}`).toBeLessThanOrEqual(right);
    }
  });

  it('a value longer than a MaxLen field (a 9-digit ZIP in a 5-character field) is not cut but continued', async () => {
    const map = await loadFieldMap(path.join(TEST_MAPS, 'zip-plus-four.yaml'));
    const z = await fillForm('i-589.pdf', fixture, map, models.defensive, { flatten: false });
    const overflow = z.warnings.filter((w) => w.code === 'AP5102');
    expect(overflow, summary(z.warnings)).toHaveLength(1);
    expect(overflow[0]!.message).toContain('Part A.I, question 8 (ZIP code)');
    expect(overflow[0]!.message).toContain('9 characters');
    expect(overflow[0]!.location).toMatchObject({ file: path.join(TEST_MAPS, 'zip-plus-four.yaml'), line: 9 });
    expect(z.pageCount).toBe(3);
    const f = await readFields(z.bytes);
    // "See addendum" does not fit 5 characters either: the field is left empty, never cut to "11217".
    const zip = valueOf(f, `${P1}PtAILine8_Zipcode[0]`) ?? '';
    expect(zip === '' || zip === 'See addendum', zip).toBe(true);
    expect(zip).not.toBe('11217');
    expect(valueOf(f, `${P1}PtAILine4_LastName[0]`)).toBe('Núñez Ramírez');
    const zpages = await withPdf(z.bytes, pdfPages);
    const addendum = norm(zpages[2]!.text);
    expect(addendum).toContain('Continuation of Part A.I, question 8 (ZIP code)');
    expect(addendum).toContain('112170001');
  });
});

// ─────────────────────────────────────────────────────────────────── rows

describe('repeating rows (children 1–4)', () => {
  const children = [
    { family: 'Núñez Castillo', given: 'Daniel', dob: '2015-08-21', include: true },
    { family: 'Núñez Castillo', given: 'Lucía', dob: '2016-09-02', include: true },
    { family: 'Núñez Castillo', given: 'Mateo', dob: '2017-10-13', include: false },
    { family: 'Núñez Castillo', given: 'Sofía', dob: '2018-11-24', include: true },
    { family: 'Núñez Castillo', given: 'Martín', dob: '2019-12-05', include: true },
    { family: 'Núñez Castillo', given: 'Valentina', dob: '2020-01-16', include: false },
  ];
  const mapFile = path.join(TEST_MAPS, 'children-rows.yaml');
  let r: FillResult;
  let f: Record<string, PdfjsField[]>;
  let pages: Awaited<ReturnType<typeof pdfPages>>;

  beforeAll(async () => {
    const intake = await sampleIntake('defensive');
    intake.family = [
      intake.family.find((m: Intake) => m.relationship === 'spouse'),
      ...children.map((c) => ({ relationship: 'child', name: { family: c.family, given: c.given }, dateOfBirth: c.dob, location: 'in-us', includeAsDerivative: c.include })),
    ];
    const model = await modelOf(intake);
    expect(model.children).toHaveLength(6);
    r = await fillForm('i-589.pdf', fixture, await loadFieldMap(mapFile), model, { flatten: false });
    f = await readFields(r.bytes);
    pages = await withPdf(r.bytes, pdfPages);
  });

  it('fills rows 1–4 with children 1–4, by index', () => {
    const mmddyyyy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
    for (let i = 0; i < 4; i++) {
      const c = children[i]!;
      expect(valueOf(f, `${P2}Child[${i}].LastName[0]`), `row ${i + 1}`).toBe(c.family);
      expect(valueOf(f, `${P2}Child[${i}].FirstName[0]`), `row ${i + 1}`).toBe(c.given);
      expect(valueOf(f, `${P2}Child[${i}].DateOfBirth[0]`), `row ${i + 1}`).toBe(mmddyyyy(c.dob));
      expect(valueOf(f, `${P2}Child[${i}].Included[0]`), `row ${i + 1}`).toBe(c.include ? 'Y' : 'Off');
    }
    expect(valueOf(f, `${P2}TotalChild[0]`)).toBe('6');
  });

  it('puts children 5 and 6 on the addendum, each with an AP5102 warning', () => {
    const overflow = r.warnings.filter((w) => w.code === 'AP5102');
    expect(overflow, summary(r.warnings)).toHaveLength(2);
    expect(overflow[0]!.message).toContain('Part A.II, children, entry 5');
    expect(overflow[1]!.message).toContain('Part A.II, children, entry 6');
    for (const w of overflow) expect(w.location.file).toBe(mapFile);
    expect(r.addendum).toHaveLength(2);
    expect(r.pageCount).toBe(3);
    const addendum = norm(pages[2]!.text);
    expect(addendum).toContain('Continuation of Part A.II, children, entry 5');
    expect(addendum).toContain('Continuation of Part A.II, children, entry 6');
    for (const c of children.slice(4)) {
      expect(addendum).toContain(c.given);
      expect(addendum).toContain(c.family);
    }
    expect(addendum).toContain('12/05/2019');
    expect(addendum).toContain('01/16/2020');
    // Children 1–4 are on the form, not repeated on the addendum.
    for (const c of children.slice(0, 4)) expect(addendum).not.toContain(c.given);
  });

  it('the addendum keeps every answer of a row, the "included" check box too (child 5 is included, child 6 is not)', () => {
    // fill.ts promises "nothing is cut without a word": a row that did not fit is continued in full.
    const extra = r.addendum.filter((a) => /entry [56]$/.test(a.label));
    expect(extra.map((a) => a.label)).toEqual(['Part A.II, children, entry 5', 'Part A.II, children, entry 6']);
    const answer = (text: string) => text.slice(text.indexOf('included in this application'));
    for (const a of extra) expect(a.text, a.label).toContain('included in this application');
    expect(answer(extra[0]!.text)).not.toBe(answer(extra[1]!.text));
  });
});

// ─────────────────────────────────────────────────────────────────── map errors

describe('field map mistakes, located in the YAML', () => {
  const badFile = path.join(TEST_MAPS, 'bad-fields.yaml');

  const expectBadFields = (problems: Problem[]) => {
    expect(problems.map((p) => p.code).sort(), summary(problems)).toEqual(['AP5004', 'AP5005', 'AP5006']);
    const byCode = (code: string) => problems.find((p) => p.code === code)!;

    const unknown = byCode('AP5004');
    expect(unknown.message).toContain('"form1[0].#subform[0].PtAILine4_LastNam[0]"');
    expect(unknown.message).toContain('did you mean "form1[0].#subform[0].PtAILine4_LastName[0]"');
    expect(unknown.location).toMatchObject({ file: badFile, line: 9 });

    const option = byCode('AP5005');
    expect(option.message).toContain('"Separated"');
    for (const allowed of ['Single', 'Married', 'Divorced', 'Widowed']) expect(option.message).toContain(`"${allowed}"`);
    expect(option.location).toMatchObject({ file: badFile, line: 14 });

    const kind = byCode('AP5006');
    expect(kind.message).toContain('form1[0].#subform[0].DateTimeField1[0]');
    expect(kind.message).toContain('"checked"');
    expect(kind.location).toMatchObject({ file: badFile, line: 15 });

    for (const p of problems) expect(p.severity).toBe('error');
  };

  it('checkMapAgainstForm reports all three: unknown field with "did you mean", bad option, wrong kind', async () => {
    const map = await loadFieldMap(badFile);
    const { fields } = await openForm('i-589.pdf', fixture);
    expectBadFields(checkMapAgainstForm(map, fields));
  });

  it('fillForm refuses the map with the same problems and writes nothing', async () => {
    const map = await loadFieldMap(badFile);
    expectBadFields(await problemsOf(() => fillForm('i-589.pdf', fixture, map, models.defensive, { flatten: false })));
  });

  it('the map loader refuses an entry with both "value" and "checked"', async () => {
    const file = path.join(TEST_MAPS, 'value-and-checked.yaml');
    const problems = await problemsOf(() => loadFieldMap(file));
    expect(problems, summary(problems)).toHaveLength(1);
    expect(problems[0]!.message).toContain('form1[0].#subform[0].PartALine9Sex[0]');
    expect(problems[0]!.message).toMatch(/exactly one of "value", "checked" or "select"/);
    expect(problems[0]!.location).toMatchObject({ file, line: 8 });
  });

  it('the fixture edition\'s map matches the fixture form exactly', async () => {
    const { fields } = await openForm('i-589.pdf', fixture);
    expect(checkMapAgainstForm(shipped, fields)).toEqual([]);
  });

  it('the shipped I-589 map names only fields the fixture has, and fills them', async () => {
    const map = await loadFieldMap(SHIPPED_I589);
    const { fields } = await openForm('i-589.pdf', fixture);
    expect(checkMapAgainstForm(map, fields)).toEqual([]);
    const r = await fillForm('i-589.pdf', fixture, map, models.defensive, { flatten: false });
    const f = await readFields(r.bytes);
    expect(valueOf(f, 'form1[0].#subform[0].PtAILine4_LastName[0]')).toBe('Núñez Ramírez');
    expect(valueOf(f, 'form1[0].#subform[0].PtAILine1_ANumber[0]')).toBe('220418553');
    expect(valueOf(f, 'form1[0].#subform[0].DateTimeField1[0]')).toBe('05/17/1990');
    // fields whose place public descriptions disagree on are left for the attorney
    expect(valueOf(f, 'form1[0].#subform[0].TextField1[2]')).toBe('');
  });
});

// ─────────────────────────────────────────────────────────────────── not a fillable form

describe('PDFs that are not the fillable form', () => {
  it('a PDF without an AcroForm → AP5003', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    page.drawText('Form I-589 (printed copy)', { x: 72, y: 700, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
    const bytes = await doc.save();
    const problems = await problemsOf(() => fillForm('printed.pdf', bytes, shipped, models.defensive, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5003']);
    expect(problems[0]!.location.file).toBe('printed.pdf');
    expect(problems[0]!.hint).toMatch(/form-fields/);
  });

  it('a PDF encrypted with a real user password → AP5002', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([612, 792]);
    doc.encrypt({ userPassword: 'secret-user', ownerPassword: 'secret-owner', permissions: { fillingForms: true } });
    const bytes = await doc.save();
    const problems = await problemsOf(() => fillForm('locked.pdf', bytes, shipped, models.defensive, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5002']);
    expect(problems[0]!.message).toMatch(/password/);
    expect(problems[0]!.location.file).toBe('locked.pdf');
    // pdf.js agrees that the file needs a password.
    await expect(withPdf(bytes, async (d) => d.numPages)).rejects.toThrow(/password/i);
  });
});
