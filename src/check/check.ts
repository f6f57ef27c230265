/**
 * `asylum-packet check`: builds every sample case with the given pipelines and templates on a
 * fixed day, turns every output into its normal form (normalise.ts) and compares each with its
 * approved golden, fixtures/goldens/<caseId>/<pipeline>/<file>.txt. With `update` it writes the
 * goldens instead (and removes those of documents no longer built). Prints nothing.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CaseBuilder } from '../builder/case-builder.js';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR, PACKAGE_ROOT } from '../paths.js';
import { hunks, type Hunk } from './diff.js';
import { normalise } from './normalise.js';

/** The day every check builds on, so that deadlines and "days left" never move the goldens. */
export const CHECK_TODAY = '2026-11-22';
const DEFAULT_GOLDENS_DIR = path.join(PACKAGE_ROOT, 'fixtures', 'goldens');
const DEFAULT_SAMPLES_DIR = path.join(PACKAGE_ROOT, 'fixtures', 'samples');

export interface CheckOptions {
  templatesDir?: string;
  pipelinesDir?: string;
  goldensDir?: string;
  samplesDir?: string;
  /** Write the goldens from this build instead of comparing. */
  update?: boolean;
  today?: string;
}

export type DocumentStatus = 'unchanged' | 'changed' | 'new' | 'missing';

export interface DocumentCheck {
  /** "<caseId>/<pipeline>/<file>" */
  document: string;
  status: DocumentStatus;
  /** The golden's path. */
  golden: string;
  /** For a changed document: golden (-) against this build (+). */
  hunks?: Hunk[];
}

export interface CheckResult {
  /** No document differs from its golden and every case built (after `update`: every case built). */
  ok: boolean;
  documents: DocumentCheck[];
  /** Why a case or the pipelines failed; a failed case's documents are not compared. */
  problems: Problem[];
  /** Samples that failed to build. */
  failed: string[];
  /** With `update`: goldens written or removed because they differed. */
  updated?: { changed: number; added: number; removed: number };
  ms: number;
}

export async function check(opts: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const templatesDir = opts.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const pipelinesDir = opts.pipelinesDir ?? DEFAULT_PIPELINES_DIR;
  const goldensDir = opts.goldensDir ?? DEFAULT_GOLDENS_DIR;
  const samplesDir = opts.samplesDir ?? DEFAULT_SAMPLES_DIR;
  const today = opts.today ?? CHECK_TODAY;
  const done = (r: Omit<CheckResult, 'ms'>): CheckResult => ({ ...r, ms: Math.round(performance.now() - started) });

  const outDir = await mkdtemp(path.join(os.tmpdir(), 'asylum-packet-check-'));
  const builder = await CaseBuilder.open({ outDir, templatesDir, pipelinesDir, today });
  if (builder.problems.length) {
    await rm(outDir, { recursive: true, force: true });
    return done({ ok: false, documents: [], problems: [...builder.problems], failed: [] });
  }
  const samples = (await readdir(samplesDir)).filter((n) => n.endsWith('.json')).sort().map((n) => path.join(samplesDir, n));
  /** normal form of every output, by "<caseId>/<pipeline>/<file>" */
  const built = new Map<string, string>();
  const problems: Problem[] = [];
  const failed: string[] = [];
  let skippedConversion: Problem | undefined;
  let skippedOcr: Problem | undefined;
  try {
    for (const file of samples) {
      const b = await builder.build(file);
      skippedConversion ??= b.problems.find((p) => p.code === CONVERSION_SKIPPED);
      skippedOcr ??= b.problems.find((p) => p.code === OCR_SKIPPED);
      if (!b.ok || !b.caseId) {
        failed.push(file);
        problems.push(...b.problems.filter((p) => p.severity !== 'warning'));
        continue;
      }
      for (const o of b.outputs) {
        for (const name of o.files) built.set(`${b.caseId}/${o.pipeline}/${name}`, await normalise(name, await readFile(path.join(o.dir, name))));
      }
    }
  } finally {
    await builder.close();
    await rm(outDir, { recursive: true, force: true });
  }

  // The goldens hold the documents LibreOffice converts and the image pages Tesseract reads:
  // without them they can be neither compared nor rewritten (that would drop what they made).
  if (skippedConversion || skippedOcr) {
    if (skippedConversion) {
      const detail = `the goldens hold the documents LibreOffice converts, so without it they can be neither compared nor rewritten (${skippedConversion.message})`;
      problems.push(problem('converterMissing', { document: 'Each sample\'s Word documents', detail }, { file: pipelinesDir }));
    }
    if (skippedOcr) problems.push(problem('checkNeedsOcr', { detail: skippedOcr.message }, { file: pipelinesDir }));
    return done({ ok: false, documents: [], problems, failed });
  }

  const goldens = await listGoldens(goldensDir);
  const keys = [...new Set([...built.keys(), ...goldens])].sort();
  const documents: DocumentCheck[] = [];
  for (const document of keys) {
    const golden = path.join(goldensDir, ...document.split('/')) + '.txt';
    const now = built.get(document);
    // when a case failed, a golden with no output may be that case's: not called missing, not removed
    if (now === undefined && failed.length) continue;
    const before = goldens.has(document) ? await readFile(golden, 'utf8') : undefined;
    if (now === undefined) documents.push({ document, status: 'missing', golden });
    else if (before === undefined) documents.push({ document, status: 'new', golden });
    else if (before === now) documents.push({ document, status: 'unchanged', golden });
    else documents.push({ document, status: 'changed', golden, hunks: hunks(lines(before), lines(now)) });
  }

  if (opts.update) {
    for (const d of documents) {
      if (d.status === 'missing') await rm(d.golden, { force: true });
      else if (d.status !== 'unchanged') {
        await mkdir(path.dirname(d.golden), { recursive: true });
        await writeFile(d.golden, built.get(d.document)!);
      }
    }
    const count = (s: DocumentStatus) => documents.filter((d) => d.status === s).length;
    return done({ ok: failed.length === 0, documents, problems, failed, updated: { changed: count('changed'), added: count('new'), removed: count('missing') } });
  }
  return done({ ok: failed.length === 0 && documents.every((d) => d.status === 'unchanged'), documents, problems, failed });
}

const CONVERSION_SKIPPED = 'AP3011';
const OCR_SKIPPED = 'AP4106';

const lines = (s: string): string[] => s.replace(/\n$/, '').split('\n');

/** "<caseId>/<pipeline>/<file>" of every golden (`<goldens>/<caseId>/<pipeline>/<file>.txt`). */
async function listGoldens(dir: string): Promise<Set<string>> {
  const out = new Set<string>();
  const sub = async (d: string): Promise<string[]> => {
    try {
      return (await readdir(path.join(dir, d), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => (d ? `${d}/${e.name}` : e.name));
    } catch {
      return [];
    }
  };
  for (const caseDir of await sub('')) {
    for (const pipelineDir of await sub(caseDir)) {
      for (const e of await readdir(path.join(dir, pipelineDir), { withFileTypes: true })) {
        if (e.isFile() && e.name.endsWith('.txt')) out.add(`${pipelineDir}/${e.name.slice(0, -'.txt'.length)}`);
      }
    }
  }
  return out;
}
