/** `asylum-packet watch`: builds intake files dropped into a folder, until SIGINT or SIGTERM. */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ensureDir, MODES, type ModeName } from '../../builder/privacy.js';
import { removeStaleTempDirs } from '../../pdf/repair.js';
import { removeStaleHelperFolders } from '../../convert/profiles.js';
import { startWatching } from '../../watch/watcher.js';
import { EXIT, type CliIO } from '../io.js';
import { concurrencyOption, foldersOption, limitOption } from '../options.js';

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
}

export async function watchCommand(flags: WatchFlags, io: CliIO): Promise<number> {
  const concurrency = concurrencyOption(flags.concurrency, os.availableParallelism());
  const limits = limitOption(flags.limit);
  const inDir = path.resolve(io.cwd, flags.in);
  const outDir = path.resolve(io.cwd, flags.out);
  await mkdir(inDir, { recursive: true });
  const modes = MODES[flags.mode ?? 'private'];
  await ensureDir(outDir, modes.dir);
  await removeStaleTempDirs();
  await removeStaleHelperFolders();
  // Structured log lines (JSON, one an event) on standard output.
  const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }));
  // The signal handlers go in before anything starts, so that a SIGTERM arriving while the
  // watcher starts (or just as it says "watching") still stops it cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const watching = startWatching({
    inDir,
    outDir,
    ...foldersOption(flags, io),
    concurrency,
    modes,
    limits,
    logger,
  });
  await watching.ready;
  await stopRequested;
  // Stop taking work; builds under way finish and publish whole (or leave nothing visible).
  await watching.stop();
  return EXIT.ok;
}
