/**
 * The watched folder: paralegals drop intake files into it; each is built by the case builder
 * when complete (unchanged for a moment and whole JSON), and again when any file its last build
 * read changes: the intake, an evidence file it names, a pipeline, a template, a form or a field
 * map (the build's fingerprint lists them). Its status is written beside it. The intake itself
 * is never moved, rewritten or deleted.
 */
import { chmod, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import { looksTemporary, type CaseBuild } from '../builder/build-case.js';
import type { Builder } from '../builder/builder.js';
import { CaseBuilder } from '../builder/case-builder.js';
import { DEFAULT_MODES, persistedProblem, type OutputModes } from '../builder/privacy.js';
import { isLeftover, removeLeftovers } from '../builder/publish.js';
import { BuildQueue } from './queue.js';
import type { Limits } from '../limits.js';
import { isSignedScanOf, SIGNED_FOLDER } from '../intake/signed.js';

/** On stop, how long a case under way may still finish (and publish) before its worker is stopped. */
export const STOP_GRACE_MS = 3000;

export interface WatchOptions {
  inDir: string;
  outDir: string;
  templatesDir: string;
  pipelinesDir: string;
  /** Cases built at once: this process and `concurrency − 1` worker processes. */
  concurrency: number;
  logger: Logger;
  today?: string;
  /** Permissions of the output folders and files and of the status files (default: owner only, 0700/0600). */
  modes?: OutputModes;
  /** The limits on intakes, exhibits, packets and the time of a case (limits.ts), as set. */
  limits?: Partial<Limits>;
  /** Called after each build, for tests and progress. */
  onBuild?: (file: string, result: CaseBuild) => void;
  /**
   * The builder, and how many cases it takes at once (default: a CaseBuilder of `concurrency`
   * worker processes). `watch --queue` gives a QueuedBuilder: the queue's workers build.
   */
  builder?: { open: () => Promise<Builder>; capacity: number };
  /** Build the intakes already in the folder when the watcher starts (default true); otherwise only as they change or are asked for. */
  buildAtStart?: boolean;
  /** Told when an intake appears or changes (`seen`) and when it goes (`removed`): the web app's case list follows the folder. */
  onIntake?: (file: string, event: 'seen' | 'removed') => void;
}

export interface Watching {
  ready: Promise<void>;
  /** Builds the intake now (with `force`, even when its outputs are current), as a change to it would. */
  request(file: string, o?: { force?: boolean }): void;
  stop(): Promise<void>;
}

/** Quiet time after the last change to a file before the watcher acts on it. */
const SETTLE_MS = 250;
/**
 * An intake unchanged for this long that still is not whole JSON is built anyway, so that its
 * status says where it is broken; one still being written is waited for.
 */
const GIVE_UP_MS = 2000;

/**
 * A case the output folder refused (permissions, a full or read-only disk, a folder removed) is
 * built again after 2, 4, 8 … seconds, at most a minute apart, until it succeeds, the intake
 * changes or goes, or the watcher stops: it builds once the cause is gone.
 */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 60_000;
export const retryDelay = (attempt: number): number => Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));

/** Files the watcher never treats as input: editors' and browsers' temporary files, its own status files. */
function isIgnored(file: string): boolean {
  const name = path.basename(file);
  return /^~\$/.test(name) || /^\..*\.sw[a-p]$/.test(name) || /\.(tmp|part|crdownload)$/i.test(name) || name === '.DS_Store' || name.endsWith('.status.json') || isLeftover(name);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The status file beside an intake (a path or a file name). */
export const statusFile = (intake: string) => intake.replace(/\.json$/i, '.status.json');

/** A file name the watcher takes for an intake (when it is directly in the watched folder). */
export const isIntakeName = (name: string) => /\.json$/i.test(name) && !isIgnored(name);

/** Intake files are the .json files directly in the watched folder; evidence lives in subfolders. */
const isIntake = (inDir: string, file: string) => path.dirname(file) === inDir && isIntakeName(file);

/** A pipeline file (not a field map beside the pipelines): a change may change which cases it applies to. */
const isPipelineFile = (pipelinesDir: string, file: string) => path.dirname(file) === pipelinesDir && /\.(ya?ml|json)$/i.test(file) && !file.endsWith('.schema.json');

export function startWatching(o: WatchOptions): Watching {
  const inDir = path.resolve(o.inDir);
  const outDir = path.resolve(o.outDir);
  const templatesDir = path.resolve(o.templatesDir);
  const pipelinesDir = path.resolve(o.pipelinesDir);
  const log = o.logger;
  const intakes = new Set<string>();
  /** file → the intakes whose last build read it */
  const readers = new Map<string, Set<string>>();
  /** Intakes refused because another intake owns their caseId: they try again when an intake goes. */
  const refused = new Set<string>();
  const modes = o.modes ?? DEFAULT_MODES;
  /** Cases waiting to be built again after a failure that looks temporary: attempts so far, and the timer. */
  const retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  const cancelRetry = (intake: string) => {
    clearTimeout(retries.get(intake)?.timer);
    retries.delete(intake);
  };
  // Every case in a worker process: this one stays free to watch, to answer SIGTERM, and to stop a stuck case.
  const opening: Promise<Builder> = o.builder
    ? o.builder.open()
    : CaseBuilder.open({ outDir, templatesDir, pipelinesDir, concurrency: o.concurrency, modes, isolate: true, ...(o.limits ? { limits: o.limits } : {}), ...(o.today ? { today: o.today } : {}) });

  /** What the intake's last build read no longer concerns it (a file nobody reads is let go). */
  const forget = (intake: string) => {
    for (const [f, set] of readers) if (set.delete(intake) && set.size === 0) readers.delete(f);
  };
  const remember = (intake: string, r: CaseBuild) => {
    forget(intake);
    for (const f of r.reads) {
      if (!readers.has(f)) readers.set(f, new Set());
      readers.get(f)!.add(intake);
    }
    if (r.problems.some((p) => p.name === 'case-built-twice')) refused.add(intake);
    else refused.delete(intake);
  };

  /** Intakes asked to build even when current (the web app's build button). */
  const forced = new Set<string>();
  const job = async (intake: string) => {
    if (!intakes.has(intake)) return; // removed while it waited
    const builder = await opening;
    const started = performance.now();
    const result = await builder.build(intake, forced.delete(intake) ? { force: true } : {});
    // Stopped with the watcher: its status stays as it was; the next start builds it.
    if (result.stopped) return;
    remember(intake, result);
    let retry: Retry | undefined;
    if (looksTemporary(result) && intakes.has(intake)) {
      const attempt = (retries.get(intake)?.attempt ?? 0) + 1;
      const delay = retryDelay(attempt);
      clearTimeout(retries.get(intake)?.timer);
      retries.set(intake, { attempt, timer: setTimeout(() => queue.request(intake), delay) });
      retry = { attempt, at: new Date(Date.now() + delay).toISOString() };
      log.warn({ event: 'retry-scheduled', caseId: result.caseId ?? null, intake: path.basename(intake), attempt, inMs: delay, errors: result.problems.filter((p) => p.severity === 'error').map((p) => p.code) }, 'the output folder refused the case; it is built again later');
    } else cancelRetry(intake);
    await writeStatus(intake, result, modes.file, retry);
    const outcome = !result.ok ? (retry ? 'retrying' : 'failed') : result.outputs.every((x) => x.upToDate) ? 'up-to-date' : 'built';
    // No client names or narrative: the case id, what ran, how long, how it ended.
    log.info(
      { event: 'build', caseId: result.caseId ?? null, intake: path.basename(intake), pipelines: result.outputs.map((x) => x.pipeline), outcome, ms: Math.round(performance.now() - started), errors: result.problems.filter((p) => p.severity === 'error').map((p) => p.code), warnings: result.problems.filter((p) => p.severity === 'warning').length },
      outcome,
    );
    o.onBuild?.(intake, result);
  };
  // Enough builds under way to keep every lane of the builder busy, one per intake.
  const queue = new BuildQueue(job, o.builder?.capacity ?? CaseBuilder.capacity(o.concurrency, true));

  // Each file is acted on once it has been quiet for SETTLE_MS: one timer a file, however many events.
  const timers = new Map<string, NodeJS.Timeout>();
  const afterQuiet = (file: string, act: () => void | Promise<void>) => {
    clearTimeout(timers.get(file));
    timers.set(
      file,
      setTimeout(() => {
        timers.delete(file);
        void act();
      }, SETTLE_MS),
    );
  };

  /** Builds the intake once it is whole; while it is being written, looks again. */
  const whenWhole = async (file: string): Promise<void> => {
    const info = await stat(file).catch(() => undefined);
    if (!info) return void intakes.delete(file);
    if (!info.isFile()) {
      log.warn({ event: 'not-a-file', intake: path.basename(file) }, 'not a regular file: ignored');
      return;
    }
    const whole = await readFile(file, 'utf8').then(isJson, () => false);
    if (timers.has(file)) return; // written again meanwhile: that change looks again
    if (whole || Date.now() - info.mtimeMs >= GIVE_UP_MS) return queue.request(file);
    afterQuiet(file, () => whenWhole(file));
  };

  const onIntake = (file: string, build = true) => {
    intakes.add(file);
    o.onIntake?.(file, 'seen');
    if (!build) return;
    // Changed: built as it is now, and retried from the start if that fails too.
    cancelRetry(file);
    afterQuiet(file, () => whenWhole(file));
  };

  /** The intakes that read `file`; for a new scan in a signed/ folder, the case it is named for. */
  const readersOf = (file: string): Set<string> => {
    const found = new Set(readers.get(file) ?? []);
    if (path.basename(path.dirname(file)) === SIGNED_FOLDER) {
      for (const [prefix, set] of readers) if (isSignedScanOf(file, prefix)) for (const i of set) found.add(i);
    }
    return found;
  };
  const rebuildReaders = (files: Iterable<string>) => {
    for (const f of files) for (const i of readersOf(f)) queue.request(i);
  };

  // Changes to the definitions (pipelines, templates, forms, field maps) are taken together: one reload.
  const changedDefinitions = new Set<string>();
  const onDefinition = (file: string) => {
    changedDefinitions.add(file);
    afterQuiet('\0definitions', async () => {
      const files = [...changedDefinitions];
      changedDefinitions.clear();
      for (const f of files) log.info({ event: 'definitions-changed', file: path.basename(f) }, 'templates or pipelines changed');
      const builder = await opening;
      const hadProblems = builder.problems.length > 0;
      const problems = await builder.reload();
      if (problems.length) log.error({ event: 'pipelines-invalid', problems: problems.map((p) => ({ code: p.code, file: p.location.file, line: p.location.line })) }, 'pipelines have problems; no case is built until they are fixed');
      // A pipeline may now apply to other cases, and broken pipelines concern every case.
      if (hadProblems || problems.length || files.some((f) => isPipelineFile(pipelinesDir, f))) for (const i of intakes) queue.request(i);
      else rebuildReaders(files);
    });
  };

  const onChange = (file: string) => {
    const abs = path.resolve(file);
    if (isIgnored(abs)) return;
    if (isIntake(inDir, abs)) return onIntake(abs);
    if (abs.startsWith(templatesDir + path.sep) || abs.startsWith(pipelinesDir + path.sep)) return onDefinition(abs);
    afterQuiet(abs, () => rebuildReaders([abs]));
  };

  const onRemove = (file: string) => {
    const abs = path.resolve(file);
    if (!isIntake(inDir, abs)) return onChange(abs);
    intakes.delete(abs);
    o.onIntake?.(abs, 'removed');
    cancelRetry(abs);
    clearTimeout(timers.get(abs));
    timers.delete(abs);
    forget(abs);
    void opening.then(async (builder) => {
      await builder.release(abs);
      // An intake refused for its caseId may own that case now.
      for (const i of refused) if (intakes.has(i)) queue.request(i);
    });
  };

  const watcher: FSWatcher = watch([inDir, templatesDir, pipelinesDir], {
    ignoreInitial: true,
    ignored: (p: string) => isIgnored(p) || path.resolve(p) === outDir || path.resolve(p).startsWith(outDir + path.sep),
  });
  const watcherReady = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('add', onChange).on('change', onChange).on('unlink', onRemove);

  const ready = (async () => {
    // With a queue, the workers remove what a killed build left, each once it holds the case.
    if (!o.builder) await removeLeftovers(outDir);
    const builder = await opening;
    if (builder.problems.length) log.error({ event: 'pipelines-invalid', problems: builder.problems.map((p) => ({ code: p.code, file: p.location.file, line: p.location.line })) }, 'pipelines have problems; no case is built until they are fixed');
    await watcherReady;
    // On start, every intake is looked at; the incremental build skips the ones that are current.
    for (const name of (await readdir(inDir)).sort()) {
      const file = path.join(inDir, name);
      if (isIntake(inDir, file)) onIntake(file, o.buildAtStart !== false);
    }
    log.info({ event: 'watching', intakes: intakes.size, concurrency: o.concurrency }, 'watching');
  })();

  return {
    ready,
    request(file, r) {
      const abs = path.resolve(file);
      if (!isIntake(inDir, abs)) return;
      intakes.add(abs);
      if (r?.force) forced.add(abs);
      queue.request(abs);
    },
    async stop() {
      await watcher.close();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const i of [...retries.keys()]) cancelRetry(i);
      // The builder first: a case under way has STOP_GRACE_MS to finish, then its worker is stopped;
      // then every build of the queue has answered, and it stops at once.
      const builder = await opening;
      const stopping = queue.stop();
      await builder.close(STOP_GRACE_MS);
      await stopping;
      log.info({ event: 'stopped' }, 'stopped');
    },
  };
}

/**
 * The status a paralegal reads beside the intake: built (with outputs) or rejected (with the errors).
 * It persists beside the intake, so it carries the case id, file names, codes, titles and JSON paths
 * of the problems, never their messages, which may quote the client's values (a name, a date of
 * birth, a phone number, narrative): `asylum-packet validate` or `build` prints those on the terminal.
 * Written with `mode` exactly, whatever the umask.
 */
interface Retry {
  attempt: number;
  /** When it is built again (ISO). */
  at: string;
}

async function writeStatus(intake: string, r: CaseBuild, mode: number, retry?: Retry): Promise<void> {
  const status = {
    statusVersion: 1,
    intake: path.basename(intake),
    // retrying: the output folder refused the case (not the intake's fault); it is built again at `retry.at`.
    status: r.ok ? 'built' : retry ? 'retrying' : 'rejected',
    caseId: r.caseId ?? null,
    at: new Date().toISOString(),
    outputs: r.outputs.map((x) => ({ pipeline: x.pipeline, folder: x.dir, files: x.files, upToDate: x.upToDate })),
    // A failed build never touches what an earlier one published: that filing is still there.
    ...(r.kept?.length ? { kept: r.kept.map((x) => ({ pipeline: x.pipeline, folder: x.dir, files: x.files })) } : {}),
    ...(retry ? { retry } : {}),
    problems: r.problems.map((p) => {
      const kept = persistedProblem(p);
      return { ...kept, hint: kept.hint ?? null, path: p.location.path ?? null, line: p.location.line ?? null, column: p.location.column ?? null };
    }),
    ...(r.problems.length ? { details: `the messages (which may quote the intake's values) are not kept in this file: run \`asylum-packet validate ${path.basename(intake)}\` (or build) to see them` } : {}),
  };
  const file = statusFile(intake);
  const tmp = `${file}.${process.pid}.tmp`;
  await rm(tmp, { force: true }); // one a crash left may have a wider mode
  await writeFile(tmp, JSON.stringify(status, null, 2) + '\n', { mode });
  await chmod(tmp, mode); // exactly, whatever the umask (or the mode of a tmp file left by a crash)
  await rename(tmp, file);
}
