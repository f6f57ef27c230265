/**
 * Builds cases on worker threads, one case at a time per thread, so a batch uses every core.
 * The caller keeps deciding what to build (and refuses two intakes with one caseId); the pool
 * only runs `buildCase` elsewhere. Workers load the code and the pipelines once.
 */
import { Worker } from 'node:worker_threads';
import { problem } from '../errors/catalogue.js';
import type { CaseBuild } from './build-case.js';
import type { WorkerRequest } from './worker.js';

export interface PoolOptions {
  size: number;
  templatesDir: string;
  pipelinesDir: string;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class BuildPool {
  private readonly slots: Slot[];
  private readonly waiting: { req: Omit<WorkerRequest, 'id'>; resolve: (r: CaseBuild) => void }[] = [];
  private readonly pending = new Map<number, { slot: Slot; resolve: (r: CaseBuild) => void; file: string }>();
  private nextId = 1;

  constructor(o: PoolOptions) {
    // Run from the TypeScript sources (the tests), the workers run the compiled worker in dist/,
    // which `npm test` builds first: a worker thread cannot load TypeScript itself.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? '../../dist/build/worker.js' : './worker.js', import.meta.url);
    this.slots = Array.from({ length: o.size }, () => {
      const worker = new Worker(url, { workerData: { templatesDir: o.templatesDir, pipelinesDir: o.pipelinesDir } });
      const slot: Slot = { worker, busy: false };
      worker.on('message', (m: { id: number; result?: CaseBuild; error?: string }) => this.finish(m.id, m.result, m.error));
      worker.on('error', (err) => {
        for (const [id, p] of this.pending) if (p.slot === slot) this.finish(id, undefined, err.stack ?? String(err));
      });
      return slot;
    });
  }

  build(req: Omit<WorkerRequest, 'id'>): Promise<CaseBuild> {
    return new Promise((resolve) => {
      this.waiting.push({ req, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.waiting.length === 0) continue;
      const { req, resolve } = this.waiting.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      this.pending.set(id, { slot, resolve, file: req.file });
      slot.worker.postMessage({ ...req, id });
    }
  }

  private finish(id: number, result: CaseBuild | undefined, error: string | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.slot.busy = false;
    p.resolve(result ?? { file: p.file, ok: false, problems: [problem('stepFailed', { detail: `the build worker failed: ${error}` }, { file: p.file })], outputs: [], ms: 0 });
    this.pump();
  }
}
