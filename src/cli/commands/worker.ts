/** `asylum-packet worker --queue redis://…`: builds the cases queued by `build --queue` and `watch --queue`, until SIGINT or SIGTERM. */
import { jsonLog, stopRequested } from '../long-running.js';
import { PacketError } from '../../errors/problem.js';
import { removeStaleTempDirs } from '../../pdf/repair.js';
import { removeStaleHelperFolders } from '../../convert/profiles.js';
import { EXIT, paint, type CliIO } from '../io.js';
import { foldersOption, leaseOption, queueOption } from '../options.js';
import { formatProblem } from '../report.js';

export interface WorkerFlags {
  queue: string;
  templates?: string;
  pipelines?: string;
  /** Seconds: how long a killed worker's case waits before another worker takes it. */
  lease?: string;
}

export async function workerCommand(flags: WorkerFlags, io: CliIO): Promise<number> {
  const address = queueOption(flags.queue);
  const { DEFAULT_LEASE_MS, startQueueWorker } = await import('../../queue/worker.js');
  const leaseMs = leaseOption(flags.lease, DEFAULT_LEASE_MS);
  await removeStaleTempDirs();
  await removeStaleHelperFolders();
  // One JSON line a job: job id, case id, outcome, codes; no client data.
  const logger = jsonLog();
  const stopping = stopRequested();
  let worker;
  try {
    worker = await startQueueWorker({ address, ...foldersOption(flags, io), leaseMs, onJob: (e) => logger.info({ event: 'job', ...e }, e.outcome) });
  } catch (err) {
    if (!(err instanceof PacketError)) throw err;
    io.stderr(`${paint(io).red('✖ queue')} ${address.shown}\n${err.problems.map((p) => formatProblem(p, io)).join('')}`);
    return EXIT.invalid;
  }
  logger.info({ event: 'working', queue: address.shown, leaseS: leaseMs / 1000 }, 'taking cases from the queue');
  await stopping;
  // Stops taking jobs; the case under way finishes and publishes first.
  await worker.stop();
  logger.info({ event: 'stopped' }, 'stopped');
  return EXIT.ok;
}
