/** Field maps are linted against the model like templates: a typo fails before any case runs. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFieldMap } from '../../src/forms/map-lint.js';
import { loadFieldMap } from '../../src/forms/map.js';

const shipped = path.resolve(import.meta.dirname, '../../pipelines/forms/i-589.yaml');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-maplint-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

async function lint(yaml: string) {
  const file = path.join(tmp, `m${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  return lintFieldMap(await loadFieldMap(file));
}

describe('lintFieldMap', () => {
  it('passes on the shipped I-589 map', async () => {
    expect(lintFieldMap(await loadFieldMap(shipped))).toEqual([]);
  });

  it('reports a misspelt path in a value, a condition and a selection, located in the map', async () => {
    const text = (await readFile(shipped, 'utf8'))
      .replace('value: "{{applicant.name.family}}"', 'value: "{{applicant.name.famly}}"')
      .replace('checked: { path: applicant.sex, equals: male }', 'checked: { path: applicant.sx, equals: male }')
      .replace('path: applicant.maritalStatus', 'path: applicant.maritalStatu');
    const problems = await lint(text);
    expect(problems.map((p) => [p.code, p.message.match(/did you mean "([^"]+)"/)?.[1]])).toEqual([
      ['AP2103', 'applicant.name.family'],
      ['AP2103', 'applicant.sex'],
      ['AP2103', 'applicant.maritalStatus'],
    ]);
    expect(problems.every((p) => p.location.line && p.location.line > 1)).toBe(true);
  });

  it('knows `item` of rows as an entry of their list, and refuses a list the model lacks', async () => {
    const head = 'form: f.pdf\ntitle: T\ndownload: x\nrows:\n';
    const ok = await lint(`${head}  - label: c\n    list: children\n    max: 2\n    fields:\n      - field: "C[{{index}}]"\n        value: "{{item.name.given}} {{number}}"\n`);
    expect(ok).toEqual([]);
    const bad = await lint(`${head}  - label: c\n    list: childs\n    max: 2\n    fields:\n      - field: "C[{{index}}]"\n        value: "{{item.name.given}}"\n`);
    expect(bad.map((p) => p.code)).toEqual(['AP2103']);
    const typo = await lint(`${head}  - label: c\n    list: children\n    max: 2\n    fields:\n      - field: "C[{{index}}]"\n        value: "{{item.name.givn}}"\n`);
    expect(typo[0]?.message).toContain('did you mean "item.name.given"?');
  });
});
