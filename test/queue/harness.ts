/**
 * The queue tests' harness: worker processes and `build --queue` runs of the real command line,
 * their log lines, and a batch of copies of the sample affirmative case.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/asylum-packet.js');
export const TODAY = '2026-11-22';

export interface Proc {
  child: ChildProcess;
  pid: number;
  out: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

export function run(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const out: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  started.push(child);
  return { child, pid: child.pid!, out, exited };
}

/** A worker process on the queue, once it says it is taking cases. */
export async function startWorker(url: string, leaseS = 10): Promise<Proc> {
  const w = run(['worker', '--queue', url, '--lease', String(leaseS)]);
  await until(() => w.out.join('').includes('"event":"working"') || w.child.exitCode !== null, 30_000, 'a worker to start');
  if (w.child.exitCode !== null) throw new Error(`the worker exited: ${w.out.join('')}`);
  return w;
}

/** Stops every process the harness started (SIGTERM, then SIGKILL). */
export async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }),
  );
}

export interface JobLine {
  event: 'job';
  jobId: string;
  caseId: string | null;
  intake: string;
  outcome: string;
  attempt: number;
  worker: string;
  errors: string[];
}

/** The job lines a worker logged. */
export function jobLines(p: Proc): JobLine[] {
  return p.out
    .join('')
    .split('\n')
    .filter((l) => l.includes('"event":"job"'))
    .map((l) => JSON.parse(l) as JobLine);
}

export async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string, every = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** `count` copies of the sample affirmative case in a folder (caseIds `<prefix>-1` …), with the evidence beside them: the benches' batches. */
export { sampleCopies } from '../../bench/sample-copies.js';

/** Every staging or moved-aside folder a build left anywhere in the output folder. */
export async function leftovers(outDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const c of await readdir(outDir).catch(() => [] as string[])) {
    if (c.startsWith('.staging-') || c.startsWith('.old-')) found.push(c);
    for (const e of await readdir(path.join(outDir, c)).catch(() => [] as string[])) if (e.startsWith('.staging-') || e.startsWith('.old-')) found.push(`${c}/${e}`);
  }
  return found;
}

/** Whether every output a case's manifest lists is there: a case published whole. */
export async function publishedWhole(caseDir: string): Promise<boolean> {
  for (const pipeline of await readdir(caseDir)) {
    const m = JSON.parse(await readFile(path.join(caseDir, pipeline, 'manifest.json'), 'utf8').catch(() => 'null')) as { outputs: { file: string }[] } | null;
    if (!m) return false;
    const files = new Set(await readdir(path.join(caseDir, pipeline)));
    if (!m.outputs.every((o) => files.has(o.file))) return false;
  }
  return true;
}

/**
 * A queue test file's own folder and Redis (the command line built first, if it is not): made
 * before its tests, and removed after them with every process they started.
 */
export function queueTestFixture(name: string, opts: { redis?: boolean } = {}): { readonly tmp: string; readonly redis: RedisServer } {
  let tmp = '';
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
    tmp = await mkdtemp(path.join(os.tmpdir(), `ap-queue-${name}-`));
    if (opts.redis !== false) redis = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await stopAll();
    await redis?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);
  return {
    get tmp() {
      return tmp;
    },
    get redis() {
      if (!redis) throw new Error('this test file has no Redis of its own');
      return redis;
    },
  };
}
