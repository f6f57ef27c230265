/**
 * The watched folder: paralegals drop intake files into it; each is built when complete (its size
 * stable and its JSON whole), again when it, an evidence file it names, a template or a pipeline
 * changes (the incremental build skips what those changes do not touch), and its status is
 * written beside it. The intake itself is never moved, rewritten or deleted.
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import type { Problem } from '../errors/problem.js';
import { buildCase, type CaseBuild } from '../builder/build-case.js';
import { fileReferences, resolveReference } from '../intake/files.js';
import { loadPipelines, type Pipeline } from '../pipeline/load.js';
import { BuildQueue } from './queue.js';
import { isLeftover } from '../builder/publish.js';

export interface WatchOptions {
  inDir: string;
  outDir: string;
  templatesDir: string;
  pipelinesDir: string;
  concurrency: number;
  logger: Logger;
  today?: string;
  /** Called after each build, for tests and progress. */
  onBuild?: (file: string, result: CaseBuild) => void;
}

export interface Watching {
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Files the watcher never treats as input: editors' and browsers' temporary files, its own status files. */
function isIgnored(file: string): boolean {
  const name = path.basename(file);
  return /^~\$/.test(name) || /^\..*\.sw[a-p]$/.test(name) || /\.(tmp|part|crdownload)$/i.test(name) || name === '.DS_Store' || name.endsWith('.status.json') || isLeftover(name);
}

const statusFile = (intake: string) => intake.replace(/\.json$/i, '.status.json');

/** Intake files are the .json files directly in the watched folder; evidence lives in subfolders. */
const isIntake = (inDir: string, file: string) => path.dirname(file) === inDir && /\.json$/i.test(file) && !isIgnored(file);

export function startWatching(o: WatchOptions): Watching {
  const inDir = path.resolve(o.inDir);
  const outDir = path.resolve(o.outDir);
  const log = o.logger;
  const intakes = new Set<string>();
  const references = new Map<string, Set<string>>(); // evidence file → intakes naming it
  let pipelines: Pipeline[] = [];
  let pipelineProblems: Problem[] = [];

  const loadAllPipelines = async () => {
    const loaded = await loadPipelines(o.pipelinesDir, { templatesDir: o.templatesDir });
    pipelineProblems = loaded.problems;
    if (pipelineProblems.length) log.error({ event: 'pipelines-invalid', problems: loaded.problems.map((p) => ({ code: p.code, file: p.location.file, line: p.location.line })) }, 'pipelines have problems; no case is built until they are fixed');
    else pipelines = loaded.pipelines;
  };

  const index = async (intake: string) => {
    for (const set of references.values()) set.delete(intake);
    try {
      const data = JSON.parse(await readFile(intake, 'utf8')) as unknown;
      for (const ref of fileReferences(data)) {
        const file = resolveReference(path.dirname(intake), ref.value);
        if (!references.has(file)) references.set(file, new Set());
        references.get(file)!.add(intake);
      }
    } catch {
      // Not (yet) valid JSON: the build reports it in the status file.
    }
  };

  const job = async (intake: string) => {
    // Broken pipelines build nothing, and each intake's status says why.
    if (pipelineProblems.length) return writeStatus(intake, { file: intake, ok: false, problems: pipelineProblems, outputs: [], ms: 0 });
    await index(intake);
    const started = performance.now();
    const result = await buildCase(intake, { outDir, templatesDir: o.templatesDir, pipelines, ...(o.today ? { today: o.today } : {}) });
    await writeStatus(intake, result);
    const outcome = !result.ok ? 'failed' : result.outputs.every((x) => x.upToDate) ? 'up-to-date' : 'built';
    // No client names or narrative: the case id, what ran, how long, how it ended.
    log.info(
      { event: 'build', caseId: result.caseId ?? null, intake: path.basename(intake), pipelines: result.outputs.map((x) => x.pipeline), outcome, ms: Math.round(performance.now() - started), errors: result.problems.filter((p) => p.severity === 'error').map((p) => p.code), warnings: result.problems.filter((p) => p.severity === 'warning').length },
      outcome,
    );
    o.onBuild?.(intake, result);
  };
  const queue = new BuildQueue(job, o.concurrency);

  /** Waits until the file parses as JSON (an editor may save it in several writes), at most ~5 s. */
  const whenComplete = async (file: string): Promise<void> => {
    for (let i = 0; i < 10; i++) {
      try {
        JSON.parse(await readFile(file, 'utf8'));
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };

  const onIntake = (file: string) => {
    intakes.add(file);
    void whenComplete(file).then(() => queue.request(file), () => intakes.delete(file));
  };

  const onChange = async (file: string) => {
    const abs = path.resolve(file);
    if (isIgnored(abs)) return;
    if (isIntake(inDir, abs)) return onIntake(abs);
    if (abs.startsWith(path.resolve(o.templatesDir) + path.sep) || abs.startsWith(path.resolve(o.pipelinesDir) + path.sep)) {
      log.info({ event: 'definitions-changed', file: path.basename(abs) }, 'templates or pipelines changed');
      await loadAllPipelines();
      for (const i of intakes) queue.request(i);
      return;
    }
    for (const i of references.get(abs) ?? []) queue.request(i);
  };

  const watcher: FSWatcher = watch([inDir, o.templatesDir, o.pipelinesDir], {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 50 },
    ignored: (p: string) => isIgnored(p) || path.resolve(p) === outDir || path.resolve(p).startsWith(outDir + path.sep),
  });
  const watcherReady = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('add', (f) => void onChange(f)).on('change', (f) => void onChange(f)).on('unlink', (f) => {
    const abs = path.resolve(f);
    intakes.delete(abs);
  });

  const ready = (async () => {
    await removeLeftovers(outDir);
    await loadAllPipelines();
    await watcherReady;
    // On start, every intake is looked at; the incremental build skips the ones that are current.
    for (const name of (await readdir(inDir)).sort()) {
      const file = path.join(inDir, name);
      if (isIntake(inDir, file)) onIntake(file);
    }
    log.info({ event: 'watching', intakes: intakes.size, concurrency: o.concurrency }, 'watching');
  })();

  return {
    ready,
    async stop() {
      await watcher.close();
      await queue.stop();
      log.info({ event: 'stopped' }, 'stopped');
    },
  };
}

/** Staging folders left by a build that was killed: never visible outputs, removed on start. */
async function removeLeftovers(outDir: string): Promise<void> {
  const cases = await readdir(outDir).catch(() => [] as string[]);
  for (const c of cases) {
    const entries = await readdir(path.join(outDir, c)).catch(() => [] as string[]);
    for (const e of entries) if (isLeftover(e)) await rm(path.join(outDir, c, e), { recursive: true, force: true });
  }
}

/** The status a paralegal reads beside the intake: built (with outputs) or rejected (with the errors). */
async function writeStatus(intake: string, r: CaseBuild): Promise<void> {
  const status = {
    statusVersion: 1,
    intake: path.basename(intake),
    status: r.ok ? 'built' : 'rejected',
    caseId: r.caseId ?? null,
    at: new Date().toISOString(),
    outputs: r.outputs.map((x) => ({ pipeline: x.pipeline, folder: x.dir, files: x.files, upToDate: x.upToDate })),
    problems: r.problems.map((p) => ({ code: p.code, name: p.name, severity: p.severity, message: p.message, hint: p.hint ?? null, path: p.location.path ?? null, line: p.location.line ?? null, column: p.location.column ?? null })),
  };
  const file = statusFile(intake);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(status, null, 2) + '\n');
  await rename(tmp, file);
}
