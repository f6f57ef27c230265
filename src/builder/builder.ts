/**
 * What every front door (build, watch, check, a queue worker, later the web app) asks of a
 * builder. Two kinds answer it: the CaseBuilder, which builds cases in this process and its
 * worker processes, and the QueuedBuilder (src/queue/queued-builder.ts), which hands them to
 * workers through a Redis queue and waits for their answers.
 */
import type { Problem } from '../errors/problem.js';
import type { CaseBuild } from './build-case.js';

/** A case's state, as `on('progress')` tells it. */
export type CaseProgress =
  | { file: string; state: 'waiting' }
  | { file: string; state: 'building' }
  | { file: string; state: 'done'; result: CaseBuild };

export interface Builder {
  /** The pipelines' problems: while there are any, no case builds. */
  readonly problems: readonly Problem[];
  /** The date a case built now is built as of. */
  today(): string;
  /** Builds one intake file; never rejects: a failure is a CaseBuild with `ok: false` and its problems. */
  build(file: string, o?: { force?: boolean }): Promise<CaseBuild>;
  /** The intake file is gone: the cases it owned may be built by another intake. */
  release(file: string): Promise<void>;
  /** Loads the pipelines again (a pipeline, template, form or field map changed); answers their problems. */
  reload(): Promise<readonly Problem[]>;
  on(event: 'progress', listener: (p: CaseProgress) => void): this;
  /** Stops taking cases; a case under way may finish for `graceMs` (by default as long as it takes). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Who owns each `<caseId>/<pipeline>` output folder. The CaseBuilder keeps the claims of one run
 * in memory (claims.ts); queue workers keep them in Redis, shared by every worker and front door.
 */
export interface CaseClaimer {
  /** Claims the case's pipelines for the intake, or answers the refusal (AP3004, naming the owner). */
  claim(file: string, caseId: string, pipelines: readonly string[]): Promise<Problem | undefined>;
  /** The intake is gone: what it owned is free. */
  release(file: string): Promise<void>;
}
