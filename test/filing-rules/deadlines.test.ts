/** The deadline rules at their boundaries: one year after the last arrival, and before a hearing. */
import { describe, expect, it } from 'vitest';
import { caseOf, resultOf, resultsOf } from './helpers.js';

describe('one-year-deadline', () => {
  // 2025-03-03 + 1 year = Tuesday 2026-03-03, a business day; 2025-03-07 + 1 year = Saturday 2026-03-07 → Monday 2026-03-09.
  it.each([
    { arrival: '2025-03-03', filing: '2026-03-03', severity: 'pass', text: 'day 365 of 365: 0 days left' },
    { arrival: '2025-03-03', filing: '2026-03-04', severity: 'error', text: '1 day after the one-year deadline (2026-03-03' },
    { arrival: '2025-03-07', filing: '2026-03-09', severity: 'pass', text: 'day 367 (the deadline moved past day 365): 0 days left before the one-year deadline (2026-03-09 (moved from 2026-03-07: 2026-03-07 is a Saturday)' },
    { arrival: '2025-03-07', filing: '2026-03-10', severity: 'error', text: '1 day after the one-year deadline (2026-03-09' },
    { arrival: '2025-03-07', filing: '2026-03-06', severity: 'pass', text: 'day 364 of 365: 3 days left' },
  ])('last arrival $arrival, filed $filing: $severity', async ({ arrival, filing, severity, text }) => {
    const c = await caseOf('affirmative', filing, (i) => {
      i.applicant.arrivals[0].date = arrival;
      i.filing.date = filing;
    });
    const r = resultOf(c, 'one-year-deadline', filing);
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(text);
    expect(r.source).toContain('INA 208(a)(2)(B)');
  });

  it('names the exception claimed for a late filing, as a warning', async () => {
    const c = await caseOf('affirmative', '2026-03-04', (i) => {
      i.applicant.arrivals[0].date = '2025-03-03';
      i.filing.date = '2026-03-04';
      i.exceptions = { oneYearDeadline: { type: 'extraordinary', explanation: 'Hospitalised for three months.' } };
    });
    const r = resultOf(c, 'one-year-deadline', '2026-03-04');
    expect(r).toMatchObject({ severity: 'warning', path: 'exceptions.oneYearDeadline' });
    expect(r.message).toContain('1 day after');
    expect(r.message).toContain('extraordinary circumstances');
  });

  it('judges a court filing by the first (USCIS) filing', async () => {
    const c = await caseOf('defensive', '2026-08-10');
    const r = resultOf(c, 'one-year-deadline', '2026-08-10');
    expect(r.severity).toBe('pass');
    expect(r.message).toContain('the first filing (2025-05-20) was day 352 of 365');
  });

  it('is an error, never days left, once the deadline is past today', async () => {
    const c = await caseOf('affirmative', '2026-11-22');
    const r = resultOf(c, 'one-year-deadline', '2026-11-22');
    expect(r.severity).toBe('error');
    expect(r.message).toContain('has passed (today is 2026-11-22)');
    expect(r.message).not.toContain('days left');
  });
});

describe('court-filing-deadline', () => {
  // Filing on Tuesday 2026-08-11: each counted deadline lands on a business day.
  it.each([
    { kind: 'individual', hearing: '2026-09-10', severity: 'pass', text: 'due by 2026-08-11, 30 days before the individual (merits) hearing on 2026-09-10' },
    { kind: 'individual', hearing: '2026-09-09', severity: 'error', text: '1 day late: due by 2026-08-10, 30 days before' },
    { kind: 'master', hearing: '2026-08-26', severity: 'pass', text: 'due by 2026-08-11, 15 days before the master calendar hearing on 2026-08-26' },
    { kind: 'master', hearing: '2026-08-25', severity: 'error', text: '1 day late: due by 2026-08-10, 15 days before' },
  ])('$kind hearing on $hearing, filed 2026-08-11: $severity', async ({ kind, hearing, severity, text }) => {
    const c = await caseOf('defensive', '2026-08-11', (i) => {
      i.proceeding.nextHearing = { kind, date: hearing, time: '09:00' };
      i.filing.date = '2026-08-11';
    });
    const r = resultOf(c, 'court-filing-deadline', '2026-08-11');
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(text);
    expect(r.source).toContain('ICPM 3.1(b)');
  });

  it('warns to check the court\'s order when the respondent is detained', async () => {
    const c = await caseOf('defensive', '2026-08-10', (i) => (i.proceeding.detained = true));
    const r = resultOf(c, 'court-filing-deadline', '2026-08-10');
    expect(r).toMatchObject({ severity: 'warning', source: 'ICPM 3.1(b)(2)', path: 'proceeding.detained' });
    expect(r.message).toContain('what the immigration judge ordered');
  });

  it('is an error once the deadline is past today, though the filing date was in time', async () => {
    const c = await caseOf('defensive', '2026-11-22');
    const r = resultOf(c, 'court-filing-deadline', '2026-11-22');
    expect(r.severity).toBe('error');
    expect(r.message).toContain('the deadline has passed (today is 2026-11-22): due by 2026-08-14');
  });

  it('does not apply to a USCIS filing', async () => {
    const c = await caseOf('affirmative', '2025-05-20');
    expect(resultOf(c, 'court-filing-deadline', '2025-05-20')).toMatchObject({ severity: 'pass', message: expect.stringContaining('does not apply') });
  });
});

describe('dates-not-past', () => {
  it('passes when the hearing and the filing date are today or later', async () => {
    const c = await caseOf('defensive', '2026-08-10');
    expect(resultsOf(c, 'dates-not-past', '2026-08-10')).toEqual([expect.objectContaining({ severity: 'pass' })]);
  });

  it('gives an error for a hearing already past and a warning for a filing date already past', async () => {
    const c = await caseOf('defensive', '2026-09-16');
    const rs = resultsOf(c, 'dates-not-past', '2026-09-16');
    expect(rs.map((r) => [r.severity, r.path])).toEqual([['error', 'proceeding.nextHearing.date'], ['warning', 'filing.date']]);
    expect(rs[0]!.message).toContain('was 1 day ago');
    expect(rs.every((r) => r.source.length > 0)).toBe(true);
  });

  it('takes a hearing today as not past', async () => {
    const c = await caseOf('defensive', '2026-09-15', (i) => (i.filing.date = '2026-09-15'));
    expect(resultsOf(c, 'dates-not-past', '2026-09-15').map((r) => r.severity)).toEqual(['pass']);
  });
});
