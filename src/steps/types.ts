/**
 * What a step kind is: a name, its options as a zod schema, and `bind`, which turns one step's
 * options (parsed, typed and with their defaults filled, once, when the pipeline loads) into a
 * bound step: what it writes, reads and checks, and how it runs for a case.
 */
import type { z } from 'zod';
import type { Problem } from '../errors/problem.js';
import type { Case } from '../intake/validate.js';
import type { CaseDeadline } from '../builder/deadline.js';
import type { Limits } from '../limits.js';
import type { Model } from '../render/model.js';

/** Options every step has, whatever its kind. */
export interface StepBase {
  kind: string;
  id?: string | undefined;
  /** Run the step only for cases matching these conditions (as the pipeline's `when`). */
  when?: Record<string, unknown> | undefined;
  /** Ids of earlier steps whose results this step needs. */
  uses?: string[] | undefined;
}

/** Where a pipeline's files are: templates by name in the templates folder, field maps beside the pipeline. */
export interface StepFolders {
  templatesDir: string;
  /** Folder of the pipeline file: field maps are named relative to it. */
  pipelineDir: string;
}

/** Checked once per pipeline file, before any case runs. */
export interface CheckContext {
  /** Report a problem at a path inside this step's options (e.g. ['template']). */
  at(path: (string | number)[]): Problem['location'];
}

/** What a step produced: the files it wrote (names in the output folder) and data for later steps. */
export interface StepResult {
  files: string[];
  /** Facts about what the step made, for later steps that name it (`results.get(id)`). */
  data?: Record<string, unknown>;
  /**
   * Fields of the template model this step makes known to the steps after it (the packet
   * publishes the exhibits with their page ranges, for the index of evidence and the checklist).
   */
  publish?: Partial<Model>;
  /** Warnings about this case that do not stop the build (e.g. a repaired exhibit). */
  warnings?: Problem[];
  /**
   * Errors that failed this step alone (a field map that does not fit the form): the step wrote
   * nothing, and the case's other documents are still published, with these errors reported.
   */
  failed?: Problem[];
}

export interface RunContext {
  case: Case;
  /** The template model, with what earlier steps published. */
  model: Model;
  /** Folder the step writes into (a staging folder, published when the whole case succeeds). */
  outDir: string;
  /** Results of earlier steps, by id. */
  results: ReadonlyMap<string, StepResult>;
  /** The limits on exhibits and packets (limits.ts, as set). */
  limits: Limits;
  /** The case's time limit: long work looks at it where it can stop cleanly. */
  deadline: CaseDeadline;
  /** The sha256 of each file the intake names, by its path as the intake writes it, as the build's fingerprint read them. */
  evidenceHashes: ReadonlyMap<string, string>;
  /** Expands an output name pattern with the model (and `item`). */
  outputName(pattern: string, extra?: Record<string, unknown>): string;
  /** Expands a handlebars pattern with the model into text (a title, a signer), not a file name. */
  expand(pattern: string): string;
}

/** A step with its options bound: everything the loader, the fingerprint, lint and the runner ask of it. */
export interface BoundStep {
  /** Output name patterns the step writes, for the duplicate check. */
  outputs: string[];
  /** Ids of earlier steps this step reads results of (besides `uses`); checked like `uses`. */
  references?: {
    ids: string[];
    at: string;
    /** The index of each id in the option's list, when not every entry is an id (the packet's parts). */
    indexes?: number[];
  };
  /** The field map (absolute) it fills a form through, for lint-templates. */
  fieldMap?: string;
  /** The template it fills and the list it repeats over, for lint-templates. */
  template?: { name: string; forEach?: string | undefined };
  /** Every file the step reads besides the case's own (absolute): templates, field maps, forms. */
  inputs(): Promise<string[]>;
  check?(ctx: CheckContext): Promise<Problem[]>;
  run(ctx: RunContext): Promise<StepResult>;
}

export type BindResult = { ok: true; options: StepBase; step: BoundStep } | { ok: false; issues: readonly z.core.$ZodIssue[] };

export interface StepKind {
  kind: string;
  description: string;
  /** The step's own options (without kind, id, when, uses), for the JSON Schema and "did you mean". */
  options: z.ZodObject;
  /** Parses one step's options from the pipeline file and binds them; zod's issues when they are wrong. */
  bind(raw: Record<string, unknown>, folders: StepFolders): BindResult;
}

/** The definition of a step kind, typed by its options' schema. */
export interface StepDefinition<S extends z.ZodObject> {
  kind: string;
  description: string;
  options: S;
  bind(options: z.output<S>, folders: StepFolders): BoundStep;
}
