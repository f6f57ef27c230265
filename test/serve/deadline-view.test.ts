import { describe, expect, it } from 'vitest';
import { deadlineOf } from '../../src/serve/deadline-view.js';

describe('the deadline a case list shows', () => {
  it('affirmative: one year from the last arrival, moved past a weekend, counted from today', () => {
    // 2025-06-01 + 1 year = 2026-06-01, a Monday.
    const d = deadlineOf({ proceeding: { type: 'affirmative' }, applicant: { arrivals: [{ date: '2020-01-01' }, { date: '2025-06-01' }] } }, '2026-05-22');
    expect(d).toMatchObject({ kind: 'one-year', date: '2026-06-01', daysLeft: 10 });
    expect(d!.label).toBe('one-year deadline 2026-06-01 (10 days left)');
    // 2024-06-01 + 1 = 2025-06-01, a Sunday: the next business day.
    expect(deadlineOf({ applicant: { arrivals: [{ date: '2024-06-01' }] } }, '2025-06-02')).toMatchObject({ date: '2025-06-02', daysLeft: 0, label: 'one-year deadline 2025-06-02 (due today)' });
  });

  it('a deadline met by an earlier filing says so; one passed with an exception claimed says that', () => {
    expect(deadlineOf({ proceeding: { type: 'affirmative', priorFilings: [{ filedOn: '2025-01-10' }] }, applicant: { arrivals: [{ date: '2024-06-03' }] } }, '2026-11-22')).toMatchObject({ met: true, label: 'one-year deadline 2025-06-03: met, first filed 2025-01-10' });
    // This filing's date is a plan until the filing is recorded, as the filing rules say.
    expect(deadlineOf({ applicant: { arrivals: [{ date: '2024-06-03' }] }, filing: { date: '2025-05-20' } }, '2026-11-22')).toMatchObject({ met: false, label: 'one-year deadline 2025-06-03 (passed 537 days ago); this filing is dated 2025-05-20, before it: record it if it was filed' });
    expect(deadlineOf({ applicant: { arrivals: [{ date: '2024-06-03' }] }, filing: { date: '2025-05-20' } }, '2025-05-01')!.label).toBe('one-year deadline 2025-06-03 (33 days left)');
    expect(deadlineOf({ applicant: { arrivals: [{ date: '2024-06-03' }] }, exceptions: { oneYearDeadline: { type: 'changed' } } }, '2025-06-05')!.label).toBe('one-year deadline 2025-06-03 (passed 2 days ago); exception claimed: changed');
  });

  it('defensive: the court filing deadline before the next hearing', () => {
    const d = deadlineOf({ proceeding: { type: 'defensive', detained: false, nextHearing: { kind: 'individual', date: '2026-09-15' } }, applicant: { arrivals: [{ date: '2024-06-03' }] } }, '2026-08-01');
    expect(d).toMatchObject({ kind: 'court-filing', hearing: { kind: 'individual', date: '2026-09-15' } });
    expect(d!.date < '2026-09-15').toBe(true);
    expect(d!.label).toContain('file with the court by ' + d!.date);
  });

  it('a half-filled or broken intake shows no deadline rather than a wrong one', () => {
    expect(deadlineOf({}, '2026-01-01')).toBeNull();
    expect(deadlineOf(null, '2026-01-01')).toBeNull();
    expect(deadlineOf({ applicant: { arrivals: [{ date: '2024-13-45' }] } }, '2026-01-01')).toBeNull();
    expect(deadlineOf({ applicant: { arrivals: 'yesterday' } }, '2026-01-01')).toBeNull();
  });
});
