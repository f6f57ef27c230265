/**
 * An intake whose narrative holds Word markup, template tags, ampersands, quotes, line breaks and
 * emoji builds a valid declaration that shows the text exactly as the client gave it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { assertWellFormed, docxText, openDocx } from '../helpers/docx.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const HOSTILE = 'They wrote <w:t>LIAR</w:t></w:r> on my door, {#evil}{/evil} {applicant.name.family} & "more" — 😀🇭🇳\nThen they left.';
let out: string;
let intakeFile: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-hostile-'));
  const doc = JSON.parse(await readFile(path.join(samples, 'intake-affirmative.json'), 'utf8'));
  doc.events[1].narrative = HOSTILE;
  doc.applicant.name.given = 'José <Pepe> & Co';
  // In a copy of the samples folder, so the evidence paths resolve.
  await cp(samples, path.join(out, 'case'), { recursive: true });
  intakeFile = path.join(out, 'case', 'hostile.json');
  await writeFile(intakeFile, JSON.stringify(doc, null, 2));
});
afterAll(async () => rm(out, { recursive: true, force: true }));

describe('hostile intake text', () => {
  it('is rendered verbatim into a valid declaration', async () => {
    const { pipelines } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
    const b = await buildCase(intakeFile, { outDir: out, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: '2026-11-22' });
    expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    const zip = openDocx(await readFile(path.join(out, '2025-0142-nunez', 'uscis-affirmative', '2025-0142-nunez-declaration.docx')));
    assertWellFormed(zip);
    const text = docxText(zip);
    // Verbatim, but for the first word, which continues the sentence of the date and the place: "…, they wrote".
    expect(text).toContain(`, they${HOSTILE.slice('They'.length).replace('\n', ' ')}`);
    expect(text).toContain('José <Pepe> & Co Antonio Núñez Ramírez');
  });
});
