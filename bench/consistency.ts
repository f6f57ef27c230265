/**
 * npm run bench (fourth part): the consistency report of a case with 200 events and three earlier
 * filings (issue 11: at most a tenth of that case's build). The case is the affirmative sample with
 * 200 events; its three snapshots differ from it by 10 events re-dated, 20 narratives reworded and
 * both. Both figures in a warm process, medians of interleaved runs; the report also with its snapshots'
 * validation forgotten, as in a process's first build of the case. Prints figures; asserts nothing.
 *
 * Run alone: `tsx bench/consistency.ts` (imports src/ directly, as the tests do).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCase } from '../src/builder/build-case.js';
import { consistencyReport, forgetValidatedSnapshots } from '../src/history/consistency.js';
import { validateIntakeFile } from '../src/intake/validate.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../src/paths.js';
import { loadPipelines } from '../src/pipeline/load.js';
import { median, results } from './results.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2026-11-22';
const RUNS = 5;
const EVENTS = 200;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const work = await mkdtemp(path.join(os.tmpdir(), 'consistency-bench-'));
try {
  await cp(path.join(repo, 'fixtures/samples/evidence'), path.join(work, 'evidence'), { recursive: true });
  await mkdir(path.join(work, 'history'));
  const sample = JSON.parse(await readFile(path.join(repo, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Json;
  const stories = (sample.events as Json[]).map((e) => e.narrative as string);
  const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i * 5)).toISOString().slice(0, 10);
  sample.events = Array.from({ length: EVENTS }, (_, i) => ({ id: `ev-${i + 1}`, date: day(i), place: `Place ${i % 17}`, narrative: `${stories[i % stories.length]} (${i + 1})`, evidence: [] }));
  const variant = (redate: boolean, reword: boolean) => {
    const v = structuredClone(sample);
    v.events.forEach((e: Json, i: number) => {
      if (redate && i % 20 === 0) e.date = day(i + 1);
      if (reword && i % 10 === 0) e.narrative = e.narrative.replace(/\b(\w+)\b/, 'Three');
    });
    return v;
  };
  const snapshots = [variant(true, false), variant(false, true), variant(true, true)];
  sample.proceeding.priorFilings = [];
  for (const [i, s] of snapshots.entries()) {
    const rel = `history/2025-0${i + 3}-01-affirmative.json`;
    await writeFile(path.join(work, rel), JSON.stringify(s, null, 2));
    sample.proceeding.priorFilings.push({ stage: 'affirmative', filedOn: `2025-0${i + 3}-01`, snapshot: rel });
  }
  const intake = path.join(work, 'intake.json');
  await writeFile(intake, JSON.stringify(sample, null, 2));

  const { pipelines } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
  const v = await validateIntakeFile(intake, { today: TODAY });
  if (!v.ok) throw new Error(`the bench's intake does not validate: ${v.problems.map((p) => p.message).join('; ')}`);
  const build = () => buildCase(intake, { outDir: path.join(work, 'out'), templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY, force: true });
  const first = await build(); // warm up
  if (!first.ok) throw new Error(`the bench's case does not build: ${first.problems.map((p) => p.code).join(', ')}`);
  const report = await consistencyReport(v.case, TODAY);
  const builds: number[] = [];
  const reports: number[] = [];
  const colds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await build();
    builds.push((performance.now() - t) / 1000);
    t = performance.now();
    await consistencyReport(v.case, TODAY);
    reports.push((performance.now() - t) / 1000);
    // As in a process's first build of the case: no snapshot validated yet.
    forgetValidatedSnapshots();
    t = performance.now();
    await consistencyReport(v.case, TODAY);
    colds.push((performance.now() - t) / 1000);
  }
  const b = median(builds);
  const r = median(reports);
  const cold = median(colds);
  results.consistency = { reportS: r, coldReportS: cold, buildS: b, events: EVENTS, snapshots: snapshots.length, runs: RUNS };
  const ms = (s: number) => `${Math.round(s * 1000)} ms`;
  const differences = report.filings.map((f) => f.differences.length).join(' / ');
  console.log(`\nConsistency report, a case of ${EVENTS} events and ${snapshots.length} earlier filings (${differences} differences), warm process, medians of ${RUNS} interleaved runs:`);
  console.log(`  the report (read the snapshots, validated once per process; compare, word diffs, the summary): ${ms(r)}   (${reports.map(ms).join(' ')})`);
  console.log(`  the report with no snapshot validated yet (a process's first build of the case):            ${ms(cold)}   (${colds.map(ms).join(' ')})`);
  console.log(`  the case's build (--force, every document, the report included):   ${ms(b)}   (${builds.map(ms).join(' ')})`);
  console.log(`  report / build = ${(r / b).toFixed(3)} (target ≤ 0.1); first build of the case in a process: ${(cold / b).toFixed(3)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
