/**
 * A case job on the queue, and its answer. Redis may sit on another machine and keeps what it is
 * given, so neither holds client data: the job is the intake's path, its fingerprint (the SHA-256
 * of its bytes), the case id and the build's settings; the answer holds problem codes, titles and
 * locations (JSON paths, files), never their messages, which may quote the intake's values.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { CaseBuild, PipelineOutput } from '../builder/build-case.js';
import { persistedProblem, type OutputModes, type PersistedProblem } from '../builder/privacy.js';
import type { Location, Problem } from '../errors/problem.js';
import type { Limits } from '../limits.js';

export const JOB_NAME = 'case';

export interface CaseJobData {
  v: 1;
  /** Absolute, on storage every worker sees at the same path. */
  intake: string;
  /** SHA-256 of the intake's bytes when it was queued ('unreadable' when it could not be read). */
  fingerprint: string;
  /** The case id the intake named when it was queued, if it could be read. */
  caseId?: string;
  outDir: string;
  today: string;
  force: boolean;
  modes?: OutputModes;
  limits?: Partial<Limits>;
  /** The templates and pipelines the front door was given (`--templates`, `--pipelines`); without them, the worker's own. */
  templatesDir?: string;
  pipelinesDir?: string;
}

/**
 * One job a case, its inputs and settings: the same intake queued twice, unchanged (two watchers
 * on one folder, a build run twice), is one job while it waits or runs.
 */
export function jobIdOf(d: CaseJobData): string {
  return createHash('sha256')
    .update(JSON.stringify([d.intake, d.fingerprint, d.outDir, d.today, d.force, d.modes ?? null, d.limits ?? null, d.templatesDir ?? null, d.pipelinesDir ?? null]))
    .digest('hex')
    .slice(0, 40);
}

export type QueuedProblem = PersistedProblem & { location: Location };

export interface QueuedResult {
  v: 1;
  ok: boolean;
  caseId?: string;
  problems: QueuedProblem[];
  outputs: PipelineOutput[];
  kept?: PipelineOutput[];
  ms: number;
  reads: string[];
  /** Which worker built it: host and process id. */
  worker: string;
  stopped?: true;
}

export const WORKER_NAME = `${os.hostname()}:${process.pid}`;

/** The answer as it goes through Redis. */
export function toQueued(r: CaseBuild): QueuedResult {
  return {
    v: 1,
    ok: r.ok,
    ...(r.caseId ? { caseId: r.caseId } : {}),
    problems: r.problems.map((p) => ({ ...persistedProblem(p), location: p.location })),
    outputs: r.outputs,
    ...(r.kept?.length ? { kept: r.kept } : {}),
    ms: r.ms,
    reads: r.reads,
    worker: WORKER_NAME,
    ...(r.stopped ? { stopped: true as const } : {}),
  };
}

/**
 * The answer as a CaseBuild again. A problem whose message did not travel reads its title; the
 * front door that has the intake fills in the messages it can (queued-builder.ts).
 */
export function fromQueued(file: string, q: QueuedResult): CaseBuild {
  return {
    file,
    ok: q.ok,
    ...(q.caseId ? { caseId: q.caseId } : {}),
    problems: q.problems.map(asProblem),
    outputs: q.outputs,
    ...(q.kept?.length ? { kept: q.kept } : {}),
    ms: q.ms,
    reads: q.reads,
    ...(q.stopped ? { stopped: true as const } : {}),
  };
}

function asProblem(p: QueuedProblem): Problem {
  return { code: p.code, name: p.name, severity: p.severity, message: p.message ?? p.title, ...(p.hint ? { hint: p.hint } : {}), location: p.location };
}
