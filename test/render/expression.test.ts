/** The evaluator of template tag expressions: the language templates use, and what it refuses. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors/problem.js';
import { renderDocx } from '../../src/render/docx.js';
import { expressionParser, type Filters, type ScopeContext } from '../../src/render/expression.js';

const filters: Filters = {
  upper: (s) => String(s).toUpperCase(),
  wrap: (s, left, right) => `${String(left)}${String(s)}${String(right)}`,
};
const parse = expressionParser(filters);
const top = (data: unknown): ScopeContext => ({ scopeList: [data], scopePathItem: [], scopeTypes: [] });
const evaluate = (tag: string, data: unknown, context: ScopeContext = top(data)) => parse(tag).get(data, context);

describe('template expressions', () => {
  const data = { applicant: { sex: 'female', name: { family: 'Núñez' }, languages: ['es', 'qu'] }, count: 3, none: null, flag: false };

  it('reads paths, lengths and list items, and nothing for a path that is not there', () => {
    expect(evaluate('applicant.name.family', data)).toBe('Núñez');
    expect(evaluate('applicant.languages.length', data)).toBe(2);
    expect(evaluate('applicant.languages[1]', data)).toBe('qu');
    expect(evaluate('applicant.name.family.length', data)).toBe(5);
    expect(evaluate('applicant.spouse.name', data)).toBeUndefined();
    expect(evaluate('none.deeper', data)).toBeUndefined();
  });

  it('computes conditions, comparisons, arithmetic and literals as angular expressions do', () => {
    expect(evaluate('applicant.sex == "female" ? "She" : "He"', data)).toBe('She');
    expect(evaluate('applicant.sex == "male" ? "She" : "He"', data)).toBe('He');
    expect(evaluate('count > 2 && !flag', data)).toBe(true);
    expect(evaluate('flag || "fallback"', data)).toBe('fallback');
    expect(evaluate('count + 1', data)).toBe(4);
    expect(evaluate('missing + "x"', data)).toBe('x');
    expect(evaluate('count - missing', data)).toBeUndefined();
    expect(evaluate('-count', data)).toBe(-3);
    expect(evaluate('count % 2 === 1', data)).toBe(true);
    expect(evaluate('[1, "a"]', data)).toEqual([1, 'a']);
    expect(evaluate('{a: 1, "b": count}.b', data)).toBe(3);
    // Word's curly quotes are read as straight ones.
    expect(evaluate('applicant.sex == “female” ? ‘yes’ : ‘no’', data)).toBe('yes');
  });

  it('applies filters, with arguments, chained', () => {
    expect(evaluate('applicant.name.family | upper', data)).toBe('NÚÑEZ');
    expect(evaluate('applicant.sex | wrap:"[":"]" | upper', data)).toBe('[FEMALE]');
  });

  it('looks a name up in the loop item first, then in the enclosing scopes; "." is the item', () => {
    const item = { code: 'es' };
    const context: ScopeContext = { scopeList: [data, data.applicant.languages, item], scopePathItem: [0, 1], scopeTypes: ['object', 'array'] };
    expect(evaluate('code', item, context)).toBe('es');
    expect(evaluate('count', item, context)).toBe(3);
    expect(evaluate('.', 'qu', { scopeList: [data, 'qu'], scopePathItem: [1], scopeTypes: ['array'] })).toBe('qu');
    expect(evaluate('$index', item, context)).toBe(1);
  });

  it('refuses, when the tag is read, unknown filters, function calls and assignments', () => {
    expect(() => parse('applicant | nope')).toThrow(/Filter 'nope' is not defined/);
    expect(() => parse('applicant.languages.join(", ")')).toThrow(/cannot call functions; use a filter/);
    expect(() => parse('count = 4')).toThrow(/cannot assign/);
    expect(() => parse('count +')).toThrow();
  });

  it('never reaches into the language: constructor and __proto__ are refused, methods read as nothing', () => {
    expect(() => evaluate('applicant.constructor', data)).toThrow(/"constructor" cannot be read/);
    expect(() => evaluate('applicant["__proto__"]', data)).toThrow(/"__proto__" cannot be read/);
    expect(() => evaluate('count.constructor', data)).toThrow(/"constructor" cannot be read/);
    expect(evaluate('applicant.name.family.toUpperCase', data)).toBeUndefined();
    expect(evaluate('applicant.hasOwnProperty', data)).toBeUndefined();
  });

  it('leaves Function.prototype alone while evaluating (the stock evaluator deletes and restores its constructor, which throws away optimised code)', () => {
    let seen: PropertyDescriptor | undefined;
    const probe = expressionParser({ probe: (v) => ((seen = Object.getOwnPropertyDescriptor(Function.prototype, 'constructor')), v) });
    expect(probe('count | probe').get(data, top(data))).toBe(3);
    expect(seen?.value).toBe(Function);
  });

  it('parses a tag once per process and gives the same result every time', () => {
    const first = evaluate('applicant.name.family | upper', data);
    const other = { applicant: { name: { family: 'Đặng' } } };
    expect(evaluate('applicant.name.family | upper', other)).toBe('ĐẶNG');
    expect(first).toBe('NÚÑEZ');
  });
});

describe('a Word template with a function call', () => {
  it('is refused with the tag and the way out, as a template error', () => {
    const file = path.resolve(import.meta.dirname, '../fixtures/templates/split-run.docx');
    const zip = new PizZip(readFileSync(file));
    const xml = zip.file('word/document.xml')!.asText();
    zip.file('word/document.xml', xml.replace(/<w:body>/, '<w:body><w:p><w:r><w:t>{names.join(", ")}</w:t></w:r></w:p>'));
    const bytes = zip.generate({ type: 'uint8array' });
    let problems: { code: string; message: string; location: { tag?: string; paragraph?: number } }[] = [];
    try {
      renderDocx(file, bytes, { names: ['a', 'b'] });
    } catch (err) {
      if (!(err instanceof PacketError)) throw err;
      problems = err.problems as never;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('AP2101');
    expect(problems[0]!.message).toMatch(/cannot call functions; use a filter/);
    expect(problems[0]!.location).toMatchObject({ tag: 'names.join(", ")', paragraph: 1 });
  });
});
