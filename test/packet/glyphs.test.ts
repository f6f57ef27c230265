/** A title with characters the packet's font lacks builds, with a warning naming them. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
let tmp: string;
afterAll(async () => tmp && rm(tmp, { recursive: true, force: true }));

describe('characters the font lacks', () => {
  it('are reported as a warning (AP4101) naming them, and the case still builds', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-glyphs-'));
    await cp(samples, path.join(tmp, 'case'), { recursive: true });
    const doc = JSON.parse(await readFile(path.join(samples, 'intake-defensive.json'), 'utf8'));
    doc.evidence[0].title = 'Letter from Pastor Li Wei (李伟)';
    const file = path.join(tmp, 'case', 'cjk.json');
    await writeFile(file, JSON.stringify(doc, null, 2));
    const { pipelines } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
    const b = await buildCase(file, { outDir: path.join(tmp, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: '2026-11-22' });
    expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    const warning = b.problems.find((p) => p.code === 'AP4101');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('"李" (U+674E), "伟" (U+4F1F)');
    expect(warning?.location).toMatchObject({ pipeline: 'eoir-defensive', kind: 'packet' });
  });
});
