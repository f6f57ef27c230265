/**
 * A build worker process: loads the pipelines once, then builds the cases the pool sends it over
 * the IPC channel. Cases are CPU work (PDF and Word), so builds in separate processes run side
 * by side on separate cores. It leaves when the channel closes (the pool is done, or its parent
 * died), never in the middle of publishing a case.
 */
import { buildCase, type CaseBuild } from './build-case.js';
import { loadPipelines } from '../pipeline/load.js';

export interface WorkerInit {
  templatesDir: string;
  pipelinesDir: string;
}

export interface WorkerRequest {
  id: number;
  file: string;
  outDir: string;
  today?: string;
  force: boolean;
}

export type WorkerReply = { id: number; result?: CaseBuild; error?: string } | { ready: true };

const init = JSON.parse(process.argv[2] ?? '{}') as WorkerInit;
// The build command checked these pipelines before starting the workers.
const loaded = loadPipelines(init.pipelinesDir, { templatesDir: init.templatesDir, checkSteps: false });
let running = Promise.resolve();
// Loaded and ready: the pool sends cases only now, so a small batch is not kept waiting.
void loaded.then(() => process.send?.({ ready: true } satisfies WorkerReply), () => process.send?.({ ready: true } satisfies WorkerReply));

const reply = (m: WorkerReply) => process.send?.(m);

process.on('message', (req: WorkerRequest) => {
  running = running.then(async () => {
    try {
      const { pipelines } = await loaded;
      const result = await buildCase(req.file, { outDir: req.outDir, templatesDir: init.templatesDir, pipelines, force: req.force, ...(req.today ? { today: req.today } : {}) });
      reply({ id: req.id, result });
    } catch (err) {
      reply({ id: req.id, error: (err as Error)?.stack ?? String(err) });
    }
  });
});
process.on('disconnect', () => {
  void running.then(() => process.exit(0));
});
