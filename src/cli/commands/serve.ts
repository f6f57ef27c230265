/**
 * `asylum-packet serve`: the web app on 127.0.0.1 over a watched folder. It watches the folder as
 * `watch` does (the same builder, pool, caseId guard and status files) and serves the app: the
 * case list, the intake as a form, evidence uploads, the filing. Until SIGINT or SIGTERM.
 */
import { EXIT, UsageError, type CliIO } from '../io.js';
import { problem } from '../../errors/catalogue.js';
import { openWatchedFolder, type WatchFlags } from './watch.js';

export interface ServeFlags extends WatchFlags {
  port?: string;
  today?: string;
  /** false with --no-build-at-start: the intakes already there build when they change or on request. */
  buildAtStart?: boolean;
  /** Largest upload, in MB. */
  maxUpload?: string;
}

export const DEFAULT_PORT = 4589;

function portOption(given: string | undefined): number {
  if (given === undefined) return DEFAULT_PORT;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(problem('usage', { detail: `--port must be a port number (0 picks a free one), not ${JSON.stringify(given)}` }, { file: '--port' }));
  return n;
}

function megabytesOption(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const n = Number(given);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(problem('usage', { detail: `--max-upload must be a size in MB, not ${JSON.stringify(given)}` }, { file: '--max-upload' }));
  return Math.round(n * 1024 * 1024);
}

export async function serveCommand(flags: ServeFlags, io: CliIO): Promise<number> {
  const port = portOption(flags.port);
  if (flags.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.today)) throw new UsageError(problem('usage', { detail: '--today must be a date YYYY-MM-DD' }, { file: '--today' }));
  const maxUploadBytes = megabytesOption(flags.maxUpload);
  const opened = await openWatchedFolder(flags, io);
  if (!opened) return EXIT.invalid;
  const { concurrency, limits, inDir, outDir, modes, logger, stopping, folders, queued } = opened;
  const { startWebApp } = await import('../../serve/start.js');
  const app = await startWebApp({
    inDir,
    outDir,
    ...folders,
    concurrency,
    logger,
    port,
    modes,
    limits,
    buildAtStart: flags.buildAtStart !== false,
    ...(flags.today ? { today: flags.today } : {}),
    ...(maxUploadBytes ? { maxUploadBytes } : {}),
    ...(queued ? { queued } : {}),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES') throw new UsageError(problem('usage', { detail: err.message }, { file: '--port' }));
    throw err;
  });
  // The one place the token is shown: the terminal of the person who started the app.
  io.stdout(`asylum-packet serve: open ${app.url}\n(only this address opens the app; Ctrl-C stops it)\n`);
  logger.info({ event: 'serving', port: app.port, cases: app.book.list().length }, 'serving');
  await stopping;
  await app.stop();
  return EXIT.ok;
}
