import { describe, expect, test } from 'vitest';
import { matchesWhen, valueAtPath } from '../../src/pipeline/when.js';

const defensive = {
  proceeding: { type: 'defensive', detained: false, nextHearing: { kind: 'individual', date: '2026-09-15' } },
  applicant: { languages: { fluentInEnglish: false }, aNumber: null, children: 0 },
  isDefensive: true,
};
const affirmative = {
  proceeding: { type: 'affirmative', asylumOffice: 'Newark Asylum Office' },
  applicant: { languages: { fluentInEnglish: true }, aNumber: 'A-220-418-553', children: 2 },
  isDefensive: false,
};

describe('matchesWhen', () => {
  test('no when: every case matches', () => {
    expect(matchesWhen(undefined, defensive)).toBe(true);
    expect(matchesWhen(undefined, affirmative)).toBe(true);
    expect(matchesWhen(undefined, undefined)).toBe(true);
  });

  test('an empty when matches every case', () => {
    expect(matchesWhen({}, defensive)).toBe(true);
  });

  test.each<[string, Record<string, unknown>, boolean, boolean]>([
    ['scalar equality', { 'proceeding.type': 'defensive' }, true, false],
    ['scalar equality, other value', { 'proceeding.type': 'affirmative' }, false, true],
    ['list of allowed values, both', { 'proceeding.type': ['defensive', 'affirmative'] }, true, true],
    ['list of allowed values, one', { 'proceeding.type': ['defensive', 'appeal'] }, true, false],
    ['empty list allows nothing', { 'proceeding.type': [] }, false, false],
    ['nested path three deep', { 'proceeding.nextHearing.kind': 'individual' }, true, false],
    ['nested path, wrong value', { 'proceeding.nextHearing.kind': 'master' }, false, false],
    ['boolean true', { isDefensive: true }, true, false],
    ['boolean false', { isDefensive: false }, false, true],
    ['nested boolean false', { 'applicant.languages.fluentInEnglish': false }, true, false],
    ['boolean in a list', { 'proceeding.detained': [true] }, false, false],
    ['boolean false in a list', { 'proceeding.detained': [false] }, true, false],
    ['number', { 'applicant.children': 2 }, false, true],
    ['number zero', { 'applicant.children': 0 }, true, false],
    ['a missing value equals null', { 'proceeding.detained': null }, false, true],
    ['a missing parent equals null', { 'proceeding.nextHearing.kind': null }, false, true],
    ['an explicit null equals null', { 'applicant.aNumber': null }, true, false],
    ['null or a value in a list', { 'proceeding.detained': [null, false] }, true, true],
    ['every condition must hold', { 'proceeding.type': 'defensive', 'proceeding.detained': false }, true, false],
    ['every condition must hold, one fails', { 'proceeding.type': 'defensive', 'proceeding.detained': true }, false, false],
  ])('%s', (_label, when, onDefensive, onAffirmative) => {
    expect(matchesWhen(when, defensive)).toBe(onDefensive);
    expect(matchesWhen(when, affirmative)).toBe(onAffirmative);
  });

  test('equality is strict: no type coercion', () => {
    expect(matchesWhen({ 'applicant.children': '2' }, affirmative)).toBe(false);
    expect(matchesWhen({ 'applicant.children': false }, defensive)).toBe(false);
    expect(matchesWhen({ isDefensive: 'true' }, defensive)).toBe(false);
  });

  test('a missing value does not equal false, 0 or ""', () => {
    expect(matchesWhen({ 'proceeding.detained': false }, affirmative)).toBe(false);
    expect(matchesWhen({ 'nothing.here': 0 }, affirmative)).toBe(false);
    expect(matchesWhen({ 'nothing.here': '' }, affirmative)).toBe(false);
  });

  test('a path through a scalar is missing', () => {
    expect(matchesWhen({ 'proceeding.type.length': null }, defensive)).toBe(true);
  });
});

describe('valueAtPath', () => {
  test.each<[string, unknown]>([
    ['proceeding.type', 'defensive'],
    ['proceeding.nextHearing.date', '2026-09-15'],
    ['applicant.aNumber', null],
    ['proceeding.asylumOffice', undefined],
    ['no.such.path', undefined],
    ['proceeding.type.x', undefined],
  ])('%s → %j', (path, expected) => {
    expect(valueAtPath(defensive, path)).toBe(expected);
  });

  test('returns objects as they are', () => {
    expect(valueAtPath(defensive, 'proceeding.nextHearing')).toBe(defensive.proceeding.nextHearing);
  });
});
