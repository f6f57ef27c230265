/**
 * The web app's processes, for the tests (test/web/harness.ts) and the bench (bench/web.ts): the real
 * `asylum-packet serve` started on a free loopback port, the address it prints parsed, and Debian's
 * headless Chromium through playwright-core. Nothing here imports vitest.
 */
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/asylum-packet.js');
export const SAMPLES = path.join(ROOT, 'fixtures/samples');
export const TODAY = '2026-11-22';
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = '/tmp/web-e2e';
/** Builds go through LibreOffice: 10–60 s on a shared 2-core machine. */
export const BUILD_MS = 120_000;

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export async function until<T>(cond: () => T | Promise<T>, ms: number, what: string | (() => string | Promise<string>), every = 100): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : await what()}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Fails, saying how to install it, when Debian's chromium is not there: these tests are never skipped. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the web app's browser tests need Debian's chromium (apt-get install chromium; .ci/run installs it)`);
}

export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** dist/ built (the command line and the front end): built once if it is not there at all. */
export function ensureBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist/cli/main.js')) || !existsSync(path.join(ROOT, 'dist/web/index.html'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web/index.html is missing after npm run build: the front end (web/) did not build');
}

/** Runs the command line to its end (validate, build …). */
export function cliSync(args: string[], timeoutMs = BUILD_MS): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Server {
  child: ChildProcess;
  port: number;
  token: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The address serve printed: opens the app and sets the token cookie. */
  loginUrl: string;
  inDir: string;
  outDir: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** fetch with the token as a Bearer header and the app's own Origin (what the API asks of scripts). */
  api(p: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** SIGTERM, then SIGKILL after 10 s; answers how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const LINE = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)/;

/** `noBuild`: `--no-build-at-start`, the intakes already there are not built as it starts (they build when they change). */
export async function startServe(o: { inDir: string; outDir: string; today?: string; noBuild?: boolean; args?: string[]; timeoutMs?: number }): Promise<Server> {
  const args = ['serve', '--in', o.inDir, '--out', o.outDir, '--port', '0', '--today', o.today ?? TODAY, ...(o.noBuild ? ['--no-build-at-start'] : []), ...(o.args ?? [])];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const r = await exited;
      clearTimeout(t);
      return r;
    }
    return exited;
  };
  const timeoutMs = o.timeoutMs ?? 30_000;
  let m: RegExpExecArray | null = null;
  const end = Date.now() + timeoutMs;
  while (!(m = LINE.exec(stdout))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`asylum-packet ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before printing its address\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`asylum-packet ${args.join(' ')} printed no http://127.0.0.1:<port>/?token=<hex> line within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(m[1]);
  const token = m[2]!;
  const origin = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    token,
    origin,
    loginUrl: m[0],
    inDir: o.inDir,
    outDir: o.outDir,
    output: () => `stdout: ${stdout}\nstderr: ${stderr}`,
    exited,
    api(p, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      if (!headers.has('origin')) headers.set('origin', origin);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(origin + p, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body, redirect: rest.redirect ?? 'manual' });
    },
    stop,
  };
}

/** The API's view of one case (GET /api/cases), by intake file name. */
export async function caseSummary(s: Server, file: string): Promise<{ file: string; state: string; caseId: string | null; pipelines: string[]; errors: unknown[]; hash: string } | undefined> {
  const r = await s.api('/api/cases');
  if (r.status !== 200) throw new Error(`GET /api/cases: ${r.status} ${await r.text()}`);
  const list = (await r.json()) as { cases: { file: string; state: string; caseId: string | null; pipelines: string[]; errors: unknown[]; hash: string }[] };
  return list.cases.find((c) => c.file === file);
}

/**
 * Waits until the server says the case is built, from the intake file as it is on disk now (its
 * hash), so that an earlier build's "built" does not count; fails early, with its errors, when it
 * is rejected.
 */
export async function waitBuilt(s: Server, file: string, ms = BUILD_MS): Promise<void> {
  const end = Date.now() + ms;
  const hash = sha256(await readFile(path.join(s.inDir, file)));
  let last: Awaited<ReturnType<typeof caseSummary>>;
  for (;;) {
    last = await caseSummary(s, file);
    if (last?.state === 'built' && last.hash === hash) return;
    if (last?.state === 'rejected') throw new Error(`${file} was rejected: ${JSON.stringify(last.errors)}`);
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${file} to be built (last: ${JSON.stringify(last)}; server ${s.output().slice(-2000)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Copies sample intakes (by name, e.g. 'intake-affirmative.json') and the samples' evidence/ into a folder. */
export async function copySamples(dir: string, intakes: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(path.join(SAMPLES, 'evidence'), path.join(dir, 'evidence'), { recursive: true });
  for (const f of intakes) await cp(path.join(SAMPLES, f), path.join(dir, f));
}

