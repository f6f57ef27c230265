import { describe, expect, test } from 'vitest';
import { dayOfWeek } from '../../src/intake/calendar.js';
import {
  federalHoliday,
  federalHolidayOn,
  federalHolidays,
  isBusinessDay,
  nextBusinessDay,
} from '../../src/intake/holidays.js';

const compact = (year: number): [string, string][] =>
  federalHolidays(year).map((h) => [h.date, h.name]);

describe('federalHolidays — against the OPM published calendars', () => {
  test('2021 (Inauguration Day, 2021-01-20, excluded)', () => {
    expect(compact(2021)).toEqual([
      ['2021-01-01', "New Year's Day"],
      ['2021-01-18', 'Birthday of Martin Luther King, Jr.'],
      ['2021-02-15', "Washington's Birthday"],
      ['2021-05-31', 'Memorial Day'],
      ['2021-06-18', 'Juneteenth National Independence Day (observed)'],
      ['2021-07-05', 'Independence Day (observed)'],
      ['2021-09-06', 'Labor Day'],
      ['2021-10-11', 'Columbus Day'],
      ['2021-11-11', 'Veterans Day'],
      ['2021-11-25', 'Thanksgiving Day'],
      ['2021-12-24', 'Christmas Day (observed)'],
      ['2021-12-31', "New Year's Day (observed)"],
    ]);
    expect(federalHoliday('2021-01-20')).toBeNull();
  });

  test('2026', () => {
    expect(compact(2026)).toEqual([
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Birthday of Martin Luther King, Jr.'],
      ['2026-02-16', "Washington's Birthday"],
      ['2026-05-25', 'Memorial Day'],
      ['2026-06-19', 'Juneteenth National Independence Day'],
      ['2026-07-03', 'Independence Day (observed)'],
      ['2026-09-07', 'Labor Day'],
      ['2026-10-12', 'Columbus Day'],
      ['2026-11-11', 'Veterans Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-12-25', 'Christmas Day'],
    ]);
  });

  test('observed flag matches the name suffix', () => {
    for (const year of [2021, 2026]) {
      for (const h of federalHolidays(year)) {
        expect(h.observed).toBe(h.name.endsWith(' (observed)'));
      }
    }
  });

  test('2022 has no New Year\'s Day: 2022-01-01 (Saturday) was observed on 2021-12-31', () => {
    const dates = federalHolidays(2022).map((h) => h.date);
    expect(dates).not.toContain('2022-01-01');
    expect(dates[0]).toBe('2022-01-17');
    expect(dates).toHaveLength(10); // 11 holidays, New Year's Day observed in 2021
    // 2022-12-25 was a Sunday → Monday 2022-12-26
    expect(dates).toContain('2022-12-26');
  });

  test('2023: New Year\'s Day on a Sunday is observed on Monday 2023-01-02', () => {
    expect(federalHolidays(2023)[0]).toEqual({
      date: '2023-01-02',
      name: "New Year's Day (observed)",
      observed: true,
    });
    expect(federalHoliday('2023-01-01')).toBeNull();
  });

  test('Juneteenth starts in 2021, MLK Day in 1986', () => {
    expect(compact(2020).some(([, n]) => n.startsWith('Juneteenth'))).toBe(false);
    expect(compact(1985).some(([, n]) => n.startsWith('Birthday of Martin'))).toBe(false);
    expect(federalHoliday('1986-01-20')).toBe('Birthday of Martin Luther King, Jr.');
  });

  test('Veterans Day was the fourth Monday of October in 1971–1977', () => {
    expect(federalHoliday('1975-10-27')).toBe('Veterans Day');
    expect(federalHoliday('1975-11-11')).toBeNull();
    expect(federalHoliday('1978-11-10')).toBe('Veterans Day (observed)'); // 1978-11-11 Saturday
  });

  test('every observed day is a weekday, sorted, unique, and in the requested year', () => {
    for (let year = 1971; year <= 2100; year += 1) {
      const list = federalHolidays(year);
      const dates = list.map((h) => h.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const d of dates) {
        expect(d.startsWith(`${year}-`)).toBe(true);
        expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(d));
      }
      // 10 or 11 holidays a year (11 with Juneteenth), ±1 for New Year's Day moving across years.
      const base = year >= 2021 ? 11 : year >= 1986 ? 10 : 9;
      expect(list.length).toBeGreaterThanOrEqual(base - 1);
      expect(list.length).toBeLessThanOrEqual(base + 1);
    }
  });

  test('returns a fresh copy each call (cache cannot be mutated)', () => {
    const a = federalHolidays(2026);
    a.pop();
    expect(federalHolidays(2026)).toHaveLength(11);
  });

  test('rejects years outside the supported range', () => {
    expect(() => federalHolidays(1970)).toThrow(RangeError);
    expect(() => federalHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('federalHoliday', () => {
  test.each([
    ['2024-07-04', 'Independence Day'],
    ['2026-07-03', 'Independence Day (observed)'],
    ['2026-07-04', null], // the actual (Saturday) date is not the observed day
    ['2021-12-31', "New Year's Day (observed)"],
    ['2024-11-28', 'Thanksgiving Day'],
    ['2024-05-27', 'Memorial Day'],
    ['2025-01-20', 'Birthday of Martin Luther King, Jr.'], // also Inauguration Day 2025
    ['2025-06-02', null],
  ])('%s → %s', (d, expected) => {
    expect(federalHoliday(d)).toBe(expected);
  });

  test('federalHolidayOn returns the full entry', () => {
    expect(federalHolidayOn('2021-06-18')).toEqual({
      date: '2021-06-18',
      name: 'Juneteenth National Independence Day (observed)',
      observed: true,
    });
  });

  test('rejects malformed dates', () => {
    expect(() => federalHoliday('2026-02-30')).toThrow(RangeError);
  });
});

describe('isBusinessDay / nextBusinessDay', () => {
  test.each([
    ['2025-06-02', true, '2025-06-02'], // Monday
    ['2025-05-31', false, '2025-06-02'], // Saturday
    ['2025-06-01', false, '2025-06-02'], // Sunday
    ['2024-07-04', false, '2024-07-05'], // Independence Day, Thursday
    ['2026-07-03', false, '2026-07-06'], // observed Independence Day, Friday
    ['2026-07-04', false, '2026-07-06'], // Saturday
    ['2025-08-30', false, '2025-09-02'], // Saturday before Labor Day
    ['2021-12-24', false, '2021-12-27'], // Christmas observed → weekend
    ['2021-12-31', false, '2022-01-03'], // New Year's observed across the year boundary
    ['2021-01-20', true, '2021-01-20'], // Inauguration Day is not a general holiday
  ])('%s business=%s next=%s', (d, business, next) => {
    expect(isBusinessDay(d)).toBe(business);
    expect(nextBusinessDay(d)).toBe(next);
  });
});
