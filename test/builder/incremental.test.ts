/**
 * Incremental builds: a pipeline whose inputs — intake, evidence, templates, pipeline, tool
 * version, date — are unchanged by content is skipped; any change rebuilds it; --force always
 * rebuilds. Each published pipeline carries a manifest of its inputs and outputs.
 */
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import type { Manifest } from '../../src/builder/manifest.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { cli, repoRoot } from '../cli/helpers.js';
import { OCR_MISSING, OFFICE_MISSING } from '../helpers/office.js';
import { pdfPageCount } from '../helpers/pdf.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-incremental-'));
  await cp(path.join(repoRoot, 'fixtures/samples'), path.join(tmp, 'case'), { recursive: true });
  await cp(path.join(repoRoot, 'templates'), path.join(tmp, 'templates'), { recursive: true });
  await cp(path.join(repoRoot, 'pipelines'), path.join(tmp, 'pipelines'), { recursive: true });
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

async function build(force = false): Promise<CaseBuild> {
  const { pipelines, problems } = await loadPipelines(path.join(tmp, 'pipelines'), { templatesDir: path.join(tmp, 'templates') });
  expect(problems).toEqual([]);
  return buildCase(path.join(tmp, 'case', 'intake-defensive.json'), { outDir: path.join(tmp, 'out'), templatesDir: path.join(tmp, 'templates'), pipelines, today: '2026-11-22', force });
}

const upToDate = (b: CaseBuild) => Object.fromEntries(b.outputs.map((o) => [o.pipeline, o.upToDate]));
const outDir = () => path.join(tmp, 'out', '2025-0142-nunez', 'eoir-defensive');
const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('incremental builds', () => {
  it('publishes a manifest of inputs and outputs with each pipeline', async () => {
    const b = await build();
    expect(b.ok).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(outDir(), 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ manifestVersion: 2, caseId: '2025-0142-nunez', pipeline: 'eoir-defensive' });
    expect(manifest.inputs.intake).toEqual({ path: 'intake-defensive.json', sha256: await sha(path.join(tmp, 'case', 'intake-defensive.json')) });
    expect(manifest.inputs.evidence.map((e) => e.path)).toContain('evidence/denuncia.en.pdf');
    expect(manifest.inputs.templates.map((t) => t.path)).toEqual(expect.arrayContaining(['templates/declaration.docx', 'templates/checklist.md.hbs', 'pipelines/forms/i-589.yaml']));
    for (const o of manifest.outputs) {
      expect(o.sha256).toBe(await sha(path.join(outDir(), o.file)));
      expect(o.bytes).toBe((await stat(path.join(outDir(), o.file))).size);
    }
    // Tab C after the cover, the contents, Tabs A and B (9 pages) and the declaration LibreOffice converted, when it can.
    const declaration = OFFICE_MISSING ? 0 : await pdfPageCount(await readFile(path.join(outDir(), '2025-0142-nunez-declaration.pdf')));
    expect(manifest.pageRanges['ex-police-report']).toEqual({ tab: 'C', firstPage: 9 + declaration, lastPage: 14 + declaration });
    // The summary's statements the declaration does not support, the declaration not converted where LibreOffice is
    // missing, the form not downloaded, and the filing rules with errors or warnings (the sample's hearing is past on 2026-11-22).
    expect(manifest.warnings.map((w) => w.code)).toEqual(['AP6007', ...(OFFICE_MISSING ? ['AP3011'] : []), 'AP5101', ...(OCR_MISSING ? ['AP4106'] : []), 'AP6102']);
    expect(manifest.rules.map((r) => r.id)).toContain('court-filing-deadline');
  });

  it('skips a pipeline whose inputs have not changed, and leaves its files alone', async () => {
    await build();
    const before = (await stat(path.join(outDir(), '2025-0142-nunez-exhibits.pdf'))).mtimeMs;
    const again = await build();
    expect(again.ok).toBe(true);
    expect(upToDate(again)).toEqual({ 'eoir-defensive': true, 'eoir-supplemental': true });
    expect(again.outputs[0]!.files).toContain('2025-0142-nunez-exhibits.pdf');
    expect((await stat(path.join(outDir(), '2025-0142-nunez-exhibits.pdf'))).mtimeMs).toBe(before);
  });

  // The supplemental filing reads the intake and its evidence, but not the checklist or the other pipeline.
  it.each([
    ['an evidence file', 'case/evidence/amaya-letter.pdf', false],
    ['a template', 'templates/checklist.md.hbs', true],
    ['the pipeline', 'pipelines/eoir-defensive.yaml', true],
    ['the intake', 'case/intake-defensive.json', false],
  ])('rebuilds when %s changes', async (_, rel, supplementalUpToDate) => {
    await build();
    await appendFile(path.join(tmp, rel), rel.endsWith('.json') ? '\n' : rel.endsWith('.pdf') ? '\n%changed\n' : '\n');
    const again = await build();
    expect(again.ok, JSON.stringify(again.problems)).toBe(true);
    expect(upToDate(again)).toEqual({ 'eoir-defensive': false, 'eoir-supplemental': supplementalUpToDate });
  });

  it('rebuilds everything with force', async () => {
    await build();
    const again = await build(true);
    expect(upToDate(again)).toEqual({ 'eoir-defensive': false, 'eoir-supplemental': false });
  });

  it('says so on the command line, and checks --concurrency', async () => {
    const args = ['build', '--today', '2026-11-22', '--out', path.join(tmp, 'out'), 'fixtures/samples/intake-affirmative.json', 'fixtures/samples/intake-defensive.json'];
    expect((await cli(...args)).code).toBe(0);
    const second = await cli(...args, '--concurrency', '2');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('• up to date  fixtures/samples/intake-affirmative.json  2025-0142-nunez');
    expect(second.stdout).toContain('2 cases: 0 built, 2 up to date, 0 failed; 0 documents written');
    expect(second.stdout).toMatch(/intake +case +result +documents +time/);
    expect((await cli(...args, '--concurrency', '0')).code).toBe(2);
  });
});
