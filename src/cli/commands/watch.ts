/** `asylum-packet watch`: builds intake files dropped into a folder, until SIGINT or SIGTERM. */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDir, MODES, type ModeName, type OutputModes } from '../../builder/privacy.js';
import type { QueuedBuilder as QueuedBuilderType } from '../../queue/queued-builder.js';
import { removeStaleTempDirs } from '../../pdf/repair.js';
import { removeStaleHelperFolders } from '../../convert/profiles.js';
import { startWatching } from '../../watch/watcher.js';
import { EXIT, paint, UsageError, type CliIO } from '../io.js';
import { problem } from '../../errors/catalogue.js';
import { concurrencyOption, foldersOption, limitOption, queueOption } from '../options.js';
import { PacketError } from '../../errors/problem.js';
import { formatProblem } from '../report.js';
import { jsonLog, stopRequested } from '../long-running.js';

export interface WatchFlags {
  in: string;
  out: string;
  templates?: string;
  pipelines?: string;
  concurrency?: string;
  /** Permissions of the output folders and files and of the status files: private (the default) or shared. */
  mode?: ModeName;
  /** Limits changed from their defaults, as `name=value`. */
  limit?: string[];
  /** Queue the cases on this Redis for `asylum-packet worker`s instead of building them here. */
  queue?: string;
}

/** Cases a watcher with a queue keeps queued at once: the workers, wherever they are, take them. */
const QUEUED_AT_ONCE = 256;

export async function watchCommand(flags: WatchFlags, io: CliIO): Promise<number> {
  const opened = await openWatchedFolder(flags, io);
  if (!opened) return EXIT.invalid;
  const { concurrency, limits, inDir, outDir, modes, logger, stopping, folders, queued: builder } = opened;
  const watching = startWatching({
    inDir,
    outDir,
    ...folders,
    concurrency,
    modes,
    limits,
    logger,
    ...(builder ? { builder } : {}),
  });
  await watching.ready;
  await stopping;
  // Stop taking work; builds under way finish and publish whole (or leave nothing visible).
  await watching.stop();
  return EXIT.ok;
}

/**
 * The queue a watching front door (watch, serve) hands its cases to: opened at once, so that a
 * queue that cannot be reached stops the command at start, saying so (null: said, exit 1).
 */
export async function queuedBuilder(
  flags: { queue: string; concurrency?: string; templates?: string; pipelines?: string },
  io: CliIO,
  o: { outDir: string; folders: { templatesDir: string; pipelinesDir: string }; modes: OutputModes; limits: ReturnType<typeof limitOption> },
): Promise<{ open: () => Promise<QueuedBuilderType>; capacity: number; builder: QueuedBuilderType } | null> {
  const address = queueOption(flags.queue);
  if (flags.concurrency !== undefined) throw new UsageError(problem('usage', { detail: '--concurrency does not apply with --queue: the queue\'s workers build the cases (start more workers to build more at once)' }, { file: '--concurrency' }));
  const { QueuedBuilder } = await import('../../queue/queued-builder.js');
  const queued = await QueuedBuilder.open({ address, outDir: o.outDir, ...(flags.templates ? { templatesDir: o.folders.templatesDir } : {}), ...(flags.pipelines ? { pipelinesDir: o.folders.pipelinesDir } : {}), modes: o.modes, limits: o.limits }).catch((err: unknown) => {
    if (!(err instanceof PacketError)) throw err;
    io.stderr(`${paint(io).red('✖ queue')} ${address.shown}\n${err.problems.map((p) => formatProblem(p, io)).join('')}`);
    return undefined;
  });
  if (!queued) return null;
  return { open: async () => queued, capacity: QUEUED_AT_ONCE, builder: queued };
}

/**
 * What a watching front door (watch, serve) does before it starts: its settings read, the folders
 * made, what killed builds left removed, its log, its stop signal listened for (before anything
 * starts: a SIGTERM arriving while it starts still stops it cleanly), and its queue opened when it
 * has one (undefined: the queue could not be reached, said; exit 1).
 */
export async function openWatchedFolder(flags: WatchFlags, io: CliIO) {
  const concurrency = concurrencyOption(flags.concurrency, os.availableParallelism());
  const limits = limitOption(flags.limit);
  const inDir = path.resolve(io.cwd, flags.in);
  const outDir = path.resolve(io.cwd, flags.out);
  await mkdir(inDir, { recursive: true });
  const modes = MODES[flags.mode ?? 'private'];
  await ensureDir(outDir, modes.dir);
  await removeStaleTempDirs();
  await removeStaleHelperFolders();
  const logger = jsonLog();
  const stopping = stopRequested();
  const folders = foldersOption(flags, io);
  const queued = flags.queue ? await queuedBuilder({ ...flags, queue: flags.queue }, io, { outDir, folders, modes, limits }) : undefined;
  if (queued === null) return undefined;
  return { concurrency, limits, inDir, outDir, modes, logger, stopping, folders, queued };
}
