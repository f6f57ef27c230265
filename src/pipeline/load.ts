/**
 * Loads pipeline files and checks them before any case runs: every problem is reported with
 * `pipeline-file:line:column`, the step's position and kind — an unknown kind lists the known
 * ones, a missing template, an output name used twice, a reference to a later or unknown step.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Location, Problem } from '../errors/problem.js';
import { fieldsOf, schemaAt } from '../intake/schema-walk.js';
import { closest } from '../intake/suggest.js';
import { modelSchema } from '../render/model.js';
import { formatPath, type JsonPath } from '../source/json.js';
import { locateYaml, parseYaml } from '../source/yaml.js';
import { STEP_KIND_NAMES, stepKind } from '../steps/index.js';
import type { BoundStep, StepBase } from '../steps/types.js';
import { pipelineHeadSchema, type PipelineHead } from './schema.js';
import { stepBaseSchema } from './step-base.js';

/** A step of a loaded pipeline: its options parsed, typed and bound when the pipeline loaded. */
export interface Step {
  /** Position in the pipeline, from 1. */
  index: number;
  kind: string;
  /** The options every step has: id, when, uses. */
  options: StepBase;
  bound: BoundStep;
}

export interface Pipeline {
  file: string;
  name: string;
  description?: string | undefined;
  when?: Record<string, unknown> | undefined;
  exhibits: { order: 'intake' | 'category'; tabs: 'letters' | 'numbers'; since?: 'last-filing'; documents?: string[] };
  /** The representative signs the certificate of service and the cover letter electronically. */
  signatures: { electronic: boolean };
  /** The filing rules' severities that stop a case's build of this pipeline (none by default). */
  rules: { stopOn: ('error' | 'warning')[] };
  steps: Step[];
}

export interface LoadOptions {
  templatesDir: string;
  /**
   * Run each step kind's own checks (templates present, field maps against the form…); default
   * true. A build worker loads pipelines the command has already checked, and skips them.
   */
  checkSteps?: boolean;
}

export interface LoadResult {
  pipelines: Pipeline[];
  problems: Problem[];
}

/** Every `*.yaml`, `*.yml` and `*.json` file of the folder, in name order. */
export async function loadPipelines(dir: string, opts: LoadOptions): Promise<LoadResult> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(ya?ml|json)$/i.test(n) && !n.endsWith('.schema.json')).sort();
  } catch (err) {
    return { pipelines: [], problems: [problem('fileUnreadable', { reason: (err as Error).message }, { file: dir })] };
  }
  const results = await Promise.all(names.map((n) => loadPipelineFile(path.join(dir, n), opts)));
  const pipelines = results.flatMap((r) => (r.pipeline ? [r.pipeline] : []));
  const problems = results.flatMap((r) => r.problems);
  const seen = new Map<string, Pipeline>();
  for (const p of pipelines) {
    const other = seen.get(p.name);
    if (other) problems.push(problem('pipelineNameTwice', { name: p.name, other: other.file }, { file: p.file, path: 'name' }));
    else seen.set(p.name, p);
  }
  return { pipelines: problems.length ? [] : pipelines, problems };
}

export async function loadPipelineFile(file: string, opts: LoadOptions): Promise<{ pipeline?: Pipeline; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { problems: [problem('fileUnreadable', { reason: (err as Error).message }, { file })] };
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return { problems: parsed.problems };
  const source = parsed.source;
  const at = (p: JsonPath, extra: Partial<Location> = {}, key = false): Location => ({ file, path: formatPath(p), ...locateYaml(source, p, { key }), ...extra });

  const head = pipelineHeadSchema.safeParse(source.value);
  if (!head.success) return { problems: zodProblems(head.error.issues, [], at, pipelineHeadSchema) };
  const h: PipelineHead = head.data;
  const problems: Problem[] = [];
  if (h.when) problems.push(...checkWhen(h.when, ['when'], at));

  const steps: Step[] = [];
  const outputs = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const [i, raw] of h.steps.entries()) {
    const index = i + 1;
    const base: JsonPath = ['steps', i];
    const kind = stepKind(raw.kind);
    const stepAt = (p: JsonPath, key = false) => at([...base, ...p], { step: index, kind: raw.kind }, key);
    if (!kind) {
      const suggestion = closest(raw.kind, STEP_KIND_NAMES);
      problems.push(problem('unknownStepKind', { kind: raw.kind, known: [...STEP_KIND_NAMES], ...(suggestion ? { suggestion } : {}) }, stepAt(['kind'])));
      continue;
    }
    const folders = { templatesDir: opts.templatesDir, pipelineDir: path.dirname(file) };
    const r = kind.bind(raw, folders);
    if (!r.ok) {
      const schema = stepBaseSchema.extend(kind.options.shape);
      problems.push(...zodProblems(r.issues, base, (p, extra, key) => at(p, { step: index, kind: raw.kind, ...extra }, key), schema));
      continue;
    }
    const { options, step: bound } = r;
    if (options.when) problems.push(...checkWhen(options.when, [...base, 'when'], (p, e, k) => at(p, { step: index, kind: raw.kind, ...e }, k)));
    if (options.id) {
      const first = ids.get(options.id);
      if (first) problems.push(problem('pipelineField', { detail: `the id "${options.id}" is already used by step ${first}; ids must be unique` }, stepAt(['id'])));
      else ids.set(options.id, index);
    }
    const named = bound.references;
    const refs: [string, JsonPath][] = [
      ...(options.uses ?? []).map((ref, j): [string, JsonPath] => [ref, ['uses', j]]),
      ...(named ? named.ids.map((ref, j): [string, JsonPath] => [ref, [named.at, named.indexes?.[j] ?? j]]) : []),
    ];
    for (const [ref, refAt] of refs) {
      const target = ids.get(ref);
      if (target === undefined) {
        const later = h.steps.findIndex((s, k) => k > i && (s as { id?: unknown }).id === ref);
        const why = later >= 0 ? `is step ${later + 1}, which runs later` : 'is not the id of any step of this pipeline';
        problems.push(problem('stepReference', { ref, why }, stepAt(refAt)));
      }
    }
    for (const pattern of bound.outputs) {
      const bad = outputNameProblem(pattern);
      if (bad) problems.push(problem('outputName', { output: pattern, detail: bad }, stepAt(['output'])));
      const first = outputs.get(pattern);
      if (first) problems.push(problem('outputTwice', { output: pattern, firstStep: first }, stepAt(['output'])));
      else outputs.set(pattern, index);
    }
    if (bound.check && opts.checkSteps !== false) problems.push(...(await bound.check({ at: (p) => stepAt(p) })));
    steps.push({ index, kind: kind.kind, options, bound });
  }
  for (const [j, ref] of (h.exhibits?.documents ?? []).entries()) {
    if (!ids.has(ref)) problems.push(problem('stepReference', { ref, why: 'is not the id of any step of this pipeline' }, at(['exhibits', 'documents', j])));
  }
  if (problems.length) return { problems };
  return {
    pipeline: {
      file,
      name: h.name,
      description: h.description,
      when: h.when,
      exhibits: { order: h.exhibits?.order ?? 'intake', tabs: h.exhibits?.tabs ?? 'letters', ...(h.exhibits?.since ? { since: h.exhibits.since } : {}), ...(h.exhibits?.documents?.length ? { documents: h.exhibits.documents } : {}) },
      signatures: { electronic: h.signatures?.electronic ?? false },
      rules: { stopOn: [...new Set(h.rules?.stopOn ?? [])] },
      steps,
    },
    problems,
  };
}

/** An output name is a plain file name, given as a handlebars pattern. */
function outputNameProblem(pattern: string): string | undefined {
  try {
    Handlebars.parse(pattern);
  } catch {
    return 'is not a valid pattern (check the {{ }} braces)';
  }
  const literal = pattern.replace(/\{\{[^}]*\}\}/g, 'x');
  if (/[/\\]/.test(literal) || literal === '..' || literal.startsWith('.')) return 'must be a plain file name, without folders, not starting with "."';
  return undefined;
}

/** Each key of a `when` must be a field of the intake or the derived values. */
function checkWhen(when: Record<string, unknown>, base: JsonPath, at: (p: JsonPath, extra?: Partial<Location>, key?: boolean) => Location): Problem[] {
  return Object.keys(when).flatMap((key) => {
    if (schemaAt(key.split('.'), modelSchema)) return [];
    const parent = key.split('.').slice(0, -1);
    const s = schemaAt(parent, modelSchema);
    const known = s ? fieldsOf(s).map((k) => [...parent, k].join('.')) : [];
    const suggestion = closest(key, known);
    return [problem('whenPath', { path: key, ...(suggestion ? { suggestion } : {}) }, at([...base, key], {}, true))];
  });
}

/** zod's issues about a pipeline file, located in the YAML. */
function zodProblems(issues: readonly z.core.$ZodIssue[], base: JsonPath, at: (p: JsonPath, extra?: Partial<Location>, key?: boolean) => Location, root: z.ZodType): Problem[] {
  const knownAt = (path: JsonPath) => {
    const s = schemaAt(path, root);
    return s ? fieldsOf(s) : [];
  };
  // A misspelt key (`templte`) also leaves the real one (`template`) missing: one mistake, one report.
  const misspelt = new Set(
    issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.flatMap((k) => {
      const s = closest(k, knownAt(i.path as JsonPath));
      return s ? [formatPath([...(i.path as JsonPath), s])] : [];
    }) : [])),
  );
  return issues.flatMap((issue) => {
    const p = [...base, ...(issue.path as JsonPath)];
    if (issue.code === 'unrecognized_keys') {
      const known = knownAt(issue.path as JsonPath);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return problem('unknownKey', { key, known, ...(suggestion ? { suggestion } : {}) }, at([...p, key], {}, true));
      });
    }
    if (issue.code === 'invalid_type' && misspelt.has(formatPath(issue.path as JsonPath)) && /received undefined$/.test(issue.message)) return [];
    const field = formatPath(issue.path as JsonPath) || 'the pipeline';
    const words = issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'is required (expected $1)').replace(/^Invalid input: /, '');
    return [problem('pipelineField', { detail: `${field}: ${words}` }, at(p))];
  });
}
