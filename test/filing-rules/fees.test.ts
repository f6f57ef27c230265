/** The fees as dated settings: the I-589 fee from 2025-07-22, the annual fee after a year pending. */
import { describe, expect, it } from 'vitest';
import { ANNUAL_ASYLUM_FEE, I589_FEE, settingOn } from '../../src/filing-rules/settings.js';
import { caseOf, resultOf } from './helpers.js';

/** The affirmative sample filed on `filed` (its arrival moved so that the filing stays timely). */
const filedOn = (filed: string, today = filed) =>
  caseOf('affirmative', today, (i) => {
    i.applicant.arrivals[0].date = '2024-09-15';
    i.filing.date = filed;
  });

describe('i589-fee', () => {
  it.each([
    { filed: '2025-07-21', severity: 'pass', text: 'no fee' },
    { filed: '2025-07-22', severity: 'info', text: 'pay the $100 I-589 fee with the application to USCIS' },
  ])('filed on $filed: $severity', async ({ filed, severity, text }) => {
    const r = resultOf(await filedOn(filed), 'i589-fee', filed);
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(text);
    expect(r.source.length).toBeGreaterThan(0);
  });

  it('says an application without it is rejected from 2025-08-21', async () => {
    expect(resultOf(await filedOn('2025-08-20'), 'i589-fee', '2025-08-20').message).not.toContain('rejected');
    expect(resultOf(await filedOn('2025-08-21'), 'i589-fee', '2025-08-21').message).toContain('an application without it is rejected');
  });

  it('points a court filing to EOIR\'s payment portal, and asks about an application first filed before the fee', async () => {
    const r = resultOf(await caseOf('defensive', '2026-08-10'), 'i589-fee', '2026-08-10');
    expect(r.message).toContain('EOIR\'s online payment portal');
    expect(r.message).toContain('first filed on 2025-05-20, before the fee took effect');
    expect(r.source).toContain('Policy Memo 25-36');
  });
});

describe('annual-asylum-fee', () => {
  it.each([
    { today: '2026-07-31', pending: 364, severity: 'pass', text: 'not due yet: pending 364 days since 2025-08-01; the first $100 annual fee is due on 2026-08-01' },
    { today: '2026-08-01', pending: 365, severity: 'warning', text: '$100 annual asylum fee due: the application filed on 2025-08-01 has been pending 365 days (1 year)' },
  ])('pending $pending days: $severity', async ({ today, severity, text }) => {
    const r = resultOf(await filedOn('2025-08-01', today), 'annual-asylum-fee', today);
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(text);
    expect(r.source).toContain('90 FR 34511');
  });

  it.each([
    { filed: '2024-10-01', applies: false },
    { filed: '2024-10-02', applies: true },
  ])('an application filed on $filed: applies $applies', async ({ filed, applies }) => {
    const c = await caseOf('affirmative', '2026-11-22', (i) => {
      i.applicant.arrivals[0].date = '2024-06-02';
      i.filing.date = filed;
    });
    const r = resultOf(c, 'annual-asylum-fee', '2026-11-22');
    expect(r.severity).toBe(applies ? 'warning' : 'pass');
    if (!applies) expect(r.message).toContain('not after 2024-10-01');
  });
});

describe('fee settings', () => {
  it('are dated rows: the row in force is the latest effective on or before the date', () => {
    expect(settingOn(I589_FEE, '2025-07-21')!.amount).toBe(0);
    expect(settingOn(I589_FEE, '2025-07-22')!.amount).toBe(100);
    expect(settingOn(ANNUAL_ASYLUM_FEE, '2025-07-21')).toBeUndefined();
    expect(settingOn(ANNUAL_ASYLUM_FEE, '2025-07-22')!.amount).toBe(100);
  });
});
