/**
 * Table-driven: every invalid intake fixture gets exactly one error, with this code, at this
 * JSON path and line:column, and a message a paralegal can act on. `at` is the text the
 * reported line:column points to in the file, so a position that drifts is caught.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateIntakeFile } from '../../src/intake/validate.js';
import { INVALID_CASES } from '../../fixtures/invalid-cases.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/invalid');
const TODAY = '2026-11-22';

interface Expected {
  code: string;
  path: string;
  line: number;
  column: number;
  at: string;
  message: string;
}

const TABLE: Record<string, Expected> = {
  'json-truncated.json': { code: 'AP1004', path: '', line: 133, column: 7, at: '', message: 'the JSON is broken here: a text value is not closed with a double quote' },
  'json-trailing-comma.json': { code: 'AP1004', path: '', line: 3, column: 31, at: ',', message: 'a field name in double quotes was expected' },
  'json-not-utf8.json': { code: 'AP1003', path: '', line: 11, column: 19, at: '', message: 'the file is not UTF-8 text (found byte 0xFA here)' },
  'json-empty.json': { code: 'AP1002', path: '', line: 1, column: 1, at: '', message: 'the file is empty' },
  'json-duplicate-key.json': { code: 'AP1005', path: 'applicant.sex', line: 21, column: 5, at: '"sex": "female"', message: '"sex" is written twice in the same object (first on line 20)' },
  'schema-version-2.json': { code: 'AP1101', path: 'schemaVersion', line: 2, column: 20, at: '2', message: 'expected schemaVersion 1, found the number 2' },
  'unknown-key-typo.json': { code: 'AP1102', path: 'applicant.dateofBirth', line: 19, column: 5, at: '"dateofBirth"', message: 'unknown field "dateofBirth"; did you mean "dateOfBirth"?' },
  'unknown-key.json': { code: 'AP1102', path: 'notes', line: 219, column: 3, at: '"notes"', message: 'unknown field "notes"' },
  'missing-sex.json': { code: 'AP1103', path: 'applicant.sex', line: 9, column: 16, at: '{', message: '"sex" is required: expected one of "male", "female", found nothing' },
  'wrong-type-boolean.json': { code: 'AP1104', path: 'applicant.languages.fluentInEnglish', line: 31, column: 26, at: '"no"', message: 'expected true or false, found "no"' },
  'wrong-type-list.json': { code: 'AP1104', path: 'applicant.otherNames', line: 15, column: 19, at: '"Pepe Núñez"', message: 'expected a list [ … ], found "Pepe Núñez"' },
  'option-typo.json': { code: 'AP1105', path: 'proceeding.type', line: 5, column: 13, at: '"affirmitive"', message: 'expected one of "affirmative", "defensive", found "affirmitive"; did you mean "affirmative"?' },
  'option-typo-in-list.json': { code: 'AP1105', path: 'claim.grounds[0]', line: 76, column: 7, at: '"politcal-opinion"', message: 'did you mean "political-opinion"?' },
  'date-day-first.json': { code: 'AP1106', path: 'applicant.dateOfBirth', line: 19, column: 20, at: '"17/05/1990"', message: 'expected a date YYYY-MM-DD, found "17/05/1990"' },
  'date-impossible.json': { code: 'AP1106', path: 'applicant.arrivals[0].date', line: 44, column: 17, at: '"2024-02-30"', message: 'expected a date YYYY-MM-DD, found "2024-02-30"' },
  'date-partial.json': { code: 'AP1107', path: 'applicant.dateOfBirth', line: 19, column: 20, at: '"1990-05"', message: 'expected a full date YYYY-MM-DD, found the partial date "1990-05"' },
  'date-of-birth-future.json': { code: 'AP1108', path: 'family[1].dateOfBirth', line: 69, column: 22, at: '"2031-08-21"', message: `expected a date before today (${TODAY}), found "2031-08-21"` },
  'case-id.json': { code: 'AP1109', path: 'caseId', line: 3, column: 13, at: '"2025/0142 nunez"', message: 'expected a case id of letters, digits' },
  'a-number.json': { code: 'AP1109', path: 'applicant.aNumber', line: 57, column: 16, at: '"220-418-553"', message: 'expected an A-number: "A" and 8 or 9 digits, found "220-418-553"' },
  'state.json': { code: 'AP1109', path: 'applicant.usAddress.state', line: 38, column: 16, at: '"New York"', message: 'expected a two-letter US state or territory code, found "New York"' },
  'zip.json': { code: 'AP1109', path: 'applicant.usAddress.zip', line: 39, column: 14, at: '"1121"', message: 'expected a ZIP code of 5 or 9 digits, found "1121"' },
  'language-code.json': { code: 'AP1109', path: 'evidence[0].language', line: 134, column: 19, at: '"english"', message: 'expected an ISO 639-1 two-letter language code, found "english"' },
  'hearing-time.json': { code: 'AP1109', path: 'proceeding.nextHearing.time', line: 23, column: 15, at: '"9am"', message: 'expected a time HH:MM (24-hour), found "9am"' },
  'empty-name.json': { code: 'AP1110', path: 'applicant.name.given', line: 12, column: 16, at: '""', message: 'expected a non-empty text, found ""' },
  'no-arrivals.json': { code: 'AP1110', path: 'applicant.arrivals', line: 42, column: 17, at: '[]', message: 'expected at least 1 entry, found an empty list' },
  'defensive-without-judge.json': { code: 'AP1201', path: 'proceeding.judge', line: 4, column: 17, at: '{', message: '"proceeding.judge" is required when proceeding.type is "defensive"' },
  'translation-missing.json': { code: 'AP1202', path: 'evidence[1].translation', line: 136, column: 5, at: '{', message: 'the exhibit is in "es" but has no translation' },
  'social-group-missing.json': { code: 'AP1203', path: 'claim.particularSocialGroup', line: 74, column: 12, at: '{', message: '"particularSocialGroup" is required when "particular-social-group" is one of the grounds' },
  'event-evidence-unknown.json': { code: 'AP1204', path: 'events[1].evidence[0]', line: 107, column: 9, at: '"ex-neighbor-letter"', message: 'no exhibit in evidence[] has the id "ex-neighbor-letter"; did you mean "ex-neighbour-letter"?' },
  'evidence-id-twice.json': { code: 'AP1205', path: 'evidence[5].id', line: 193, column: 13, at: '"ex-passport"', message: 'the id "ex-passport" is already used by evidence[0]' },
  'filing-method.json': { code: 'AP1206', path: 'proceeding.filingMethod', line: 7, column: 21, at: '"ecas"', message: 'filing method "ecas" is not possible for an affirmative case; expected one of "mail", "online"' },
  'path-escapes.json': { code: 'AP1301', path: 'evidence[0].file', line: 133, column: 15, at: '"../../passport.pdf"', message: 'expected a path inside the intake\'s folder, found "../../passport.pdf"' },
  'file-missing.json': { code: 'AP1302', path: 'evidence[0].file', line: 133, column: 15, at: '"evidence/pasport.pdf"', message: 'the file "evidence/pasport.pdf" does not exist' },
  'file-type.json': { code: 'AP1304', path: 'evidence[4].file', line: 188, column: 15, at: '"evidence/amaya-letter.docx"', message: 'expected a PDF, JPEG, PNG or TIFF file' },
  'file-not-pdf.json': { code: 'AP1305', path: 'evidence[4].file', line: 188, column: 15, at: '"evidence/photo-named-as.pdf"', message: 'is named as PDF but its content is JPEG' },
  'file-empty.json': { code: 'AP1305', path: 'evidence[4].file', line: 188, column: 15, at: '"evidence/empty.pdf"', message: 'is named as PDF but its content is empty (0 bytes)' },
};

/** The text at a 1-based line and column of a file. */
function textAt(file: string, line: number, column: number, length: number): string {
  const lines = readFileSync(file, 'latin1').split('\n');
  return Buffer.from(lines[line - 1] ?? '', 'latin1').toString('utf8').slice(column - 1, column - 1 + length);
}

describe('invalid intake fixtures', () => {
  it('has an expectation for every generated case, and at least 25 cases', () => {
    expect(Object.keys(TABLE).sort()).toEqual(INVALID_CASES.map((c) => c.file).sort());
    expect(INVALID_CASES.length).toBeGreaterThanOrEqual(25);
  });

  it('covers at least 20 different error codes', () => {
    expect(new Set(Object.values(TABLE).map((e) => e.code)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(TABLE))('%s', async (name, want) => {
    const file = path.join(dir, name);
    const result = await validateIntakeFile(file, { today: TODAY });
    expect(result.ok).toBe(false);
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(errors, JSON.stringify(errors, null, 2)).toHaveLength(1);
    const [p] = errors;
    expect(p!.code).toBe(want.code);
    expect(p!.location.path ?? '').toBe(want.path);
    expect([p!.location.line, p!.location.column]).toEqual([want.line, want.column]);
    expect(p!.location.file).toBe(file);
    expect(p!.message).toContain(want.message);
    if (want.at) expect(textAt(file, want.line, want.column, want.at.length)).toBe(want.at);
  });
});
