/**
 * The `form` pipeline step end to end: pipelines and templates in temporary folders (the shipped
 * field map copied beside the pipelines, the repo's templates copied, the I-589 stand-in saved as
 * templates/forms/i-589.pdf when a test wants the form present), checked by loadPipelines before
 * any case runs and then built with buildCase, the output read back with pdf.js.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import type { Problem } from '../../src/errors/problem.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { makeFixtureI589 } from '../helpers/fixture-form.js';
import { withPdf } from '../helpers/pdf.js';

const root = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(root, 'fixtures/samples/intake-defensive.json');
const SHIPPED_MAP = path.join(root, 'pipelines/forms/i-589.yaml');
const TODAY = '2026-11-22';
const DOWNLOAD = 'https://www.uscis.gov/i-589';

let fixture: Uint8Array;
let base: string;

beforeAll(async () => {
  fixture = await makeFixtureI589();
  base = await mkdtemp(path.join(os.tmpdir(), 'ap-form-step-'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

const summary = (ps: Problem[]) => ps.map((p) => `${p.code} ${p.location.file}:${p.location.line ?? '?'} ${p.message}`).join('\n');

interface Setup {
  pipelinesDir: string;
  templatesDir: string;
  outDir: string;
  pipelineFile: string;
  mapFile: string;
}

/**
 * A pipelines folder with one defensive pipeline (a declaration and the I-589), the shipped field
 * map as forms/i-589.yaml beside it (optionally edited), and a templates folder copied from the
 * repo's, with the fixture form in it when `formPresent`.
 */
async function setup(name: string, o: { formPresent: boolean; optional?: boolean; editMap?: (yaml: string) => string }): Promise<Setup> {
  const dir = path.join(base, name);
  const pipelinesDir = path.join(dir, 'pipelines');
  const templatesDir = path.join(dir, 'templates');
  const outDir = path.join(dir, 'out');
  await mkdir(path.join(pipelinesDir, 'forms'), { recursive: true });
  await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
  await rm(path.join(templatesDir, 'forms', 'i-589.pdf'), { force: true });
  if (o.formPresent) await writeFile(path.join(templatesDir, 'forms', 'i-589.pdf'), fixture);
  const mapFile = path.join(pipelinesDir, 'forms', 'i-589.yaml');
  const map = await readFile(SHIPPED_MAP, 'utf8');
  await writeFile(mapFile, o.editMap ? o.editMap(map) : map);
  const pipelineFile = path.join(pipelinesDir, 'test-defensive.yaml');
  await writeFile(
    pipelineFile,
    [
      'name: test-defensive',
      'description: Declaration and Form I-589 for the immigration court',
      'when:',
      '  proceeding.type: defensive',
      'steps:',
      '  - kind: docx',
      '    id: declaration',
      '    template: declaration.docx',
      '    output: "{{caseId}}-declaration.docx"',
      '',
      '  - kind: form',
      '    id: i-589',
      '    map: forms/i-589.yaml',
      '    output: "{{caseId}}-I-589.pdf"',
      ...(o.optional !== undefined ? [`    optional: ${o.optional}`] : []),
      '',
    ].join('\n'),
  );
  return { pipelinesDir, templatesDir, outDir, pipelineFile, mapFile };
}

describe('the form step with the form in the templates folder', () => {
  it('loads cleanly and writes <caseId>-I-589.pdf among the outputs, filled', async () => {
    const s = await setup('present', { formPresent: true });
    const { pipelines, problems } = await loadPipelines(s.pipelinesDir, { templatesDir: s.templatesDir });
    expect(problems, summary(problems)).toEqual([]);
    expect(pipelines.map((p) => p.name)).toEqual(['test-defensive']);

    const b = await buildCase(SAMPLE, { outDir: s.outDir, templatesDir: s.templatesDir, pipelines, today: TODAY });
    expect(b.problems, summary(b.problems)).toEqual([]);
    expect(b.ok).toBe(true);
    expect(b.outputs).toHaveLength(1);
    expect(b.outputs[0]!.files).toContain('2025-0142-nunez-I-589.pdf');
    expect(b.outputs[0]!.files).toContain('2025-0142-nunez-declaration.docx');
    const dir = path.join(s.outDir, '2025-0142-nunez', 'test-defensive');
    expect((await readdir(dir)).sort()).toEqual(['2025-0142-nunez-I-589.pdf', '2025-0142-nunez-declaration.docx', 'manifest.json']);

    const bytes = new Uint8Array(await readFile(path.join(dir, '2025-0142-nunez-I-589.pdf')));
    const values = await withPdf(bytes, async (doc) => {
      const objects = ((await doc.getFieldObjects()) ?? {}) as Record<string, { type: string; value?: string }[]>;
      const read = (name: string) => objects[name]?.find((o) => o.type !== '')?.value;
      return {
        last: read('form1[0].#subform[0].PtAILine4_LastName[0]'),
        first: read('form1[0].#subform[0].PtAILine5_FirstName[0]'),
        aNumber: read('form1[0].#subform[0].PtAILine1_ANumber[0]'),
        pages: doc.numPages,
      };
    });
    expect(values).toEqual({ last: 'Núñez Ramírez', first: 'José', aNumber: '220418553', pages: 2 });
  });
});

describe('the form step without the form', () => {
  it('optional: true → the case builds, with an AP5101 warning naming the download address', async () => {
    const s = await setup('absent-optional', { formPresent: false, optional: true });
    const { pipelines, problems } = await loadPipelines(s.pipelinesDir, { templatesDir: s.templatesDir });
    expect(problems, summary(problems)).toEqual([]);

    const b = await buildCase(SAMPLE, { outDir: s.outDir, templatesDir: s.templatesDir, pipelines, today: TODAY });
    expect(b.ok, summary(b.problems)).toBe(true);
    const skipped = b.problems.filter((p) => p.code === 'AP5101');
    expect(skipped, summary(b.problems)).toHaveLength(1);
    expect(b.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const w = skipped[0]!;
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('forms/i-589.pdf');
    expect(w.message).toContain(path.join(s.templatesDir, 'forms', 'i-589.pdf'));
    expect(`${w.message} ${w.hint}`).toContain(DOWNLOAD);
    expect(w.location.file).toBe(s.mapFile);
    expect(b.outputs[0]!.files).toEqual(['2025-0142-nunez-declaration.docx']);
    expect((await readdir(path.join(s.outDir, '2025-0142-nunez', 'test-defensive'))).sort()).toEqual(['2025-0142-nunez-declaration.docx', 'manifest.json']);
  });

  it('not optional → loadPipelines reports AP5001 with the download hint, before any case runs', async () => {
    for (const [name, optional] of [['absent-required', false], ['absent-default', undefined]] as const) {
      const s = await setup(name, { formPresent: false, ...(optional !== undefined ? { optional } : {}) });
      const { pipelines, problems } = await loadPipelines(s.pipelinesDir, { templatesDir: s.templatesDir });
      expect(pipelines, name).toEqual([]);
      expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5001']);
      const p = problems[0]!;
      expect(p.severity).toBe('error');
      expect(p.message).toContain('forms/i-589.pdf');
      expect(p.hint).toContain(DOWNLOAD);
      expect(p.hint).toContain(path.join(s.templatesDir, 'forms', 'i-589.pdf'));
      // Located at the step's `map:` line of the pipeline file (line 13 of the file written above).
      expect(p.location).toMatchObject({ file: s.pipelineFile, step: 2, kind: 'form', line: 13 });
      // Nothing was built: no case ran.
      await expect(readdir(s.outDir)).rejects.toThrow(/ENOENT/);
    }
  });
});

describe('a field map that does not match the form', () => {
  it('names a field the form lacks → loadPipelines reports AP5004 at the map\'s line, before any case runs', async () => {
    const s = await setup('bad-map', {
      formPresent: true,
      editMap: (yaml) => yaml.replace('"form1[0].#subform[0].PtAILine4_LastName[0]"', '"form1[0].#subform[0].PtAILine4_LastNam[0]"'),
    });
    const mapText = await readFile(s.mapFile, 'utf8');
    const line = mapText.split('\n').findIndex((l) => l.includes('PtAILine4_LastNam[0]')) + 1;
    expect(line).toBeGreaterThan(0);

    const { pipelines, problems } = await loadPipelines(s.pipelinesDir, { templatesDir: s.templatesDir });
    expect(pipelines).toEqual([]);
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5004']);
    const p = problems[0]!;
    expect(p.message).toContain('did you mean "form1[0].#subform[0].PtAILine4_LastName[0]"');
    expect(p.location).toMatchObject({ file: s.mapFile, line });
    await expect(readdir(s.outDir)).rejects.toThrow(/ENOENT/);
  });
});
