import { describe, expect, test } from 'vitest';
import { PacketError, type Problem } from '../../src/errors/problem.js';
import { renderText } from '../../src/render/text.js';

/** Renders and returns the single problem of the PacketError it must throw. */
function failure(file: string, source: string, data: object): Problem {
  let thrown: unknown;
  try {
    renderText(file, source, data);
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'renderText should have thrown').toBeInstanceOf(PacketError);
  const problems = (thrown as PacketError).problems;
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

const data = {
  applicant: { name: { given: 'José', middle: 'Antonio', family: 'Núñez Ramírez' }, dateOfBirth: '1990-05-17', aNumber: null as string | null },
  reliefNames: ['asylum', 'withholding of removal', 'protection under the Convention Against Torture'],
  derived: {
    derivatives: [
      { fullName: 'María Elena Castillo Mejía', aNumber: 'A-022-041-855', language: 'es', relationship: 'spouse' },
      { fullName: 'Daniel Núñez Castillo', aNumber: 'A-220-418-553', language: 'vi', relationship: 'child' },
    ],
  },
  note: 'Tom & Jerry <b>bold</b>',
};

describe('values and filters', () => {
  test.each([
    ['{{applicant.name.given}}', 'José'],
    ['{{longDate applicant.dateOfBirth}}', 'May 17, 1990'],
    ['{{shortDate applicant.dateOfBirth}}', '05/17/1990'],
    ['{{joinAnd reliefNames}}', 'asylum, withholding of removal and protection under the Convention Against Torture'],
    ['{{fullName applicant.name}}', 'José Antonio Núñez Ramírez'],
    ['{{upper applicant.name.family}}', 'NÚÑEZ RAMÍREZ'],
    ['{{plural derived.derivatives "derivative"}}', '2 derivatives'],
    ['{{joinAnd derived.derivatives "fullName"}}', 'María Elena Castillo Mejía and Daniel Núñez Castillo'],
    ['{{age applicant.dateOfBirth "2026-05-17"}}', '36'],
    ['{{language "es"}}', 'Spanish'],
  ])('%s → %s', (source, expected) => {
    expect(renderText('t.md.hbs', source, data)).toBe(expected);
  });

  test('a filter can take another filter as a subexpression', () => {
    expect(renderText('t.md.hbs', '{{upper (longDate applicant.dateOfBirth)}}', data)).toBe('MAY 17, 1990');
  });
});

describe('a missing value is an error, never a blank', () => {
  test('a missing plain {{a.b}} throws AP2102 with the tag and its line and column', () => {
    const p = failure('cover.md.hbs', 'Dear officer,\n\n  Re: {{a.b}}\n', { a: {} });
    expect(p.code).toBe('AP2102');
    expect(p.severity).toBe('error');
    expect(p.location).toMatchObject({ file: 'cover.md.hbs', line: 3, column: 7, tag: 'a.b' });
    expect(p.message).toContain('{{a.b}}');
  });

  test('a missing parent object is the same error', () => {
    const p = failure('cover.md.hbs', '{{a.b}}', {});
    expect(p.code).toBe('AP2102');
    expect(p.location).toMatchObject({ line: 1, column: 1, tag: 'a.b' });
  });

  test('null counts as missing', () => {
    const p = failure('cover.md.hbs', 'A-number: {{applicant.aNumber}}', data);
    expect(p.code).toBe('AP2102');
    expect(p.location).toMatchObject({ line: 1, column: 11, tag: 'applicant.aNumber' });
  });

  test('the first missing value is reported at its own position', () => {
    const p = failure('x.txt.hbs', '{{applicant.name.given}}\n{{applicant.name.given}} {{applicant.nickname}}', data);
    expect(p.location).toMatchObject({ line: 2, column: 26, tag: 'applicant.nickname' });
  });

  test('falsy but present values print: 0, false, empty string', () => {
    expect(renderText('t.txt.hbs', '[{{n}}|{{b}}|{{s}}]', { n: 0, b: false, s: '' })).toBe('[0|false|]');
  });

  test('inside {{#each}}, a missing field of the current item is reported with its tag', () => {
    const p = failure('t.md.hbs', '{{#each items}}\n- {{title}}\n{{/each}}', { items: [{ title: 'x' }, {}] });
    expect(p.code).toBe('AP2102');
    expect(p.location).toMatchObject({ line: 2, column: 3, tag: 'title' });
  });

  test('{{#if x}} with x missing renders the else branch without error', () => {
    expect(renderText('t.md.hbs', '{{#if x}}yes {{x}}{{else}}no{{/if}}', {})).toBe('no');
    expect(renderText('t.md.hbs', '{{#if applicant.aNumber}}{{applicant.aNumber}}{{else}}none{{/if}}', data)).toBe('none');
    expect(renderText('t.md.hbs', '{{#if x}}yes {{x}}{{else}}no{{/if}}', { x: 'here' })).toBe('yes here');
  });

  test('{{#unless x}} with x missing renders its body', () => {
    expect(renderText('t.md.hbs', '{{#unless x}}no x{{/unless}}', {})).toBe('no x');
  });

  test('a filter given a missing value is an error, not an empty string', () => {
    // text.ts: "Strict: a value the case lacks is an error naming the tag and its line:column,
    // never an empty string."
    const p = failure('t.md.hbs', 'Name: {{upper applicant.nickname}}', data);
    expect(['AP2102', 'AP2105']).toContain(p.code);
    expect(p.location).toMatchObject({ line: 1, column: 7 });
  });
});

describe('inside {{#each derived.derivatives}}, a field called like a filter prints the data', () => {
  test.each([
    ['{{fullName}}', 'María Elena Castillo Mejía;Daniel Núñez Castillo;'],
    ['{{aNumber}}', 'A-022-041-855;A-220-418-553;'],
    ['{{language}}', 'es;vi;'],
    ['{{relationship}}', 'spouse;child;'],
  ])('%s', (tag, expected) => {
    expect(renderText('t.md.hbs', `{{#each derived.derivatives}}${tag};{{/each}}`, data)).toBe(expected);
  });

  test('the helper is still available with an argument inside the loop', () => {
    expect(renderText('t.md.hbs', '{{#each derived.derivatives}}{{language language}};{{/each}}', data)).toBe('Spanish;Vietnamese;');
  });

  test('a field called like a filter that is missing is AP2102, not a call of the filter', () => {
    const p = failure('t.md.hbs', '{{#each items}}{{fullName}}{{/each}}', { items: [{}] });
    expect(p.code).toBe('AP2102');
    expect(p.location.tag).toBe('fullName');
  });
});

describe('escaping', () => {
  test.each([
    ['t.md.hbs', 'Tom & Jerry <b>bold</b>'],
    ['t.txt.hbs', 'Tom & Jerry <b>bold</b>'],
    ['t.html.hbs', 'Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;'],
    ['t.htm.hbs', 'Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;'],
    ['T.HTML.HBS', 'Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;'],
  ])('%s → %s', (file, expected) => {
    expect(renderText(file, '{{note}}', data)).toBe(expected);
  });

  test('filter output is escaped in HTML too', () => {
    expect(renderText('t.html.hbs', '{{upper note}}', data)).toBe('TOM &amp; JERRY &lt;B&gt;BOLD&lt;/B&gt;');
    expect(renderText('t.md.hbs', '{{upper note}}', data)).toBe('TOM & JERRY <B>BOLD</B>');
  });
});

describe('errors', () => {
  test('an unclosed {{#if x}} is AP2101 with a line', () => {
    const p = failure('t.md.hbs', 'line one\n{{#if x}}\nyes\n', { x: true });
    expect(p.code).toBe('AP2101');
    expect(p.severity).toBe('error');
    expect(p.location.file).toBe('t.md.hbs');
    expect(p.location.line).toEqual(expect.any(Number));
    expect(p.message).toMatch(/block is still open/);
  });

  test('a mismatched closing tag is AP2101 with the line of the mismatch', () => {
    const p = failure('t.md.hbs', 'a\nb\n{{#if x}}\n{{/each}}\n', { x: true });
    expect(p.code).toBe('AP2101');
    expect(p.location.line).toBeGreaterThanOrEqual(3);
  });

  test('a malformed tag is AP2101 with its line', () => {
    const p = failure('t.md.hbs', 'one\ntwo {{a b c}\n', {});
    expect(p.code).toBe('AP2101');
    expect(p.location.line).toBe(2);
  });

  test.each([
    ['{{longDate bad}}', 'longDate', 3],
    ['{{aNumber bad}}', 'aNumber', 3],
    ['{{longDate missing}}', 'longDate', 3],
  ])('a filter given bad input, %s, is AP2105 with line, column and the helper as tag', (tag, helper, column) => {
    const p = failure('t.md.hbs', `first\n  ${tag}\n`, { bad: '17/05/1990' });
    expect(p.code).toBe('AP2105');
    expect(p.location).toMatchObject({ file: 't.md.hbs', line: 2, column, tag: helper });
    expect(p.message).toContain(helper);
  });

  test('a PacketError keeps the cause and names the location in its message', () => {
    let thrown: unknown;
    try {
      renderText('dir/cover.md.hbs', '\n{{a.b}}', {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PacketError);
    expect((thrown as PacketError).message).toMatch(/^dir\/cover\.md\.hbs:2:1 /);
    expect((thrown as PacketError).cause).toBeInstanceOf(Error);
  });
});
