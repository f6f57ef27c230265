/**
 * Builds one case: validate the intake, run every pipeline whose `when` matches, and publish
 * the outputs to <out>/<caseId>/<pipeline>/ only when all of them succeeded.
 */
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { localToday, validateIntakeFile, type Case } from '../intake/validate.js';
import type { Pipeline } from '../pipeline/load.js';
import { runPipeline, type PipelineRun } from '../pipeline/run.js';
import { buildModel } from '../render/model.js';
import { matchesWhen } from '../pipeline/when.js';
import { caseInputs, pipelineInputs } from './fingerprint.js';
import { readManifest, writeManifest } from './manifest.js';
import { staging } from './publish.js';

export interface BuildOptions {
  outDir: string;
  templatesDir: string;
  pipelines: Pipeline[];
  today?: string;
  /**
   * Within one batch: which intake file already built each `<caseId>/<pipeline>`, so that two
   * intakes with the same caseId cannot silently overwrite each other's filing.
   */
  claims?: Map<string, string>;
  /** Build even what is up to date (same inputs, by content, as the published outputs). */
  force?: boolean;
}

export interface PipelineOutput {
  pipeline: string;
  dir: string;
  files: string[];
  /** True when the published outputs were already up to date and nothing was built. */
  upToDate: boolean;
}

export interface CaseBuild {
  file: string;
  ok: boolean;
  caseId?: string;
  /** Errors, and warnings (of a successful build too). */
  problems: Problem[];
  outputs: PipelineOutput[];
  ms: number;
}

export async function buildCase(file: string, opts: BuildOptions): Promise<CaseBuild> {
  const started = performance.now();
  const today = opts.today ?? localToday();
  const done = (r: Omit<CaseBuild, 'ms' | 'file'>): CaseBuild => ({ file, ...r, ms: Math.round(performance.now() - started) });

  const v = await validateIntakeFile(file, { today });
  if (!v.ok) return done({ ok: false, problems: v.problems, outputs: [] });
  const c: Case = v.case;
  const caseId = c.intake.caseId;
  const selected = selectPipelines(opts.pipelines, c, today);
  if (selected.length === 0) return done({ ok: false, caseId, problems: [...v.problems, problem('noPipeline', { caseId }, { file })], outputs: [] });

  const conflict = claim(file, caseId, selected, opts.claims);
  if (conflict) return done({ ok: false, caseId, problems: [...v.problems, conflict], outputs: [] });

  const caseDir = path.join(opts.outDir, caseId);
  const stage = staging(caseDir);
  try {
    // Incremental: a pipeline whose inputs (by content) match its published manifest is skipped.
    const own = await caseInputs(c);
    const plans = await Promise.all(
      selected.map(async (pipeline) => {
        const inputs = await pipelineInputs(own, pipeline, { templatesDir: opts.templatesDir, today });
        const published = opts.force ? undefined : await readManifest(path.join(caseDir, pipeline.name));
        return { pipeline, inputs, current: published?.inputs.fingerprint === inputs.fingerprint ? published : undefined };
      }),
    );
    const runs: PipelineRun[] = [];
    for (const plan of plans.filter((pl) => !pl.current)) {
      const dir = await stage.dirFor(plan.pipeline.name);
      const run = await runPipeline(plan.pipeline, c, { templatesDir: opts.templatesDir, outDir: dir, today });
      await writeManifest(dir, caseId, run, plan.inputs);
      runs.push(run);
    }
    let published: string[];
    try {
      published = await stage.publish();
    } catch (err) {
      throw new PacketError(problem('outputWrite', { detail: (err as Error).message }, { file: caseDir }), { cause: err });
    }
    const outputs: PipelineOutput[] = plans.map((pl) => {
      const i = runs.findIndex((r) => r.pipeline === pl.pipeline.name);
      return i >= 0
        ? { pipeline: pl.pipeline.name, dir: published[i]!, files: runs[i]!.files, upToDate: false }
        : { pipeline: pl.pipeline.name, dir: path.join(caseDir, pl.pipeline.name), files: pl.current!.outputs.map((o) => o.file), upToDate: true };
    });
    return done({ ok: true, caseId, problems: [...v.problems, ...runs.flatMap((r) => r.warnings)], outputs });
  } catch (err) {
    await stage.discard();
    if (err instanceof PacketError) return done({ ok: false, caseId, problems: [...v.problems, ...err.problems], outputs: [] });
    // Not a problem any step foresaw: still this case's failure only, never the whole batch's.
    const detail = `unexpected failure: ${(err as Error)?.stack ?? String(err)}`;
    return done({ ok: false, caseId, problems: [...v.problems, problem('stepFailed', { detail }, { file })], outputs: [] });
  }
}

/**
 * Within one batch, the first intake to build `<caseId>/<pipeline>` owns it; another intake with
 * the same caseId building the same pipeline would overwrite that filing, and is refused.
 */
function claim(file: string, caseId: string, selected: Pipeline[], claims: Map<string, string> | undefined): Problem | undefined {
  for (const p of selected) {
    const owner = claims?.get(`${caseId}/${p.name}`);
    if (owner && owner !== file) return problem('caseBuiltTwice', { caseId, pipeline: p.name, other: owner }, { file, path: 'caseId' });
  }
  for (const p of selected) claims?.set(`${caseId}/${p.name}`, file);
  return undefined;
}

/**
 * The claim check alone, for a batch whose builds run in worker processes: reads the intake's caseId
 * and pipelines (not its evidence), and answers the refusal, if any. Invalid intakes pass: their
 * build reports them.
 */
export async function claimIntake(file: string, pipelines: Pipeline[], claims: Map<string, string>, today: string): Promise<CaseBuild | undefined> {
  const v = await validateIntakeFile(file, { today, schemaOnly: true });
  if (!v.ok) return undefined;
  const caseId = v.case.intake.caseId;
  const conflict = claim(file, caseId, selectPipelines(pipelines, v.case, today), claims);
  return conflict ? { file, ok: false, caseId, problems: [conflict], outputs: [], ms: 0 } : undefined;
}

function selectPipelines(pipelines: Pipeline[], c: Case, today: string): Pipeline[] {
  const model = buildModel(c, { today });
  return pipelines.filter((p) => matchesWhen(p.when, model));
}
