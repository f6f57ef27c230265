/**
 * The I-589 stand-in (test/helpers/fixture-form.ts) has the traits of the real USCIS form that the
 * form filler must cope with, as seen by independent readers: pdf.js for the fields, qpdf for the
 * file's soundness and encryption, pdf-lib's low-level objects for the XFA and the field tree.
 * (The filler itself is tested on the real form; the stand-in serves the tests of what the real
 * form cannot show, of the `form-fields` command, and CI's form check.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString } from '@cantoo/pdf-lib';
import type { PDFObject } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findQpdf } from '../../src/pdf/repair.js';
import { FIXTURE_I589_FIELDS, FIXTURE_I589_OWNER_PASSWORD, FIXTURE_I589_SPEC, makeFixtureI589 } from '../helpers/fixture-form.js';
import { pdfPages, withPdf } from '../helpers/pdf.js';

/** The part of pdf.js's field objects (`PDFDocumentProxy.getFieldObjects()`) the tests read. */
interface PdfjsFieldObject {
  name: string;
  /** '' for non-terminal fields, else 'text', 'checkbox', 'radiobutton', 'button', … */
  type: string;
  /** 0-based; -1 for non-terminal fields. */
  page: number;
  value?: string;
  /** Check box: the on-state name; radio button: the on-state name of this widget. */
  exportValues?: string;
  /** MaxLen, 0 when not set. */
  charLimit?: number;
  comb?: boolean;
  multiline?: boolean;
}

type FieldObjects = Record<string, PdfjsFieldObject[]>;

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

let encrypted: Uint8Array;
let plain: Uint8Array;
let fieldObjects: FieldObjects;

beforeAll(async () => {
  encrypted = await makeFixtureI589();
  plain = await makeFixtureI589({ encrypt: false });
  // No password given: the user password is empty, so pdf.js opens it as a viewer would.
  fieldObjects = await withPdf(encrypted, async (doc) => ((await doc.getFieldObjects()) ?? {}) as unknown as FieldObjects);
});

/** pdf.js's objects for `name` that are widgets (non-terminal entries have type ''). */
const widgetsOf = (name: string): PdfjsFieldObject[] => (fieldObjects[name] ?? []).filter((o) => o.type !== '');

describe('fields as pdf.js sees them', () => {
  it('lists exactly the fixture fields, under their full hierarchical names', () => {
    const terminal = Object.keys(fieldObjects).filter((name) => widgetsOf(name).length > 0);
    expect(new Set(terminal)).toEqual(new Set(FIXTURE_I589_FIELDS));
    expect(FIXTURE_I589_FIELDS).toHaveLength(new Set(FIXTURE_I589_FIELDS).size);
    expect(FIXTURE_I589_FIELDS).toContain('form1[0].#subform[0].PtAILine4_LastName[0]');
    expect(FIXTURE_I589_FIELDS).toContain('form1[0].#subform[1].NotMarried[0].PtAIILine22_Yes[0]');
    expect(FIXTURE_I589_FIELDS).toContain('form1[0].#subform[1].Child[3].Included[0]');
  });

  it('lists the non-terminal fields (form1[0], the subforms, NotMarried[0], Child[n]) without a type', () => {
    const nonTerminal = Object.keys(fieldObjects).filter((name) => widgetsOf(name).length === 0);
    expect(new Set(nonTerminal)).toEqual(
      new Set([
        'form1[0]',
        'form1[0].#subform[0]',
        'form1[0].#subform[1]',
        'form1[0].#subform[1].NotMarried[0]',
        ...[0, 1, 2, 3].map((i) => `form1[0].#subform[1].Child[${i}]`),
      ]),
    );
  });

  it.each(FIXTURE_I589_SPEC.map((f) => [f.name, f] as const))('%s has the right type, page and limits', (name, spec) => {
    const widgets = widgetsOf(name);
    if (spec.type === 'text') {
      expect(widgets).toHaveLength(1);
      const [w] = widgets;
      expect(w).toMatchObject({ type: 'text', page: spec.page, charLimit: spec.maxLen ?? 0, comb: spec.comb ?? false, multiline: spec.multiline ?? false });
    } else if (spec.type === 'checkbox') {
      expect(widgets).toHaveLength(1);
      expect(widgets[0]).toMatchObject({ type: 'checkbox', page: spec.page, exportValues: spec.onValue, value: 'Off' });
    } else {
      expect(widgets.map((w) => w.type)).toEqual(spec.options.map(() => 'radiobutton'));
      expect(widgets.map((w) => w.exportValues)).toEqual(spec.options.map((o) => o.value));
      expect(widgets.every((w) => w.page === spec.page)).toBe(true);
    }
  });

  it('has the traits the filler must handle', () => {
    expect(widgetsOf('form1[0].#subform[0].PtAILine1_ANumber[0]')[0]).toMatchObject({ charLimit: 9, comb: true });
    expect(widgetsOf('form1[0].#subform[0].PtAILine8_State[0]')[0]).toMatchObject({ charLimit: 2 });
    expect(widgetsOf('form1[0].#subform[0].PtAILine8_Zipcode[0]')[0]).toMatchObject({ charLimit: 5 });
    expect(widgetsOf('form1[0].#subform[0].PartALine9Sex[0]')[0]?.exportValues).toBe('M');
    expect(widgetsOf('form1[0].#subform[0].PartALine9Sex[1]')[0]?.exportValues).toBe('F');
    expect(widgetsOf('form1[0].#subform[0].Marital[0]').map((w) => w.exportValues)).toEqual(['Single', 'Married', 'Divorced', 'Widowed']);
    expect(widgetsOf('form1[0].#subform[1].TextField30[0]')[0]?.multiline).toBe(true);
    const other = FIXTURE_I589_SPEC.find((f) => f.name === 'form1[0].#subform[0].TextField1[2]');
    expect(other?.type === 'text' && other.rect[2]).toBe(220);
    expect(other?.type === 'text' && other.multiline).toBeFalsy();
  });
});

describe('pages', () => {
  it('has two Letter pages with a printed label for the fields', async () => {
    const pages = await withPdf(encrypted, pdfPages);
    expect(pages.map((p) => [p.width, p.height])).toEqual([
      [612, 792],
      [612, 792],
    ]);
    expect(pages[0]?.text).toContain('4. Complete Last Name');
    expect(pages[0]?.text).toContain('10. Marital Status');
    expect(pages[0]?.text).toContain('Widowed');
    expect(pages[1]?.text).toContain('Spouse: Complete Last Name');
    expect(pages[1]?.text).toContain('Child 4: Complete Last Name');
  });
});

describe('structure as pdf-lib loads it', () => {
  it('opens with the empty user password', async () => {
    const doc = await PDFDocument.load(encrypted, { password: '', updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
  });

  it('opens with the owner password too', async () => {
    const doc = await PDFDocument.load(encrypted, { password: FIXTURE_I589_OWNER_PASSWORD, updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
  });

  it('has an /XFA array and /NeedAppearances false in the AcroForm dictionary', async () => {
    const doc = await PDFDocument.load(encrypted, { password: '', updateMetadata: false });
    // Read before getForm(): without `preserveXFA: true` it deletes the XFA.
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const xfa = acroForm.lookup(PDFName.of('XFA'), PDFArray);
    const packets: string[] = [];
    for (let i = 0; i < xfa.size(); i += 2) {
      packets.push(xfa.lookup(i, PDFString).decodeText());
      expect(xfa.get(i + 1)).toBeInstanceOf(PDFRef);
      expect(xfa.lookup(i + 1)).toBeInstanceOf(PDFRawStream);
    }
    expect(packets).toEqual(['preamble', 'template', 'datasets', 'postamble']);
    expect(acroForm.get(PDFName.of('NeedAppearances'))?.toString()).toBe('false');
    // pdf-lib quirk the filler must know: getForm() drops the XFA (with a console warning) unless loaded with preserveXFA.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(doc.getForm().hasXFA()).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Removing XFA'));
    } finally {
      warn.mockRestore();
    }
  });

  it('builds the hierarchy from partial names: one root form1[0], no /T with a period', async () => {
    const doc = await PDFDocument.load(encrypted, { password: '', updateMetadata: false });
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const roots = acroForm.lookup(PDFName.of('Fields'), PDFArray);
    expect(roots.size()).toBe(1);
    const terminals: string[] = [];
    const partials: string[] = [];
    const walk = (obj: PDFObject | undefined, prefix: string): void => {
      const dict = obj instanceof PDFRef ? doc.context.lookup(obj, PDFDict) : (obj as PDFDict);
      const t = dict.lookupMaybe(PDFName.of('T'), PDFString);
      const name = t ? (prefix ? `${prefix}.${t.decodeText()}` : t.decodeText()) : prefix;
      if (t) partials.push(t.decodeText());
      const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
      const fieldKids = kids?.asArray().filter((k) => doc.context.lookup(k, PDFDict).has(PDFName.of('T'))) ?? [];
      if (fieldKids.length === 0) terminals.push(name);
      else for (const kid of fieldKids) walk(kid, name);
    };
    walk(roots.get(0), '');
    expect(terminals).toEqual(FIXTURE_I589_FIELDS);
    expect(partials.filter((p) => p.includes('.'))).toEqual([]);
    expect(partials.slice(0, 2)).toEqual(['form1[0]', '#subform[0]']);
  });

  it('gives pdf-lib the same fields and kinds', async () => {
    const doc = await PDFDocument.load(encrypted, { password: '', updateMetadata: false, preserveXFA: true });
    const form = doc.getForm();
    const kinds = Object.fromEntries(form.getFields().map((f) => [f.getName(), f.constructor.name]));
    const expected = { text: 'PDFTextField', checkbox: 'PDFCheckBox', radio: 'PDFRadioGroup' } as const;
    expect(kinds).toEqual(Object.fromEntries(FIXTURE_I589_SPEC.map((f) => [f.name, expected[f.type]])));
    const aNumber = form.getTextField('form1[0].#subform[0].PtAILine1_ANumber[0]');
    expect([aNumber.getMaxLength(), aNumber.isCombed()]).toEqual([9, true]);
    expect(form.getRadioGroup('form1[0].#subform[0].Marital[0]').getOptions()).toEqual(['Single', 'Married', 'Divorced', 'Widowed']);
    expect(form.hasXFA()).toBe(true);
  });
});

describe('encryption', () => {
  it('has /Encrypt in the trailer', async () => {
    expect(latin1(encrypted)).toMatch(/\/Encrypt \d+ 0 R/);
    const raw = await PDFDocument.load(encrypted, { ignoreEncryption: true, updateMetadata: false });
    expect(raw.isEncrypted).toBe(true);
    expect(raw.context.trailerInfo.Encrypt).toBeDefined();
  });

  it('needs the (empty) password for pdf-lib to read it', async () => {
    await expect(PDFDocument.load(encrypted, { updateMetadata: false })).rejects.toBeInstanceOf(EncryptedPDFError);
  });

  it('is not encrypted with { encrypt: false }, and then same options give the same bytes', async () => {
    expect(latin1(plain)).not.toMatch(/\/Encrypt/);
    expect(Buffer.from(await makeFixtureI589({ encrypt: false })).equals(Buffer.from(plain))).toBe(true);
    const doc = await PDFDocument.load(plain, { updateMetadata: false });
    expect(doc.isEncrypted).toBe(false);
  });
});

const qpdf = findQpdf();

describe.skipIf(!qpdf)('qpdf', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'fixture-i589-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(qpdf as string, args, { encoding: 'utf8', timeout: 60_000 });

  it('accepts the encrypted form with the empty password', () => {
    const file = join(tmp, 'i589.pdf');
    writeFileSync(file, encrypted);
    const check = run('--check', '--password=', file);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
  });

  it('sees an empty user password, an owner password, and form filling allowed', () => {
    const file = join(tmp, 'i589-enc.pdf');
    writeFileSync(file, encrypted);
    const show = run('--show-encryption', '--password=', file);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain('Supplied password is user password');
    expect(show.stdout).toMatch(/modify forms: allowed/);
    expect(show.stdout).toMatch(/modify other: not allowed/);
  });

  it('accepts the unencrypted form', () => {
    const file = join(tmp, 'i589-plain.pdf');
    writeFileSync(file, plain);
    const check = run('--check', file);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});
