import { describe, expect, test } from 'vitest';
import {
  FILING_ADDRESSES,
  STATES_AND_DC,
  TERRITORIES,
  countyKey,
  filingAddressFor,
  lookupIn,
  tableProblems,
  type FilingAddress,
} from '../../src/render/filing-addresses.js';

describe('the real table', () => {
  // No stored copy of the current (lockbox-era) uscis.gov/i-589 page could be read on 2026-11-30,
  // so the table holds no row (see the comment at the top of filing-addresses.ts). Whoever fills it
  // replaces this test with two written against the rows the source gives: NY resolves to its row;
  // a split state without a county is split, and with a county the page names resolves to that row.
  test('is empty until a current uscis.gov source is checked, so every state answers none', () => {
    expect(FILING_ADDRESSES).toEqual([]);
    for (const state of [...STATES_AND_DC, ...TERRITORIES]) {
      expect(filingAddressFor('i-589-affirmative', state)).toEqual({ kind: 'none', state });
    }
    expect(filingAddressFor('i-589-affirmative', ' ny ', 'Kings')).toEqual({ kind: 'none', state: 'NY' });
  });

  test('passes every check of a table (source, dates, lines, ZIP, each state once)', () => {
    expect(tableProblems(FILING_ADDRESSES)).toEqual([]);
  });
});

// SYNTHETIC rows, made up to exercise the lookup: not USCIS addresses.
const SOURCE = 'https://example.test/synthetic-where-to-file';
function row(states: string[], box: string, counties?: string[]): FilingAddress {
  return {
    filing: 'i-589-affirmative',
    states,
    ...(counties ? { counties } : {}),
    addressee: ['SYNTHETIC TEST ROW', `Box ${box}`],
    lines: [`P.O. Box ${box}`, 'Testville, ZZ 00000-0000'],
    courier: { addressee: ['SYNTHETIC TEST ROW'], lines: ['1 Test St.', 'Testville, ZZ 00001'] },
    source: SOURCE,
    sourceDated: null,
    checked: '2026-11-30',
  };
}
const EAST = row(['NY', 'NJ'], '1');
const WEST = row(['CA', 'NM'], '2');
const PA_WEST = row(['PA'], '3', ['Allegheny', 'Erie', 'Westmoreland']);
const PA_EAST = row(['PA'], '4', ['Philadelphia', 'Montgomery', 'Doña Ana']);
const TABLE = [EAST, WEST, PA_WEST, PA_EAST];

describe('the lookup', () => {
  test('a whole state resolves to its row, whatever the case of the code', () => {
    expect(lookupIn(TABLE, 'i-589-affirmative', 'NY')).toEqual({ kind: 'found', address: EAST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'nj')).toEqual({ kind: 'found', address: EAST });
    expect(lookupIn(TABLE, 'i-589-affirmative', ' Ca ')).toEqual({ kind: 'found', address: WEST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'NY', 'Kings')).toEqual({ kind: 'found', address: EAST });
  });

  test('a split state without a county picks no row and names the rows', () => {
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA')).toEqual({ kind: 'split', state: 'PA', rows: [PA_WEST, PA_EAST] });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'pa', '   ')).toEqual({ kind: 'split', state: 'PA', rows: [PA_WEST, PA_EAST] });
  });

  test('a split state with a listed county resolves to that row: no case, no " County", no accents', () => {
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'Allegheny')).toEqual({ kind: 'found', address: PA_WEST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'pa', 'allegheny county')).toEqual({ kind: 'found', address: PA_WEST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'WESTMORELAND  County ')).toEqual({ kind: 'found', address: PA_WEST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'Dona Ana')).toEqual({ kind: 'found', address: PA_EAST });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'Philadelphia')).toEqual({ kind: 'found', address: PA_EAST });
  });

  test('a split state with a county no row lists picks no row', () => {
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'Kings')).toEqual({ kind: 'split', state: 'PA', rows: [PA_WEST, PA_EAST] });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'PA', 'Alleghen')).toMatchObject({ kind: 'split' });
  });

  test('a state in no row is none', () => {
    expect(lookupIn(TABLE, 'i-589-affirmative', 'tx')).toEqual({ kind: 'none', state: 'TX' });
    expect(lookupIn(TABLE, 'i-589-affirmative', 'XX')).toEqual({ kind: 'none', state: 'XX' });
  });

  test('an ambiguous table throws rather than picking a row', () => {
    expect(() => lookupIn([EAST, row(['NY'], '9')], 'i-589-affirmative', 'NY')).toThrow(/2 rows/);
    expect(() => lookupIn([row(['PA'], '8'), PA_WEST], 'i-589-affirmative', 'PA', 'Erie')).toThrow(/whole-state row/);
    expect(() => lookupIn([PA_WEST, row(['PA'], '7', ['Erie County'])], 'i-589-affirmative', 'PA', 'Erie')).toThrow(/in 2 rows/);
  });

  test('countyKey drops accents, case, spacing and a trailing "County"', () => {
    expect(countyKey('  Doña   Ana County ')).toBe('dona ana');
    expect(countyKey('McKean')).toBe('mckean');
    expect(countyKey('County')).toBe('county');
  });
});

describe('tableProblems', () => {
  const everyOtherState = row(
    STATES_AND_DC.filter((s) => !['NY', 'NJ', 'CA', 'NM', 'PA'].includes(s)),
    '5',
  );

  test('a table covering every state and DC once, PA by county, has none', () => {
    expect(tableProblems([...TABLE, everyOtherState])).toEqual([]);
  });

  test('a state in no row is reported unless listed as not covered', () => {
    expect(tableProblems(TABLE)).toContain('i-589-affirmative TX: in no row');
    const notCovered = STATES_AND_DC.filter((s) => !['NY', 'NJ', 'CA', 'NM', 'PA'].includes(s));
    expect(tableProblems(TABLE, notCovered)).toEqual([]);
    expect(tableProblems([...TABLE, everyOtherState], ['TX'])).toContain('i-589-affirmative TX: listed as not covered but in a row');
  });

  test('a state twice, a whole-state row beside county rows, and a county twice are reported', () => {
    const problems = tableProblems([...TABLE, everyOtherState, row(['NY'], '6'), row(['PA'], '7'), row(['PA'], '8', ['erie county'])]);
    expect(problems).toContain('i-589-affirmative NY: in 2 rows');
    expect(problems).toContain('i-589-affirmative PA: in a whole-state row and in county rows');
    expect(problems).toContain('i-589-affirmative PA: county "erie" in more than one row');
  });

  test('a bad row is reported: source, dates, state code, county row, addressee, lines, ZIP', () => {
    const bad: FilingAddress = {
      ...row(['NY', 'Ny'], '1', ['Kings']),
      source: 'http://www.uscis.gov/i-589',
      checked: '2026-02-30',
      sourceDated: 'March 2024',
      addressee: [],
      lines: ['P.O. Box 1', 'Testville, ZZ'],
      courier: { addressee: ['X'], lines: [] },
    };
    const problems = tableProblems([bad]).join('\n');
    expect(problems).toMatch(/source is not https/);
    expect(problems).toMatch(/checked is not a YYYY-MM-DD date/);
    expect(problems).toMatch(/sourceDated is neither null/);
    expect(problems).toMatch(/"Ny" is no USPS state code/);
    expect(problems).toMatch(/a county row names exactly one state/);
    expect(problems).toMatch(/postal addressee is empty/);
    expect(problems).toMatch(/postal last line has no ZIP/);
    expect(problems).toMatch(/courier lines are empty/);
  });
});
