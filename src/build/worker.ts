/**
 * A build worker thread: loads the pipelines once, then builds the cases the pool sends it. Cases
 * are CPU work (PDF and Word), so builds on separate threads run side by side on separate cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildCase } from './build-case.js';
import { loadPipelines } from '../pipeline/load.js';

interface Init {
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

const init = workerData as Init;
const loaded = loadPipelines(init.pipelinesDir, { templatesDir: init.templatesDir });

parentPort!.on('message', async (req: WorkerRequest) => {
  const { pipelines } = await loaded;
  try {
    const result = await buildCase(req.file, { outDir: req.outDir, templatesDir: init.templatesDir, pipelines, force: req.force, ...(req.today ? { today: req.today } : {}) });
    parentPort!.postMessage({ id: req.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: (err as Error)?.stack ?? String(err) });
  }
});
