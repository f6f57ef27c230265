import { describe, expect, test } from 'vitest';
import { FILTERS, FILTER_NAMES, FilterError } from '../../src/render/filters.js';

/** Runs `fn` and returns the FilterError it throws (fails the test if it throws anything else or nothing). */
function filterError(fn: () => unknown): FilterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FilterError);
    return err as FilterError;
  }
  throw new Error('expected a FilterError, but nothing was thrown');
}

describe('longDate', () => {
  test.each([
    ['1990-05-17', 'May 17, 1990'],
    ['2023-05', 'May 2023'],
    ['2023', '2023'],
    ['2024-01-01', 'January 1, 2024'],
    ['2024-12-31', 'December 31, 2024'],
    ['2024-02-29', 'February 29, 2024'],
  ])('%s → %s', (input, expected) => {
    expect(FILTERS.longDate(input)).toBe(expected);
  });

  test.each([
    ['day first', '17/05/1990'],
    ['impossible day', '2023-02-29'],
    ['month 13', '2023-13'],
    ['not a date', 'yesterday'],
    ['empty', ''],
    ['a number', 1990],
    ['null', null],
    ['undefined', undefined],
  ])('%s throws a FilterError naming longDate', (_label, input) => {
    const err = filterError(() => FILTERS.longDate(input));
    expect(err.filter).toBe('longDate');
    expect(err.name).toBe('FilterError');
    expect(err.message).toMatch(/^longDate /);
  });
});

describe('shortDate', () => {
  test.each([
    ['1990-05-17', '05/17/1990'],
    ['2023-05', '05/2023'],
    ['2023', '2023'],
    ['2024-11-03', '11/03/2024'],
  ])('%s → %s', (input, expected) => {
    expect(FILTERS.shortDate(input)).toBe(expected);
  });

  test('bad input throws a FilterError naming shortDate', () => {
    const err = filterError(() => FILTERS.shortDate('1990-5-17'));
    expect(err.filter).toBe('shortDate');
    expect(err.message).toContain('shortDate');
  });
});

describe('upper and lower', () => {
  test.each([
    ['Núñez', 'NÚÑEZ'],
    ['José Antonio Ramírez', 'JOSÉ ANTONIO RAMÍREZ'],
    ['Comayagüela', 'COMAYAGÜELA'],
    ['already UPPER', 'ALREADY UPPER'],
  ])('upper(%s) → %s', (input, expected) => {
    expect(FILTERS.upper(input)).toBe(expected);
  });

  test.each([
    ['NÚÑEZ', 'núñez'],
    ['ÁNGEL MEJÍA', 'ángel mejía'],
    ['COMAYAGÜELA', 'comayagüela'],
  ])('lower(%s) → %s', (input, expected) => {
    expect(FILTERS.lower(input)).toBe(expected);
  });

  test('upper of "i" is the English capital I, not the Turkish dotted İ', () => {
    expect(FILTERS.upper('Ibrahim Ilhan')).toBe('IBRAHIM ILHAN');
    expect(FILTERS.lower('IBRAHIM')).toBe('ibrahim');
  });
});

describe('aNumber', () => {
  test.each([
    ['A220418553', 'A-220-418-553'],
    ['A-220-418-553', 'A-220-418-553'],
    ['A 220 418 553', 'A-220-418-553'],
    ['a220418553', 'A-220-418-553'],
    ['a 22041855', 'A-022-041-855'],
    ['A22041855', 'A-022-041-855'],
  ])('%s → %s', (input, expected) => {
    expect(FILTERS.aNumber(input)).toBe(expected);
  });

  test.each([
    ['no A', '220418553'],
    ['too few digits', 'A2204185'],
    ['too many digits', 'A2204185531'],
    ['letters among the digits', 'A22041855X'],
    ['B instead of A', 'B220418553'],
    ['empty', ''],
    ['null', null],
    ['a number', 220418553],
  ])('%s throws a FilterError naming aNumber', (_label, input) => {
    const err = filterError(() => FILTERS.aNumber(input));
    expect(err.filter).toBe('aNumber');
    expect(err.message).toContain('aNumber');
  });
});

describe('ordinal', () => {
  test.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [10, '10th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [14, '14th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [100, '100th'],
    [101, '101st'],
    [102, '102nd'],
    [111, '111th'],
    [112, '112th'],
    [113, '113th'],
    [121, '121st'],
  ])('%i → %s', (input, expected) => {
    expect(FILTERS.ordinal(input)).toBe(expected);
  });

  test('a numeric string is accepted', () => {
    expect(FILTERS.ordinal('22')).toBe('22nd');
  });

  test.each([['1.5'], [1.5], ['first'], [undefined]])('%s throws a FilterError naming ordinal', (input) => {
    expect(filterError(() => FILTERS.ordinal(input)).filter).toBe('ordinal');
  });
});

describe('joinAnd', () => {
  test.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
    [['asylum', 'withholding of removal', 'protection under the Convention Against Torture', 'x'], 'asylum, withholding of removal, protection under the Convention Against Torture and x'],
  ])('%j → %j', (input, expected) => {
    expect(FILTERS.joinAnd(input)).toBe(expected);
  });

  test('with a field name, joins that field of each object', () => {
    const people = [{ name: 'María' }, { name: 'Daniel' }, { name: 'Rosa' }];
    expect(FILTERS.joinAnd(people, 'name')).toBe('María, Daniel and Rosa');
    expect(FILTERS.joinAnd(people.slice(0, 2), 'name')).toBe('María and Daniel');
    expect(FILTERS.joinAnd(people.slice(0, 1), 'name')).toBe('María');
  });

  test.each([['a string', 'a, b'], ['null', null], ['an object', { a: 1 }]])('%s is not a list: FilterError naming joinAnd', (_label, input) => {
    expect(filterError(() => FILTERS.joinAnd(input)).filter).toBe('joinAnd');
  });
});

describe('plural', () => {
  test.each([
    [0, 'exhibit', undefined, '0 exhibits'],
    [1, 'exhibit', undefined, '1 exhibit'],
    [2, 'exhibit', undefined, '2 exhibits'],
    [[], 'exhibit', undefined, '0 exhibits'],
    [['x'], 'exhibit', undefined, '1 exhibit'],
    [['x', 'y', 'z'], 'exhibit', undefined, '3 exhibits'],
    [0, 'child', 'children', '0 children'],
    [1, 'child', 'children', '1 child'],
    [2, 'child', 'children', '2 children'],
    [[{ name: 'Daniel' }], 'child', 'children', '1 child'],
  ])('(%j, %s, %s) → %s', (n, singular, pluralForm, expected) => {
    expect(FILTERS.plural(n, singular, pluralForm)).toBe(expected);
  });

  test('without a word it throws a FilterError naming plural', () => {
    expect(filterError(() => FILTERS.plural(2)).filter).toBe('plural');
  });

  test('a count that is not a number throws', () => {
    expect(filterError(() => FILTERS.plural('many', 'exhibit')).filter).toBe('plural');
  });
});

describe('age', () => {
  test.each([
    ['1990-05-17', '2026-05-16', 35, 'the day before the birthday'],
    ['1990-05-17', '2026-05-17', 36, 'on the birthday'],
    ['1990-05-17', '2026-05-18', 36, 'the day after the birthday'],
    ['1990-05-17', '1990-05-17', 0, 'the day of birth'],
    ['2000-02-29', '2023-02-28', 22, 'leap-day birthday, 28 February of a common year'],
    ['2000-02-29', '2023-03-01', 23, 'leap-day birthday, 1 March of a common year'],
    ['2000-02-29', '2024-02-29', 24, 'leap-day birthday in a leap year'],
    ['2005-12-31', '2026-01-01', 20, 'across a new year'],
  ])('%s on %s → %i (%s)', (birth, on, expected) => {
    expect(FILTERS.age(birth, on)).toBe(expected);
  });

  test('a date of birth after the reference date throws a FilterError naming age', () => {
    const err = filterError(() => FILTERS.age('2026-05-18', '2026-05-17'));
    expect(err.filter).toBe('age');
    expect(err.message).toContain('age');
  });

  test.each([
    ['partial date of birth', '1990-05', '2026-05-17'],
    ['partial reference date', '1990-05-17', '2026'],
    ['no reference date', '1990-05-17', undefined],
    ['no date of birth', undefined, '2026-05-17'],
    ['not a date', 'soon', '2026-05-17'],
  ])('%s throws', (_label, birth, on) => {
    expect(filterError(() => FILTERS.age(birth, on)).filter).toBe('age');
  });
});

describe('fullName', () => {
  test.each([
    [{ given: 'José', middle: 'Antonio', family: 'Núñez Ramírez' }, 'José Antonio Núñez Ramírez'],
    [{ given: 'Daniel', family: 'Núñez Castillo' }, 'Daniel Núñez Castillo'],
    [{ given: 'Daniel', middle: '', family: 'Núñez Castillo' }, 'Daniel Núñez Castillo'],
    [{ given: 'Daniel', middle: null, family: 'Núñez Castillo' }, 'Daniel Núñez Castillo'],
    [{ family: 'Okafor' }, 'Okafor'],
  ])('%j → %s', (input, expected) => {
    expect(FILTERS.fullName(input)).toBe(expected);
  });

  test.each([['a string', 'José Núñez'], ['null', null], ['no family name', { given: 'José' }]])('%s throws a FilterError naming fullName', (_label, input) => {
    expect(filterError(() => FILTERS.fullName(input)).filter).toBe('fullName');
  });
});

describe('language', () => {
  test.each([
    ['es', 'Spanish'],
    ['vi', 'Vietnamese'],
    ['en', 'English'],
    ['fr', 'French'],
    ['ar', 'Arabic'],
  ])('%s → %s', (code, name) => {
    expect(FILTERS.language(code)).toBe(name);
  });

  test('a value that is not a code throws a FilterError naming language', () => {
    expect(filterError(() => FILTERS.language(undefined)).filter).toBe('language');
    expect(filterError(() => FILTERS.language(42)).filter).toBe('language');
  });
});

describe('yesNo', () => {
  test.each([
    [true, 'Yes'],
    [false, 'No'],
  ])('%s → %s', (input, expected) => {
    expect(FILTERS.yesNo(input)).toBe(expected);
  });

  test.each([undefined, null, 'no', 0])('%s is an error, never a silent "No"', (input) => {
    expect(filterError(() => FILTERS.yesNo(input)).filter).toBe('yesNo');
  });
});

test('FILTER_NAMES lists every filter', () => {
  expect([...FILTER_NAMES].sort()).toEqual(
    ['age', 'aNumber', 'areaCode', 'capitalize', 'digits', 'fullName', 'joinAnd', 'language', 'localNumber', 'longDate', 'lower', 'monthYear', 'ordinal', 'plural', 'shortDate', 'upper', 'yesNo'].sort(),
  );
});

/**
 * The module's contract: "A filter never returns undefined: a value it cannot format is an error,
 * not a blank." A missing value must not come out as "0th", "0 exhibits", "null" or "undefined".
 */
describe('a value a filter cannot format is an error, not a made-up text', () => {
  test.each([
    ['null', null],
    ['an empty string', ''],
  ])('ordinal of %s throws instead of printing "0th"', (_label, input) => {
    expect(filterError(() => FILTERS.ordinal(input)).filter).toBe('ordinal');
  });

  test.each([
    ['null', null],
  ])('plural of %s throws instead of printing "0 exhibits"', (_label, input) => {
    expect(filterError(() => FILTERS.plural(input, 'exhibit')).filter).toBe('plural');
  });

  test.each([
    ['a null item', [null, 'b'], undefined],
    ['a misspelt field name', [{ name: 'María' }, { name: 'Daniel' }], 'nmae'],
  ])('joinAnd with %s throws instead of printing "null"/"undefined"', (_label, list, field) => {
    expect(filterError(() => FILTERS.joinAnd(list, field)).filter).toBe('joinAnd');
  });
});

describe('the filters of form fields', () => {
  test.each([
    ['2019-03', '03/2019'],
    ['2019-03-15', '03/2019'],
    ['2019', '2019'],
  ])('monthYear %s → %s', (input, out) => expect(FILTERS.monthYear(input)).toBe(out));

  test.each([
    ['+1 718 555 0142', '718', '555-0142'],
    ['(718) 555-0142', '718', '555-0142'],
    ['1-212-555-0199', '212', '555-0199'],
    ['7185550142', '718', '555-0142'],
  ])('a U.S. number %s → area code %s, number %s', (input, area, local) => {
    expect(FILTERS.areaCode(input)).toBe(area);
    expect(FILTERS.localNumber(input)).toBe(local);
  });

  test.each([['+44 20 7946 0958'], ['555-0142'], ['+504 2234 5678']])('a number that is not a 10-digit U.S. number (%s) is an error, never a wrong area code', (input) => {
    expect(filterError(() => FILTERS.areaCode(input)).filter).toBe('areaCode');
    expect(filterError(() => FILTERS.localNumber(input)).filter).toBe('localNumber');
  });

  test('digits keeps the digits only; capitalize the first letter', () => {
    expect(FILTERS.digits('123-45-6789')).toBe('123456789');
    expect(FILTERS.capitalize('single')).toBe('Single');
    expect(FILTERS.capitalize('ñandú')).toBe('Ñandú');
  });
});
