/** A watched folder for tests: folders, a light pipeline, a watcher with its builds and log, restarts. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CaseBuild } from '../../src/builder/build-case.js';
import type { Limits } from '../../src/limits.js';
import { startWatching, type Watching } from '../../src/watch/watcher.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SAMPLE = path.join(ROOT, 'fixtures/samples/intake-affirmative.json');
/** The sample's first exhibit, in its evidence folder. */
export const EVIDENCE = 'passport.pdf';
export const LIGHT = `name: light
steps:
  - kind: text
    template: checklist.md.hbs
    output: "{{caseId}}-filing-checklist.md"
`;

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Status {
  status: string;
  caseId: string | null;
  outputs: { pipeline: string; files: string[]; upToDate: boolean }[];
  problems: { code: string; severity: string; line: number | null; column: number | null; path: string | null }[];
}
export const readStatus = async (file: string): Promise<Status | undefined> => {
  try {
    return JSON.parse(await readFile(file.replace(/\.json$/, '.status.json'), 'utf8')) as Status;
  } catch {
    return undefined;
  }
};

let sampleText: string | undefined;
export async function intakeText(caseId: string, edit?: (d: Record<string, unknown>) => void): Promise<string> {
  sampleText ??= await readFile(SAMPLE, 'utf8');
  const data = JSON.parse(sampleText) as Record<string, unknown>;
  data.caseId = caseId;
  edit?.(data);
  return JSON.stringify(data, null, 2) + '\n';
}

export interface Env {
  root: string;
  inDir: string;
  outDir: string;
  templatesDir: string;
  pipelinesDir: string;
  builds: { file: string; result: CaseBuild }[];
  logs: Record<string, unknown>[];
  watching: Watching;
  /** Builds of one intake (by file name). */
  buildsOf(name: string): { file: string; result: CaseBuild }[];
  /** Stops the watcher, does `whileStopped`, and starts a new one on the same folders (`watching` is then the new one). */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
/** Stops every watcher and removes every folder `setup` made: call it from afterEach. */
export async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

export async function setup(opts: { concurrency?: number; limits?: Partial<Limits>; after?: () => void | Promise<void>; before?: (e: Omit<Env, 'watching' | 'builds' | 'logs' | 'buildsOf' | 'restart'>) => Promise<void> } = {}): Promise<Env> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ap-watch-'));
  const inDir = path.join(root, 'in');
  const outDir = path.join(root, 'out');
  const templatesDir = path.join(root, 'templates');
  const pipelinesDir = path.join(root, 'pipelines');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  await mkdir(pipelinesDir, { recursive: true });
  await cp(path.join(ROOT, 'templates'), templatesDir, { recursive: true });
  await cp(path.join(ROOT, 'fixtures/samples/evidence'), path.join(inDir, 'evidence'), { recursive: true });
  await writeFile(path.join(pipelinesDir, 'light.yaml'), LIGHT);
  await opts.before?.({ root, inDir, outDir, templatesDir, pipelinesDir });
  const builds: Env['builds'] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { base: null },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        cb();
      },
    }),
  );
  const start = () =>
    startWatching({
      inDir,
      outDir,
      templatesDir,
      pipelinesDir,
      concurrency: opts.concurrency ?? 2,
      logger,
      today: '2026-11-22',
      ...(opts.limits ? { limits: opts.limits } : {}),
      onBuild: (file, result) => builds.push({ file, result }),
    });
  const env: Env = {
    root,
    inDir,
    outDir,
    templatesDir,
    pipelinesDir,
    builds,
    logs,
    watching: start(),
    buildsOf: (name) => builds.filter((b) => path.basename(b.file) === name),
    async restart(whileStopped) {
      await env.watching.stop();
      await whileStopped?.();
      env.watching = start();
      await env.watching.ready;
    },
  };
  cleanups.push(async () => {
    await env.watching.stop();
    await opts.after?.();
    await rm(root, { recursive: true, force: true });
  });
  await env.watching.ready;
  return env;
}

/** Drops a valid intake and waits until it is built. */
export async function dropAndBuild(env: Env, caseId: string): Promise<string> {
  const file = path.join(env.inDir, `${caseId}.json`);
  await writeFile(file, await intakeText(caseId));
  await until(async () => (await readStatus(file))?.status === 'built', 30_000, `${caseId} built`);
  return file;
}

