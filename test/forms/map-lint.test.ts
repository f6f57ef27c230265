/**
 * Field maps are linted against the model like templates: a misspelt path fails before any case
 * runs, at the map's line, with "did you mean". And the shipped map against the real form: every
 * one of the form's 448 fields (listed by pdf.js) is answered or left blank on purpose, exactly once
 * (the map read with the yaml package, not through src/forms/).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFieldMap } from '../../src/forms/map-lint.js';
import { loadFieldMap } from '../../src/forms/map.js';
import { REAL_FORM, SHIPPED_MAP, lineOf, readFields, summary } from '../helpers/i589.js';

let tmp: string;
let shippedText: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-maplint-'));
  shippedText = await readFile(SHIPPED_MAP, 'utf8');
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

let n = 0;
async function lintText(yaml: string) {
  const file = path.join(tmp, `map-${++n}.yaml`);
  await writeFile(file, yaml);
  return { file, problems: lintFieldMap(await loadFieldMap(file)) };
}

/** The shipped map with `from` replaced by `to` (exactly once: the test fails if `from` is not there once). */
function edited(edits: [from: string, to: string][]): string {
  let text = shippedText;
  for (const [from, to] of edits) {
    expect(text.split(from).length - 1, `"${from}" in the shipped map`).toBe(1);
    text = text.replace(from, to);
  }
  return text;
}

describe('lintFieldMap', () => {
  it('passes on the shipped I-589 map', async () => {
    const problems = lintFieldMap(await loadFieldMap(SHIPPED_MAP));
    expect(problems, summary(problems)).toEqual([]);
  });

  it('reports misspelt paths in a value, a checked path, an asks, a group\'s item and a continuation text, each at its line', async () => {
    const edits: [string, string][] = [
      ['value: "{{applicant.religion}}"', 'value: "{{applicant.relgion}}"'],
      ['checked: { path: lateFiling, equals: false }', 'checked: { path: lateFilng, equals: false }'],
      ['asks: applicant.lastDeparture', 'asks: applicant.lastDepartur'],
      ['item: background.mother', 'item: background.mothr'],
      ['text: "School {{number}}: {{item.school}}', 'text: "School {{number}}: {{item.scool}}'],
    ];
    const text = edited(edits);
    const { file, problems } = await lintText(text);
    const found = problems.map((p) => ({ code: p.code, line: p.location.line, file: p.location.file, path: /names "([^"]+)"/.exec(p.message)?.[1], suggestion: /did you mean "([^"]+)"/.exec(p.message)?.[1] }));
    const expected = [
      { code: 'AP2103', line: lineOf(text, '{{applicant.relgion}}'), file, path: 'applicant.relgion', suggestion: 'applicant.religion' },
      { code: 'AP2103', line: lineOf(text, 'path: lateFilng'), file, path: 'lateFilng', suggestion: 'lateFiling' },
      { code: 'AP2103', line: lineOf(text, 'asks: applicant.lastDepartur'), file, path: 'applicant.lastDepartur', suggestion: 'applicant.lastDeparture' },
      { code: 'AP2103', line: lineOf(text, 'item: background.mothr'), file, path: 'background.mothr', suggestion: undefined },
      { code: 'AP2103', line: lineOf(text, '{{item.scool}}'), file, path: 'item.scool', suggestion: 'item.school' },
    ];
    for (const e of expected) expect(e.line, e.path).toBeGreaterThan(1);
    const byLine = (a: { line?: number }, b: { line?: number }) => (a.line ?? 0) - (b.line ?? 0);
    expect(found.sort(byLine), summary(problems)).toEqual(expected.sort(byLine));
    for (const p of problems) expect(p.severity).toBe('error');
  });

  it('reports misspelt paths in an asks\'s condition (askedWhen) and in a group\'s asks, each at its line', async () => {
    // Misspelt, either would go unnoticed: a condition that is never true silences the warning
    // for a "yes" without its explanation; a group's asks that names nothing reports the list
    // unanswered on every case.
    const text = edited([
      ['askedWhen: questions.pastHarm.answer', 'askedWhen: questions.pastHarm.answr'],
      ['    asks: background.residences\n    emptyList', '    asks: background.residence\n    emptyList'],
    ]);
    const { file, problems } = await lintText(text);
    expect(
      problems.map((p) => [p.code, p.location.file, p.location.line]),
      summary(problems),
    ).toEqual([
      ['AP2103', file, lineOf(text, 'askedWhen: questions.pastHarm.answr')],
      ['AP2103', file, text.split('\n').findIndex((l) => l.endsWith('asks: background.residence')) + 1],
    ]);
  });

  it('reports a misspelt path in a `when` condition', async () => {
    const from = 'when: item.inUS';
    expect(shippedText).toContain(from);
    const text = shippedText.replace(from, 'when: item.inUs'); // the first of them
    const { file, problems } = await lintText(text);
    expect(problems.map((p) => [p.code, p.location.file, p.location.line]), summary(problems)).toEqual([['AP2103', file, lineOf(text, 'when: item.inUs')]]);
    expect(problems[0]!.message).toContain('did you mean "item.inUS"');
  });

  it('knows `item` of a group as the entry it names, and refuses a path inside it the entry lacks', async () => {
    const head = 'form: f.pdf\ntitle: T\ndownload: x\ngroups:\n';
    const ok = await lintText(`${head}  - label: c\n    item: children.0\n    fields:\n      - field: "A[0]"\n        value: "{{item.name.given}} {{item.dateOfBirth}}"\n`);
    expect(ok.problems, summary(ok.problems)).toEqual([]);
    const typo = await lintText(`${head}  - label: c\n    item: children.0\n    fields:\n      - field: "A[0]"\n        value: "{{item.name.givn}}"\n`);
    expect(typo.problems.map((p) => [p.code, p.location.line])).toEqual([['AP2103', 9]]);
    expect(typo.problems[0]!.message).toContain('did you mean "item.name.given"?');
    const list = await lintText(`${head}  - label: c\n    item: childs.0\n    fields:\n      - field: "A[0]"\n        value: "{{item.name.given}}"\n`);
    expect(list.problems.map((p) => [p.code, p.location.line])).toEqual([['AP2103', 6]]);
  });

  it('knows `item` and `number` of a continuation, and refuses a list the model lacks', async () => {
    const head = 'form: f.pdf\ntitle: T\ndownload: x\ncontinuations:\n';
    const ok = await lintText(`${head}  - part: "A.II"\n    question: "children"\n    list: children\n    from: 6\n    text: "Child {{number}}: {{item.name.given}}"\n`);
    expect(ok.problems, summary(ok.problems)).toEqual([]);
    const bad = await lintText(`${head}  - part: "A.II"\n    question: "children"\n    list: childs\n    from: 6\n    text: "Child {{number}}: {{item.name.given}}"\n`);
    expect(bad.problems.map((p) => [p.code, p.location.line])).toEqual([['AP2103', 7]]);
  });
});

describe('the shipped map against the real form', () => {
  it('names every one of the form\'s 448 fields exactly once: answered, left blank with a reason, or the continuation page', async () => {
    const formFields = [...(await readFields(new Uint8Array(await readFile(REAL_FORM)))).keys()];
    expect(formFields).toHaveLength(448);
    type Entry = { field: string };
    const map = parse(shippedText) as { fields: Entry[]; groups: { fields: Entry[] }[]; leaveBlank: (Entry & { why: string })[]; continuation: Record<string, string>; rows?: unknown[] };
    expect(map.rows ?? []).toEqual([]);
    const named = [...map.fields.map((e) => e.field), ...map.groups.flatMap((g) => g.fields.map((e) => e.field)), ...map.leaveBlank.map((e) => e.field), ...Object.values(map.continuation)];
    // pdf.js writes a dot inside a partial name as "\\." (CheckBoxAIII5\.m), as the map does
    const twice = named.filter((f, i) => named.indexOf(f) !== i);
    expect(twice).toEqual([]);
    expect(new Set(named)).toEqual(new Set(formFields));
    for (const b of map.leaveBlank) expect(b.why.trim(), b.field).not.toBe('');
  });
});
