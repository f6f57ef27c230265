/**
 * The redaction of an intake for a bug report (src/report/redact.ts, issue 13): the same keys and
 * array lengths, every string a placeholder made of fixed words and counts, but the exact members
 * of the schema's enums at their path; the case id a short hash; unknown keys replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intakeJsonSchema } from '../../src/intake/json-schema.js';
import { caseIdPlaceholder, describeString, Redactor, shortHash, type SchemaNode } from '../../src/report/redact.js';
import { publicWords } from '../helpers/public-words.js';

const schema = intakeJsonSchema() as SchemaNode;
const redactor = new Redactor(schema);

/** Words a placeholder may hold, written out here rather than taken from the code under test. */
const WORDS = new Set(
  (
    'text chars char lines line letters digits spaces punctuation symbols other empty blank date year month day time ' +
    'number key not NFC a calendar YYYY MM DD order CRLF tabs leading trailing control characters invisible format emoji ' +
    'replacement unpaired surrogates script scripts with accents mixed Latin Arabic Cyrillic Greek Hebrew Chinese Japanese ' +
    'Korean Devanagari Bengali Gurmukhi Gujarati Tamil Telugu Ethiopic Thai Lao Khmer Myanmar Armenian Georgian Sinhala ' +
    'Tibetan Syriac Thaana Mongolian Tifinagh Nko Vai'
  ).split(' '),
);
const PLACEHOLDER = /‹[^‹›]*›/g;
const CASE_ID = /^‹caseId sha256:[0-9a-f]{8}›$/;

/** A placeholder carries nothing of its input: fixed words, counts and `:,+-` only. */
function placeholderIsClean(p: string): boolean {
  if (CASE_ID.test(p)) return true;
  const inner = p.slice(1, -1);
  if (!/^[A-Za-z0-9 :,+\-]*$/.test(inner)) return false;
  return (inner.match(/[A-Za-z]+/g) ?? []).every((w) => WORDS.has(w));
}

const PUBLIC = publicWords(schema);

/** Every string leaf of a JSON value with its path (keys too, as strings at their object's path). */
function strings(v: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; s: string; key?: boolean }[] = []) {
  if (typeof v === 'string') out.push({ path, s: v });
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, [...path, i], out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push({ path: [...path, k], s: k, key: true });
      strings(x, [...path, k], out);
    }
  }
  return out;
}

/** The structure of a value: keys replaced by their position, leaves by their kind. */
function skeleton(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(skeleton);
  if (v && typeof v === 'object') return Object.values(v).map(skeleton);
  return v === null ? 'null' : typeof v === 'boolean' ? 'boolean' : 'leaf';
}

/** The enum members and const of the schema at a path of known keys (none when a key is unknown). */
function enumAt(path: (string | number)[]): unknown[] {
  let nodes: SchemaNode[] = [schema];
  const expand = (ns: SchemaNode[]): SchemaNode[] => ns.flatMap((n) => [n, ...expand(((n.anyOf ?? n.oneOf ?? []) as SchemaNode[]))]);
  for (const part of path) {
    const all = expand(nodes);
    if (typeof part === 'number') nodes = all.flatMap((n) => (n.items ? [n.items as SchemaNode] : []));
    else nodes = all.flatMap((n) => { const p = (n.properties as Record<string, SchemaNode> | undefined); return p && Object.hasOwn(p, part) ? [p[part]!] : []; });
    if (!nodes.length) return [];
  }
  return expand(nodes).flatMap((n) => [...((n.enum as unknown[]) ?? []), ...('const' in n ? [n.const] : [])]);
}

type Pair = { kind: 'key'; in: string; out: string } | { kind: 'value'; in: unknown; out: unknown; path: (string | number)[] };

/** The input and the redacted output walked side by side (objects keep their keys' order). */
function pairs(input: unknown, output: unknown, path: (string | number)[] = [], out: Pair[] = []): Pair[] {
  if (Array.isArray(input)) input.forEach((x, i) => pairs(x, (output as unknown[])[i], [...path, i], out));
  else if (input && typeof input === 'object') {
    const inKeys = Object.keys(input);
    const outKeys = Object.keys(output as object);
    inKeys.forEach((k, i) => {
      out.push({ kind: 'key', in: k, out: outKeys[i]! });
      pairs((input as Record<string, unknown>)[k], (output as Record<string, unknown>)[outKeys[i]!], [...path, k], out);
    });
  } else out.push({ kind: 'value', in: input, out: output, path });
  return out;
}

describe('describeString', () => {
  it.each([
    ['Marta Lidia', '‹text: 11 chars, letters+spaces›'],
    ['1984-02-29', '‹date›'],
    ['1985-02-29', '‹date YYYY-MM-DD, not a calendar day›'],
    ['17/05/1990', '‹date, not YYYY-MM-DD order: 10 chars›'],
    ['2019-03', '‹year-month›'],
    ['2019', '‹year›'],
    ['09:30', '‹time›'],
    ['', '‹empty›'],
    ['   ', '‹blank: 3 chars›'],
    ['(718) 555-0163', '‹text: 14 chars, digits+spaces+punctuation›'],
    ['first line\nsecond\nthird', '‹text: 3 lines, 23 chars›'],
    ['a\r\nb', '‹text: 2 lines, 4 chars, CRLF›'],
    ['محمد علي', '‹text: 8 chars, letters+spaces, Arabic script›'],
    ['Núñez', '‹text: 5 chars, letters, Latin with accents›'],
    ['Nu\u0301n\u0303ez', '‹text: 7 chars, letters, Latin with accents, not NFC›'],
    [' Ana', '‹text: 4 chars, letters+spaces, leading spaces›'],
    ['Ana\u001b[31m', '‹text: 8 chars, letters+digits+punctuation, control characters›'],
    ['Ana\u200f', '‹text: 4 chars, letters, invisible format characters›'],
    ['N\uFFFDez', '‹text: 4 chars, letters+symbols, replacement characters›'],
  ])('%j → %s', (input, expected) => {
    expect(describeString(input)).toBe(expected);
    expect(placeholderIsClean(expected)).toBe(true);
  });
});

describe('Redactor', () => {
  it('keeps booleans, null, exact enum members at their path and the const schemaVersion; hashes the case id', () => {
    const out = redactor.redact({
      schemaVersion: 1,
      caseId: '2026-0311-reyes',
      proceeding: { type: 'affirmative', filingMethod: 'mail', detained: false, judge: null },
      applicant: { sex: 'female', name: { family: 'Reyes' }, languages: { fluentInEnglish: true } },
      family: [{ relationship: 'child', location: 'abroad' }],
      claim: { grounds: ['political-opinion', 'religion'] },
      assistance: { relatives: [{ name: 'Ana', relationship: 'son' }] },
    }) as Record<string, any>;
    expect(out.schemaVersion).toBe(1);
    expect(out.caseId).toBe(`‹caseId sha256:${shortHash('2026-0311-reyes')}›`);
    expect(out.caseId).toBe(caseIdPlaceholder('2026-0311-reyes'));
    expect(out.proceeding).toEqual({ type: 'affirmative', filingMethod: 'mail', detained: false, judge: null });
    expect(out.applicant.sex).toBe('female');
    expect(out.applicant.name.family).toBe('‹text: 5 chars, letters›');
    expect(out.family[0]).toEqual({ relationship: 'child', location: 'abroad' });
    expect(out.claim.grounds).toEqual(['political-opinion', 'religion']);
    // "son" is free text there, not an enum member: a placeholder
    expect(out.assistance.relatives[0].relationship).toBe('‹text: 3 chars, letters›');
  });

  it('keeps an enum member only at its own path, exactly', () => {
    const out = redactor.redact({ applicant: { sex: 'Female', religion: 'female', name: { given: 'affirmative' } }, proceeding: { type: 'affirmative ' } }) as Record<string, any>;
    expect(out.applicant.sex).toBe('‹text: 6 chars, letters›');
    expect(out.applicant.religion).toBe('‹text: 6 chars, letters›');
    expect(out.applicant.name.given).toBe('‹text: 11 chars, letters›');
    expect(out.proceeding.type).toMatch(/^‹text: 12 chars/);
  });

  it('replaces numbers, and a number where the schema has a const only when it is that const', () => {
    expect(redactor.redact({ schemaVersion: 2, applicant: { phone: 7185550163 } })).toEqual({ schemaVersion: '‹number›', applicant: { phone: '‹number›' } });
  });

  it('replaces unknown keys (which may be anything typed), keeps known ones even misplaced or in another case', () => {
    const out = redactor.redact({ applicant: { 'Marta Reyes': { dateofBirth: '1984-02-29' }, 'Maria': 1, dateOfBirth: '1984-02-29', __proto__x: 1 }, street: 'x' }) as Record<string, any>;
    expect(Object.keys(out.applicant)).toEqual(['‹key 1: 11 chars›', '‹key 2: 5 chars›', 'dateOfBirth', '‹key 3: 10 chars›']);
    expect(out.applicant['‹key 1: 11 chars›']).toEqual({ dateofBirth: '‹date›' });
    expect(Object.keys(out)).toEqual(['applicant', 'street']);
    expect(JSON.stringify(out)).not.toMatch(/Marta|Maria/);
  });

  it('treats a "__proto__" key as a plain key', () => {
    const input = JSON.parse('{"applicant": {"__proto__": {"polluted": "Reyes"}}}');
    const out = redactor.redact(input) as Record<string, any>;
    expect(Object.getPrototypeOf(out.applicant)).toBe(Object.prototype);
    expect(Object.keys(out.applicant)).toEqual(['‹key 1: 9 chars›']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('redacts a problem path the same way, matching keys that hold dots or brackets', () => {
    const value = { applicant: { 'Reyes.Marta': { city: 1 }, arrivals: [{ date: '1' }] }, evidence: [{ 'a[0]': 1 }] };
    expect(redactor.redactPath(value, 'applicant.arrivals[0].date')).toBe('applicant.arrivals[0].date');
    expect(redactor.redactPath(value, 'applicant.Reyes.Marta.city')).toBe('applicant.‹key 1: 11 chars›.city');
    expect(redactor.redactPath(value, 'applicant.Reyes.Marta.x')).toBe('applicant.‹key 1: 11 chars›.‹key: 1 char›');
    expect(redactor.redactPath(value, 'evidence[0].a[0]')).toBe('evidence[0].‹key 1: 4 chars›');
    expect(redactor.redactPath(value, 'applicant.name.family')).toBe('applicant.name.family');
    expect(redactor.redactPath(value, 'applicant.Garcia')).toBe('applicant.‹key: 6 chars›');
    expect(redactor.redactPath(value, 'applicant.dateofBirth')).toBe('applicant.dateofBirth');
    expect(redactor.redactPath(value, '')).toBe('');
  });

  it('property: never throws, keeps the structure, and no input string of 3 or more characters that is not an enum member at its path is left', () => {
    const key = fc.oneof(
      fc.constantFrom('applicant', 'name', 'family', 'given', 'evidence', 'file', 'sex', 'type', 'proceeding', 'claim', 'grounds', 'relationship', 'caseId', 'events', 'narrative', '__proto__', 'constructor'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    );
    const leaf = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('affirmative', 'defensive', 'female', 'spouse', 'child', 'political-opinion', 'mail', '1990-05-17', '2019-03', 'A-220-418-553', '(718) 555-0163'),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    }));
    // Intake-like: the real top-level sections, each holding random values, or a random value altogether.
    const intakeLike = fc.oneof(
      fc.record(
        {
          caseId: fc.oneof(fc.string(), tree),
          proceeding: fc.dictionary(fc.constantFrom('type', 'filingMethod', 'court', 'judge', 'priorFilings'), tree),
          applicant: fc.dictionary(fc.constantFrom('name', 'sex', 'dateOfBirth', 'phone', 'arrivals', 'languages', 'otherNames'), tree),
          family: fc.array(fc.dictionary(fc.constantFrom('relationship', 'name', 'location', 'sex'), tree), { maxLength: 3 }),
          evidence: fc.array(fc.dictionary(fc.constantFrom('id', 'file', 'category', 'translation', 'language'), tree), { maxLength: 3 }),
          extra: tree,
        },
        { requiredKeys: [] },
      ),
      tree,
    );
    fc.assert(
      fc.property(intakeLike, (input) => {
        const out = redactor.redact(input);
        expect(skeleton(out)).toEqual(skeleton(input));
        const text = JSON.stringify(out);
        // every placeholder made of fixed words and counts only
        for (const p of text.match(PLACEHOLDER) ?? []) expect(placeholderIsClean(p), p).toBe(true);
        // side by side: each string left as it is is the input's, and an enum member (or const) at its path
        for (const pair of pairs(input, out)) {
          if (pair.kind === 'key') {
            if (!/^‹.*›$/s.test(pair.out)) {
              expect(pair.out).toBe(pair.in);
              expect(PUBLIC.has(pair.in.toLowerCase()), `key ${JSON.stringify(pair.in)} kept`).toBe(true);
            }
          } else if (typeof pair.out === 'string' && !/^‹[^‹›]*›$/.test(pair.out)) {
            expect(pair.out).toBe(pair.in);
            expect(enumAt(pair.path), `kept ${JSON.stringify(pair.in)} at ${pair.path.join('.')}`).toContain(pair.in);
          }
        }
        // and no input string of 3 characters or more is anywhere in what is left once placeholders and public words are taken out
        const left = strings(out)
          .map((x) => x.s)
          .filter((x) => !PUBLIC.has(x.toLowerCase()))
          .flatMap((x) => x.split(PLACEHOLDER))
          .filter(Boolean);
        for (const { s } of strings(input)) {
          if ([...s].length < 3 || PUBLIC.has(s.toLowerCase())) continue;
          expect(left.some((part) => part.includes(s)), `input string ${JSON.stringify(s)} left in ${text}`).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });
});
