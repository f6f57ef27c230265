/**
 * Builds one case: validate the intake, run every pipeline whose `when` matches, and publish
 * the outputs to <out>/<caseId>/<pipeline>/ only when all of them succeeded. The CaseBuilder
 * (case-builder.ts) calls this, in this process or in a worker process, once it has claimed the
 * case's output folders for the intake; nothing else should.
 */
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { validateIntakeFile, type Case } from '../intake/validate.js';
import type { Pipeline } from '../pipeline/load.js';
import { runPipeline, type PipelineRun } from '../pipeline/run.js';
import { matchesWhen } from '../pipeline/when.js';
import { buildModel, type Model } from '../render/model.js';
import { caseInputs, pipelineInputs } from './fingerprint.js';
import { readManifest, writeManifest } from './manifest.js';
import type { OutputModes } from './privacy.js';
import { staging } from './publish.js';
import { fileSystemFailure } from '../errors/fs-failure.js';
import { CaseDeadline } from './deadline.js';
import { lastFiling, type LastFiling } from '../history/last-filing.js';
import { consistencyData } from '../steps/consistency.js';
import { limitsWith, type Limits } from '../limits.js';

export interface BuildOptions {
  outDir: string;
  templatesDir: string;
  pipelines: readonly Pipeline[];
  today: string;
  /** Build even what is up to date (same inputs, by content, as the published outputs). */
  force?: boolean;
  /** Permissions of the published folders and files (default: owner only, 0700/0600). */
  modes?: OutputModes;
  /** The limits on intakes, exhibits, packets and the time of a case (limits.ts), as set. */
  limits?: Partial<Limits>;
  /** Called just before publishing; a PacketError it throws fails the case and nothing is published. */
  beforePublish?: (caseId: string) => Promise<void>;
  /** Nobody else builds this case now (a queue worker holds its lock): leftovers in its folder are dead builds'. */
  caseLocked?: boolean;
}

export interface PipelineOutput {
  pipeline: string;
  dir: string;
  files: string[];
  /** True when the published outputs were already up to date and nothing was built. */
  upToDate: boolean;
  /** What the consistency report found, per earlier filing (a `consistency` step that wrote one), for the terminal. */
  consistency?: { stage: string; filedOn: string; differences: number; acknowledged: number; report?: string }[];
}

export interface CaseBuild {
  file: string;
  ok: boolean;
  caseId?: string;
  /** Errors, and warnings (of a successful build too). */
  problems: Problem[];
  outputs: PipelineOutput[];
  ms: number;
  /**
   * Every file the build read or would read (absolute): the intake, the files it names, the
   * pipeline files and the templates, forms and field maps of its pipelines. A watcher rebuilds
   * the case when one of them changes.
   */
  reads: string[];
  /** The builder was stopped (SIGTERM to a watcher) before the case finished: not the case's failure; it is built again at the next start. */
  stopped?: true;
  /** A failed case: the outputs of an earlier build still published (a failed build never touches them). */
  kept?: PipelineOutput[];
}

export async function buildCase(file: string, opts: BuildOptions): Promise<CaseBuild> {
  const started = performance.now();
  const today = opts.today;
  const done = (r: Omit<CaseBuild, 'ms' | 'file'>): CaseBuild => ({ file, ...r, ms: Math.round(performance.now() - started) });
  const limits = limitsWith(opts.limits);
  const deadline = new CaseDeadline(limits.caseSeconds, file, started);

  const v = await validateIntakeFile(file, { today, maxBytes: limits.maxIntakeBytes, maxDepth: limits.maxIntakeDepth });
  const named = [path.resolve(file), ...v.files];
  if (!v.ok) return done({ ok: false, problems: v.problems, outputs: [], reads: named });
  const c: Case = v.case;
  const caseId = c.intake.caseId;
  const models = caseModels(c, today, await lastFiling(c));
  const selected = selectPipelines(opts.pipelines, models);
  if (selected.length === 0) return done({ ok: false, caseId, problems: [...v.problems, problem('noPipeline', { caseId }, { file })], outputs: [], reads: named });

  const caseDir = path.join(opts.outDir, caseId);
  const stage = staging(caseDir, opts.modes, { caseLocked: opts.caseLocked ?? false });
  let reads = named;
  try {
    // Incremental: a pipeline whose inputs (by content) match its published manifest is skipped.
    const own = await caseInputs(c);
    const plans = await Promise.all(
      selected.map(async (pipeline) => {
        const { inputs, read } = await pipelineInputs(own, pipeline, { templatesDir: opts.templatesDir, today });
        const published = opts.force ? undefined : await readManifest(path.join(caseDir, pipeline.name));
        // A pipeline a step of which failed alone is never current: its error is reported again.
        const current = published?.inputs.fingerprint === inputs.fingerprint && !published.errors?.length ? published : undefined;
        return { pipeline, inputs, read, current };
      }),
    );
    reads = [...new Set([...named, ...plans.flatMap((pl) => pl.read)])];
    const evidenceHashes = new Map(own.evidence.filter((e) => e.sha256 !== 'missing').map((e) => [e.path, e.sha256]));
    const runs: PipelineRun[] = [];
    for (const plan of plans.filter((pl) => !pl.current)) {
      const dir = await stage.dirFor(plan.pipeline.name);
      const run = await runPipeline(plan.pipeline, c, models.for(plan.pipeline), { outDir: dir, limits, deadline, evidenceHashes });
      await writeManifest(dir, caseId, run, plan.inputs, opts.modes);
      runs.push(run);
    }
    await opts.beforePublish?.(caseId);
    let published: string[];
    try {
      published = await stage.publish();
    } catch (err) {
      throw new PacketError(problem('outputWrite', { detail: (err as Error).message }, { file: caseDir }), { cause: err });
    }
    const outputs: PipelineOutput[] = plans.map((pl) => {
      const i = runs.findIndex((r) => r.pipeline === pl.pipeline.name);
      return i >= 0
        ? { pipeline: pl.pipeline.name, dir: published[i]!, files: runs[i]!.files, upToDate: false, ...consistencyOf(runs[i]!) }
        : { pipeline: pl.pipeline.name, dir: path.join(caseDir, pl.pipeline.name), files: pl.current!.outputs.map((o) => o.file), upToDate: true };
    });
    return done({ ok: true, caseId, problems: [...v.problems, ...onceEach(runs.flatMap((r) => [...r.errors, ...r.warnings]))], outputs, reads });
  } catch (err) {
    // A folder that refused the case may refuse its clean-up too: the first failure is the one to report.
    await stage.discard().catch(() => undefined);
    // A case never built before leaves no empty folder behind (rmdir removes only an empty one).
    await rmdir(caseDir).catch(() => undefined);
    const kept = await keptOutputs(caseDir, selected);
    const failed = (problems: Problem[]) => done({ ok: false, caseId, problems: [...v.problems, ...problems], outputs: [], reads, ...(kept.length ? { kept } : {}) });
    if (err instanceof PacketError) return failed(err.problems);
    // The output folder refused the case (permissions, a read-only or full disk): said in words.
    const fs = fileSystemFailure(err);
    if (fs) return failed([problem('outputWrite', { detail: fs }, { file: caseDir })]);
    // Not a problem any step foresaw: still this case's failure only, never the whole batch's.
    return failed([problem('stepFailed', { detail: `unexpected failure: ${(err as Error)?.stack ?? String(err)}` }, { file })]);
  }
}

/** The consistency step's counts, per earlier filing, with the report it wrote. */
function consistencyOf(run: PipelineRun): Pick<PipelineOutput, 'consistency'> {
  const data = consistencyData(run.results);
  if (!data?.consistency.length) return {};
  return { consistency: data.consistency.map(({ stage, filedOn, differences, acknowledged }) => ({ stage, filedOn, differences, acknowledged, report: data.report })) };
}

/**
 * Said once, though more than one step or pipeline finds it: the filing rules (they read the case)
 * and LibreOffice or Tesseract not installed, or a language's OCR data missing (each step that needs them finds it).
 */
const ONCE = new Set(['AP6102', 'AP3011', 'AP4106', 'AP4107']);
function onceEach(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (!ONCE.has(p.code)) return true;
    const key = p.message;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What an earlier build published for these pipelines, still in place after this one failed. */
async function keptOutputs(caseDir: string, pipelines: readonly Pipeline[]): Promise<PipelineOutput[]> {
  const kept: PipelineOutput[] = [];
  for (const p of pipelines) {
    const dir = path.join(caseDir, p.name);
    const m = await readManifest(dir);
    if (m) kept.push({ pipeline: p.name, dir, files: m.outputs.map((o) => o.file), upToDate: false });
  }
  return kept;
}

/** Failures that come from outside the case (the output folder refused it) and may pass: worth building again later. */
export function looksTemporary(r: CaseBuild): boolean {
  const errors = r.problems.filter((p) => p.severity === 'error');
  return !r.ok && !r.stopped && errors.length > 0 && errors.every((p) => p.code === 'AP3003');
}

/**
 * The case's template model, made once; a pipeline that orders, labels or picks its exhibits
 * otherwise than the default (a supplemental filing: those added since the last filing) gets its
 * own arrangement, made once too.
 */
function caseModels(c: Case, today: string, last: LastFiling | undefined) {
  const made = new Map<string, Model>();
  const arranged = ({ tabs, order, since, documents }: Pipeline['exhibits'], electronicSignatures = false): Model => {
    const key = JSON.stringify([tabs, order, since ?? '', documents ?? [], electronicSignatures]);
    let m = made.get(key);
    if (!m) made.set(key, (m = buildModel(c, { today, tabStyle: tabs, groupByCategory: order === 'category', lastFiling: last, sinceLastFiling: since === 'last-filing', documentExhibits: documents ?? [], electronicSignatures })));
    return m;
  };
  return {
    /** The model with the default arrangement, which the pipelines' `when` is matched against. */
    base: arranged({ tabs: 'letters', order: 'intake' }),
    for: (p: Pipeline) => arranged(p.exhibits, p.signatures.electronic),
  };
}

function selectPipelines(pipelines: readonly Pipeline[], models: ReturnType<typeof caseModels>): Pipeline[] {
  return pipelines.filter((p) => matchesWhen(p.when, models.base));
}

/**
 * What the claim needs, read cheaply: the intake's caseId and the pipelines it selects (its
 * schema only, not its evidence). Undefined for an intake that does not validate: its build
 * reports why.
 */
export async function casePipelines(file: string, pipelines: readonly Pipeline[], today: string, limits: Partial<Limits> = {}): Promise<{ caseId: string; pipelines: string[] } | undefined> {
  const { maxIntakeBytes, maxIntakeDepth } = limitsWith(limits);
  const v = await validateIntakeFile(file, { today, schemaOnly: true, maxBytes: maxIntakeBytes, maxDepth: maxIntakeDepth });
  if (!v.ok) return undefined;
  return { caseId: v.case.intake.caseId, pipelines: (await pipelinesFor(v.case, pipelines, today)).map((p) => p.name) };
}

/** The pipelines a valid case selects (their `when` matched against its model). */
export async function pipelinesFor(c: Case, pipelines: readonly Pipeline[], today: string): Promise<Pipeline[]> {
  return selectPipelines(pipelines, caseModels(c, today, await lastFiling(c)));
}
