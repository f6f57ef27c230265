/**
 * Builds cases in worker processes, one case at a time per process, so a batch uses every core.
 * The caller keeps deciding what to build (and refuses two intakes with one caseId); the pool
 * only runs `buildCase` elsewhere. Workers load the code and the pipelines once.
 *
 * Processes rather than threads: every V8 heap in a process shares one set of helper threads
 * (garbage collection, optimising compiler), and on two cores two build threads ran no faster
 * than one; two processes each have their own (see the README's Performance).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { problem } from '../errors/catalogue.js';
import type { CaseBuild } from './build-case.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker.js';

export interface PoolOptions {
  size: number;
  templatesDir: string;
  pipelinesDir: string;
}

interface Slot {
  child: ChildProcess;
  busy: boolean;
  ready: boolean;
}

export class BuildPool {
  private readonly slots: Slot[];
  private readonly waiting: { req: Omit<WorkerRequest, 'id'>; resolve: (r: CaseBuild) => void }[] = [];
  private readonly pending = new Map<number, { slot: Slot; resolve: (r: CaseBuild) => void; file: string }>();
  private readonly init: WorkerInit;
  private readonly file: string;
  private nextId = 1;
  private closing = false;
  /** Workers that died since a case last came back: a worker that cannot start is not restarted for ever. */
  private deaths = 0;
  private readonly readyWaiters: (() => void)[] = [];

  constructor(o: PoolOptions) {
    // Run from the TypeScript sources (the tests), the workers run the compiled worker in dist/,
    // which `npm test` builds first: plain node cannot load TypeScript itself.
    const fromSource = import.meta.url.endsWith('.ts');
    this.file = fileURLToPath(new URL(fromSource ? '../../dist/builder/worker.js' : './worker.js', import.meta.url));
    this.init = { templatesDir: o.templatesDir, pipelinesDir: o.pipelinesDir };
    this.slots = Array.from({ length: o.size }, () => this.start({ busy: false, ready: false } as Slot));
  }

  /** Starts a worker in `slot`; one that dies is replaced, and the case it had fails, saying so. */
  private start(slot: Slot): Slot {
    // No inherited --inspect or test-runner flags; the library prints nothing, so only a crash
    // of the worker itself reaches standard error.
    const child = fork(this.file, [JSON.stringify(this.init)], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    slot.child = child;
    slot.busy = false;
    slot.ready = false;
    child.on('message', (m: WorkerReply) => {
      if ('ready' in m) {
        slot.ready = true;
        for (const wake of this.readyWaiters.splice(0)) wake();
        return this.pump();
      }
      this.deaths = 0;
      this.finish(m.id, m.result, m.error);
    });
    child.on('error', () => undefined); // a failed send; its 'exit' follows and says what happened
    child.once('exit', (code, signal) => {
      if (this.closing) return;
      const why = `the build worker stopped (${signal ?? `exit code ${code}`})`;
      for (const [id, p] of this.pending) if (p.slot === slot) this.finish(id, undefined, why, false);
      if (++this.deaths > 2 * this.slots.length) {
        // Workers die as soon as they start: fail what is waiting instead of starting more.
        for (const w of this.waiting.splice(0)) w.resolve(this.failed(w.req.file, why));
        return;
      }
      this.start(slot);
      this.pump();
    });
    return slot;
  }

  /**
   * Resolves once `n` workers have loaded (or the pool is closing): a caller that builds cases
   * itself meanwhile hands over only what a ready worker can start at once.
   */
  whenReady(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.closing || this.slots.filter((s) => s.ready).length >= n ? resolve() : this.readyWaiters.push(check));
      check();
    });
  }

  build(req: Omit<WorkerRequest, 'id'>): Promise<CaseBuild> {
    return new Promise((resolve) => {
      this.waiting.push({ req, resolve });
      this.pump();
    });
  }

  /** Stops the workers: one with a case in hand finishes it first (it leaves when its channel closes). */
  async close(): Promise<void> {
    this.closing = true;
    for (const wake of this.readyWaiters.splice(0)) wake();
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            // An idle worker may still be loading its code: it is stopped rather than waited for.
            if (s.busy) s.child.disconnect();
            else s.child.kill('SIGTERM');
          }),
      ),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || !slot.ready || this.waiting.length === 0) continue;
      const { req, resolve } = this.waiting.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      this.pending.set(id, { slot, resolve, file: req.file });
      slot.child.send({ ...req, id });
    }
  }

  private finish(id: number, result: CaseBuild | undefined, error: string | undefined, next = true): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.slot.busy = false;
    p.resolve(result ?? this.failed(p.file, error));
    if (next) this.pump();
  }

  private failed(file: string, error: string | undefined): CaseBuild {
    return { file, ok: false, problems: [problem('stepFailed', { detail: `the build worker failed: ${error}` }, { file })], outputs: [], ms: 0 };
  }
}
