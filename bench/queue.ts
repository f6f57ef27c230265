/**
 * npm run bench (last part): the queue's cost. The same copies of the sample affirmative case
 * (BENCH_QUEUE_CASES, default 100), built with --force
 *  - in process: `build --concurrency 1` (one builder, this machine);
 *  - through the queue: one `worker` process and `build --queue`, on a Redis started here on
 *    loopback (Debian's redis-server), timed from the worker's start to the build's exit, so that
 *    both include their start-up;
 * in the order A B B A (two runs each; the figure is the mean of each pair), and the Redis
 * commands the queued batch cost (INFO stats total_commands_processed, before and after; by
 * command from INFO commandstats) and Redis's CPU time (INFO cpu). Target: the queue at most 10 % slower.
 * Prints figures only; asserts nothing. What the Summary needs is recorded in bench/results.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisInstalled, startRedis } from '../test/helpers/redis.js';
import { results, TARGETS } from './results.js';
import { sampleCopies } from './sample-copies.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'bin', 'asylum-packet.js');
const CASES = Number(process.env.BENCH_QUEUE_CASES ?? 100);
const TODAY = '2026-11-22';

console.log(`\nThe queue: ${CASES} copies of the sample affirmative case, build --force, in process (--concurrency 1) and through one queue worker (Redis on loopback)`);
if (!redisInstalled()) {
  console.log('  n/a: redis-server is not installed (apt-get install redis-server; .ci/run installs it)');
} else {
  if (process.env.BENCH_NO_BUILD !== '1') spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, stdio: 'inherit' });
  const work = await mkdtemp(path.join(os.tmpdir(), 'queue-bench-'));
  const redis = await startRedis();
  try {
    const files = await sampleCopies(path.join(work, 'in'), CASES, 'qb');
    const wait = (args: string[]) =>
      new Promise<number>((resolve) => spawn(process.execPath, [bin, ...args], { stdio: 'ignore' }).on('exit', (code) => resolve(code ?? 1)));

    const inProcess = async (k: number) => {
      const t0 = performance.now();
      const code = await wait(['build', '--force', '--today', TODAY, '--concurrency', '1', '--out', path.join(work, `out-here-${k}`), ...files]);
      return { s: (performance.now() - t0) / 1000, code };
    };
    const queued = async (k: number) => {
      const t0 = performance.now();
      const worker = spawn(process.execPath, [bin, 'worker', '--queue', redis.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => worker.stdout.on('data', (d: Buffer) => d.toString().includes('"event":"working"') && resolve()));
      const ready = (performance.now() - t0) / 1000;
      const before = await commands(redis.client);
      const code = await wait(['build', '--queue', redis.url, '--force', '--today', TODAY, '--out', path.join(work, `out-queue-${k}`), ...files]);
      const s = (performance.now() - t0) / 1000;
      const after = await commands(redis.client);
      worker.kill('SIGTERM');
      await new Promise((r) => worker.on('exit', r));
      return { s, ready, code, ops: after.total - before.total - 1, usec: after.usec - before.usec, byCommand: diff(before.byCommand, after.byCommand) };
    };

    const a1 = await inProcess(1);
    const b1 = await queued(1);
    const b2 = await queued(2);
    const a2 = await inProcess(2);
    const runs = [a1, b1, b2, a2];
    if (runs.some((r) => r.code !== 0)) console.log(`  (a run exited non-zero: ${runs.map((r) => r.code).join(' ')}; figures not valid)`);
    const here = (a1.s + a2.s) / 2;
    const queue = (b1.s + b2.s) / 2;
    const ratio = queue / here;
    console.log(`  in process: ${a1.s.toFixed(2)} s, ${a2.s.toFixed(2)} s → mean ${here.toFixed(2)} s, ${((here / CASES) * 1000).toFixed(0)} ms a case`);
    console.log(`  through the queue: ${b1.s.toFixed(2)} s, ${b2.s.toFixed(2)} s → mean ${queue.toFixed(2)} s, ${((queue / CASES) * 1000).toFixed(0)} ms a case (the worker took ${b1.ready.toFixed(2)} s, ${b2.ready.toFixed(2)} s to start, included)`);
    console.log(`  the queue against in process: ${queue.toFixed(2)} / ${here.toFixed(2)} = ${ratio.toFixed(3)}× · target ≤ ${TARGETS.queue}× → ${ratio <= TARGETS.queue ? 'meets' : 'MISSES'}`);
    const opsPerCase = (b1.ops + b2.ops) / 2 / CASES;
    const top = Object.entries(b2.byCommand)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([c, n]) => `${c} ${(n / CASES).toFixed(1)}`)
      .join(', ');
    console.log(`  Redis commands a case: ${(b1.ops / CASES).toFixed(1)}, ${(b2.ops / CASES).toFixed(1)} → ${opsPerCase.toFixed(1)} (producer, worker and events stream together); most: ${top}`);
    const usecPerCase = (b1.usec + b2.usec) / 2 / CASES;
    console.log(`  Redis's CPU time a case (INFO cpu, user + system, idle time included): ${usecPerCase.toFixed(0)} µs → one Redis, its core fully busy, serves about ${Math.round(3.6e9 / usecPerCase).toLocaleString('en-US')} cases an hour`);
    results.queue = { cases: CASES, hereS: here, queueS: queue, opsPerCase, usecPerCase };
  } finally {
    await redis.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Redis's count of commands processed, in all and by command. */
async function commands(c: import('ioredis').Redis): Promise<{ total: number; byCommand: Record<string, number>; usec: number }> {
  const stats = await c.info('stats');
  const total = Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? NaN);
  const byCommand: Record<string, number> = {};
  for (const m of (await c.info('commandstats')).matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) byCommand[m[1]!] = Number(m[2]);
  // Redis's own CPU time (user and system), in µs: what one Redis core spends on the batch.
  const cpu = await c.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? NaN);
  return { total, byCommand, usec: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6 };
}

function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const d: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) if (v - (a[k] ?? 0) > 0) d[k] = v - (a[k] ?? 0);
  // The bench's own INFO calls.
  if (d.info) d.info -= 2;
  return d;
}
