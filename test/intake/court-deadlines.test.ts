import { describe, expect, test } from 'vitest';
import { EOIR_FILING_RULES, courtFilingDeadline, ruleOn, type CourtDeadlineRule } from '../../src/intake/court-deadlines.js';

// Calendar facts used below (checked against a calendar):
//   2026-09-15 Tuesday; 30 days earlier 2026-08-16 Sunday, 2026-08-15 Saturday, 2026-08-14 Friday.
//   15 days before 2026-09-15 is 2026-08-31, a Monday (Labor Day 2026 is 2026-09-07).
//   2026-07-20 Monday; 15 days earlier 2026-07-05 Sunday, 2026-07-04 Saturday (Independence Day),
//   2026-07-03 Friday (Independence Day observed), 2026-07-02 Thursday.
//   2026-12-11 Friday; 15 days earlier 2026-11-26 Thursday = Thanksgiving (4th Thursday of November).

describe('courtFilingDeadline, non-detained', () => {
  test('individual hearing: 30 days before lands on a Sunday, the deadline moves back to the Friday', () => {
    const d = courtFilingDeadline({ kind: 'individual', date: '2026-09-15' }, false, '2026-08-10');
    expect(d).toMatchObject({
      hearingDate: '2026-09-15',
      hearingKind: 'individual',
      detained: false,
      daysBefore: 30,
      deadline: '2026-08-14',
      daysLeft: 4,
    });
    expect(d.movedBecause).toContain('2026-08-16 is a Sunday');
    expect(d.movedBecause).toContain('2026-08-15 is a Saturday');
    expect(d.rule).toMatch(/at least 30 days before an individual hearing/);
  });

  test('master hearing: 15 days before, on a business day, not moved', () => {
    const d = courtFilingDeadline({ kind: 'master', date: '2026-09-15' }, false, '2026-08-10');
    expect(d).toMatchObject({ hearingKind: 'master', daysBefore: 15, deadline: '2026-08-31', movedBecause: null, daysLeft: 21 });
    expect(d.rule).toMatch(/at least 15 days before a master calendar hearing/);
  });

  test('a deadline running into a weekend and the observed Independence Day moves to the Thursday', () => {
    const d = courtFilingDeadline({ kind: 'master', date: '2026-07-20' }, false, '2026-06-01');
    expect(d.deadline).toBe('2026-07-02');
    expect(d.daysBefore).toBe(15);
    expect(d.daysLeft).toBe(31);
    expect(d.movedBecause).toBe('2026-07-05 is a Sunday; 2026-07-04 is a Saturday; 2026-07-03 is the day Independence Day is observed');
  });

  test('a deadline on Thanksgiving moves to the Wednesday before', () => {
    const d = courtFilingDeadline({ kind: 'master', date: '2026-12-11' }, false, '2026-11-01');
    expect(d.deadline).toBe('2026-11-25');
    expect(d.movedBecause).toBe('2026-11-26 is Thanksgiving Day');
  });

  test.each([
    ['filed on the deadline', '2026-08-31', 0],
    ['filed a day late', '2026-09-01', -1],
    ['filed on the day of the hearing', '2026-09-15', -15],
  ])('daysLeft when %s', (_label, filingDate, daysLeft) => {
    const d = courtFilingDeadline({ kind: 'master', date: '2026-09-15' }, false, filingDate);
    expect(d.deadline).toBe('2026-08-31');
    expect(d.daysLeft).toBe(daysLeft);
  });

  test('the deadline is always a business day on or before the counted day', () => {
    for (let day = 1; day <= 31; day++) {
      const date = `2026-07-${String(day).padStart(2, '0')}`;
      const d = courtFilingDeadline({ kind: 'individual', date }, false, '2026-01-05');
      expect(d.deadline! <= d.hearingDate).toBe(true);
      const weekday = new Date(`${d.deadline}T12:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6, `${d.deadline} for a hearing on ${date}`).toBe(false);
      const before = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${d.deadline}T00:00:00Z`)) / 86_400_000);
      expect(before).toBeGreaterThanOrEqual(30);
      expect(d.movedBecause === null, `${date}: ${d.movedBecause}`).toBe(before === 30);
    }
  });
});

describe('courtFilingDeadline, detained', () => {
  test.each(['master', 'individual'] as const)('%s hearing: no computed deadline; as the judge orders', (kind) => {
    const d = courtFilingDeadline({ kind, date: '2026-09-15' }, true, '2026-08-10');
    expect(d).toMatchObject({ hearingDate: '2026-09-15', hearingKind: kind, detained: true, deadline: null, daysBefore: null, daysLeft: null, movedBecause: null });
    expect(d.rule).toMatch(/detained/);
    expect(d.rule).toMatch(/judge orders/);
  });
});

describe('ruleOn', () => {
  test('with the current table, the row since null applies to any date', () => {
    expect(ruleOn('2021-01-01')).toBe(EOIR_FILING_RULES[0]);
    expect(ruleOn('2030-12-31')).toBe(EOIR_FILING_RULES.at(-1));
    expect(ruleOn('2026-08-10')).toMatchObject({ master: 15, individual: 30 });
  });

  test('the table starts with a row since null, and later rows are in date order', () => {
    expect(EOIR_FILING_RULES[0]?.since).toBeNull();
    const dated = EOIR_FILING_RULES.slice(1).map((r) => r.since);
    for (const s of dated) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect([...dated].sort()).toEqual(dated);
  });

  test('picks the latest row whose since is on or before the date', () => {
    const table = EOIR_FILING_RULES as CourtDeadlineRule[];
    const added: CourtDeadlineRule[] = [
      { since: '2030-03-01', master: 20, individual: 40, source: 'test row 1' },
      { since: '2031-06-15', master: 10, individual: 25, source: 'test row 2' },
    ];
    const before = table.length;
    table.push(...added);
    try {
      expect(ruleOn('2030-02-28')).toBe(table[before - 1]);
      expect(ruleOn('2030-03-01')).toBe(added[0]);
      expect(ruleOn('2031-06-14')).toBe(added[0]);
      expect(ruleOn('2031-06-15')).toBe(added[1]);
      expect(ruleOn('2040-01-01')).toBe(added[1]);
      // and the deadline follows the row in force on the filing date
      const d = courtFilingDeadline({ kind: 'master', date: '2031-09-15' }, false, '2031-06-15');
      expect(d.daysBefore).toBe(10);
      expect(d.rule).toContain('test row 2');
      expect(courtFilingDeadline({ kind: 'individual', date: '2031-09-15' }, false, '2031-06-14').daysBefore).toBe(40);
    } finally {
      table.splice(before);
    }
    expect(EOIR_FILING_RULES).toHaveLength(before);
  });
});
