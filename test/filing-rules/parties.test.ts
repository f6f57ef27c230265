/** The rules on the people of a filing: derivative children, the court's details, the attorney's EOIR ID. */
import { describe, expect, it } from 'vitest';
import { caseOf, resultOf, resultsOf } from './helpers.js';

describe('derivative-children', () => {
  // Filing on 2025-05-20: a child born 2004-05-19 turned 21 the day before, one born 2004-05-20 turns 21 that day
  // (so is no longer under 21), one born 2004-05-21 is still 20.
  it.each([
    { born: '2004-05-19', severity: 'error', age: 21 },
    { born: '2004-05-20', severity: 'error', age: 21 },
    { born: '2004-05-21', severity: 'pass', age: 20 },
  ])('a child born $born, filing on 2025-05-20: $severity', async ({ born, severity, age }) => {
    const c = await caseOf('affirmative', '2025-05-20', (i) => (i.family[1].dateOfBirth = born));
    const r = resultOf(c, 'derivative-children', '2025-05-20');
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(severity === 'error' ? `is ${age} on the filing date 2025-05-20` : `Daniel Núñez Castillo (${age})`);
    expect(r.source).toContain('INA 208(b)(3)');
    if (severity === 'error') expect(r.path).toBe('family[1].includeAsDerivative');
  });

  it('gives an error for a married child', async () => {
    const c = await caseOf('affirmative', '2025-05-20', (i) => (i.family[1].maritalStatus = 'married'));
    expect(resultOf(c, 'derivative-children', '2025-05-20')).toMatchObject({ severity: 'error', path: 'family[1].maritalStatus' });
  });

  it('ignores a child not included as a derivative', async () => {
    const c = await caseOf('affirmative', '2025-05-20', (i) => {
      i.family[1].dateOfBirth = '1999-01-01';
      i.family[1].includeAsDerivative = false;
    });
    expect(resultOf(c, 'derivative-children', '2025-05-20')).toMatchObject({ severity: 'pass', message: 'no child is included as a derivative' });
  });
});

describe('eoir-case-details', () => {
  const TODAY = '2026-08-10';

  it('passes with the A-number, court, judge and DHS office', async () => {
    const r = resultOf(await caseOf('defensive', TODAY), 'eoir-case-details', TODAY);
    expect(r.severity).toBe('pass');
    expect(r.message).toContain('A-220-418-553');
  });

  it('gives an error when DHS service is missing (validation only warns)', async () => {
    const c = await caseOf('defensive', TODAY, (i) => delete i.proceeding.dhsService);
    expect(resultOf(c, 'eoir-case-details', TODAY)).toMatchObject({ severity: 'error', path: 'proceeding.dhsService', source: '8 CFR 1003.32(a); ICPM 3.2' });
  });

  it('checks again what validation requires: A-number, court, judge', async () => {
    const c = await caseOf('defensive', TODAY);
    c.derived.aNumber = null;
    c.intake.proceeding.court = null;
    c.intake.proceeding.judge = null;
    expect(resultsOf(c, 'eoir-case-details', TODAY).map((r) => [r.severity, r.path])).toEqual([
      ['error', 'applicant.aNumber'],
      ['error', 'proceeding.court'],
      ['error', 'proceeding.judge'],
    ]);
  });

  it('does not apply to a USCIS filing', async () => {
    expect(resultOf(await caseOf('affirmative', '2025-05-20'), 'eoir-case-details', '2025-05-20').message).toContain('does not apply');
  });
});

describe('representative-eoir-id', () => {
  const TODAY = '2026-08-10';
  it.each([
    { name: 'with an EOIR ID', edit: () => {}, severity: 'pass' },
    { name: 'without an EOIR ID', edit: (i: any) => delete i.representative.eoirId, severity: 'error' },
    { name: 'pro se', edit: (i: any) => delete i.representative, severity: 'pass' },
  ])('$name: $severity', async ({ edit, severity }) => {
    const r = resultOf(await caseOf('defensive', TODAY, edit), 'representative-eoir-id', TODAY);
    expect(r.severity).toBe(severity);
    if (severity === 'error') expect(r).toMatchObject({ path: 'representative.eoirId', message: expect.stringContaining("Sarah Okafor's EOIR ID is missing") });
  });
});
