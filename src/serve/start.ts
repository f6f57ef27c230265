/**
 * The web app started over a watched folder: its builder (in process, or a queue's), a watcher of
 * the folder on that builder, the case book that follows both, and the server. `serve` calls it;
 * so do the tests. It prints nothing: the caller shows the address.
 */
import path from 'node:path';
import type { Builder } from '../builder/builder.js';
import { CaseBuilder } from '../builder/case-builder.js';
import { DEFAULT_MODES } from '../builder/privacy.js';
import { intakeJsonSchema } from '../intake/json-schema.js';
import { localToday } from '../intake/validate.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { QueuedBuilder } from '../queue/queued-builder.js';
import { startWatching, type Watching, type WatchOptions } from '../watch/watcher.js';
import { CaseBook } from './case-book.js';
import { IntakeStore } from './intake-store.js';
import { removeServeLeftovers } from './leftovers.js';
import { createWebApp } from './server.js';
import { newToken } from './token.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from './uploads.js';

/** What the watcher under the app takes (as `watch` gives it), and the app's own settings. */
export interface WebAppStart extends Pick<WatchOptions, 'inDir' | 'outDir' | 'templatesDir' | 'pipelinesDir' | 'concurrency' | 'logger' | 'today' | 'modes' | 'limits' | 'buildAtStart' | 'onBuild'> {
  /** 0: any free port. */
  port: number;
  maxUploadBytes?: number;
  /** Build through this queue instead of in this process. */
  queued?: { builder: QueuedBuilder; capacity: number };
  /** The built web app (default: dist/web of the package). */
  webDir?: string;
}

export interface RunningWebApp {
  port: number;
  token: string;
  /** The address to open: it carries the token. */
  url: string;
  book: CaseBook;
  watching: Watching;
  stop(): Promise<void>;
}

export async function startWebApp(o: WebAppStart): Promise<RunningWebApp> {
  const modes = o.modes ?? DEFAULT_MODES;
  // A save or an upload a killed serve left half written: the client's data, removed.
  await removeServeLeftovers(o.inDir);
  const today = () => o.today ?? localToday();
  const builder: Builder = o.queued
    ? o.queued.builder
    : await CaseBuilder.open({ outDir: o.outDir, templatesDir: o.templatesDir, pipelinesDir: o.pipelinesDir, concurrency: o.concurrency, modes, isolate: true, ...(o.limits ? { limits: o.limits } : {}), ...(o.today ? { today: o.today } : {}) });
  const capacity = o.queued ? o.queued.capacity : CaseBuilder.capacity(o.concurrency, true);
  const book = new CaseBook(o.inDir, o.outDir, today);
  builder.on('progress', (p) => book.progress(p.file, p.state));
  const watching = startWatching({
    inDir: o.inDir,
    outDir: o.outDir,
    templatesDir: o.templatesDir,
    pipelinesDir: o.pipelinesDir,
    concurrency: o.concurrency,
    modes,
    ...(o.limits ? { limits: o.limits } : {}),
    logger: o.logger,
    builder: { open: async () => builder, capacity },
    buildAtStart: o.buildAtStart !== false,
    onIntake: (file) => void book.refresh(path.basename(file)),
    // Said once the app shows it: after the case book has read what the build wrote.
    onBuild: (file, result) => void book.built(file, result).finally(() => o.onBuild?.(file, result)),
  });
  try {
    await book.load();
    const token = newToken();
    const schema = intakeJsonSchema();
    const app = await createWebApp({
      inDir: o.inDir,
      outDir: o.outDir,
      token,
      webDir: o.webDir ?? path.join(PACKAGE_ROOT, 'dist', 'web'),
      book,
      store: new IntakeStore(o.inDir, modes.file),
      schema: () => schema,
      today,
      requestBuild: (file, force) => watching.request(file, { force }),
      pipelineProblems: () => builder.problems,
      ...(o.queued ? { queueCounts: () => o.queued!.builder.counts() } : {}),
      maxUploadBytes: o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    });
    try {
      await app.listen({ host: '127.0.0.1', port: o.port });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw Object.assign(new Error(e.code === 'EADDRINUSE' ? `port ${o.port} is taken (another serve?): give --port another number, or --port 0 for any free one` : `cannot listen on 127.0.0.1:${o.port}: ${e.message}`), { code: e.code });
    }
    const port = (app.server.address() as { port: number }).port;
    await watching.ready;
    return {
      port,
      token,
      url: `http://127.0.0.1:${port}/?token=${token}`,
      book,
      watching,
      async stop() {
        await app.close();
        await watching.stop();
      },
    };
  } catch (err) {
    await watching.stop();
    throw err;
  }
}
