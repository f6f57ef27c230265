/**
 * The supplemental filing (issue 11, part 3): the eoir-supplemental pipeline builds the exhibits
 * added since the last recorded filing, tabs continuing after the last one filed, with a cover
 * page titled as a supplemental filing, its own contents and its own certificate of service.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { recordFiling } from '../../src/history/record-filing.js';
import { tabIndex } from '../../src/history/last-filing.js';
import { tabLabel } from '../../src/render/tabs.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { norm, pdfOutline, pdfText, withPdf } from '../helpers/pdf.js';
import { docxText, openDocx } from '../helpers/docx.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-08-10';
let tmp: string;
let pipelines: Pipeline[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-supplemental-'));
  const loaded = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(loaded.problems).toEqual([]);
  pipelines = loaded.pipelines;
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** A copy of the samples' folder (intakes, evidence, history) to build and record in. */
async function samplesCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'case-'));
  await cp(path.join(ROOT, 'fixtures/samples'), dir, { recursive: true });
  return dir;
}
const build = (intake: string, outDir: string) => buildCase(intake, { outDir, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
const folder = (outDir: string, pipeline: string) => path.join(outDir, '2025-0142-nunez', pipeline);
const manifestOf = async (outDir: string, pipeline: string) => JSON.parse(await readFile(path.join(folder(outDir, pipeline), 'manifest.json'), 'utf8'));

describe('the supplemental filing of the defensive sample', () => {
  let outDir: string;
  let r: CaseBuild;
  let pages: string[];
  beforeAll(async () => {
    const dir = await samplesCopy();
    outDir = path.join(dir, 'output');
    r = await build(path.join(dir, 'intake-defensive.json'), outDir);
    pages = (await pdfText(await readFile(path.join(folder(outDir, 'eoir-supplemental'), '2025-0142-nunez-supplemental-exhibits.pdf')))).map(norm);
  });

  it('is built beside the full court filing, from the exhibits added after the affirmative filing only, at tabs G and H', async () => {
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    expect(r.outputs.map((o) => o.pipeline)).toEqual(['eoir-defensive', 'eoir-supplemental']);
    const filed = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/history/2025-05-20-affirmative.json'), 'utf8')).evidence.map((e: { id: string }) => e.id);
    const now = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/intake-defensive.json'), 'utf8')).evidence.map((e: { id: string }) => e.id);
    const added = now.filter((id: string) => !filed.includes(id));
    expect(added).toEqual(['ex-psych-eval', 'ex-country-report-2025']);
    const ranges = (await manifestOf(outDir, 'eoir-supplemental')).pageRanges;
    expect(Object.keys(ranges)).toEqual(added);
    expect(Object.values(ranges).map((x) => (x as { tab: string }).tab)).toEqual(['G', 'H']);
    expect(r.outputs.find((o) => o.pipeline === 'eoir-supplemental')!.files).toEqual(['2025-0142-nunez-supplemental-exhibits.pdf', '2025-0142-nunez-supplemental-certificate-of-service.docx']);
  });

  it('opens on a cover page titled as a supplemental filing, with its own contents listing only tabs G and H, numbered from 1', () => {
    expect(pages[0]).toContain('RESPONDENT’S SUPPLEMENTAL FILING: EVIDENCE IN SUPPORT OF HIS APPLICATION FOR ASYLUM');
    expect(pages[0]).toContain('Tabs G through H');
    expect(pages[0]).toContain('File No.: A-220-418-553');
    const contents = pages[1]!;
    expect(contents).toContain('TABLE OF CONTENTS');
    expect(contents).toContain('G February 10, 2026 3–6 Psychological evaluation by Dr. Lena Hofmann, Psy.D.');
    expect(contents).toContain('H August 12, 2025 7–10 U.S. Department of State, Honduras 2024 Human Rights Report (excerpts)');
    expect(contents).toContain('11 Certificate of service');
    for (const old of ['Passport', 'Police report', 'Letter from neighbour', 'Honduras 2023']) expect(pages.join('\n')).not.toContain(old);
    expect(pages[2]).toContain('TAB G');
    expect(pages.map((p) => p.split(' ').at(-1))).toEqual(pages.map((_, i) => String(i + 1)));
  });

  it('ends with its own certificate of service, naming the supplemental filing and its tabs; the Word certificate says the same', async () => {
    const service = 'I served a copy of this supplemental filing, consisting of the table of contents and the exhibits at Tabs G through H, on the Department of Homeland Security';
    expect(pages.at(-1)).toContain('CERTIFICATE OF SERVICE');
    expect(pages.at(-1)).toContain(service);
    const word = norm(docxText(await openDocx(await readFile(path.join(folder(outDir, 'eoir-supplemental'), '2025-0142-nunez-supplemental-certificate-of-service.docx')))));
    expect(word).toContain(service);
    expect(word).not.toContain('Form I-589');
  });

  it('its bookmarks name the tabs G and H, and the full court filing keeps tabs A through H', async () => {
    const outline = await withPdf(await readFile(path.join(folder(outDir, 'eoir-supplemental'), '2025-0142-nunez-supplemental-exhibits.pdf')), pdfOutline);
    expect(outline.filter((o) => o.title.startsWith('Tab ')).map((o) => o.title.slice(0, 5))).toEqual(['Tab G', 'Tab H']);
    const full = (await manifestOf(outDir, 'eoir-defensive')).pageRanges;
    expect(Object.values(full).map((x) => (x as { tab: string }).tab)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  });
});

describe('tabs continue after the last recorded filing', () => {
  it('recorded as filed, the court filing leaves nothing to supplement; an exhibit added after it is Tab I, alone in the supplemental filing', async () => {
    const dir = await samplesCopy();
    const intake = path.join(dir, 'intake-defensive.json');
    const outDir = path.join(dir, 'output');
    expect((await build(intake, outDir)).ok).toBe(true);
    await recordFiling(intake, { stage: 'defensive', date: '2026-08-10', outDir, today: TODAY });

    const recorded = await build(intake, outDir);
    expect(recorded.ok, JSON.stringify(recorded.problems)).toBe(true);
    expect(recorded.outputs.map((o) => o.pipeline)).toEqual(['eoir-defensive']);

    const data = JSON.parse(await readFile(intake, 'utf8'));
    data.evidence.push({ id: 'ex-cousin-letter', title: 'Letter from cousin Marco Núñez', category: 'witness', file: 'evidence/amaya-letter.pdf', date: '2026-08-20', language: 'en' });
    await writeFile(intake, JSON.stringify(data, null, 2));
    const added = await build(intake, outDir);
    expect(added.ok, JSON.stringify(added.problems)).toBe(true);
    expect(added.outputs.map((o) => o.pipeline)).toEqual(['eoir-defensive', 'eoir-supplemental']);
    const ranges = (await manifestOf(outDir, 'eoir-supplemental')).pageRanges;
    expect(ranges).toEqual({ 'ex-cousin-letter': expect.objectContaining({ tab: 'I', firstPage: 3 }) });
    const pages = (await pdfText(await readFile(path.join(folder(outDir, 'eoir-supplemental'), '2025-0142-nunez-supplemental-exhibits.pdf')))).map(norm);
    expect(pages[0]).toContain('RESPONDENT’S SUPPLEMENTAL FILING');
    expect(pages[0]).toMatch(/ Tab I( |$)/);
    expect(pages.at(-1)).toContain('the exhibit at Tab I,');

    // Recorded as a supplemental filing: what the supplemental pipeline built, nothing else.
    const r = await recordFiling(intake, { stage: 'supplemental', date: '2026-08-21', outDir, today: TODAY });
    expect(r.recorded.filings.map((f) => f.pipeline)).toEqual(['eoir-supplemental']);
    expect(r.recorded.filings[0]!.exhibits).toEqual([expect.objectContaining({ id: 'ex-cousin-letter', tab: 'I' })]);
    expect((await build(intake, outDir)).outputs.map((o) => o.pipeline)).toEqual(['eoir-defensive']);
  });

  it('a case with no recorded filing (no snapshot) builds no supplemental filing', async () => {
    const dir = await samplesCopy();
    const intake = path.join(dir, 'intake-defensive.json');
    const data = JSON.parse(await readFile(intake, 'utf8'));
    delete data.proceeding.priorFilings[0].snapshot;
    await writeFile(intake, JSON.stringify(data, null, 2));
    const outDir = path.join(dir, 'output');
    const r = await build(intake, outDir);
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    expect(r.outputs.map((o) => o.pipeline)).toEqual(['eoir-defensive']);
    expect(await readdir(path.join(outDir, '2025-0142-nunez'))).toEqual(['eoir-defensive']);
  });

  it('tab labels and their positions round-trip: Z is followed by AA, 9 by 10', () => {
    for (let i = 0; i < 800; i++) {
      expect(tabIndex(tabLabel(i, 'letters'))).toBe(i);
      expect(tabIndex(tabLabel(i, 'numbers'))).toBe(i);
    }
    expect([tabIndex('H'), tabIndex('Z'), tabIndex('AA'), tabIndex('10')]).toEqual([7, 25, 26, 9]);
    expect([tabIndex(''), tabIndex('a'), tabIndex('0'), tabIndex('A1')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
