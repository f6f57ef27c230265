import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import type { Problem } from '../../src/errors/problem.js';
import { validateIntakeBytes, validateIntakeFile, type IntakeResult, type ValidateOptions } from '../../src/intake/validate.js';

const samplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/samples');
const TODAY = '2026-11-22';

type Doc = any;

function load(name: 'intake-affirmative.json' | 'intake-defensive.json'): Doc {
  return JSON.parse(readFileSync(path.join(samplesDir, name), 'utf8'));
}
const affirmative = () => load('intake-affirmative.json');
const defensive = () => load('intake-defensive.json');

const textOf = (doc: unknown) => JSON.stringify(doc, null, 2);

/** Validates `doc` as if it were a file in the samples folder, so evidence paths resolve there. */
function validate(doc: unknown, opts: ValidateOptions = {}, file = path.join(samplesDir, 'x.json')): Promise<IntakeResult> {
  return validateIntakeBytes(file, Buffer.from(textOf(doc)), { today: TODAY, ...opts });
}
function validateText(text: string | Uint8Array, opts: ValidateOptions = {}): Promise<IntakeResult> {
  return validateIntakeBytes(path.join(samplesDir, 'x.json'), typeof text === 'string' ? Buffer.from(text) : text, { today: TODAY, ...opts });
}

const show = (problems: readonly Problem[]) =>
  problems.map((p) => `${p.code} ${p.severity} ${p.location.path ?? ''} ${p.location.line}:${p.location.column} ${p.message}`).join('\n') || '(no problems)';
const codes = (r: IntakeResult) => r.problems.map((p) => p.code);
const withCode = (r: IntakeResult, code: string) => r.problems.filter((p) => p.code === code);

function expectOk(r: IntakeResult): asserts r is Extract<IntakeResult, { ok: true }> {
  expect(r.ok, show(r.problems)).toBe(true);
}
function expectClean(r: IntakeResult): asserts r is Extract<IntakeResult, { ok: true }> {
  expectOk(r);
  expect(r.problems, show(r.problems)).toEqual([]);
}

/** 1-based line and column of the first occurrence of `needle` in `text` at or after `after`. */
function positionOf(text: string, needle: string, after = 0): { line: number; column: number } {
  const offset = text.indexOf(needle, after);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function expectWellFormed(file: string, problems: readonly Problem[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    const s = JSON.stringify(p);
    expect(p.code, s).toMatch(/^AP\d{4}$/);
    expect(p.name, s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning'], s).toContain(p.severity);
    expect(typeof p.message, s).toBe('string');
    expect(p.message.length, s).toBeGreaterThan(0);
    expect(p.location.file, s).toBe(file);
    expect(Number.isInteger(p.location.line) && p.location.line! >= 1, s).toBe(true);
    expect(Number.isInteger(p.location.column) && p.location.column! >= 1, s).toBe(true);
  }
}

// ───────────────────────────────────────────────────────────────────────────────
describe('the two samples', () => {
  test('the affirmative sample is valid, files checked, with no warnings, and its derived values are right', async () => {
    const file = path.join(samplesDir, 'intake-affirmative.json');
    const r = await validateIntakeFile(file, { today: TODAY });
    expectClean(r);
    expect(r.file).toBe(file);
    expect(r.case.dir).toBe(samplesDir);
    const d = r.case.derived;
    expect(d.aNumber).toBeNull();
    expect(d.fullName).toBe('José Antonio Núñez Ramírez');
    expect(d.filingDate).toBe('2025-05-20');
    expect(d.filingDateAssumed).toBe(false);
    expect(d.lastArrival).toBe('2024-06-02');
    expect(d.oneYear).toMatchObject({
      lastArrival: '2024-06-02',
      anniversary: '2025-06-02',
      deadline: '2025-06-02',
      movedBecause: null,
      firstFiledOn: '2025-05-20',
      filedOnDay: 352,
      daysLeft: 13,
      timely: true,
      exception: null,
    });
    expect(d.derivatives).toEqual([
      { familyIndex: 0, relationship: 'spouse', fullName: 'María Elena Castillo Mejía', dateOfBirth: '1992-11-03', ageOnFiling: 32, aNumber: null },
      { familyIndex: 1, relationship: 'child', fullName: 'Daniel Núñez Castillo', dateOfBirth: '2015-08-21', ageOnFiling: 9, aNumber: null },
    ]);
  });

  test('the defensive sample is valid, files checked (snapshot included), with no warnings', async () => {
    const r = await validateIntakeFile(path.join(samplesDir, 'intake-defensive.json'), { today: TODAY });
    expectClean(r);
    const d = r.case.derived;
    expect(d.aNumber).toBe('A-220-418-553');
    expect(d.filingDate).toBe('2026-08-10');
    expect(d.oneYear.firstFiledOn).toBe('2025-05-20'); // from priorFilings, not the filing date
    expect(d.oneYear.filedOnDay).toBe(352);
    expect(d.oneYear.timely).toBe(true);
    expect(d.oneYear.daysLeft).toBeLessThan(0);
    expect(d.oneYear.daysLeft).toBe(-434); // 2026-08-10 → 2025-06-02
  });

  test('the validation does not depend on the file existing: bytes in memory give the same result', async () => {
    const r = await validate(defensive());
    expectClean(r);
    expect(r.case.dir).toBe(samplesDir);
  });

  test('an intake file that does not exist is reported, not thrown', async () => {
    const file = path.join(samplesDir, 'no-such-intake.json');
    const r = await validateIntakeFile(file, { today: TODAY });
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['AP1001']);
    expect(r.problems[0]!.message).toContain('no such file');
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('A-number', () => {
  test.each([
    ['A 22041855', 'A-022-041-855'],
    ['a220418553', 'A-220-418-553'],
    ['A220418553', 'A-220-418-553'],
    ['A-220-418-553', 'A-220-418-553'],
    ['A 220 418 553', 'A-220-418-553'],
    // 2-2-0-4-1-8-5-5 is 8 digits, which the contract allows: padded with a leading zero
    ['A-220-418-55', 'A-022-041-855'],
  ])('%j is accepted and normalised to %j', async (given, normalised) => {
    const doc = affirmative();
    doc.applicant.aNumber = given;
    const r = await validate(doc);
    expectClean(r);
    expect(r.case.derived.aNumber).toBe(normalised);
  });

  test.each(['A-220-418-5', 'A2204185', '220418553', 'A-220-418-5531', 'B220418553', 'A--220418553', 'A220418553 ', ''])(
    '%j is rejected as AP1109',
    async (given) => {
      const doc = affirmative();
      doc.applicant.aNumber = given;
      const text = textOf(doc);
      const r = await validateText(text);
      expect(r.ok).toBe(false);
      expect(r.problems, show(r.problems)).toHaveLength(1);
      const p = r.problems[0]!;
      expect(p.code).toBe('AP1109');
      expect(p.location.path).toBe('applicant.aNumber');
      expect({ line: p.location.line, column: p.location.column }).toEqual(positionOf(text, JSON.stringify(given), text.indexOf('"aNumber"')));
    },
  );

  test('a derivative\'s A-number is normalised too', async () => {
    const doc = affirmative();
    doc.family[0].aNumber = 'a 123 456 78';
    const r = await validate(doc);
    expectClean(r);
    expect(r.case.derived.derivatives[0]!.aNumber).toBe('A-012-345-678');
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('null and a missing optional key mean the same', () => {
  test('applicant.middle: null, missing and given', async () => {
    const withNull = affirmative();
    withNull.applicant.name.middle = null;
    const missing = affirmative();
    delete missing.applicant.name.middle;
    const a = await validate(withNull);
    const b = await validate(missing);
    expectClean(a);
    expectClean(b);
    expect(a.case.derived.fullName).toBe('José Núñez Ramírez');
    expect(b.case.derived.fullName).toBe('José Núñez Ramírez');
    expect(a.case.derived).toEqual(b.case.derived);
  });

  test.each([
    ['applicant.aNumber', (d: Doc) => d.applicant, 'aNumber'],
    ['applicant.otherNames', (d: Doc) => d.applicant, 'otherNames'],
    ['applicant.phone', (d: Doc) => d.applicant, 'phone'],
    ['applicant.usAddress.unit', (d: Doc) => d.applicant.usAddress, 'unit'],
    ['applicant.arrivals[0].i94', (d: Doc) => d.applicant.arrivals[0], 'i94'],
    ['family', (d: Doc) => d, 'family'],
    ['events', (d: Doc) => d, 'events'],
    ['evidence[1].date', (d: Doc) => d.evidence[1], 'date'],
    ['representative', (d: Doc) => d, 'representative'],
    ['filing', (d: Doc) => d, 'filing'],
    ['proceeding.filingMethod', (d: Doc) => d.proceeding, 'filingMethod'],
    ['claim.relief', (d: Doc) => d.claim, 'relief'],
  ] as const)('%s: null and missing give the same result', async (_name, holder, key) => {
    const withNull = affirmative();
    holder(withNull)[key] = null;
    const missing = affirmative();
    delete holder(missing)[key];
    const a = await validate(withNull);
    const b = await validate(missing);
    expect(a.ok, show(a.problems)).toBe(b.ok);
    expect(codes(a)).toEqual(codes(b));
    expect(a.problems.map((p) => p.severity)).not.toContain('error');
  });

  test('"$schema" (an optional key of the schema) may be null like every other optional key', async () => {
    const withNull = affirmative();
    withNull.$schema = null;
    const missing = affirmative();
    const a = await validate(withNull);
    const b = await validate(missing);
    expect(codes(a), show(a.problems)).toEqual(codes(b));
    expect(a.ok).toBe(true);
  });

  test('a missing or null asylumOffice on an affirmative case is a warning AP1406 at proceeding, and the file stays valid', async () => {
    const missing = affirmative();
    delete missing.proceeding.asylumOffice;
    const withNull = affirmative();
    withNull.proceeding.asylumOffice = null;
    for (const doc of [missing, withNull]) {
      const text = textOf(doc);
      const r = await validateText(text);
      expectOk(r);
      expect(codes(r)).toEqual(['AP1406']);
      const p = r.problems[0]!;
      expect(p.severity).toBe('warning');
      expect(p.name).toBe('missing-asylum-office');
      expect(p.location.path).toBe('proceeding');
      // at the value of "proceeding", i.e. its opening brace
      expect({ line: p.location.line, column: p.location.column }).toEqual(positionOf(text, '{', text.indexOf('"proceeding"')));
    }
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('dates', () => {
  test.each(['2023', '2023-05', '2023-05-02'])('events[].date %j is allowed', async (date) => {
    const doc = affirmative();
    doc.events[0].date = date;
    expectClean(await validate(doc));
  });

  test.each(['2023-5', '2023-13', '05/2023', '2023-02-30', '23', ''])('events[].date %j is rejected', async (date) => {
    const doc = affirmative();
    doc.events[0].date = date;
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(r.problems, show(r.problems)).toHaveLength(1);
    expect(r.problems[0]!.location.path).toBe('events[0].date');
    expect(r.problems[0]!.code).toBe('AP1109');
  });

  test.each([
    ['evidence[1].date', (d: Doc, v: string) => (d.evidence[1].date = v)],
    ['applicant.dateOfBirth', (d: Doc, v: string) => (d.applicant.dateOfBirth = v)],
    ['applicant.arrivals[0].date', (d: Doc, v: string) => (d.applicant.arrivals[0].date = v)],
    ['filing.date', (d: Doc, v: string) => (d.filing.date = v)],
  ] as const)('a partial date in %s is rejected as AP1107', async (where, set) => {
    for (const partial of ['2023-05', '2023']) {
      const doc = affirmative();
      set(doc, partial);
      const r = await validate(doc);
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => `${p.code} ${p.location.path}`), show(r.problems)).toEqual([`AP1107 ${where}`]);
      expect(r.problems[0]!.name).toBe('partial-date-not-allowed');
    }
  });

  test('a day-first date is AP1106 with the ISO date as the hint', async () => {
    const doc = affirmative();
    doc.applicant.dateOfBirth = '17/05/1990';
    const r = await validate(doc);
    expect(codes(r)).toEqual(['AP1106']);
    expect(r.problems[0]!.hint).toContain('1990-05-17');
  });

  test('a date of birth on or after today is AP1108', async () => {
    const doc = affirmative();
    doc.family[1].dateOfBirth = TODAY;
    const r = await validate(doc);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1108 family[1].dateOfBirth']);
  });

  test('without filing.date today is the filing date and filingDateAssumed is true', async () => {
    for (const drop of [(d: Doc) => delete d.filing, (d: Doc) => (d.filing = null), (d: Doc) => (d.filing = {}), (d: Doc) => (d.filing.date = null)]) {
      const doc = affirmative();
      drop(doc);
      const r = await validate(doc);
      expectOk(r);
      expect(r.case.derived.filingDate).toBe(TODAY);
      expect(r.case.derived.filingDateAssumed).toBe(true);
      // first filed today, which is after the 2025-06-02 deadline: late, no exception claimed
      expect(r.case.derived.oneYear.firstFiledOn).toBe(TODAY);
      expect(r.case.derived.oneYear.timely).toBe(false);
      expect(codes(r)).toEqual(['AP1402']);
    }
  });

  test('with filing.date given, filingDateAssumed is false and today is not used', async () => {
    const r = await validate(affirmative(), { today: '2031-01-01' });
    expectClean(r);
    expect(r.case.derived.filingDate).toBe('2025-05-20');
    expect(r.case.derived.filingDateAssumed).toBe(false);
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('warnings keep the file valid', () => {
  test('a derivative child aged 21 on the filing date gives AP1401 at family[i].includeAsDerivative', async () => {
    const doc = affirmative();
    doc.family[1].dateOfBirth = '2004-05-20'; // 21st birthday on the filing date 2025-05-20
    const text = textOf(doc);
    const r = await validateText(text);
    expectOk(r);
    expect(codes(r)).toEqual(['AP1401']);
    const p = r.problems[0]!;
    expect(p.severity).toBe('warning');
    expect(p.location.path).toBe('family[1].includeAsDerivative');
    expect(p.message).toContain('Daniel Núñez Castillo is 21');
    const secondMember = text.indexOf('"relationship": "child"');
    expect({ line: p.location.line, column: p.location.column }).toEqual(positionOf(text, 'true', text.indexOf('"includeAsDerivative"', secondMember)));
    expect(r.case.derived.derivatives[1]!.ageOnFiling).toBe(21);
  });

  test('a child one day short of 21, a spouse over 21, or a child not included: no AP1401', async () => {
    const young = affirmative();
    young.family[1].dateOfBirth = '2004-05-21';
    const a = await validate(young);
    expectClean(a);
    expect(a.case.derived.derivatives[1]!.ageOnFiling).toBe(20);

    const notIncluded = affirmative();
    notIncluded.family[1].dateOfBirth = '1990-01-01';
    notIncluded.family[1].includeAsDerivative = false;
    const b = await validate(notIncluded);
    expectClean(b);
    expect(b.case.derived.derivatives.map((d) => d.familyIndex)).toEqual([0]);
  });

  test('a late filing without an exception gives AP1402 at filing.date; with an exception, none', async () => {
    const late = affirmative();
    late.applicant.arrivals[0].date = '2024-01-10'; // deadline 2025-01-10, filed 2025-05-20
    const text = textOf(late);
    const r = await validateText(text);
    expectOk(r);
    expect(codes(r)).toEqual(['AP1402']);
    const p = r.problems[0]!;
    expect(p.severity).toBe('warning');
    expect(p.location.path).toBe('filing.date');
    expect({ line: p.location.line, column: p.location.column }).toEqual(positionOf(text, '"2025-05-20"', text.indexOf('"filing"')));
    expect(p.message).toContain('130 days after the one-year deadline of 2025-01-10');
    expect(r.case.derived.oneYear.timely).toBe(false);

    const excused = affirmative();
    excused.applicant.arrivals[0].date = '2024-01-10';
    excused.exceptions = { oneYearDeadline: { type: 'extraordinary', explanation: 'Hospitalised for PTSD from March to May 2025.' } };
    const e = await validate(excused);
    expectClean(e);
    expect(e.case.derived.oneYear.timely).toBe(false);
    expect(e.case.derived.oneYear.exception).toBe('extraordinary');
  });

  test('the deadline day itself is timely; the day after is late', async () => {
    const onTime = affirmative();
    onTime.filing.date = '2025-06-02';
    const a = await validate(onTime);
    expectClean(a);
    expect(a.case.derived.oneYear.daysLeft).toBe(0);
    expect(a.case.derived.oneYear.filedOnDay).toBe(365);

    const late = affirmative();
    late.filing.date = '2025-06-03';
    const b = await validate(late);
    expectOk(b);
    expect(codes(b)).toEqual(['AP1402']);
    expect(b.problems[0]!.message).toContain('1 day after');
  });

  test('the latest arrival counts, whatever the order of arrivals[]', async () => {
    const doc = affirmative();
    doc.applicant.arrivals = [{ ...doc.applicant.arrivals[0] }, { date: '2019-03-01', place: 'El Paso, TX', status: 'B-2 visitor' }];
    const r = await validate(doc);
    expectClean(r);
    expect(r.case.derived.lastArrival).toBe('2024-06-02');
  });

  test('defensive without dhsService: AP1404, still valid', async () => {
    for (const drop of [(d: Doc) => delete d.proceeding.dhsService, (d: Doc) => (d.proceeding.dhsService = null)]) {
      const doc = defensive();
      drop(doc);
      const r = await validate(doc);
      expectOk(r);
      expect(codes(r)).toEqual(['AP1404']);
      expect(r.problems[0]!.severity).toBe('warning');
      expect(r.problems[0]!.location.path).toBe('proceeding');
    }
  });

  test('defensive with a representative without eoirId: AP1405, still valid; pro se: no AP1405', async () => {
    const doc = defensive();
    delete doc.representative.eoirId;
    const r = await validate(doc);
    expectOk(r);
    expect(codes(r)).toEqual(['AP1405']);
    expect(r.problems[0]!.location.path).toBe('representative');

    const proSe = defensive();
    delete proSe.representative;
    expectClean(await validate(proSe));
  });

  test('an affirmative representative without eoirId is fine', async () => {
    const doc = affirmative();
    delete doc.representative.eoirId;
    expectClean(await validate(doc));
  });

  test('defensive-only fields on an affirmative case, and asylumOffice on a defensive one, are AP1403 warnings', async () => {
    const a = affirmative();
    a.proceeding.judge = 'Hon. Margaret L. Chen';
    const ra = await validate(a);
    expectOk(ra);
    expect(ra.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1403 proceeding.judge']);

    const d = defensive();
    d.proceeding.asylumOffice = 'Newark Asylum Office';
    const rd = await validate(d);
    expectOk(rd);
    expect(rd.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1403 proceeding.asylumOffice']);
  });

  test('several warnings at once are all reported, sorted by line', async () => {
    const doc = defensive();
    delete doc.proceeding.dhsService;
    delete doc.representative.eoirId;
    doc.family[1].dateOfBirth = '2000-01-01';
    const r = await validate(doc);
    expectOk(r);
    expect(codes(r)).toEqual(['AP1404', 'AP1401', 'AP1405']);
    const lines = r.problems.map((p) => p.location.line!);
    expect([...lines].sort((x, y) => x - y)).toEqual(lines);
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('errors between fields', () => {
  const REQUIRED = [
    ['proceeding.court', (d: Doc) => delete d.proceeding.court],
    ['proceeding.judge', (d: Doc) => delete d.proceeding.judge],
    ['proceeding.detained', (d: Doc) => delete d.proceeding.detained],
    ['proceeding.nextHearing', (d: Doc) => delete d.proceeding.nextHearing],
    ['applicant.aNumber', (d: Doc) => delete d.applicant.aNumber],
  ] as const;

  test.each(REQUIRED)('defensive without %s: AP1201', async (field, drop) => {
    const doc = defensive();
    drop(doc);
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`), show(r.problems)).toEqual([`AP1201 ${field}`]);
    expect(r.problems[0]!.message).toContain(`"${field}" is required when proceeding.type is "defensive"`);
  });

  test.each(REQUIRED)('defensive with %s null: AP1201 as well', async (field) => {
    const doc = defensive();
    const [group, key] = field.split('.') as [string, string];
    doc[group][key] = null;
    const r = await validate(doc);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`), show(r.problems)).toEqual([`AP1201 ${field}`]);
  });

  test('defensive without all five: five AP1201 in one report', async () => {
    const doc = defensive();
    for (const [, drop] of REQUIRED) drop(doc);
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(withCode(r, 'AP1201').map((p) => p.location.path).sort(), show(r.problems)).toEqual(REQUIRED.map(([f]) => f).sort());
    expect(codes(r).every((c) => c === 'AP1201'), show(r.problems)).toBe(true);
  });

  test('schema errors, rule errors and file errors are all reported together', async () => {
    const doc = defensive();
    delete doc.proceeding.judge; // rule: AP1201
    doc.applicant.sex = 'M'; // schema: AP1105
    doc.evidence[0].file = 'evidence/nope.pdf'; // files: AP1302
    doc.evidence[2].language = 'fr'; // rule: AP1202 only if translation missing
    delete doc.evidence[2].translation;
    doc.applicant.dateofBirth = doc.applicant.dateOfBirth; // schema: AP1102 (typo), not also AP1103
    delete doc.applicant.dateOfBirth;
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect([...codes(r)].sort(), show(r.problems)).toEqual(['AP1102', 'AP1105', 'AP1201', 'AP1202', 'AP1302']);
    expect(withCode(r, 'AP1102')[0]!.message).toContain('did you mean "dateOfBirth"?');
  });

  test('a language other than English without translation: AP1202 at evidence[i].translation', async () => {
    const doc = affirmative();
    doc.evidence[0].language = 'fr';
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`), show(r.problems)).toEqual(['AP1202 evidence[0].translation']);
    expect(r.problems[0]!.message).toContain('"fr"');

    const withNull = affirmative();
    withNull.evidence[0].language = 'fr';
    withNull.evidence[0].translation = null;
    expect(codes(await validate(withNull))).toEqual(['AP1202']);
  });

  test.each(['EN', 'eng', 'english'])('language %j is AP1109 only, not also AP1202', async (language) => {
    const doc = affirmative();
    doc.evidence[0].language = language;
    const r = await validate(doc);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1109 evidence[0].language']);
  });

  test.each([
    ['affirmative', 'paper'],
    ['affirmative', 'ecas'],
    ['defensive', 'mail'],
    ['defensive', 'online'],
  ] as const)('%s with filing method %j: AP1206', async (type, method) => {
    const doc = type === 'affirmative' ? affirmative() : defensive();
    doc.proceeding.filingMethod = method;
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`), show(r.problems)).toEqual(['AP1206 proceeding.filingMethod']);
  });

  test.each([
    ['affirmative', 'online'],
    ['defensive', 'paper'],
  ] as const)('%s with filing method %j is fine', async (type, method) => {
    const doc = type === 'affirmative' ? affirmative() : defensive();
    doc.proceeding.filingMethod = method;
    expectClean(await validate(doc));
  });

  test('a filing method that is not an option is one AP1105, not also AP1206', async () => {
    const doc = affirmative();
    doc.proceeding.filingMethod = 'Mail';
    const r = await validate(doc);
    expect(codes(r)).toEqual(['AP1105']);
    expect(r.problems[0]!.message).toContain('did you mean "mail"?');
  });

  test('duplicate ids and unknown evidence references', async () => {
    const doc = affirmative();
    doc.evidence[1].id = 'ex-passport';
    doc.events[2].evidence = ['ex-medical-recrd'];
    const r = await validate(doc);
    const found = r.problems.map((p) => `${p.code} ${p.location.path}`).sort();
    // events[0] referred to ex-business-license, which is now ex-passport
    expect(found, show(r.problems)).toEqual(['AP1204 events[0].evidence[0]', 'AP1204 events[2].evidence[0]', 'AP1205 evidence[1].id']);
    expect(r.problems.find((p) => p.location.path === 'events[2].evidence[0]')!.message).toContain('did you mean "ex-medical-record"?');
  });

  test('every list of exhibit ids is checked: the declaration\'s sections, proof of relationship, witnesses', async () => {
    const doc = defensive();
    doc.statement.stateProtection.evidence = ['ex-police-reprot'];
    doc.family[1].relationshipEvidence = ['ex-birth-certificate'];
    doc.witnesses[2].evidence = ['ex-psych-eval', 'ex-psych'];
    const r = await validate(doc);
    const found = r.problems.map((p) => `${p.code} ${p.location.path}`).sort();
    expect(found, show(r.problems)).toEqual(['AP1204 family[1].relationshipEvidence[0]', 'AP1204 statement.stateProtection.evidence[0]', 'AP1204 witnesses[2].evidence[1]']);
    expect(r.problems.find((p) => p.location.path === 'statement.stateProtection.evidence[0]')!.message).toContain('did you mean "ex-police-report"?');
  });

  test('a witness: its kind and manner from the lists, its minutes a whole number from 1 to 480, no unknown key', async () => {
    const doc = defensive();
    doc.witnesses[0].kind = 'friend';
    doc.witnesses[1].minutes = 0;
    doc.witnesses[2].minutes = 12.5;
    doc.witnesses[2].appearence = 'video';
    const r = await validate(doc);
    const found = r.problems.map((p) => `${p.code} ${p.location.path}`).sort();
    expect(found, show(r.problems)).toEqual(expect.arrayContaining([expect.stringMatching(/^AP11\d\d witnesses\[0\]\.kind$/), expect.stringMatching(/^AP11\d\d witnesses\[1\]\.minutes$/), expect.stringMatching(/^AP11\d\d witnesses\[2\]\.minutes$/), expect.stringMatching(/^AP1\d\d\d witnesses\[2\]\.appearence$/)]));
    expect(found).toHaveLength(4);
    expect(r.problems.find((p) => p.location.path === 'witnesses[1].minutes')!.message).toContain('a whole number of minutes from 1 to 480');
  });

  test('a lay witness without relationship, an expert without expertise: AP1410 warnings, still valid', async () => {
    const doc = defensive();
    delete doc.witnesses[1].relationship;
    doc.witnesses[2].expertise = null;
    const r = await validate(doc);
    expectOk(r);
    expect(r.problems.map((p) => `${p.code} ${p.severity} ${p.location.path}`)).toEqual(['AP1410 warning witnesses[1].kind', 'AP1410 warning witnesses[2].kind']);
    expect(r.problems[0]!.message).toBe('Rosa Amaya is a lay witness without a relationship to the respondent; the witness list says only "Lay witness"');
    expect(r.problems[1]!.hint).toBe('add "expertise", e.g. "Licensed clinical psychologist"');
  });

  test('the shared court example without the sections and witnesses the fixture adds still validates: the contract grows, never breaks', async () => {
    expectOk(await validate(JSON.parse(readFileSync('/work/shared/examples/intake-defensive.json', 'utf8'))));
  });

  test('particular-social-group without its definition: AP1203', async () => {
    const doc = affirmative();
    delete doc.claim.particularSocialGroup;
    const r = await validate(doc);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1203 claim.particularSocialGroup']);
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('paths of referenced files', () => {
  const tmpDirs: string[] = [];
  afterEach(async () => {
    await Promise.all(tmpDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  test.each(['../x.pdf', '/etc/hosts.pdf', 'C:\\evidence\\x.pdf', 'C:/evidence/x.pdf', 'evidence/../../x.pdf', '..\\x.pdf', '\\\\server\\share\\x.pdf'])(
    '%j leaves the case folder: AP1301 (also with schemaOnly)',
    async (p) => {
      for (const schemaOnly of [false, true]) {
        const doc = affirmative();
        doc.evidence[0].file = p;
        const r = await validate(doc, { schemaOnly });
        expect(r.ok).toBe(false);
        expect(r.problems.map((x) => `${x.code} ${x.location.path}`), show(r.problems)).toEqual(['AP1301 evidence[0].file']);
        expect(r.problems[0]!.message).toContain(JSON.stringify(p));
      }
    },
  );

  test('translation files and snapshots are confined too', async () => {
    const a = affirmative();
    a.evidence[1].translation.file = '../../etc/passwd.pdf';
    expect((await validate(a)).problems.map((x) => `${x.code} ${x.location.path}`)).toEqual(['AP1301 evidence[1].translation.file']);

    const d = defensive();
    d.proceeding.priorFilings[0].snapshot = '/tmp/old.json';
    expect((await validate(d)).problems.map((x) => `${x.code} ${x.location.path}`)).toEqual(['AP1301 proceeding.priorFilings[0].snapshot']);
  });

  test.each(['evidence\\passport.pdf', './evidence/passport.pdf', 'evidence/./passport.pdf', 'history/../evidence/passport.pdf'])(
    '%j stays inside and is accepted',
    async (p) => {
      const doc = affirmative();
      doc.evidence[0].file = p;
      expectClean(await validate(doc));
    },
  );

  test('a missing file is AP1302, but not with schemaOnly', async () => {
    const doc = affirmative();
    doc.evidence[0].file = 'evidence/not-there.pdf';
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    expect(r.problems.map((x) => `${x.code} ${x.location.path}`)).toEqual(['AP1302 evidence[0].file']);

    const s = await validate(doc, { schemaOnly: true });
    expectClean(s);
  });

  test('with schemaOnly, a file type that is not accepted is still AP1304', async () => {
    const doc = affirmative();
    doc.evidence[0].file = 'evidence/passport.docx';
    const r = await validate(doc, { schemaOnly: true });
    expect(r.problems.map((x) => `${x.code} ${x.location.path}`)).toEqual(['AP1304 evidence[0].file']);
  });

  test('a JSON file is not an exhibit (AP1304); content not matching the name is AP1305; a folder is AP1303', async () => {
    const doc = affirmative();
    doc.evidence[5].file = 'history/2025-05-20-affirmative.json';
    const r = await validate(doc);
    expect(r.problems.map((x) => `${x.code} ${x.location.path}`)).toEqual(['AP1304 evidence[5].file']);

    const tmp = await mkdtemp(path.join(os.tmpdir(), 'intake-'));
    tmpDirs.push(tmp);
    await cp(path.join(samplesDir, 'evidence'), path.join(tmp, 'evidence'), { recursive: true });
    await writeFile(path.join(tmp, 'evidence', 'fake.pdf'), 'this is not a PDF');
    await mkdir(path.join(tmp, 'evidence', 'folder.pdf'));
    const doc2 = affirmative();
    doc2.evidence[0].file = 'evidence/fake.pdf';
    doc2.evidence[4].file = 'evidence/folder.pdf';
    const r2 = await validate(doc2, {}, path.join(tmp, 'intake.json'));
    expect(r2.problems.map((x) => `${x.code} ${x.location.path}`), show(r2.problems)).toEqual(['AP1305 evidence[0].file', 'AP1303 evidence[4].file']);
  });

  async function caseFolder(): Promise<{ root: string; caseDir: string }> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'intake-'));
    tmpDirs.push(root);
    const caseDir = path.join(root, 'case');
    await cp(path.join(samplesDir, 'evidence'), path.join(caseDir, 'evidence'), { recursive: true });
    await mkdir(path.join(root, 'outside'));
    await cp(path.join(samplesDir, 'evidence', 'passport.pdf'), path.join(root, 'outside', 'secret.pdf'));
    return { root, caseDir };
  }

  test('the copied case folder itself is valid (control for the symlink tests)', async () => {
    const { caseDir } = await caseFolder();
    expectClean(await validate(affirmative(), {}, path.join(caseDir, 'intake.json')));
  });

  test('a symlink inside the case folder pointing to a file outside: AP1301', async () => {
    const { root, caseDir } = await caseFolder();
    await symlink(path.join(root, 'outside', 'secret.pdf'), path.join(caseDir, 'evidence', 'link.pdf'));
    const doc = affirmative();
    doc.evidence[0].file = 'evidence/link.pdf';
    const r = await validate(doc, {}, path.join(caseDir, 'intake.json'));
    expect(r.ok).toBe(false);
    expect(r.problems.map((x) => `${x.code} ${x.location.path}`), show(r.problems)).toEqual(['AP1301 evidence[0].file']);
    expect(r.problems[0]!.message).toContain('a link to');
  });

  test('a relative symlink to a folder outside is caught too', async () => {
    const { caseDir } = await caseFolder();
    await symlink('../outside', path.join(caseDir, 'linked'));
    const doc = affirmative();
    doc.evidence[0].file = 'linked/secret.pdf';
    const r = await validate(doc, {}, path.join(caseDir, 'intake.json'));
    expect(r.problems.map((x) => `${x.code} ${x.location.path}`), show(r.problems)).toEqual(['AP1301 evidence[0].file']);
  });

  test('a symlink that stays inside the case folder is accepted', async () => {
    const { caseDir } = await caseFolder();
    await symlink('passport.pdf', path.join(caseDir, 'evidence', 'alias.pdf'));
    const doc = affirmative();
    doc.evidence[0].file = 'evidence/alias.pdf';
    expectClean(await validate(doc, {}, path.join(caseDir, 'intake.json')));
  });

  test('a case folder reached through a symlink is still inside itself', async () => {
    const { root, caseDir } = await caseFolder();
    const alias = path.join(root, 'case-alias');
    await symlink(caseDir, alias);
    expectClean(await validate(affirmative(), {}, path.join(alias, 'intake.json')));
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('robustness: never throws, always located problems', () => {
  const file = path.join(samplesDir, 'x.json');

  test.each([
    ['an array', '[]', 'AP1104'],
    ['an array of the sample', `[${textOf(affirmative())}]`, 'AP1104'],
    ['null', 'null', 'AP1104'],
    ['a number', '42', 'AP1104'],
    ['a text', '"intake"', 'AP1104'],
    ['true', 'true', 'AP1104'],
  ])('top level %s: one AP1104 at 1:1', async (_name, text, code) => {
    const r = await validateText(text);
    expect(r.ok).toBe(false);
    expect(codes(r), show(r.problems)).toEqual([code]);
    expect(r.problems[0]!.message).toContain('expected an object');
    expectWellFormed(file, r.problems);
    expect(r.problems[0]!.location).toMatchObject({ line: 1, column: 1 });
  });

  test('an empty object: every required field is reported, each located', async () => {
    const r = await validateText('{}');
    expect(r.ok).toBe(false);
    expect(withCode(r, 'AP1103').map((p) => p.location.path).sort()).toEqual(['applicant', 'caseId', 'claim', 'proceeding', 'schemaVersion']);
    expectWellFormed(file, r.problems);
  });

  test('applicant: "x", evidence: {} are wrong types, reported where they are', async () => {
    const doc = affirmative();
    doc.applicant = 'x';
    doc.evidence = {};
    const text = textOf(doc);
    const r = await validateText(text);
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.problems.map((p) => [p.location.path, p]));
    expect(byPath['applicant']?.code, show(r.problems)).toBe('AP1104');
    expect(byPath['applicant']?.message).toBe('expected an object { … }, found "x"');
    expect(byPath['evidence']?.code).toBe('AP1104');
    expect(byPath['evidence']?.message).toBe('expected a list [ … ], found an object { … }');
    const evidenceAt = positionOf(text, '{}', text.indexOf('"evidence"'));
    expect({ line: byPath['evidence']!.location.line, column: byPath['evidence']!.location.column }).toEqual(evidenceAt);
    expectWellFormed(file, r.problems);
    // events refer to ids of evidence that is no longer a list
    expect(codes(r)).toContain('AP1204');
  });

  const WRONG: unknown[] = [null, 0, -1.5, '', 'x', true, [], [null], [1, 'x'], {}, { x: 1 }];
  const PLACES: [string, (d: Doc, v: unknown) => void][] = [
    ['schemaVersion', (d, v) => (d.schemaVersion = v)],
    ['caseId', (d, v) => (d.caseId = v)],
    ['proceeding', (d, v) => (d.proceeding = v)],
    ['proceeding.type', (d, v) => (d.proceeding.type = v)],
    ['proceeding.priorFilings', (d, v) => (d.proceeding.priorFilings = v)],
    ['applicant', (d, v) => (d.applicant = v)],
    ['applicant.name', (d, v) => (d.applicant.name = v)],
    ['applicant.arrivals', (d, v) => (d.applicant.arrivals = v)],
    ['applicant.arrivals[0]', (d, v) => (d.applicant.arrivals[0] = v)],
    ['applicant.arrivals[0].date', (d, v) => (d.applicant.arrivals[0].date = v)],
    ['applicant.dateOfBirth', (d, v) => (d.applicant.dateOfBirth = v)],
    ['family', (d, v) => (d.family = v)],
    ['family[1]', (d, v) => (d.family[1] = v)],
    ['family[1].dateOfBirth', (d, v) => (d.family[1].dateOfBirth = v)],
    ['claim', (d, v) => (d.claim = v)],
    ['claim.grounds', (d, v) => (d.claim.grounds = v)],
    ['events', (d, v) => (d.events = v)],
    ['events[0]', (d, v) => (d.events[0] = v)],
    ['events[0].evidence', (d, v) => (d.events[0].evidence = v)],
    ['evidence', (d, v) => (d.evidence = v)],
    ['evidence[1]', (d, v) => (d.evidence[1] = v)],
    ['evidence[1].file', (d, v) => (d.evidence[1].file = v)],
    ['evidence[1].translation', (d, v) => (d.evidence[1].translation = v)],
    ['evidence[1].translation.file', (d, v) => (d.evidence[1].translation.file = v)],
    ['exceptions', (d, v) => (d.exceptions = v)],
    ['representative', (d, v) => (d.representative = v)],
    ['filing', (d, v) => (d.filing = v)],
    ['filing.date', (d, v) => (d.filing.date = v)],
  ];

  test.each(PLACES)('every wrong kind of value at %s: a result, never a throw; problems located', async (_where, set) => {
    for (const base of [affirmative, defensive]) {
      for (const v of WRONG) {
        const doc = base();
        set(doc, v);
        let r: IntakeResult;
        try {
          r = await validate(doc);
        } catch (err) {
          throw new Error(`threw for ${_where} = ${JSON.stringify(v)}: ${String(err)}`);
        }
        if (r.ok) {
          // only acceptable where the value is an allowed optional null / empty list
          expect(r.problems.every((p) => p.severity === 'warning'), show(r.problems)).toBe(true);
        } else {
          expectWellFormed(file, r.problems);
        }
      }
    }
  });

  test('an arrival date far in the future does not make validation throw', async () => {
    for (const date of ['9998-06-02', '9999-06-02']) {
      const doc = affirmative();
      doc.applicant.arrivals[0].date = date;
      await expect(validate(doc), `arrival ${date}`).resolves.toMatchObject({ file });
    }
  });

  test('a UTF-8 byte-order mark is accepted', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(textOf(affirmative()), 'utf8')]);
    const r = await validateText(bytes);
    expectClean(r);
    expect(r.case.derived.fullName).toBe('José Antonio Núñez Ramírez');
  });

  test('UTF-16LE with a byte-order mark is accepted, accents intact', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(textOf(affirmative()), 'utf16le')]);
    const r = await validateText(bytes);
    expectClean(r);
    expect(r.case.derived.fullName).toBe('José Antonio Núñez Ramírez');
    expect(r.case.derived.derivatives[0]!.fullName).toBe('María Elena Castillo Mejía');
  });

  test('UTF-16LE with a BOM still reports problems at the right line', async () => {
    const doc = affirmative();
    doc.applicant.dateOfBirth = '17/05/1990';
    const text = textOf(doc);
    const r = await validateText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(codes(r)).toEqual(['AP1106']);
    expect({ line: r.problems[0]!.location.line, column: r.problems[0]!.location.column }).toEqual(positionOf(text, '"17/05/1990"'));
  });

  test('Latin-1 bytes are AP1003 at the line of the bad byte', async () => {
    const text = textOf(affirmative());
    const latin1 = Buffer.from(text, 'latin1');
    const r = await validateText(latin1);
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['AP1003']);
    expectWellFormed(file, r.problems);
    expect(r.problems[0]!.location.line).toBe(positionOf(text, 'Núñez').line);
  });

  test('CRLF line endings: valid, and problems on the right line and column', async () => {
    const crlf = textOf(affirmative()).replace(/\n/g, '\r\n');
    expectClean(await validateText(crlf));

    const doc = affirmative();
    doc.applicant.dateOfBirth = '17/05/1990';
    doc.evidence[3].date = '2023-05';
    const lf = textOf(doc);
    const text = lf.replace(/\n/g, '\r\n');
    const r = await validateText(text);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.code} ${p.location.path}`)).toEqual(['AP1106 applicant.dateOfBirth', 'AP1107 evidence[3].date']);

    const lines = text.split('\r\n');
    const dob = r.problems[0]!;
    const dobLine = lines.findIndex((l) => l.includes('"17/05/1990"')) + 1;
    expect(dob.location.line).toBe(dobLine);
    expect(dob.location.column).toBe(lines[dobLine - 1]!.indexOf('"17/05/1990"') + 1);
    const partial = r.problems[1]!;
    const partialLine = lines.findIndex((l) => l.includes('"date": "2023-05"')) + 1;
    expect(partial.location.line).toBe(partialLine);
    expect(partial.location.column).toBe(lines[partialLine - 1]!.indexOf('"2023-05"') + 1);
    // the same positions as with LF endings
    const rlf = await validateText(lf);
    expect(rlf.problems.map((p) => [p.location.line, p.location.column])).toEqual(r.problems.map((p) => [p.location.line, p.location.column]));
  });

  test('broken JSON is one located AP1004; a key written twice is AP1005', async () => {
    const text = textOf(affirmative());
    const cut = await validateText(text.slice(0, 500));
    expect(codes(cut)).toEqual(['AP1004']);
    expectWellFormed(file, cut.problems);

    const twice = text.replace('"caseId": "2025-0142-nunez",', '"caseId": "2025-0142-nunez",\n  "caseId": "other",');
    const r = await validateText(twice);
    expect(codes(r)).toEqual(['AP1005']);
    expect(r.problems[0]!.location.line).toBe(positionOf(twice, '"caseId": "other"').line);
  });

  test('empty and whitespace-only files are AP1002', async () => {
    for (const text of ['', '   \n\t\r\n']) {
      const r = await validateText(text);
      expect(codes(r)).toEqual(['AP1002']);
      expectWellFormed(file, r.problems);
    }
  });
});

// ───────────────────────────────────────────────────────────────────────────────
describe('every problem is complete', () => {
  test('code, name, severity, message, and a location with file, line and column ≥ 1', async () => {
    const file = path.join(samplesDir, 'x.json');
    const broken: Doc[] = [];
    {
      const d = defensive();
      for (const k of ['court', 'judge', 'detained', 'nextHearing', 'dhsService']) delete d.proceeding[k];
      delete d.applicant.aNumber;
      delete d.representative.eoirId;
      d.proceeding.filingMethod = 'mail';
      d.proceeding.asylumOffice = 'Newark Asylum Office';
      d.evidence[0].language = 'fr';
      d.evidence[1].file = '../x.pdf';
      d.evidence[2].file = 'evidence/missing.pdf';
      d.evidence[3].file = 'evidence/x.docx';
      d.evidence[4].date = '2024-09';
      d.events[0].date = '2023-5';
      d.events[1].evidence = ['ex-nope'];
      d.events[2].id = d.events[1].id;
      d.applicant.dateOfBirth = '2030-01-01';
      d.applicant.usAddress.state = 'XX';
      d.applicant.usAddress.zip = '1121';
      d.applicant.extra = 1;
      d.schemaVersion = 2;
      d.caseId = '-bad id';
      d.claim.grounds = [];
      broken.push(d);
    }
    {
      const a = affirmative();
      a.proceeding.judge = 'x';
      a.family[1].dateOfBirth = '1990-01-01';
      a.applicant.arrivals[0].date = '2020-01-01';
      broken.push(a); // warnings only
    }
    const all: Problem[] = [];
    for (const doc of broken) all.push(...(await validate(doc)).problems);
    expectWellFormed(file, all);
    const seen = new Set(all.map((p) => p.code));
    for (const c of ['AP1101', 'AP1102', 'AP1107', 'AP1108', 'AP1109', 'AP1110', 'AP1201', 'AP1202', 'AP1204', 'AP1205', 'AP1206', 'AP1301', 'AP1302', 'AP1304', 'AP1401', 'AP1402', 'AP1403', 'AP1404', 'AP1405']) {
      expect(seen.has(c), `${c} missing from\n${show(all)}`).toBe(true);
    }
  });
});
