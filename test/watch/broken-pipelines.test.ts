/** While the pipelines are broken nothing is built, and each intake's status says why. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startWatching } from '../../src/watch/watcher.js';

const repo = path.resolve(import.meta.dirname, '../..');
let tmp: string;
afterAll(async () => tmp && rm(tmp, { recursive: true, force: true }));

async function until(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the watcher with broken pipelines', () => {
  it('writes a rejected status naming the pipeline problem, and builds nothing', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-watch-broken-'));
    const inDir = path.join(tmp, 'in');
    await mkdir(path.join(tmp, 'pipelines'), { recursive: true });
    await writeFile(path.join(tmp, 'pipelines', 'bad.yaml'), 'name: bad\nsteps:\n  - kind: txt\n    template: checklist.md.hbs\n    output: x.md\n');
    await cp(path.join(repo, 'fixtures/samples/evidence'), path.join(inDir, 'evidence'), { recursive: true });
    const w = startWatching({ inDir, outDir: path.join(tmp, 'out'), templatesDir: path.join(repo, 'templates'), pipelinesDir: path.join(tmp, 'pipelines'), concurrency: 1, logger: pino({ enabled: false }), today: '2026-11-22' });
    await w.ready;
    await cp(path.join(repo, 'fixtures/samples/intake-affirmative.json'), path.join(inDir, 'case.json'));
    const status = path.join(inDir, 'case.status.json');
    await until(async () => (await readFile(status, 'utf8').catch(() => '')).includes('"status"'), 15_000);
    const s = JSON.parse(await readFile(status, 'utf8'));
    expect(s.status).toBe('rejected');
    expect(s.problems.map((p: { code: string }) => p.code)).toEqual(['AP2003']);
    await w.stop();
    await expect(readFile(path.join(tmp, 'out'), 'utf8')).rejects.toThrow();
  }, 30_000);
});
