/**
 * The `form` step end to end, with the shipped pipelines copied into a temporary folder (their
 * field map edited when a test needs a mistake) and the repo's templates with the REAL Form I-589
 * saved as forms/i-589.pdf (or left out): loaded by loadPipelines, built by buildCase and by the
 * command line (in-process, test/cli/helpers.ts), the output folder listed and the filled form read
 * back with pdf.js.
 */
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { cli } from '../cli/helpers.js';
import { P1, REAL_FORM, TODAY, lineOf, readFields, sampleFile, summary } from '../helpers/i589.js';
import { withPdf } from '../helpers/pdf.js';

const CASE = '2025-0142-nunez';
const AFFIRMATIVE = sampleFile('affirmative');
const DOWNLOAD = 'https://www.uscis.gov/i-589';
/** What the uscis-affirmative pipeline writes for the sample besides the I-589 (its translations: tabs B, C, D). */
const OTHER_DOCUMENTS = [
  `${CASE}-cover-letter.docx`,
  `${CASE}-declaration.docx`,
  `${CASE}-exhibits.pdf`,
  `${CASE}-filing-checklist.md`,
  `${CASE}-index-of-evidence.docx`,
];

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'ap-form-step-'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

interface Setup {
  pipelinesDir: string;
  templatesDir: string;
  outDir: string;
  mapFile: string;
}

/**
 * A copy of the shipped pipelines (the field map and the affirmative pipeline optionally edited)
 * and of the shipped templates, with the real form as forms/i-589.pdf when `form`.
 */
async function setup(name: string, o: { form: boolean; editMap?: (yaml: string) => string; editPipeline?: (yaml: string) => string }): Promise<Setup> {
  const dir = path.join(base, name);
  const pipelinesDir = path.join(dir, 'pipelines');
  const templatesDir = path.join(dir, 'templates');
  await cp(DEFAULT_PIPELINES_DIR, pipelinesDir, { recursive: true });
  await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
  await mkdir(path.join(templatesDir, 'forms'), { recursive: true });
  await rm(path.join(templatesDir, 'forms', 'i-589.pdf'), { force: true });
  if (o.form) await copyFile(REAL_FORM, path.join(templatesDir, 'forms', 'i-589.pdf'));
  const mapFile = path.join(pipelinesDir, 'forms', 'i-589.yaml');
  if (o.editMap) {
    const before = await readFile(mapFile, 'utf8');
    const after = o.editMap(before);
    expect(after, 'the edit changed nothing').not.toBe(before);
    await writeFile(mapFile, after);
  }
  if (o.editPipeline) {
    const file = path.join(pipelinesDir, 'uscis-affirmative.yaml');
    const before = await readFile(file, 'utf8');
    const after = o.editPipeline(before);
    expect(after, 'the edit changed nothing').not.toBe(before);
    await writeFile(file, after);
  }
  return { pipelinesDir, templatesDir, outDir: path.join(dir, 'out'), mapFile };
}

async function build(s: Setup): Promise<CaseBuild> {
  const { pipelines, problems } = await loadPipelines(s.pipelinesDir, { templatesDir: s.templatesDir });
  expect(problems, summary(problems)).toEqual([]);
  expect(pipelines.map((p) => p.name).sort()).toEqual(['eoir-defensive', 'eoir-supplemental', 'uscis-affirmative']);
  return buildCase(AFFIRMATIVE, { outDir: s.outDir, templatesDir: s.templatesDir, pipelines, today: TODAY });
}

const published = (s: Setup) => readdir(path.join(s.outDir, CASE, 'uscis-affirmative')).then((names) => names.sort());
const errors = (b: CaseBuild) => b.problems.filter((p) => p.severity === 'error');

describe('the real form in the templates folder', () => {
  let s: Setup;
  let b: CaseBuild;
  beforeAll(async () => {
    s = await setup('present', { form: true });
    b = await build(s);
  }, 120_000);

  it('the case builds, and the filled I-589 is published among its documents', async () => {
    expect(errors(b), summary(b.problems)).toEqual([]);
    expect(b.ok).toBe(true);
    expect(b.outputs.map((o) => o.pipeline)).toEqual(['uscis-affirmative']);
    expect(b.outputs[0]!.files).toContain(`${CASE}-I-589.pdf`);
    const files = await published(s);
    expect(files).toContain(`${CASE}-I-589.pdf`);
    for (const f of OTHER_DOCUMENTS) expect(files, f).toContain(f);
  });

  it('the published form is the real one, filled: 12 pages, the applicant\'s name', async () => {
    const bytes = new Uint8Array(await readFile(path.join(s.outDir, CASE, 'uscis-affirmative', `${CASE}-I-589.pdf`)));
    expect(await withPdf(bytes, async (d) => d.numPages)).toBe(12);
    const fields = await readFields(bytes);
    expect(fields.size).toBe(448);
    expect(fields.get(`${P1}PtAILine4_LastName[0]`)?.value).toBe('Núñez Ramírez');
    expect(fields.get(`${P1}PtAILine5_FirstName[0]`)?.value).toBe('José');
  });

  it('its warnings come from the form step: the unanswered questions (AP5103)', () => {
    const unanswered = b.problems.filter((p) => p.code === 'AP5103');
    expect(unanswered, summary(b.problems)).toHaveLength(1);
    expect(unanswered[0]!.location).toMatchObject({ pipeline: 'uscis-affirmative', kind: 'form', caseId: CASE });
  });
});

describe('a field map naming a field the form lacks', () => {
  let s: Setup;
  let b: CaseBuild;
  let line: number;
  beforeAll(async () => {
    s = await setup('misspelt', {
      form: true,
      editMap: (yaml) => yaml.replace('"form1[0].#subform[0].PtAILine4_LastName[0]"', '"form1[0].#subform[0].PtAILine4_LastNam[0]"'),
    });
    line = lineOf(await readFile(s.mapFile, 'utf8'), 'PtAILine4_LastNam[0]"');
    expect(line).toBeGreaterThan(0);
    b = await build(s);
  }, 120_000);

  it('does not stop the pipelines from loading (checked above), nor the case from being published', () => {
    expect(b.ok, summary(b.problems)).toBe(true);
    expect(b.outputs.map((o) => o.pipeline)).toEqual(['uscis-affirmative']);
  });

  it('the build\'s problems carry AP5004, naming the field and "Form I-589 (Rev. 04/09/19)", at the map\'s line', () => {
    expect(errors(b).map((p) => p.code), summary(b.problems)).toEqual(['AP5004']);
    const p = errors(b)[0]!;
    expect(p.message).toContain('"form1[0].#subform[0].PtAILine4_LastNam[0]"');
    expect(p.message).toContain('Form I-589 (Rev. 04/09/19)');
    expect(p.message).toContain('did you mean "form1[0].#subform[0].PtAILine4_LastName[0]"');
    expect(p.location).toMatchObject({ file: s.mapFile, line, pipeline: 'uscis-affirmative', kind: 'form', caseId: CASE });
  });

  it('the case\'s other documents are published; the I-589 is not', async () => {
    const files = await published(s);
    expect(files).not.toContain(`${CASE}-I-589.pdf`);
    expect(b.outputs[0]!.files).not.toContain(`${CASE}-I-589.pdf`);
    for (const f of [...OTHER_DOCUMENTS, 'manifest.json']) expect(files, f).toContain(f);
  });

  it('the command line says "built, with a document missing", names AP5004 and exits 1', async () => {
    const out = path.join(base, 'misspelt', 'cli-out');
    const r = await cli('build', AFFIRMATIVE, '--pipelines', s.pipelinesDir, '--templates', s.templatesDir, '--out', out, '--today', TODAY);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('✖ built, with a document missing');
    expect(r.stdout).toContain('AP5004');
    expect(r.stdout).toContain('PtAILine4_LastNam[0]');
    expect(r.stdout).toContain('1 with a document missing');
    expect(r.stdout).not.toContain('no case was built');
    const files = (await readdir(path.join(out, CASE, 'uscis-affirmative'))).sort();
    expect(files).toContain(`${CASE}-declaration.docx`);
    expect(files).not.toContain(`${CASE}-I-589.pdf`);
  }, 120_000);
});

describe('no form in the templates folder', () => {
  it('optional: true (as shipped) → the case builds without it, with an AP5101 warning naming where to download it', async () => {
    const s = await setup('absent-optional', { form: false });
    const b = await build(s);
    expect(b.ok, summary(b.problems)).toBe(true);
    expect(errors(b), summary(b.problems)).toEqual([]);
    const skipped = b.problems.filter((p) => p.code === 'AP5101');
    expect(skipped, summary(b.problems)).toHaveLength(1);
    const w = skipped[0]!;
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('forms/i-589.pdf');
    expect(w.message).toContain(path.join(s.templatesDir, 'forms', 'i-589.pdf'));
    expect(`${w.message} ${w.hint}`).toContain(DOWNLOAD);
    expect(w.location.file).toBe(s.mapFile);
    const files = await published(s);
    expect(files).not.toContain(`${CASE}-I-589.pdf`);
    for (const f of OTHER_DOCUMENTS) expect(files, f).toContain(f);
  }, 120_000);

  it('optional: false → the form step fails alone with AP5001 and the download address; the rest is published', async () => {
    const s = await setup('absent-required', { form: false, editPipeline: (yaml) => yaml.replace(/(kind: form\n[\s\S]*?)optional: true/, '$1optional: false') });
    const b = await build(s);
    expect(b.ok, summary(b.problems)).toBe(true);
    expect(errors(b).map((p) => p.code), summary(b.problems)).toEqual(['AP5001']);
    expect(errors(b)[0]!.hint).toContain(DOWNLOAD);
    expect(errors(b)[0]!.location).toMatchObject({ pipeline: 'uscis-affirmative', kind: 'form' });
    const files = await published(s);
    expect(files).not.toContain(`${CASE}-I-589.pdf`);
    expect(files).toContain(`${CASE}-declaration.docx`);
  }, 120_000);
});
