/** What a step kind is: a name, its options as a zod schema, static checks, and how it runs. */
import type { z } from 'zod';
import type { Problem } from '../errors/problem.js';
import type { Case } from '../intake/validate.js';
import type { Model, PageRanges } from '../render/model.js';

/** Options every step has, whatever its kind. */
export interface StepBase {
  kind: string;
  id?: string | undefined;
  /** Run the step only for cases matching these conditions (as the pipeline's `when`). */
  when?: Record<string, unknown> | undefined;
  /** Ids of earlier steps whose results this step needs. */
  uses?: string[] | undefined;
}

/** Checked once per pipeline file, before any case runs. */
export interface CheckContext {
  templatesDir: string;
  /** Folder of the pipeline file: field maps are named relative to it. */
  pipelineDir: string;
  /** Report a problem at a path inside this step's options (e.g. ['template']). */
  at(path: (string | number)[]): Problem['location'];
}

/** What a step produced: the files it wrote (names in the output folder) and data for later steps. */
export interface StepResult {
  files: string[];
  data?: Record<string, unknown>;
  /** Warnings about this case that do not stop the build (e.g. a repaired exhibit). */
  warnings?: Problem[];
  /** Page ranges of the exhibits, by id, for the documents of later steps (index of evidence …). */
  pageRanges?: PageRanges;
}

export interface RunContext {
  case: Case;
  /** The template model, with what earlier steps published. */
  model: Model;
  templatesDir: string;
  pipelineDir: string;
  /** Folder the step writes into (a staging folder, published when the whole case succeeds). */
  outDir: string;
  /** Results of earlier steps, by id. */
  results: ReadonlyMap<string, StepResult>;
  /** Expands an output name pattern with the model (and `item`). */
  outputName(pattern: string, extra?: Record<string, unknown>): string;
}

export interface StepKind<O extends StepBase = StepBase> {
  kind: string;
  description: string;
  /** The step's own options (without kind, id, when, uses). */
  options: z.ZodObject;
  /** Output name patterns the step writes, for the duplicate check. */
  outputs(options: O): string[];
  /** Ids of earlier steps this step reads results of (besides `uses`); checked like `uses`. */
  references?(options: O): string[];
  /** Template files the step reads (relative to the templates folder), for checks and incremental builds. */
  templates(options: O): string[];
  /** Every file the step reads besides the case's own (absolute), when more than its templates. */
  inputs?(options: O, ctx: { templatesDir: string; pipelineDir: string }): Promise<string[]>;
  check?(options: O, ctx: CheckContext): Promise<Problem[]>;
  run(options: O, ctx: RunContext): Promise<StepResult>;
}
