/**
 * Builds one case: validate the intake, run every pipeline whose `when` matches, and publish
 * the outputs to <out>/<caseId>/<pipeline>/ only when all of them succeeded.
 */
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { localToday, validateIntakeFile, type Case } from '../intake/validate.js';
import type { Pipeline } from '../pipeline/load.js';
import { runPipeline } from '../pipeline/run.js';
import { buildModel } from '../render/model.js';
import { matchesWhen } from '../pipeline/when.js';
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
}

export interface PipelineOutput {
  pipeline: string;
  dir: string;
  files: string[];
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

  for (const p of selected) {
    const owner = opts.claims?.get(`${caseId}/${p.name}`);
    if (owner && owner !== file) {
      return done({ ok: false, caseId, problems: [...v.problems, problem('caseBuiltTwice', { caseId, pipeline: p.name, other: owner }, { file, path: 'caseId' })], outputs: [] });
    }
  }
  for (const p of selected) opts.claims?.set(`${caseId}/${p.name}`, file);

  const caseDir = path.join(opts.outDir, caseId);
  const stage = staging(caseDir);
  try {
    const runs = [];
    for (const pipeline of selected) {
      const dir = await stage.dirFor(pipeline.name);
      runs.push(await runPipeline(pipeline, c, { templatesDir: opts.templatesDir, outDir: dir, today }));
    }
    let published: string[];
    try {
      published = await stage.publish();
    } catch (err) {
      throw new PacketError(problem('outputWrite', { detail: (err as Error).message }, { file: caseDir }), { cause: err });
    }
    return done({ ok: true, caseId, problems: [...v.problems, ...runs.flatMap((r) => r.warnings)], outputs: runs.map((r, i) => ({ pipeline: r.pipeline, dir: published[i]!, files: r.files })) });
  } catch (err) {
    await stage.discard();
    if (err instanceof PacketError) return done({ ok: false, caseId, problems: [...v.problems, ...err.problems], outputs: [] });
    // Not a problem any step foresaw: still this case's failure only, never the whole batch's.
    const detail = `unexpected failure: ${(err as Error)?.stack ?? String(err)}`;
    return done({ ok: false, caseId, problems: [...v.problems, problem('stepFailed', { detail }, { file })], outputs: [] });
  }
}

export function selectPipelines(pipelines: Pipeline[], c: Case, today: string): Pipeline[] {
  const model = buildModel(c, { today });
  return pipelines.filter((p) => matchesWhen(p.when, model));
}
