/** Pipeline files are checked before any case runs; each problem is located in the YAML. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipelineFile, loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-pipelines-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const HEAD = 'name: test\nwhen:\n  proceeding.type: affirmative\nsteps:\n';
const DECL = '  - kind: docx\n    id: declaration\n    template: declaration.docx\n    output: "{{caseId}}-declaration.docx"\n';

async function load(yaml: string) {
  const file = path.join(tmp, `p${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  const r = await loadPipelineFile(file, { templatesDir: DEFAULT_TEMPLATES_DIR });
  return r.problems.map((p) => ({ code: p.code, line: p.location.line, column: p.location.column, step: p.location.step, kind: p.location.kind, message: p.message }));
}

describe('loadPipelineFile', () => {
  it('loads the shipped pipelines without problems', async () => {
    const r = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(r.problems).toEqual([]);
    expect(r.pipelines.map((p) => p.name).sort()).toEqual(['eoir-defensive', 'eoir-supplemental', 'uscis-affirmative']);
  });

  it.each([
    ['broken YAML', 'name: test\nsteps:\n  - kind: docx\n   template: x\n', { code: 'AP2001', line: 4 }],
    ['a key twice', 'name: test\nname: other\nsteps:\n' + DECL, { code: 'AP2001', line: 2, message: 'the pipeline file is broken here: a key is written twice in the same mapping' }],
    ['no name', 'steps:\n' + DECL, { code: 'AP2002', line: 1, message: 'name: is required (expected string)' }],
    ['an unknown kind', HEAD + '  - kind: pdf-form\n    template: x.pdf\n', { code: 'AP2003', line: 5, column: 11, step: 1, kind: 'pdf-form', message: 'unknown step kind "pdf-form"; the kinds are: docx, text, packet, form, consistency, convert' }],
    ['a misspelt kind', HEAD + '  - kind: docs\n    template: x.docx\n    output: x.docx\n', { code: 'AP2003', step: 1, message: 'unknown step kind "docs"; did you mean "docx"?; the kinds are: docx, text, packet, form, consistency, convert' }],
    ['a missing template', HEAD + '  - kind: docx\n    template: declaraton.docx\n    output: x.docx\n', { code: 'AP2004', line: 6, column: 15, step: 1, kind: 'docx' }],
    ['an output written twice', HEAD + DECL + '  - kind: docx\n    template: index-of-evidence.docx\n    output: "{{caseId}}-declaration.docx"\n', { code: 'AP2005', line: 11, step: 2, message: 'the output "{{caseId}}-declaration.docx" is already written by step 1; each output needs its own name' }],
    ['a use of a later step', HEAD + '  - kind: docx\n    template: index-of-evidence.docx\n    output: i.docx\n    uses: [declaration]\n' + DECL, { code: 'AP2006', line: 8, step: 1, message: 'uses "declaration", which is step 2, which runs later' }],
    ['a use of an unknown step', HEAD + DECL + '  - kind: docx\n    template: index-of-evidence.docx\n    output: i.docx\n    uses: [packet]\n', { code: 'AP2006', step: 2, message: 'uses "packet", which is not the id of any step of this pipeline' }],
    ['an output in a folder', HEAD + '  - kind: docx\n    template: declaration.docx\n    output: "../{{caseId}}.docx"\n', { code: 'AP2007', line: 7, step: 1 }],
    ['forEach without item in the output', HEAD + '  - kind: docx\n    template: certificate-of-translation.docx\n    forEach: translations\n    output: "{{caseId}}-certificate.docx"\n', { code: 'AP2007', step: 1 }],
    ['a misspelt option', HEAD + '  - kind: docx\n    templte: declaration.docx\n    output: x.docx\n', { code: 'AP1102', line: 6, column: 5, step: 1, message: 'unknown field "templte"; did you mean "template"?' }],
    ['an unknown field in when', 'name: test\nwhen:\n  proceeding.typ: affirmative\nsteps:\n' + DECL, { code: 'AP2009', line: 3, column: 3, message: '"when" names "proceeding.typ", which is not a field of the intake or the derived values; did you mean "proceeding.type"?' }],
    ['a template of the wrong kind', HEAD + '  - kind: docx\n    template: checklist.md.hbs\n    output: x.docx\n', { code: 'AP2002', step: 1, message: 'a docx step takes a template ending in .docx, found "checklist.md.hbs"' }],
  ])('reports %s', async (_, yaml, want) => {
    const problems = await load(yaml);
    expect(problems[0], JSON.stringify(problems)).toMatchObject(want);
  });

  it('reports every problem of a file at once', async () => {
    const problems = await load(HEAD + '  - kind: docs\n  - kind: docx\n    template: nowhere.docx\n    output: a/b.docx\n    uses: [later]\n');
    expect(problems.map((p) => p.code).sort()).toEqual(['AP2003', 'AP2004', 'AP2006', 'AP2007']);
  });

  it('reports two pipelines with the same name', async () => {
    const dir = await mkdtemp(path.join(tmp, 'dup-'));
    await writeFile(path.join(dir, 'a.yaml'), HEAD + DECL);
    await writeFile(path.join(dir, 'b.yml'), HEAD + DECL);
    const r = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(r.pipelines).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['AP2008']);
  });

  it('accepts JSON pipeline files', async () => {
    const file = path.join(tmp, 'p.json');
    await writeFile(file, JSON.stringify({ name: 'json-pipeline', steps: [{ kind: 'text', template: 'checklist.md.hbs', output: '{{caseId}}.md' }] }));
    const r = await loadPipelineFile(file, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(r.problems).toEqual([]);
    expect(r.pipeline?.steps.map((s) => s.kind)).toEqual(['text']);
  });
});

describe('pipeline.schema.json', () => {
  it('is up to date (regenerate with `npm run schema`)', async () => {
    const { pipelineJsonSchema } = await import('../../src/pipeline/schema.js');
    const committed = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../pipeline.schema.json'), 'utf8'));
    expect(committed).toEqual(pipelineJsonSchema());
  });
});
