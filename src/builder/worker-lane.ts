/**
 * One worker process, as a lane of the CaseBuilder: it builds the cases sent to it, one after the
 * other, and holds the next one ready (PREFETCH) so that it never waits for this process, which
 * may be busy building a case of its own. A worker that dies fails the cases it held, saying so,
 * and is replaced; one that keeps dying as it starts is given up (`gone`).
 *
 * Processes rather than threads: every V8 heap in a process shares one set of helper threads
 * (garbage collection, optimising compiler), and on two cores two build threads ran no faster
 * than one; two processes each have their own (see the README's Performance).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { problem } from '../errors/catalogue.js';
import type { CaseBuild } from './build-case.js';
import type { WorkerInit, WorkerJob, WorkerReply, WorkerRequest } from './worker.js';

/** Cases a worker holds at once: the one it builds and the next. */
export const PREFETCH = 2;
/** Deaths in a row (no case finished between them) after which a lane is given up. */
const MAX_DEATHS = 3;

/** The worker's entry: the compiled one beside this file, or dist/'s when this runs from the TypeScript sources (tests). */
const WORKER_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/builder/worker.js' : './worker.js', import.meta.url));

export class WorkerLane {
  private child!: ChildProcess;
  private loaded = false;
  private deaths = 0;
  private closing = false;
  private nextId = 1;
  private readonly held = new Map<number, { file: string; resolve: (r: CaseBuild) => void }>();
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

  run(job: WorkerJob): Promise<CaseBuild> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.held.set(id, { file: job.file, resolve });
      this.send({ ...job, id });
    });
  }

  /** The pipelines changed: the worker loads them again before its next case. */
  reload(): void {
    this.send({ reload: true });
  }

  /** Stops the worker: one with cases in hand finishes them first (it leaves when its channel closes). */
  close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // An idle worker may still be loading its code: it is stopped rather than waited for.
      if (this.held.size) child.disconnect();
      else child.kill('SIGTERM');
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
      this.deaths = 0;
      this.finish(m.id, m.result ?? failed(this.held.get(m.id)?.file ?? '', `the build worker failed: ${m.error}`));
    });
    child.on('error', () => undefined); // a failed send; its 'exit' follows and says what happened
    child.once('exit', (code, signal) => {
      const why = this.closing
        ? 'the builder was closed before this case came back (its worker finished it, and published it if it succeeded)'
        : `the build worker stopped (${signal ?? `exit code ${code}`})`;
      for (const [id, h] of this.held) this.finish(id, failed(h.file, why));
      if (this.closing) return;
      if (++this.deaths >= MAX_DEATHS) {
        this.gone = true;
        return this.onFree();
      }
      this.start();
    });
  }

  private finish(id: number, result: CaseBuild): void {
    const h = this.held.get(id);
    if (!h) return;
    this.held.delete(id);
    h.resolve(result);
    this.onFree();
  }
}

function failed(file: string, detail: string): CaseBuild {
  return { file, ok: false, problems: [problem('stepFailed', { detail }, { file })], outputs: [], ms: 0, reads: [] };
}
