/**
 * `asylum-packet form-fields <pdf>`: every field of the official Form I-589 (Rev. 04/09/19,
 * committed as fixtures/forms/i-589-rev-04-09-19.pdf) by page, with its kind, MaxLen, export values
 * and tooltip, as text and as JSON; and `--coverage <intake>`, what a case fills in each field. The
 * expected values are written out from the printed form and its tooltips, not computed with the
 * code under test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers.js';

let tmp: string;
let printedFile: string;
const formFile = path.join(repoRoot, 'fixtures/forms/i-589-rev-04-09-19.pdf');
const family = 'fixtures/samples/intake-family.json';
const affirmative = 'fixtures/samples/intake-affirmative.json';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-form-fields-'));
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawText('Form I-589 (a printed copy, no fields)', { x: 72, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  printedFile = path.join(tmp, 'printed.pdf');
  await writeFile(printedFile, await doc.save());
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('asylum-packet form-fields', () => {
  it('names the edition printed on the form and its 448 fields, page by page, and exits 0', async () => {
    const r = await cli('form-fields', formFile);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`${formFile}: Form I-589 (Rev. 04/09/19), 448 fields (the XFA beside them is dropped when filling)`);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  form1[0]'))).toHaveLength(448);
    for (let page = 1; page <= 12; page++) expect(lines, `page ${page}`).toContain(`page ${page}`);
  });

  it.each([
    ['form1[0].#subform[0].PtAILine1_ANumber[0]', 'text · max 9', 'Part. A. 1. Information About You. 1. Enter Alien Registration Number (A. Number), if any.'],
    ['form1[0].#subform[0].PartALine9Gender[0]', 'checkbox · values: "M"', 'Part. A. 1. Information About You. 10. Gender. Select Male.'],
    ['form1[0].#subform[0].Marital[1]', 'checkbox · values: "M"', 'Part. A. 1. Information About You. 11. Marital Status. Select Married.'],
    ['form1[0].#subform[0].CheckBox3[2]', 'checkbox · values: "B"', 'Select B. I am now in Immigration Court proceedings.'],
    ['form1[0].#subform[0].PtAILine8_AreaCode[0]', 'text · max 3', 'Telephone Number. Enter 3-digit Area Code.'],
    ['form1[0].#subform[1].ChildrenCheckbox[0]', 'checkbox · values: "N"', 'Select I have children.'],
    ['form1[0].#subform[13].TextField32[0]', 'text · multi-line', 'Supplement B. Additional Information About Your Claim to Asylum.'],
  ])('%s: %s, with the form\'s own wording', async (name, kind, tooltip) => {
    const r = await cli('form-fields', formFile);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => l.startsWith(`  ${name}  `));
    expect(i, name).toBeGreaterThanOrEqual(0);
    expect(lines[i]).toBe(`  ${name}  ${kind}`);
    expect(lines[i + 1]).toContain(tooltip);
  });

  it('--json gives every field with its page, kind, export values, size and tooltip, and the edition', async () => {
    const r = await cli('form-fields', '--json', formFile);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { file: string; xfa: boolean; edition: unknown; fields: { name: string; kind: string; page: number; options: string[]; maxLength: number | null; tooltip: string; width: number }[] };
    expect(json.xfa).toBe(true);
    expect(json.edition).toEqual({ form: 'I-589', revision: '04/09/19' });
    expect(json.fields).toHaveLength(448);
    const cat = json.fields.find((f) => f.name === 'form1[0].#subform[0].CheckBox31[0]');
    expect(cat).toMatchObject({ kind: 'checkbox', page: 1, options: ['1'], maxLength: null });
    expect(cat!.tooltip).toContain('Convention Against Torture');
    expect(json.fields.filter((f) => f.page === 11)).toHaveLength(56);
  });

  it('--coverage: the family sample answers every field the form asks of it, and says what was continued', async () => {
    const r = await cli('form-fields', formFile, '--coverage', family, '--today', '2026-11-22');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const head = r.stdout.split('\n');
    expect(head[0]).toBe(`Form I-589 (Rev. 04/09/19) · map pipelines/forms/i-589.yaml · ${family}`);
    const m = /coverage ([\d.]+)% of the (\d+) fields the form asks of this case: (\d+) filled, (\d+) answered "N\/A" or "None", (\d+) continued on the continuation page, (\d+) not answered/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(90);
    expect(Number(m![3]) + Number(m![4]) + Number(m![5]) + Number(m![6])).toBe(Number(m![2]));
    // Residence 3's street, school 1's type and both employers do not fit their boxes.
    expect(r.stdout).toContain('continued on the continuation page (4)');
    expect(r.stdout).toContain('Part A.III, question 3 (school 1: type of school)');
  });

  it('--coverage: the affirmative sample (a version 1 intake, without the I-589 parts) lists what it does not answer', async () => {
    const r = await cli('form-fields', formFile, '--coverage', affirmative, '--today', '2026-11-22', '--all');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const pct = Number(/coverage ([\d.]+)%/.exec(r.stdout)![1]);
    expect(pct).toBeLessThan(90);
    expect(r.stdout).toContain('not answered: the intake lacks the answer the form requires, or the map has no entry');
    expect(r.stdout).toMatch(/Part B, question 1\.A \(past harm, mistreatment or threats: yes\)/);
    expect(r.stdout).toContain('Part A.III, question 2: background.residences');
    // --all: the office-use boxes are listed as blank by design, with the reason.
    expect(r.stdout).toContain('left blank by design');
    expect(r.stdout).toContain('For USCIS use only');
  });

  it('--coverage with an invalid intake: exit 1, nothing filled, the intake\'s problems shown', async () => {
    const bad = path.join(tmp, 'bad.json');
    await writeFile(bad, '{ "schemaVersion": 1 }\n');
    const r = await cli('form-fields', formFile, '--coverage', bad, '--today', '2026-11-22');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the intake is not valid');
    expect(r.stdout).toContain('caseId');
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
