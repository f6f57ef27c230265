/**
 * Runs a pipeline's steps for one case, in order, into a folder. The runner adds the context —
 * case, pipeline, step position and kind — to every problem a step raises; steps do not. What a
 * step publishes (`publish`) becomes part of the model the steps after it see.
 */
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { CaseDeadline } from '../builder/deadline.js';
import type { Case } from '../intake/validate.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import type { Model } from '../render/model.js';
import { compileStrict } from '../render/text.js';
import { outputFailure } from '../errors/fs-failure.js';
import type { StepResult } from '../steps/types.js';
import type { Pipeline, Step } from './load.js';
import { matchesWhen } from './when.js';
import { BuildRules, rulesModel } from '../filing-rules/in-build.js';
import type { RuleResult } from '../filing-rules/engine.js';

export interface PipelineRun {
  pipeline: string;
  files: string[];
  results: Map<string, StepResult>;
  warnings: Problem[];
  /** Errors of steps that failed alone (their documents are missing; the others were written). */
  errors: Problem[];
  /** The model as the last step saw it, with everything the steps published. */
  model: Model;
  /** The filing rules' results at the end of the build, with every PDF it wrote. */
  rules: RuleResult[];
}

export interface RunOptions {
  outDir: string;
  /** Default: the limits of limits.ts. */
  limits?: Limits;
  /** Default: none. */
  deadline?: CaseDeadline;
  /** The sha256 of the files the intake names, by path (the build's fingerprint); default: none known. */
  evidenceHashes?: ReadonlyMap<string, string>;
}

/** `model` is the case's model as arranged for this pipeline (see CaseModels). */
export async function runPipeline(pipeline: Pipeline, c: Case, model: Model, opts: RunOptions): Promise<PipelineRun> {
  const results = new Map<string, StepResult>();
  const files: string[] = [];
  const warnings: Problem[] = [];
  const errors: Problem[] = [];
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const deadline = opts.deadline ?? CaseDeadline.none(c.file);
  // The filing rules: before the first step (they may stop the case there), again once a new PDF
  // is written (its size counts), and at the end.
  const rules = new BuildRules(c, model.today, pipeline, opts.outDir);
  const stopOnRules = () => {
    const stop = rules.stop();
    if (stop) throw new PacketError(stop);
  };
  for (const step of pipeline.steps) {
    if (await rules.update(files)) {
      stopOnRules();
      model = { ...model, filingRules: rulesModel(rules.results) };
    }
    if (!matchesWhen(step.options.when, model)) continue;
    try {
      deadline.check(`before the ${step.kind} step of the pipeline "${pipeline.name}"`);
      const seen = model;
      const result = await step.bound.run({
        case: c,
        model: seen,
        outDir: opts.outDir,
        results,
        limits,
        deadline,
        evidenceHashes: opts.evidenceHashes ?? new Map(),
        outputName: (pattern, extra = {}) => outputName(pattern, { ...seen, ...extra }),
        expand: (pattern) => compileStrict(pattern)(seen).replace(/\s+/g, ' ').trim(),
      });
      files.push(...result.files);
      if (step.options.id) results.set(step.options.id, result);
      const context = contextOf(pipeline, step, c);
      warnings.push(...(result.warnings ?? []).map((w) => ({ ...w, location: { ...w.location, ...context } })));
      errors.push(...(result.failed ?? []).map((e) => ({ ...e, location: { ...e.location, ...context } })));
      if (result.publish) model = { ...model, ...result.publish };
      // Whether each step with an id wrote its document, for the steps after it: a cover letter
      // lists the form only when the form step filled it (made.i589 for the step "i-589").
      if (step.options.id) model = { ...model, made: { ...model.made, [madeKey(step.options.id)]: result.files.length > 0 } };
    } catch (err) {
      throw new PacketError(stamp(err, pipeline, step, c, opts.outDir), { cause: err });
    }
  }
  await rules.update(files);
  stopOnRules();
  const found = rules.warning();
  if (found) warnings.push(found);
  return { pipeline: pipeline.name, files, results, warnings, errors, model, rules: rules.results };
}

/** A step id as a key templates can name: "i-589" → "i589", "declaration-pdf" → "declarationPdf". */
export const madeKey = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Output names are handlebars patterns; the result must be a plain, safe file name. */
function outputName(pattern: string, data: object): string {
  const name = compileStrict(pattern)(data).replace(/[/\\:*?"<>|\u0000-\u001f]/g, '-').trim();
  if (!name || name.startsWith('.')) throw new PacketError(problem('outputName', { output: pattern, detail: `gives "${name}", which cannot be a file name` }, { file: pattern }));
  return name;
}

/** Where in the build a problem arose, added to its location. */
const contextOf = (pipeline: Pipeline, step: Step, c: Case) => ({ pipeline: pipeline.name, step: step.index, kind: step.kind, caseId: c.intake.caseId });

function stamp(err: unknown, pipeline: Pipeline, step: Step, c: Case, outDir: string): Problem[] {
  const context = contextOf(pipeline, step, c);
  if (err instanceof PacketError) return err.problems.map((p) => ({ ...p, location: { ...p.location, ...context } }));
  // The output folder refused what the step wrote (a full disk …): not the step's fault, and it may pass.
  const output = outputFailure(err, outDir);
  if (output) return [problem('outputWrite', { detail: output }, { file: outDir, ...context })];
  const detail = `the ${step.kind} step failed: ${(err as Error)?.message ?? String(err)}`;
  return [problem('stepFailed', { detail }, { file: pipeline.file, ...context })];
}
