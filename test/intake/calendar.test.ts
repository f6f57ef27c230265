import { describe, expect, test } from 'vitest';
import {
  addDays,
  addYears,
  ageOn,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  parsePartialDate,
  weekdayName,
} from '../../src/intake/calendar.js';

describe('isIsoDate', () => {
  test.each([
    ['2024-02-29', true],
    ['2023-02-28', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-04-31', false],
    ['2023-04-30', true],
    ['2023-12-31', true],
    ['2023-01-00', false],
    ['2023-01-32', false],
    ['2023-1-01', false],
    ['2023-01-1', false],
    ['23-01-01', false],
    ['2023/01/01', false],
    ['2023-01-01T00:00:00Z', false],
    [' 2023-01-01', false],
    ['2023-01-01\n', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('isLeapYear', () => {
  test.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('%i → %s', (y, expected) => {
    expect(isLeapYear(y)).toBe(expected);
  });
});

describe('parsePartialDate', () => {
  test.each([
    ['2019', { year: 2019 }],
    ['2019-07', { year: 2019, month: 7 }],
    ['2019-07-15', { year: 2019, month: 7, day: 15 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2023-02-29', null],
    ['2019-13', null],
    ['2019-00', null],
    ['2019-04-31', null],
    ['2019-7', null],
    ['19', null],
    ['2019-07-15-01', null],
    ['July 2019', null],
    ['', null],
  ])('%j', (s, expected) => {
    expect(parsePartialDate(s)).toEqual(expected);
  });

  test('omits month and day keys rather than setting them to undefined', () => {
    expect(Object.keys(parsePartialDate('2019') ?? {})).toEqual(['year']);
  });
});

describe('addDays', () => {
  test.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-28', 2, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2024-03-10', 0, '2024-03-10'],
    // US DST change days: no hour-based drift.
    ['2024-03-09', 1, '2024-03-10'],
    ['2024-11-02', 1, '2024-11-03'],
    ['1969-12-31', 1, '1970-01-01'],
    ['1600-02-28', 1, '1600-02-29'],
  ])('%s + %i = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  test('round-trips with daysBetween over several centuries', () => {
    const start = '1899-12-25';
    let d = start;
    for (let i = 1; i <= 80000; i += 1) {
      const next = addDays(d, 1);
      expect(compareIsoDates(next, d)).toBe(1);
      d = next;
    }
    expect(d).toBe(addDays(start, 80000));
    expect(daysBetween(start, d)).toBe(80000);
    expect(isIsoDate(d)).toBe(true);
  });

  test('rejects malformed dates and non-integer counts', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2023-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  test.each([
    ['2024-01-01', '2024-12-31', 365],
    ['2023-01-01', '2023-12-31', 364],
    ['2024-06-02', '2025-06-02', 365],
    ['2023-06-02', '2024-06-02', 366],
    ['2025-06-02', '2024-06-02', -365],
    ['2024-03-10', '2024-03-10', 0],
    ['1970-01-01', '2000-01-01', 10957],
  ])('%s → %s = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('dayOfWeek', () => {
  test.each([
    ['1970-01-01', 4, 'Thursday'],
    ['2000-01-01', 6, 'Saturday'],
    ['2024-02-29', 4, 'Thursday'],
    ['2025-05-31', 6, 'Saturday'],
    ['2025-06-01', 0, 'Sunday'],
    ['2025-06-02', 1, 'Monday'],
    ['2026-07-03', 5, 'Friday'],
    ['2026-07-04', 6, 'Saturday'],
    ['1969-07-20', 0, 'Sunday'],
    ['2024-12-31', 2, 'Tuesday'],
    ['2025-01-01', 3, 'Wednesday'],
  ])('%s is %i (%s)', (d, dow, name) => {
    expect(dayOfWeek(d)).toBe(dow);
    expect(weekdayName(d)).toBe(name);
  });
});

describe('compareIsoDates', () => {
  test.each([
    ['2024-01-01', '2024-01-02', -1],
    ['2024-01-02', '2024-01-01', 1],
    ['2024-01-01', '2024-01-01', 0],
    ['2023-12-31', '2024-01-01', -1],
  ])('%s vs %s', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  test('works as a sort comparator', () => {
    expect(['2025-01-01', '2023-06-30', '2024-02-29'].sort(compareIsoDates)).toEqual([
      '2023-06-30',
      '2024-02-29',
      '2025-01-01',
    ]);
  });
});

describe('addYears', () => {
  test.each([
    ['2024-06-02', 1, '2025-06-02'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', 100, '2124-02-29'],
    ['2096-02-29', 4, '2100-02-28'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2023-02-28', 1, '2024-02-28'],
    ['2023-03-01', 1, '2024-03-01'],
    ['2024-12-31', 1, '2025-12-31'],
    ['2025-01-19', 1, '2026-01-19'],
  ])('%s + %i years = %s', (d, n, expected) => {
    expect(addYears(d, n)).toBe(expected);
  });
});

describe('ageOn', () => {
  test.each([
    // birthday 2000-06-15
    ['2000-06-15', '2018-06-14', 17, 'day before the 18th birthday'],
    ['2000-06-15', '2018-06-15', 18, 'on the 18th birthday'],
    ['2000-06-15', '2018-06-16', 18, 'day after the 18th birthday'],
    ['2000-06-15', '2000-06-15', 0, 'day of birth'],
    ['2000-06-15', '2001-06-14', 0, 'day before first birthday'],
    ['2000-06-15', '2018-05-31', 17, 'earlier month'],
    ['2000-06-15', '2018-07-01', 18, 'later month'],
    // 29 February birthday
    ['2004-02-29', '2022-02-28', 17, '29 Feb birthday, 28 Feb of a non-leap year'],
    ['2004-02-29', '2022-03-01', 18, '29 Feb birthday, 1 Mar of a non-leap year'],
    ['2004-02-29', '2024-02-28', 19, '29 Feb birthday, 28 Feb of a leap year'],
    ['2004-02-29', '2024-02-29', 20, '29 Feb birthday, on 29 Feb'],
  ])('born %s, on %s → %i (%s)', (birth, on, expected) => {
    expect(ageOn(birth, on)).toBe(expected);
  });

  test('rejects a date before birth', () => {
    expect(() => ageOn('2000-06-15', '2000-06-14')).toThrow(RangeError);
  });
});

describe('formatIsoDate', () => {
  test('pads and validates', () => {
    expect(formatIsoDate(987, 3, 4)).toBe('0987-03-04');
    expect(() => formatIsoDate(2023, 2, 29)).toThrow(RangeError);
    expect(() => formatIsoDate(10000, 1, 1)).toThrow(RangeError);
  });
});
