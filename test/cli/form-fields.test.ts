/**
 * `asylum-packet form-fields <pdf>`: every field of a fillable PDF with its kind, page, MaxLen and
 * export values, as text and as JSON. The expected list comes from the fixture's own spec
 * (test/helpers/fixture-form.ts), not from the code under test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_I589_FIELDS, FIXTURE_I589_SPEC, makeFixtureI589, type FixtureField } from '../helpers/fixture-form.js';
import { cli } from './helpers.js';

let tmp: string;
let formFile: string;
let printedFile: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-form-fields-'));
  formFile = path.join(tmp, 'i-589.pdf');
  await writeFile(formFile, await makeFixtureI589());
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawText('Form I-589 (a printed copy, no fields)', { x: 72, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  printedFile = path.join(tmp, 'printed.pdf');
  await writeFile(printedFile, await doc.save());
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const KIND = { text: 'text', checkbox: 'checkbox', radio: 'radio' } as const;

/** What the fixture's spec says of a field: kind, 1-based page, MaxLen, multi-line, export values, widget size. */
function expected(f: FixtureField) {
  const options = f.type === 'checkbox' ? [f.onValue] : f.type === 'radio' ? f.options.map((o) => o.value) : [];
  const rect = f.type === 'radio' ? f.options[0]!.rect : f.rect;
  return {
    name: f.name,
    kind: KIND[f.type],
    page: f.page + 1,
    options,
    maxLength: f.type === 'text' ? (f.maxLen ?? null) : null,
    multiline: f.type === 'text' ? (f.multiline ?? false) : false,
    width: rect[2],
    height: rect[3],
  };
}

describe('asylum-packet form-fields', () => {
  it('lists every field of the form with its kind, page, MaxLen and export values, and exits 0', async () => {
    const r = await cli('form-fields', formFile);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${formFile}: ${FIXTURE_I589_FIELDS.length} fields`);
    expect(r.stdout).toMatch(/XFA/);
    const lines = r.stdout.split('\n');
    for (const f of FIXTURE_I589_SPEC) {
      const e = expected(f);
      const line = lines.find((l) => l.startsWith(`${f.name}  `));
      expect(line, f.name).toBeDefined();
      const parts = [
        e.kind,
        `page ${e.page}`,
        ...(e.maxLength !== null ? [`max ${e.maxLength}`] : []),
        ...(e.multiline ? ['multi-line'] : []),
        ...(e.options.length ? [`values: ${e.options.map((o) => `"${o}"`).join(', ')}`] : []),
      ];
      expect(line).toBe(`${f.name}  ${parts.join(' · ')}`);
    }
    // One line per field, nothing else named form1[0]… (no non-terminal fields).
    expect(lines.filter((l) => l.startsWith('form1[0]'))).toHaveLength(FIXTURE_I589_FIELDS.length);
  });

  it('shows the export values a field map needs: "M" for the male box, the four marital options, MaxLen 9 of the A-number', async () => {
    const r = await cli('form-fields', formFile);
    expect(r.stdout).toContain('form1[0].#subform[0].PartALine9Sex[0]  checkbox · page 1 · values: "M"\n');
    expect(r.stdout).toContain('form1[0].#subform[0].PartALine9Sex[1]  checkbox · page 1 · values: "F"\n');
    expect(r.stdout).toContain('form1[0].#subform[0].Marital[0]  radio · page 1 · values: "Single", "Married", "Divorced", "Widowed"\n');
    expect(r.stdout).toContain('form1[0].#subform[0].PtAILine1_ANumber[0]  text · page 1 · max 9\n');
    expect(r.stdout).toContain('form1[0].#subform[1].Child[3].Included[0]  checkbox · page 2 · values: "Y"\n');
    expect(r.stdout).toContain('form1[0].#subform[1].TextField30[0]  text · page 2 · multi-line\n');
  });

  it('--json gives the same list as JSON', async () => {
    const r = await cli('form-fields', '--json', formFile);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { file: string; xfa: boolean; fields: ReturnType<typeof expected>[] };
    expect(json.file).toBe(formFile);
    expect(json.xfa).toBe(true);
    expect(json.fields.map((f) => f.name)).toEqual(FIXTURE_I589_FIELDS);
    expect(json.fields).toEqual(FIXTURE_I589_SPEC.map(expected));
  });

  it('a PDF without fields → exit 1 with AP5003', async () => {
    const r = await cli('form-fields', printedFile);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('AP5003');
    expect(r.stdout).toContain('no fillable fields');
    expect(r.stdout).toContain(printedFile);
  });

  it('a file that is not a PDF at all → exit 1 with AP5002', async () => {
    const file = path.join(tmp, 'not-a-pdf.pdf');
    await writeFile(file, 'this is a text file, not a PDF\n');
    const r = await cli('form-fields', file);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('AP5002');
  });

  it('a missing file → exit 2, naming the file', async () => {
    const missing = path.join(tmp, 'no-such-form.pdf');
    const r = await cli('form-fields', missing);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(missing);
    expect(r.stdout).toBe('');
  });

  it('a missing file is reported as a missing PDF, not as an intake file', async () => {
    const r = await cli('form-fields', path.join(tmp, 'no-such-form.pdf'));
    expect(r.code).toBe(2);
    // The message is the user's only clue: it must not send them looking for an intake file or globs.
    expect(r.stderr).not.toMatch(/intake file/i);
  });
});
