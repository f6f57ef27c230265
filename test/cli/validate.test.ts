import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('asylum-packet validate', () => {
  it('reports both sample cases valid and exits 0', async () => {
    const r = await cli('validate', 'fixtures/samples/*.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ valid   fixtures/samples/intake-affirmative.json  2025-0142-nunez · affirmative (USCIS) · José Antonio Núñez Ramírez');
    expect(r.stdout).toContain('✔ valid   fixtures/samples/intake-family.json  2026-0311-reyes · affirmative (USCIS) · Marta Lidia Reyes Orellana');
    expect(r.stdout).toContain('✔ valid   fixtures/samples/intake-defensive.json  2025-0142-nunez · defensive (immigration court)');
    expect(r.stdout).toContain('filing on 2025-05-20 is day 352 of 365, 13 days left');
    expect(r.stdout).toContain('✔ valid   fixtures/samples/intake-court-family.json  2026-0517-lemus · defensive (immigration court)');
    expect(r.stdout).toContain('4 files: 4 valid, 0 invalid');
  });

  it('names the file, line:column, JSON path, message and hint of each problem, and exits 1', async () => {
    const r = await cli('validate', '--today', '2026-11-22', 'fixtures/invalid/date-day-first.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'fixtures/invalid/date-day-first.json:19:20  applicant.dateOfBirth  expected a date YYYY-MM-DD, found "17/05/1990"  [AP1106 invalid-date]',
    );
    expect(r.stdout).toContain('hint: write the date as year-month-day, e.g. "1990-05-17"');
  });

  it('reports all five mistakes of one file in one run', async () => {
    const r = await cli('validate', '--today', '2026-11-22', 'fixtures/invalid/five-mistakes.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5 errors');
    for (const code of ['AP1102', 'AP1109', 'AP1105', 'AP1202', 'AP1204']) expect(r.stdout).toContain(`[${code} `);
  });

  it('gives a truncated file its line and column, without crashing', async () => {
    const r = await cli('validate', 'fixtures/invalid/json-truncated.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/json-truncated\.json:133:7 .*the JSON is broken here/);
  });

  it('keeps going after an invalid file and counts both kinds', async () => {
    const r = await cli('validate', 'fixtures/invalid/zip.json', 'fixtures/samples/intake-affirmative.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 files: 1 valid, 1 invalid');
  });

  it('--json prints a machine-readable report with located problems', async () => {
    const r = await cli('validate', '--json', '--today', '2026-11-22', 'fixtures/invalid/five-mistakes.json', 'fixtures/samples/intake-affirmative.json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ files: 2, valid: 1, invalid: 1 });
    const [bad, good] = report.files;
    expect(bad.valid).toBe(false);
    expect(bad.errors).toBe(5);
    expect(bad.problems[0]).toMatchObject({ code: 'AP1102', name: 'unknown-key', severity: 'error', location: { file: 'fixtures/invalid/five-mistakes.json', path: 'applicant.dateofBirth', line: 19, column: 5 } });
    expect(good).toMatchObject({ valid: true, caseId: '2025-0142-nunez', derived: { oneYear: { deadline: '2025-06-02' } } });
  });

  it('--schema-only checks everything but the existence of files', async () => {
    const missing = await cli('validate', 'fixtures/invalid/file-missing.json');
    expect(missing.code).toBe(1);
    const schemaOnly = await cli('validate', '--schema-only', 'fixtures/invalid/file-missing.json');
    expect(schemaOnly.code).toBe(0);
    const escape = await cli('validate', '--schema-only', 'fixtures/invalid/path-escapes.json');
    expect(escape.code).toBe(1);
  });

  it('accepts a folder and validates the intake files in it', async () => {
    const r = await cli('validate', 'fixtures/samples');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 files: 4 valid');
  });

  it('exits 2 on usage errors: no match, unknown option, bad --today, no arguments', async () => {
    const none = await cli('validate', 'fixtures/nowhere/*.json');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no intake file matches "fixtures/nowhere/*.json"');
    expect((await cli('validate', '--colour', 'fixtures/samples')).code).toBe(2);
    expect((await cli('validate', '--today', '22/11/2026', 'fixtures/samples')).code).toBe(2);
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('asylum-packet --help', () => {
  it('lists the commands and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('validate');
    expect(r.stdout).toContain('schema');
  });
});
