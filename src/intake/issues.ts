/**
 * Turns zod's issues into located problems from the catalogue, in a paralegal's words:
 * what was expected, what was found, and a hint.
 */
import type { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { formatPath, locationAt, valueAt, type JsonPath, type JsonSource } from '../source/json.js';
import { FORMATS, type FormatName } from './formats.js';
import { expectations } from './schema.js';
import { fieldsOf, schemaAt } from './schema-walk.js';

import { closest } from './suggest.js';
import { parsePartialDate } from './calendar.js';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'a text in double quotes',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'an object { … }',
  null: 'null',
};

/** A found value in words: `"17/05/1990"`, `the number 3`, `a list`, `nothing`. */
function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  // JSON escapes C0 controls; DEL and C1 controls (U+009B starts an escape sequence in some
  // terminals) are escaped too, so that a value is never printed raw to a terminal.
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  return 'an object { … }';
}

function expectedAt(path: JsonPath, fallbackType?: string): string {
  const s = schemaAt(path);
  const registered = s ? expectations.get(s)?.expect : undefined;
  return registered ?? (fallbackType ? TYPE_WORDS[fallbackType] ?? fallbackType : 'a value');
}

/**
 * All of zod's issues as problems. A misspelt key (`dateofBirth`) also makes the real one
 * (`dateOfBirth`) missing: that is one mistake, so only the "did you mean" is reported.
 */
export function issuesToProblems(issues: readonly Issue[], source: JsonSource): Problem[] {
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const s = schemaAt(issue.path as JsonPath);
    const known = s ? fieldsOf(s) : [];
    for (const key of issue.keys) {
      const suggestion = closest(key, known);
      if (suggestion && valueAt(source, [...(issue.path as JsonPath), suggestion]) === undefined) misspelt.add(formatPath([...(issue.path as JsonPath), suggestion]));
    }
  }
  return issues
    .filter((i) => !(misspelt.has(formatPath(i.path as JsonPath)) && valueAt(source, i.path as JsonPath) === undefined))
    .flatMap((i) => issueToProblems(i, source));
}


function issueToProblems(issue: Issue, source: JsonSource): Problem[] {
  const path = issue.path as (string | number)[];
  const found = valueAt(source, path);
  const at = (p: JsonPath = path, key = false) => locationAt(source, p, { key });
  const field = String(path[path.length - 1] ?? '');

  switch (issue.code) {
    case 'unrecognized_keys': {
      const s = schemaAt(path);
      const known = s ? fieldsOf(s) : [];
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return problem('unknownKey', { key, known, ...(suggestion ? { suggestion } : {}) }, at([...path, key], true));
      });
    }
    case 'invalid_type':
      if (found === undefined) return [problem('missingField', { field, expected: expectedAt(path, issue.expected) }, at())];
      return [problem('wrongType', { expected: expectedAt(path, issue.expected), found: describeFound(found) }, at())];
    case 'invalid_value': {
      if (path.length === 1 && path[0] === 'schemaVersion') {
        if (found === undefined) return [problem('missingField', { field, expected: 'the number 1' }, at())];
        return [problem('unsupportedSchemaVersion', { found: describeFound(found), supported: '1' }, at())];
      }
      if (found === undefined) return [problem('missingField', { field, expected: expectedAt(path) }, at())];
      const options = issue.values.map(String);
      const suggestion = typeof found === 'string' ? closest(found, options) : undefined;
      return [problem('invalidOption', { options, found: describeFound(found), ...(suggestion ? { suggestion } : {}) }, at())];
    }
    case 'too_small':
      // A number below its range says what the field expects, as one above it does (the default).
      if (issue.origin === 'number') return [problem('wrongType', { expected: expectedAt(path), found: describeFound(found) }, at())];
      return [problem('tooFew', { expected: issue.origin === 'array' ? `at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}` : 'a non-empty text', found: describeFound(found) }, at())];
    case 'custom': {
      const format = (issue.params as { format?: FormatName } | undefined)?.format;
      if (format) return [formatProblem(format, found, at())];
      return [problem('wrongType', { expected: expectedAt(path), found: describeFound(found) }, at())];
    }
    default:
      return [problem('wrongType', { expected: expectedAt(path), found: describeFound(found) }, at())];
  }
}

function formatProblem(format: FormatName, found: unknown, location: Problem['location']): Problem {
  const f = FORMATS[format];
  const shown = describeFound(found);
  if (format === 'date') {
    if (typeof found === 'string' && parsePartialDate(found)) return problem('partialDateNotAllowed', { found: shown }, location);
    return problem('invalidDate', { found: shown, example: suggestIsoDate(found) ?? f.example }, location);
  }
  if (format === 'nonBlank') return problem('tooFew', { expected: f.expected, found: shown }, location);
  return problem('invalidFormat', { expected: f.expected, found: shown, ...(f.example ? { example: f.example } : {}) }, location);
}

/** `17/05/1990` → `1990-05-17` when the day is unambiguous (more than 12), as a hint. */
function suggestIsoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v.trim());
  if (!m) return undefined;
  const [a, b, y] = [Number(m[1]), Number(m[2]), m[3]!];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (a > 12 && b <= 12) return `${y}-${pad(b)}-${pad(a)}`;
  if (b > 12 && a <= 12) return `${y}-${pad(a)}-${pad(b)}`;
  return undefined;
}
