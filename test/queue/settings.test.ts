/**
 * What `build --queue` sends with its cases: the templates it was given (a worker uses them, not
 * its own), and what it refuses (--concurrency, which the workers decide).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { ROOT, run, sampleCopies, startWorker, stopAll, TODAY } from './harness.js';

let tmp: string;
let redis: RedisServer;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-queue-settings-'));
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await stopAll();
  await redis?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

describe('build --queue', () => {
  it('sends the templates it was given with its cases: the worker builds with them', async () => {
    const templates = path.join(tmp, 'templates');
    await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
    const checklist = path.join(templates, 'checklist.md.hbs');
    await writeFile(checklist, `OFFICE COPY — ${'{{caseId}}'}\n` + (await readFile(checklist, 'utf8')));
    const [intake] = await sampleCopies(path.join(tmp, 'in'), 1, 't');
    await startWorker(redis.url); // with the shipped templates
    const out = path.join(tmp, 'out');
    const b = run(['build', '--queue', redis.url, '--today', TODAY, '--templates', templates, '--out', out, intake!]);
    expect((await b.exited).code, b.out.join('').slice(-2000)).toBe(0);
    expect(await readFile(path.join(out, 't-1', 'uscis-affirmative', 't-1-filing-checklist.md'), 'utf8')).toMatch(/^OFFICE COPY — t-1\n/);
  }, 120_000);

  it('refuses --concurrency, which the workers decide, before queueing anything', async () => {
    const b = run(['build', '--queue', redis.url, '--concurrency', '2', path.join(tmp, 'in', 'case-001.json')]);
    expect((await b.exited).code).toBe(2);
    expect(b.out.join('')).toContain('--concurrency does not apply with --queue');
    expect(await redis.client.llen('asylum-packet:cases:wait')).toBe(0);
  }, 30_000);

  it('says so, exit 1, when the queue cannot be reached, and queues nothing', async () => {
    const b = run(['build', '--queue', 'redis://127.0.0.1:1', path.join(tmp, 'in', 'case-001.json')]);
    expect((await b.exited).code).toBe(1);
    const out = b.out.join('');
    expect(out).toContain('✖ queue redis://127.0.0.1:1: nothing was queued');
    expect(out).toContain('[AP3020 queue-unreachable]');
  }, 30_000);
});
