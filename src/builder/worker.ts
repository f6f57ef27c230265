/**
 * A build worker process: loads the pipelines once, then builds the cases its WorkerLane sends
 * over the IPC channel, in order. Cases are CPU work (PDF and Word), so builds in separate
 * processes run side by side on separate cores. It leaves when the channel closes (the build is
 * done, or its parent died), never in the middle of publishing a case.
 */
import { buildCase, type CaseBuild } from './build-case.js';
import { loadPipelines, type LoadResult } from '../pipeline/load.js';
import type { OutputModes } from './privacy.js';
import type { Limits } from '../limits.js';

export interface WorkerInit {
  templatesDir: string;
  pipelinesDir: string;
}

/** One case to build; the builder has claimed its output folders already. */
export interface WorkerJob {
  file: string;
  outDir: string;
  today: string;
  force: boolean;
  modes?: OutputModes;
  limits?: Partial<Limits>;
}

export type WorkerRequest = (WorkerJob & { id: number }) | { reload: true };

/** `started`: the worker began the case (its time limit runs from now); the others are its answers. */
export type WorkerReply = { id: number; result?: CaseBuild; error?: string } | { started: number } | { ready: true };

const init = JSON.parse(process.argv[2] ?? '{}') as WorkerInit;
// The builder checked these pipelines before it started the workers.
const load = () => loadPipelines(init.pipelinesDir, { templatesDir: init.templatesDir, checkSteps: false });
let loaded: Promise<LoadResult> = load();
let running: Promise<unknown> = loaded;

/** After the builder has closed (the channel with it), a case still finishes, but nothing is sent. */
const reply = (m: WorkerReply) => {
  if (process.connected) process.send?.(m);
};
// Loaded and ready: the lane sends cases only now, so a small batch is not kept waiting.
void loaded.finally(() => reply({ ready: true }));

process.on('message', (req: WorkerRequest) => {
  const next = async () => {
    if ('reload' in req) {
      loaded = load();
      return loaded;
    }
    try {
      const { pipelines } = await loaded;
      // The builder has closed: a case not begun is left to it (its lane gives it back).
      if (!process.connected) return;
      reply({ started: req.id });
      reply({ id: req.id, result: await buildCase(req.file, { outDir: req.outDir, templatesDir: init.templatesDir, pipelines, force: req.force, today: req.today, ...(req.modes ? { modes: req.modes } : {}), ...(req.limits ? { limits: req.limits } : {}) }) });
    } catch (err) {
      reply({ id: req.id, error: (err as Error)?.stack ?? String(err) });
    }
  };
  // In the order sent, whatever became of the one before.
  running = running.then(next, next);
});
// The builder stops an idle worker with SIGTERM: a plain exit, so that exit handlers run.
process.on('SIGTERM', () => process.exit(0));
const parent = process.ppid;
process.on('disconnect', () => {
  // Its parent died (killed): the case in hand is abandoned at once, never published behind the
  // back of the next builder, which may be building it too. Its staging folder is removed by the
  // next build or watcher, and the exit handlers stop qpdf.
  if (process.ppid !== parent) process.exit(0);
  // Closed by the builder: the case in hand finishes first (the builder allows it a grace period).
  void running.finally(() => process.exit(0));
});
