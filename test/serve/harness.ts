/** A web app started in this process over a temporary watched folder, with a light pipeline: fast builds. */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CaseBuild } from '../../src/builder/build-case.js';
import { startWebApp, type RunningWebApp, type WebAppStart } from '../../src/serve/start.js';
import { LIGHT, ROOT, intakeText } from '../helpers/watch-env.js';

export { intakeText, until } from '../helpers/watch-env.js';

export interface WebEnv {
  root: string;
  inDir: string;
  outDir: string;
  app: RunningWebApp;
  base: string;
  logs: string[];
  /** Each build the app said was done, with the case's state the app showed at that moment. */
  builds: { file: string; result: CaseBuild; shown: string | undefined }[];
  /** fetch with the token (as a script would send it). */
  api(pathname: string, init?: RequestInit): Promise<Response>;
}

const running: (() => Promise<void>)[] = [];
export async function stopAll(): Promise<void> {
  for (const s of running.splice(0).reverse()) await s();
}

export async function startEnv(o: { intakes?: Record<string, string>; before?: (inDir: string) => Promise<void> } & Partial<WebAppStart> = {}): Promise<WebEnv> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ap-serve-'));
  const inDir = path.join(root, 'in');
  const outDir = path.join(root, 'out');
  const pipelinesDir = path.join(root, 'pipelines');
  const webDir = path.join(root, 'web');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  await mkdir(pipelinesDir, { recursive: true });
  await mkdir(webDir, { recursive: true });
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(pipelinesDir, 'light.yaml'), LIGHT);
  await cp(path.join(ROOT, 'fixtures/samples/evidence'), path.join(inDir, 'evidence'), { recursive: true });
  for (const [name, text] of Object.entries(o.intakes ?? {})) await writeFile(path.join(inDir, name), text);
  await o.before?.(inDir);
  const logs: string[] = [];
  const builds: WebEnv['builds'] = [];
  const logger = pino({ base: null }, new Writable({ write(c: Buffer, _e, cb) { logs.push(c.toString('utf8')); cb(); } }));
  const { intakes: _i, before: _b, ...rest } = o;
  let started: RunningWebApp | undefined;
  const app = (started = await startWebApp({
    inDir,
    outDir,
    templatesDir: path.join(ROOT, 'templates'),
    pipelinesDir,
    concurrency: 1,
    logger,
    port: 0,
    today: '2026-11-22',
    webDir,
    onBuild: (file, result) => builds.push({ file, result, shown: started?.book.get(path.basename(file))?.state }),
    ...rest,
  }));
  running.push(async () => {
    await app.stop();
    await rm(root, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${app.port}`;
  return {
    root,
    inDir,
    outDir,
    app,
    base,
    logs,
    builds,
    api: (p, init = {}) => fetch(base + p, { ...init, headers: { authorization: `Bearer ${app.token}`, ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) } }),
  };
}

export const sample = (caseId: string, edit?: (d: Record<string, unknown>) => void) => intakeText(caseId, edit);
