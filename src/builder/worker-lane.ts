/**
 * One worker process, as a lane of the CaseBuilder: it builds the cases sent to it, one after the
 * other, and holds the next one ready (PREFETCH) so that it never waits for this process, which
 * may be busy building a case of its own.
 *
 * - A case the worker has begun and not answered a grace period after its time limit (stuck in a
 *   file system or a library, where it cannot look at its deadline) is failed with AP3005 and the
 *   worker is killed and replaced.
 * - A worker that dies fails the case it was building, saying so, and gives back the one it held
 *   but had not begun (`run` answers undefined: the builder sends it again). One that keeps dying
 *   as it starts is given up (`gone`).
 * - `close(graceMs)` lets a case in hand finish for that long, then stops the worker: SIGTERM
 *   (its exit handlers stop qpdf and remove temporary folders), and SIGKILL if it is stuck.
 *
 * Processes rather than threads: every V8 heap in a process shares one set of helper threads
 * (garbage collection, optimising compiler), and on two cores two build threads ran no faster
 * than one; two processes each have their own (see the README's Performance).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { limitsWith } from '../limits.js';
import type { CaseBuild } from './build-case.js';
import type { WorkerInit, WorkerJob, WorkerReply, WorkerRequest } from './worker.js';

/** Cases a worker holds at once: the one it builds and the next. */
export const PREFETCH = 2;
/** Deaths in a row (no case finished between them) after which a lane is given up. */
const MAX_DEATHS = 3;
/** How long after a case's time limit its worker is killed, if it has not answered (it looks at the limit itself first). */
export const STUCK_GRACE_MS = 10_000;
/** How long a worker stopped with SIGTERM has to exit before it is killed. */
const TERM_GRACE_MS = 2_000;

/** The worker's entry: the compiled one beside this file, or dist/'s when this runs from the TypeScript sources (tests). */
const WORKER_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/builder/worker.js' : './worker.js', import.meta.url));

interface Held {
  job: WorkerJob;
  /** Answers the build, or undefined when the case was given back unbegun. */
  resolve: (r: CaseBuild | undefined) => void;
  started: boolean;
  timer?: NodeJS.Timeout;
}

export class WorkerLane {
  private child!: ChildProcess;
  private loaded = false;
  private deaths = 0;
  private closing = false;
  private nextId = 1;
  private readonly held = new Map<number, Held>();
  /** The case (id) whose worker was killed for not answering in time. */
  private stuck: number | undefined;
  /** The worker could not be kept running; the builder stops sending it cases. */
  gone = false;

  constructor(
    private readonly init: WorkerInit,
    /** Called when the lane can take a case again (loaded, or a case came back). */
    private readonly onFree: () => void,
  ) {
    this.start();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Loaded, alive and holding fewer than PREFETCH cases. */
  get free(): boolean {
    return this.loaded && !this.gone && !this.closing && this.held.size < PREFETCH;
  }

  /** Builds the case; undefined when the lane gave it back without beginning it (its worker died or was closed). */
  run(job: WorkerJob): Promise<CaseBuild | undefined> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.held.set(id, { job, resolve, started: false });
      this.send({ ...job, id });
    });
  }

  /** The pipelines changed: the worker loads them again before its next case. */
  reload(): void {
    this.send({ reload: true });
  }

  /**
   * Stops the worker. A case in hand may finish for `graceMs` (published whole if it succeeds);
   * then the worker is sent SIGTERM, and SIGKILL if it still runs. A case not begun is given back.
   */
  close(graceMs = Infinity): Promise<void> {
    this.closing = true;
    const child = this.child;
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      let grace: NodeJS.Timeout | undefined;
      child.once('exit', () => {
        clearTimeout(grace);
        resolve();
      });
      // An idle worker (or one still loading its code) is stopped rather than waited for.
      if (![...this.held.values()].some((h) => h.started)) return terminate(child);
      // It finishes the case in hand and leaves when its channel closes; what it held unbegun it does not begin.
      child.disconnect();
      if (Number.isFinite(graceMs)) grace = setTimeout(() => terminate(child), graceMs);
    });
  }

  private send(m: WorkerRequest): void {
    if (this.child.connected) this.child.send(m);
  }

  private start(): void {
    // No inherited --inspect or test-runner flags; the library prints nothing, so only a crash
    // of the worker itself reaches standard error.
    const child = fork(WORKER_FILE, [JSON.stringify(this.init)], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child = child;
    this.loaded = false;
    child.on('message', (m: WorkerReply) => {
      if ('ready' in m) {
        this.loaded = true;
        return this.onFree();
      }
      if ('started' in m) return this.begun(m.started);
      this.deaths = 0;
      const file = this.held.get(m.id)?.job.file ?? '';
      this.finish(m.id, m.result ?? failed(file, stepFailed(file, `the build worker failed: ${m.error}`)));
    });
    child.on('error', () => undefined); // a failed send; its 'exit' follows and says what happened
    child.once('exit', (code, signal) => this.exited(code, signal));
  }

  /** The worker began a case: from now on it has its time limit, and a grace period, to answer. */
  private begun(id: number): void {
    const h = this.held.get(id);
    if (!h) return;
    h.started = true;
    const seconds = limitsWith(h.job.limits).caseSeconds;
    if (!Number.isFinite(seconds)) return;
    h.timer = setTimeout(() => {
      // It did not look at its deadline in time: stuck. The worker goes; the lane starts another.
      this.stuck = id;
      terminate(this.child);
    }, seconds * 1000 + STUCK_GRACE_MS);
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const stuck = this.stuck;
    this.stuck = undefined;
    for (const [id, h] of this.held) {
      const file = h.job.file;
      if (!h.started) this.finish(id, undefined);
      else if (id === stuck) {
        const where = `when its worker process had not answered for ${STUCK_GRACE_MS / 1000} seconds more (the worker was stopped and replaced)`;
        this.finish(id, failed(file, problem('caseTimeLimit', { seconds: limitsWith(h.job.limits).caseSeconds, where }, { file })));
      } else if (this.closing) this.finish(id, { ...failed(file, stepFailed(file, 'the builder was stopped before this case finished; nothing of it was published, and it is built again at the next start')), stopped: true });
      else this.finish(id, failed(file, stepFailed(file, `the build worker stopped (${signal ?? `exit code ${code}`})`)));
    }
    if (this.closing) return;
    // A worker killed for one stuck case is not a worker that cannot start.
    if (stuck === undefined && ++this.deaths >= MAX_DEATHS) {
      this.gone = true;
      return this.onFree();
    }
    this.start();
  }

  private finish(id: number, result: CaseBuild | undefined): void {
    const h = this.held.get(id);
    if (!h) return;
    clearTimeout(h.timer);
    this.held.delete(id);
    h.resolve(result);
    this.onFree();
  }
}

/** SIGTERM (its exit handlers stop qpdf and remove temporary folders), and SIGKILL if it has not exited TERM_GRACE_MS later. */
function terminate(child: ChildProcess): void {
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), TERM_GRACE_MS);
  child.once('exit', () => clearTimeout(kill));
}

const stepFailed = (file: string, detail: string): Problem => problem('stepFailed', { detail }, { file });

function failed(file: string, p: Problem): CaseBuild {
  return { file, ok: false, problems: [p], outputs: [], ms: 0, reads: [] };
}
