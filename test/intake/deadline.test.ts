import { describe, expect, test } from 'vitest';
import { oneYearDeadline } from '../../src/intake/deadline.js';

describe('oneYearDeadline', () => {
  test.each([
    ['2024-06-02', '2025-06-02', '2025-06-02', null],
    ['2023-07-04', '2024-07-04', '2024-07-05', '2024-07-04 is Independence Day'],
    ['2024-05-31', '2025-05-31', '2025-06-02', '2025-05-31 is a Saturday'],
    [
      '2025-07-03',
      '2026-07-03',
      '2026-07-06',
      '2026-07-03 is the day Independence Day is observed',
    ],
    [
      '2025-01-19',
      '2026-01-19',
      '2026-01-20',
      '2026-01-19 is Birthday of Martin Luther King, Jr.',
    ],
    // leap-day arrival: anniversary on 28 February (the earlier, safer day), a Friday
    ['2024-02-29', '2025-02-28', '2025-02-28', null],
    // a Sunday anniversary
    ['2024-06-01', '2025-06-01', '2025-06-02', '2025-06-01 is a Sunday'],
    // weekend followed by a Monday holiday: both reasons are given
    [
      '2024-08-30',
      '2025-08-30',
      '2025-09-02',
      '2025-08-30 is a Saturday; 2025-09-01 is Labor Day',
    ],
    // New Year's Day 2022 (Saturday) observed on Friday 2021-12-31
    [
      '2020-12-31',
      '2021-12-31',
      '2022-01-03',
      "2021-12-31 is the day New Year's Day is observed",
    ],
    // Inauguration Day is not a general federal holiday
    ['2020-01-20', '2021-01-20', '2021-01-20', null],
  ])('arrival %s → anniversary %s, deadline %s', (arrival, anniversary, deadline, why) => {
    expect(oneYearDeadline(arrival)).toEqual({
      lastArrival: arrival,
      anniversary,
      deadline,
      movedBecause: why,
    });
  });

  test('rejects a malformed arrival date', () => {
    expect(() => oneYearDeadline('2025-02-29')).toThrow(RangeError);
  });
});
