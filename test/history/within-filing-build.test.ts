/**
 * Issue 11: "The cover-letter/declaration mismatch in the sample is flagged." The affirmative
 * sample's cover letter (claim.summary) says MS-13 threatened to kill the son and that the police
 * shared the report with the gang; its sworn declaration says neither. The build warns (AP6007),
 * the consistency report lists both with the summary's words, and the manifest counts only.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples');
let out: string;
const builds: Record<string, CaseBuild> = {};

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-within-'));
  const { pipelines } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
  for (const name of ['affirmative', 'family']) {
    builds[name] = await buildCase(path.join(SAMPLES, `intake-${name}.json`), { outDir: path.join(out, name), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: '2026-11-22' });
  }
});
afterAll(async () => rm(out, { recursive: true, force: true }));

const folder = path.join('affirmative', '2025-0142-nunez', 'uscis-affirmative');

describe('the claim summary against the declaration, in the build of the affirmative sample', () => {
  it('builds, with one warning naming what the summary says and no event supports', () => {
    const b = builds.affirmative!;
    expect(b.ok).toBe(true);
    const w = b.problems.filter((p) => p.code === 'AP6007');
    expect(w).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.message).toContain('"threatened to kill his son" (no event mentions the son together with killing or death, nor a threat of it)');
    expect(w[0]!.message).toContain('"Police officers who took his report shared it with the gang" (no event of the declaration mentions the police)');
    expect(w[0]!.location).toMatchObject({ path: 'claim.summary', pipeline: 'uscis-affirmative', kind: 'consistency' });
  });

  it('the consistency report beside the filing lists them, in Markdown and HTML, and nothing about earlier filings', async () => {
    const md = await readFile(path.join(out, folder, '2025-0142-nunez-consistency-report.md'), 'utf8');
    expect(md).toContain('## Within this filing: the claim summary and the declaration');
    expect(md).toContain('- **threatened to kill his son** (`claim.summary`): an act, "kill"');
    expect(md).toContain('- **Police officers who took his report shared it with the gang** (`claim.summary`)');
    expect(md).toContain('(`claim.persecutors[1]`): a persecutor');
    for (const supported of ['bakery', 'war tax', 'beat him', 'delivery van', 'meeting']) expect(md).not.toContain(supported);
    expect(md).not.toContain('## Earlier filings');
    const html = await readFile(path.join(out, folder, '2025-0142-nunez-consistency-report.html'), 'utf8');
    expect(html).toContain('<h2>Within this filing: the claim summary and the declaration</h2>');
    expect(html).toContain('threatened to kill his son');
  });

  it('the manifest counts the findings and their kinds, never their words', async () => {
    const text = await readFile(path.join(out, folder, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text);
    expect(manifest.warnings.map((w: { code: string }) => w.code)).toContain('AP6007');
    expect(manifest.withinFiling).toEqual({ unsupported: 3, kinds: ['act', 'person', 'persecutor'] });
    expect(text).not.toContain('threatened');
    expect(text).not.toContain('Police officers');
  });

  it('a summary every event supports (the family sample) gives no warning and no report', async () => {
    const b = builds.family!;
    expect(b.ok).toBe(true);
    expect(b.problems.map((p) => p.code)).not.toContain('AP6007');
    expect(b.outputs[0]!.files.some((f) => f.includes('consistency-report'))).toBe(false);
  });
});
