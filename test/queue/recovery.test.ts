/**
 * The queue when things go wrong, with real worker processes and a real Redis:
 *  - a worker killed (SIGKILL) in the middle of a case: another worker builds it, once, and no
 *    staging folder or partial output is left;
 *  - two intakes with one caseId: one is refused, naming both, across two separate front doors;
 *  - Redis restarted, empty, in the middle of a batch: the batch completes;
 *  - Redis gone for good: every case still waiting is reported as not run, by name.
 */
import { readdir, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QueuedBuilder } from '../../src/queue/queued-builder.js';
import { queueAddress } from '../../src/queue/address.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { jobLines, leftovers, publishedWhole, queueTestFixture, run, sampleCopies, startWorker, stopAll, TODAY, until } from './harness.js';

const fx = queueTestFixture('recovery', { redis: false });
let redis: RedisServer;

// Each test its own Redis and its own workers.
afterEach(async () => {
  await stopAll();
  await redis?.stop();
}, 60_000);

const folder = async (name: string) => {
  const dir = path.join(fx.tmp, name);
  return { inDir: path.join(dir, 'in'), outDir: path.join(dir, 'out') };
};

describe('a worker killed in the middle of a case', () => {
  it('leaves its case to another worker, which builds it once; nothing half-written remains', async () => {
    redis = await startRedis();
    const { inDir, outDir } = await folder('kill');
    const files = await sampleCopies(inDir, 6, 'k');
    const victim = await startWorker(redis.url, 3);
    const survivor = await startWorker(redis.url, 3);
    const b = run(['build', '--queue', redis.url, '--today', TODAY, '--out', outDir, ...files]);

    // The victim's staging folder: it is in the middle of a case.
    let caseDir = '';
    await until(
      async () => {
        for (const c of await readdir(outDir).catch(() => [] as string[])) {
          for (const e of await readdir(path.join(outDir, c)).catch(() => [] as string[])) {
            if (e.startsWith(`.staging-${victim.pid}-`)) {
              caseDir = path.join(outDir, c);
              return true;
            }
          }
        }
        return false;
      },
      120_000,
      'the victim worker to be in the middle of a case',
      5,
    );
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedCase = path.basename(caseDir);

    const { code } = await b.exited;
    const out = b.out.join('');
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toContain('6 cases: 6 built, 0 up to date, 0 failed');
    // The survivor finished the killed worker's case, and logged it built once.
    const survivorLines = jobLines(survivor).filter((l) => l.caseId === killedCase);
    expect(survivorLines.map((l) => l.outcome)).toEqual(['built']);
    // Every case built exactly once to completion, whoever built it.
    const all = [...jobLines(victim), ...jobLines(survivor)].filter((l) => l.outcome === 'built');
    expect(all.map((l) => l.caseId).sort()).toEqual(files.map((_, i) => `k-${i + 1}`).sort());
    expect(await leftovers(outDir)).toEqual([]);
    for (const c of await readdir(outDir)) expect(await publishedWhole(path.join(outDir, c)), c).toBe(true);
  }, 300_000);
});

describe('two intakes with one caseId', () => {
  it('refuses the second, naming both, in one batch and from another front door', async () => {
    redis = await startRedis();
    const { inDir, outDir } = await folder('twice');
    const [first] = await sampleCopies(inDir, 1, 'same');
    const second = path.join(inDir, 'copy-of-first.json');
    await writeFile(second, await readFile(first!));
    await startWorker(redis.url);
    const b = run(['build', '--queue', redis.url, '--today', TODAY, '--out', outDir, first!, second]);
    const { code } = await b.exited;
    const out = b.out.join('');
    expect(code).toBe(1);
    expect(out).toMatch(/✖ failed\s+\S*copy-of-first\.json\s+same-1/);
    expect(out).toContain(`${first} owns case "same-1" with the pipeline "uscis-affirmative" on the build queue`);
    expect(out).toContain('[AP3004 case-built-twice]');
    expect(out).toContain('2 cases: 1 built, 0 up to date, 1 failed');

    // Another front door (another paralegal's build, from another folder) is refused too: the claim is in the queue.
    const elsewhere = path.join(fx.tmp, 'twice', 'elsewhere.json');
    await writeFile(elsewhere, await readFile(first!));
    const b2 = run(['build', '--queue', redis.url, '--today', TODAY, '--out', outDir, elsewhere]);
    expect((await b2.exited).code).toBe(1);
    expect(b2.out.join('')).toContain(`${first} owns case "same-1"`);
  }, 120_000);
});

describe('Redis restarted in the middle of a batch, without its data', () => {
  it('the batch completes: every case is built or found up to date, and published whole', async () => {
    redis = await startRedis();
    const { inDir, outDir } = await folder('restart');
    const files = await sampleCopies(inDir, 8, 'r');
    const workers = await Promise.all([startWorker(redis.url, 3), startWorker(redis.url, 3)]);
    const b = run(['build', '--queue', redis.url, '--today', TODAY, '--out', outDir, ...files]);
    await until(() => workers.some((w) => jobLines(w).length >= 2), 120_000, 'two cases built before the restart');
    await redis.restart({ downMs: 500 });
    const { code } = await b.exited;
    const out = b.out.join('');
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toMatch(/8 cases: \d+ built, \d+ up to date, 0 failed/);
    expect(await leftovers(outDir)).toEqual([]);
    expect((await readdir(outDir)).sort()).toEqual(files.map((_, i) => `r-${i + 1}`).sort());
    for (const c of await readdir(outDir)) expect(await publishedWhole(path.join(outDir, c)), c).toBe(true);
  }, 300_000);
});

describe('Redis gone for good', () => {
  it('every case still waiting is answered "did not run" (AP3022), each by its file', async () => {
    redis = await startRedis();
    const { inDir, outDir } = await folder('gone');
    const files = await sampleCopies(inDir, 3, 'g');
    // No worker: nothing is built, so each case is still waiting when Redis goes.
    const builder = await QueuedBuilder.open({ address: queueAddress(redis.url), outDir, today: TODAY, lostAfterMs: 2000, quietMs: 300 });
    try {
      const answers = Promise.all(files.map((f) => builder.build(f)));
      await until(async () => (await redis.client.llen('asylum-packet:cases:wait')) === 3, 30_000, 'three jobs queued');
      await redis.kill();
      const started = Date.now();
      const results = await answers;
      expect(Date.now() - started).toBeLessThan(20_000);
      for (const [i, r] of results.entries()) {
        expect(r.file).toBe(files[i]);
        expect(r.ok).toBe(false);
        expect(r.problems.map((p) => p.code)).toEqual(['AP3022']);
        expect(r.problems[0]!.message).toMatch(/^the case did not run: the build queue at redis:\/\/127\.0\.0\.1:\d+ could not be reached for \d+ s$/);
      }
      // A case asked for now is answered at once, the same way.
      const late = await builder.build(files[0]!);
      expect(late.problems.map((p) => p.code)).toEqual(['AP3022']);
    } finally {
      await builder.close();
    }
  }, 120_000);
});

describe('a worker whose Redis is gone', () => {
  it('still stops on SIGTERM within seconds, exit 0, saying so', async () => {
    redis = await startRedis();
    const worker = await startWorker(redis.url, 3);
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    worker.child.kill('SIGTERM');
    const { code } = await worker.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(worker.out.join('')).toContain('"event":"stopped"');
  }, 60_000);
});
