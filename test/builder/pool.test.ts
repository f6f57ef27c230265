/**
 * The case builder's worker lanes run cases in worker processes: results come back whole, a
 * worker that dies fails its case with a clear problem (never a hang), and workers never outlive
 * the build.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseBuilder } from '../../src/builder/case-builder.js';
import { WorkerLane } from '../../src/builder/worker-lane.js';
import { alive, childrenOf } from '../helpers/processes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/asylum-packet.js');
let tmp: string;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/builder/worker.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-pool-'));
  await cp(path.join(ROOT, 'fixtures/samples'), path.join(tmp, 'in'), { recursive: true });
  const sample = JSON.parse(await readFile(path.join(tmp, 'in/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
  for (let i = 1; i <= 12; i++) await writeFile(path.join(tmp, 'in', `copy-${i}.json`), JSON.stringify({ ...sample, caseId: `pool-${i}` }));
}, 60_000);
afterAll(async () => tmp && rm(tmp, { recursive: true, force: true }));

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the worker lanes', () => {
  const init = () => ({ templatesDir: path.join(ROOT, 'templates'), pipelinesDir: path.join(ROOT, 'pipelines') });
  /** Two lanes, resolved once both have loaded. */
  async function twoLanes(): Promise<WorkerLane[]> {
    let wake = () => undefined as void;
    const loaded = new Promise<void>((r) => (wake = r));
    const lanes: WorkerLane[] = [];
    const onFree = () => lanes.length === 2 && lanes.every((l) => l.free) && wake();
    lanes.push(new WorkerLane(init(), onFree), new WorkerLane(init(), onFree));
    await loaded;
    return lanes;
  }

  it('builds cases in two worker processes and hands back their results', async () => {
    const lanes = await twoLanes();
    try {
      const files = ['intake-affirmative.json', 'intake-defensive.json', 'copy-1.json'].map((f) => path.join(tmp, 'in', f));
      const results = await Promise.all(files.map((file, i) => lanes[i % 2]!.run({ file, outDir: path.join(tmp, 'out-a'), today: '2026-11-22', force: true })));
      expect(results.map((r) => [r!.ok, r!.caseId])).toEqual([
        [true, '2025-0142-nunez'],
        [true, '2025-0142-nunez'],
        [true, 'pool-1'],
      ]);
      expect(results[2]!.outputs[0]!.files).toContain('pool-1-declaration.docx');
      const workers = lanes.map((l) => l.pid);
      expect(new Set(workers).size).toBe(2);
      expect(workers).not.toContain(process.pid);
    } finally {
      await Promise.all(lanes.map((l) => l.close()));
    }
  }, 60_000);

  it('fails the case of a worker that dies, saying so, gives back the case it held unbegun, and carries on with a new worker', async () => {
    const lanes = await twoLanes();
    try {
      const lane = lanes[0]!;
      const doomed = lane.run({ file: path.join(tmp, 'in', 'copy-2.json'), outDir: path.join(tmp, 'out-b'), today: '2026-11-22', force: true });
      const held = lane.run({ file: path.join(tmp, 'in', 'copy-4.json'), outDir: path.join(tmp, 'out-b'), today: '2026-11-22', force: true });
      // Killed once it has begun the first case (its staging folder is there), holding the second.
      await until(() => existsSync(path.join(tmp, 'out-b', 'pool-2')) && readdirSync(path.join(tmp, 'out-b', 'pool-2')).some((e) => e.startsWith('.staging-')), 30_000, 'the case to begin');
      process.kill(lane.pid!, 'SIGKILL');
      expect(await held, 'the case not begun is given back, to be sent again').toBeUndefined();
      const r = (await doomed)!;
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.message).toMatch(/the build worker (failed: the build worker stopped \(SIGKILL\)|stopped)/);
      await until(() => lane.free, 30_000, 'the replacement worker');
      const next = (await lane.run({ file: path.join(tmp, 'in', 'copy-3.json'), outDir: path.join(tmp, 'out-b'), today: '2026-11-22', force: true }))!;
      expect(next.ok, JSON.stringify(next.problems)).toBe(true);
    } finally {
      await Promise.all(lanes.map((l) => l.close()));
    }
  }, 60_000);

  it('the case builder with workers: every case built once, and a second intake with a taken caseId refused', async () => {
    const builder = await CaseBuilder.open({ outDir: path.join(tmp, 'out-d'), concurrency: 3, today: '2026-11-22', force: true });
    const states: string[] = [];
    builder.on('progress', (p) => states.push(`${path.basename(p.file)} ${p.state}`));
    try {
      const files = Array.from({ length: 8 }, (_, i) => path.join(tmp, 'in', `copy-${i + 1}.json`));
      // copy-1 again under another name: same caseId, a different intake.
      const twin = path.join(tmp, 'in', 'twin-of-copy-1.json');
      await writeFile(twin, await readFile(files[0]!));
      const results = await Promise.all([...files, twin].map((f) => builder.build(f)));
      expect(results.slice(0, 8).map((r) => [r.ok, r.caseId])).toEqual(files.map((_, i) => [true, `pool-${i + 1}`]));
      expect(results[8]!.ok).toBe(false);
      expect(results[8]!.problems.map((p) => p.code)).toEqual(['AP3004']);
      expect(results[8]!.problems[0]!.message).toContain(files[0]);
      for (const f of files) expect(states.filter((s) => s === `${path.basename(f)} done`)).toHaveLength(1);
    } finally {
      await builder.close();
    }
  }, 90_000);

  it('close() while cases are under way: every build answers (none hangs), and no worker is left', async () => {
    const builder = await CaseBuilder.open({ outDir: path.join(tmp, 'out-e'), concurrency: 2, today: '2026-11-22', force: true });
    const files = Array.from({ length: 6 }, (_, i) => path.join(tmp, 'in', `copy-${i + 1}.json`));
    const builds = files.map((f) => builder.build(f));
    await new Promise((r) => setTimeout(r, 1500)); // some building, some waiting
    await builder.close();
    const results = await Promise.all(builds);
    expect(results).toHaveLength(6);
    for (const r of results) if (!r.ok) expect(r.problems.map((p) => p.message).join(' ')).toMatch(/stopped/);
    const pids = (builder as unknown as { workers: { pid: number }[] }).workers.map((w) => w.pid);
    await until(() => pids.every((pid) => !alive(pid)), 30_000, 'the worker to exit');
  }, 60_000);

  it('leaves no worker process behind when the build command is killed', async () => {
    const files = Array.from({ length: 12 }, (_, i) => path.join(tmp, 'in', `copy-${i + 1}.json`));
    // --concurrency 3: this process and two workers.
    const child = spawn(process.execPath, [BIN, 'build', '--force', '--today', '2026-11-22', '--concurrency', '3', '--out', path.join(tmp, 'out-c'), ...files], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    let workers: number[] = [];
    await until(() => (workers = childrenOf(child.pid!)).length === 2, 30_000, 'two workers');
    child.kill('SIGKILL');
    await exited;
    // Each worker sees its channel close, finishes the case in hand (publishing it whole) and leaves.
    await until(() => workers.every((pid) => !alive(pid)), 30_000, `workers ${workers.join(', ')} to exit`);
  }, 60_000);
});
