/**
 * The case builder: the one object behind every front door (build, watch, check, later the web
 * app and a queue worker). It owns the loaded and checked pipelines and their problems, the
 * caseId claims, the lanes that build cases (this process, and worker processes when asked for
 * more than one case at a time) and "today". `build(intake)` answers the case's build;
 * `on('progress')` tells each case's state as it changes; `close()` stops the workers.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { localToday } from '../intake/validate.js';
import { loadPipelines, type Pipeline } from '../pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../paths.js';
import { buildCase, casePipelines, type CaseBuild } from './build-case.js';
import type { Builder, CaseClaimer, CaseProgress } from './builder.js';
import { localClaims } from './claims.js';
import type { OutputModes } from './privacy.js';
import { PREFETCH, WorkerLane } from './worker-lane.js';
import type { Limits } from '../limits.js';

export interface CaseBuilderOptions {
  /** Where cases are published: <outDir>/<caseId>/<pipeline>/. */
  outDir: string;
  /** Default: the templates shipped with asylum-packet. */
  templatesDir?: string;
  /** Default: the pipelines shipped with asylum-packet. */
  pipelinesDir?: string;
  /** Take this date (YYYY-MM-DD) as today; by default the local date when each case builds. */
  today?: string;
  /** Cases built at once: this process, and `concurrency − 1` worker processes. Default 1. */
  concurrency?: number;
  /** Build even what is up to date. */
  force?: boolean;
  /** Permissions of the output folders and files, whatever the umask (default: owner only, 0700/0600; see privacy.ts). */
  modes?: OutputModes;
  /** The limits on intakes, exhibits, packets and the time of a case (limits.ts), as set. */
  limits?: Partial<Limits>;
  /**
   * Every case in a worker process, none in this one (`concurrency` workers): for a front door
   * that must stay responsive whatever a case does (watch, later the web app). A case stuck where
   * it cannot look at its time limit is then stopped from outside, and SIGTERM is always heard.
   */
  isolate?: boolean;
  /** Who owns each case's output folders (default: the claims of this run, and the published manifests; claims.ts). */
  claims?: CaseClaimer;
}

export type { CaseProgress } from './builder.js';

/** How one case is built, beyond the builder's options. */
export interface CaseOptions {
  force?: boolean;
  /** This case's today (YYYY-MM-DD), instead of the builder's (a queue job carries its batch's). */
  today?: string;
  /**
   * Called with the case id just before the case is published; a PacketError it throws fails the
   * case and nothing is published (a queue worker that lost its lease on the case). Only for a
   * builder that builds in this process (`concurrency` 1, not `isolate`): a worker process cannot call back.
   */
  beforePublish?: (caseId: string) => Promise<void>;
  /** Nobody else builds this case now (a queue worker holds its lock): every leftover staging folder in its folder is a dead build's. */
  caseLocked?: boolean;
}

interface Job extends CaseOptions {
  file: string;
  force: boolean;
  resolve: (r: CaseBuild) => void;
}

export class CaseBuilder implements Builder {
  readonly outDir: string;
  readonly templatesDir: string;
  readonly pipelinesDir: string;
  private pipelines: Pipeline[] = [];
  private pipelineProblems: Problem[] = [];
  private readonly claims: CaseClaimer;
  private readonly events = new EventEmitter();
  private readonly waiting: Job[] = [];
  private readonly workers: WorkerLane[];
  private localBusy = false;
  private dispatching = false;
  private dispatchAgain = false;
  private closed = false;

  private constructor(private readonly opts: CaseBuilderOptions) {
    this.outDir = path.resolve(opts.outDir);
    this.templatesDir = path.resolve(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
    this.pipelinesDir = path.resolve(opts.pipelinesDir ?? DEFAULT_PIPELINES_DIR);
    this.claims = opts.claims ?? localClaims(this.outDir);
    const workers = Math.max(opts.isolate ? 1 : 0, (opts.concurrency ?? 1) - (opts.isolate ? 0 : 1));
    // Started before this process loads and checks the pipelines, so that both happen at once.
    this.workers = Array.from({ length: workers }, () => new WorkerLane({ templatesDir: this.templatesDir, pipelinesDir: this.pipelinesDir }, () => this.dispatch()));
  }

  /** Loads and checks the pipelines; their problems, if any, are `problems`, and every build is refused with them. */
  static async open(opts: CaseBuilderOptions): Promise<CaseBuilder> {
    const b = new CaseBuilder(opts);
    await b.loadPipelines();
    return b;
  }

  /** The pipelines' problems: while there are any, no case builds. */
  get problems(): readonly Problem[] {
    return this.pipelineProblems;
  }

  /** How many cases a builder of `concurrency` lanes has under way at once, held by a lane or building. */
  static capacity(concurrency: number, isolate = false): number {
    return isolate ? Math.max(1, concurrency) * PREFETCH : 1 + Math.max(0, concurrency - 1) * PREFETCH;
  }

  /** The date a case built now is built as of. */
  today(): string {
    return this.opts.today ?? localToday();
  }

  /** What the claim of a case reads: the caseId the intake names and the pipelines it selects (undefined: invalid, its build says why). */
  wants(file: string, today = this.today()): Promise<{ caseId: string; pipelines: string[] } | undefined> {
    return casePipelines(path.resolve(file), this.pipelines, today, this.opts.limits);
  }

  /** Loads the pipelines again (a pipeline, template, form or field map changed); answers their problems. */
  async reload(): Promise<readonly Problem[]> {
    await this.loadPipelines();
    for (const w of this.workers) w.reload();
    return this.pipelineProblems;
  }

  on(event: 'progress', listener: (p: CaseProgress) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** Builds one intake file; never rejects: a failure is a CaseBuild with `ok: false` and its problems. */
  build(file: string, o: CaseOptions = {}): Promise<CaseBuild> {
    const abs = path.resolve(file);
    if (this.closed) return Promise.resolve(refused(abs, 'the builder was closed'));
    if (this.pipelineProblems.length) {
      const r: CaseBuild = { file: abs, ok: false, problems: [...this.pipelineProblems], outputs: [], ms: 0, reads: [] };
      this.progress({ file: abs, state: 'done', result: r });
      return Promise.resolve(r);
    }
    return new Promise((resolve) => {
      if ((o.beforePublish || o.caseLocked) && (this.workers.length || this.opts.isolate)) {
        return resolve(refused(abs, 'beforePublish and caseLocked need a builder that builds in this process (concurrency 1, not isolate)'));
      }
      this.waiting.push({ ...o, file: abs, force: o.force ?? this.opts.force ?? false, resolve });
      this.progress({ file: abs, state: 'waiting' });
      this.dispatch();
    });
  }

  /** The intake file is gone: the cases it owned may be built by another intake. */
  release(file: string): Promise<void> {
    return this.claims.release(path.resolve(file));
  }

  /**
   * Stops the workers: a case in hand may finish for `graceMs` (by default as long as it takes),
   * then its worker is stopped and the case answered `stopped`. Cases still waiting are answered
   * `stopped` at once.
   */
  async close(graceMs = Infinity): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) this.finish(job, stopped(job.file));
    await Promise.all(this.workers.map((w) => w.close(graceMs)));
  }

  /** This process builds a case when it is not building one, unless the builder is isolated and a worker lane is still alive. */
  private get localFree(): boolean {
    return !this.localBusy && (!this.opts.isolate || this.workers.every((w) => w.gone));
  }

  private async loadPipelines(): Promise<void> {
    const loaded = await loadPipelines(this.pipelinesDir, { templatesDir: this.templatesDir });
    this.pipelines = loaded.pipelines;
    this.pipelineProblems = loaded.problems;
  }

  private progress(p: CaseProgress): void {
    this.events.emit('progress', p);
  }

  private finish(job: Job, result: CaseBuild): void {
    this.progress({ file: job.file, state: 'done', result });
    job.resolve(result);
  }

  /**
   * Hands waiting cases to free lanes, one at a time and in the order asked, so that the claims
   * are made in that order: the first intake of a batch to name a caseId owns it.
   */
  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    void (async () => {
      try {
        do {
          this.dispatchAgain = false;
          while (this.waiting.length && (this.localFree || this.workers.some((w) => w.free))) {
            const job = this.waiting.shift()!;
            const today = job.today ?? this.today();
            const refusal = await this.claim(job.file, today);
            if (refusal) {
              this.finish(job, refusal);
              continue;
            }
            // Closed while the claim was made: close() answered the cases waiting then, and this one was not among them.
            if (this.closed) {
              this.finish(job, stopped(job.file));
              continue;
            }
            // A free worker first, so that this process stays free for the next case.
            const worker = this.workers.find((w) => w.free);
            if (worker) {
              this.progress({ file: job.file, state: 'building' });
              void worker.run({ file: job.file, outDir: this.outDir, today, force: job.force, ...(this.opts.modes ? { modes: this.opts.modes } : {}), ...(this.opts.limits ? { limits: this.opts.limits } : {}) }).then((r) => {
                if (r) return this.finish(job, r);
                // Given back unbegun (its worker died or was closed): first in line again, or stopped.
                if (this.closed) return this.finish(job, stopped(job.file));
                this.waiting.unshift(job);
                this.dispatch();
              });
            } else if (this.localFree) {
              this.progress({ file: job.file, state: 'building' });
              void this.buildHere(job, today);
            } else {
              this.waiting.unshift(job); // the lanes were taken meanwhile; claimed again, harmlessly, next time
              break;
            }
          }
        } while (this.dispatchAgain);
      } finally {
        this.dispatching = false;
      }
    })();
  }

  private async buildHere(job: Job, today: string): Promise<void> {
    this.localBusy = true;
    try {
      const r = await buildCase(job.file, {
        outDir: this.outDir,
        templatesDir: this.templatesDir,
        pipelines: this.pipelines,
        force: job.force,
        today,
        ...(this.opts.modes ? { modes: this.opts.modes } : {}),
        ...(this.opts.limits ? { limits: this.opts.limits } : {}),
        ...(job.beforePublish ? { beforePublish: job.beforePublish } : {}),
        ...(job.caseLocked ? { caseLocked: true } : {}),
      });
      this.finish(job, r);
    } catch (err) {
      this.finish(job, refused(job.file, `unexpected failure: ${(err as Error)?.stack ?? String(err)}`));
    } finally {
      this.localBusy = false;
      this.dispatch();
    }
  }

  /** The claim, made from the intake's schema alone (its build validates it whole); the refusal, if any. */
  private async claim(file: string, today: string): Promise<CaseBuild | undefined> {
    try {
      const wants = await casePipelines(file, this.pipelines, today, this.opts.limits);
      if (!wants) return undefined; // invalid: its build says why
      const conflict = await this.claims.claim(file, wants.caseId, wants.pipelines);
      return conflict ? { file, ok: false, caseId: wants.caseId, problems: [conflict], outputs: [], ms: 0, reads: [file] } : undefined;
    } catch (err) {
      // Never a case lost in the dispatcher: it fails, saying why.
      return refused(file, `unexpected failure: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
}

function stopped(file: string): CaseBuild {
  return { ...refused(file, 'the builder was stopped before the case started; it is built at the next start'), stopped: true };
}

function refused(file: string, detail: string): CaseBuild {
  return { file, ok: false, problems: [problem('stepFailed', { detail }, { file })], outputs: [], ms: 0, reads: [] };
}
