/** `asylum-packet check-rules`: the table per intake, the exit codes, --json. */
import { describe, expect, it } from 'vitest';
import { FILING_RULES } from '../../src/filing-rules/engine.js';
import { cli } from '../cli/helpers.js';

const TODAY = ['--today', '2026-11-22'];

describe('check-rules', () => {
  it('prints a table per sample naming every rule, with results and sources; exit 1 when a rule gives an error', async () => {
    const r = await cli('check-rules', ...TODAY, 'fixtures/samples/intake-affirmative.json', 'fixtures/samples/intake-defensive.json', 'fixtures/samples/intake-family.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const tables = r.stdout.split(/\n(?=[✔✖] )/);
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table).toContain('rule');
      for (const rule of FILING_RULES) expect(table).toMatch(new RegExp(`^  ${rule.id} +(error|warning|info|pass) `, 'm'));
      expect(table).toContain('source: ');
    }
    expect(tables[0]).toContain('✖ fixtures/samples/intake-affirmative.json  2025-0142-nunez · affirmative (USCIS)');
    expect(tables[1]).toMatch(/^  dates-not-past +error +the next hearing \(individual, 2026-09-15\) was 68 days ago/m);
    expect(tables[2]).toContain('✔ fixtures/samples/intake-family.json  2026-0311-reyes');
    expect(r.stdout).toContain('3 intakes: 1 without errors, 2 with rule errors');
  });

  it.each([
    ['intake-affirmative.json', 1],
    ['intake-defensive.json', 1],
    ['intake-family.json', 0],
  ])('exits %s → %i', async (file, code) => {
    expect((await cli('check-rules', ...TODAY, `fixtures/samples/${file}`)).code).toBe(code);
  });

  it('--json reports each result with its id, severity, message and source', async () => {
    const r = await cli('check-rules', '--json', ...TODAY, 'fixtures/samples/intake-family.json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ reportVersion: 1, today: '2026-11-22', files: [{ file: 'fixtures/samples/intake-family.json', valid: true, caseId: '2026-0311-reyes', errors: 0 }] });
    const results = report.files[0].results as { id: string; source: string }[];
    expect(results.map((x) => x.id)).toEqual(expect.arrayContaining(FILING_RULES.map((x) => x.id)));
    expect(results.every((x) => x.source.length > 0)).toBe(true);
  });

  it('prints the validation problems of an invalid intake instead, exit 1', async () => {
    const r = await cli('check-rules', ...TODAY, 'fixtures/invalid/date-day-first.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ invalid fixtures/invalid/date-day-first.json');
    expect(r.stdout).toContain('AP1106');
    expect(r.stdout).toContain('the filing rules are checked once the intake is valid');
    expect(r.stdout).not.toContain('one-year-deadline');
  });

  it.each([
    [['check-rules', '--today', '22/11/2026', 'fixtures/samples/intake-family.json']],
    [['check-rules', 'fixtures/samples/no-such-intake.json']],
    [['check-rules', '--nope', 'fixtures/samples/intake-family.json']],
    [['check-rules']],
  ])('exits 2 on a usage error: %j', async (argv) => {
    expect((await cli(...argv)).code).toBe(2);
  });
});
