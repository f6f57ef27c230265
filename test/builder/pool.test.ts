/**
 * The build pool runs cases in worker processes: results come back whole, a worker that dies
 * fails its case with a clear problem (never a hang), and workers never outlive the build.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildPool } from '../../src/builder/pool.js';

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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number): number[] => {
  try {
    return execSync(`pgrep -P ${pid}`, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the build pool', () => {
  const options = () => ({ size: 2, templatesDir: path.join(ROOT, 'templates'), pipelinesDir: path.join(ROOT, 'pipelines') });

  it('builds cases in two worker processes and hands back their results', async () => {
    const pool = new BuildPool(options());
    try {
      const files = ['intake-affirmative.json', 'intake-defensive.json', 'copy-1.json'].map((f) => path.join(tmp, 'in', f));
      const results = await Promise.all(files.map((file) => pool.build({ file, outDir: path.join(tmp, 'out-a'), today: '2026-11-22', force: true })));
      expect(results.map((r) => [r.ok, r.caseId])).toEqual([
        [true, '2025-0142-nunez'],
        [true, '2025-0142-nunez'],
        [true, 'pool-1'],
      ]);
      expect(results[2]!.outputs[0]!.files).toContain('pool-1-declaration.docx');
      const workers = (pool as unknown as { slots: { child: { pid: number } }[] }).slots.map((s) => s.child.pid);
      expect(new Set(workers).size).toBe(2);
      expect(workers).not.toContain(process.pid);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails the case of a worker that dies, saying so, and carries on with a new worker', async () => {
    const pool = new BuildPool(options());
    try {
      const slots = (pool as unknown as { slots: { child: { pid: number; kill(s: string): void } }[] }).slots;
      await pool.whenReady(2);
      const doomed = pool.build({ file: path.join(tmp, 'in', 'copy-2.json'), outDir: path.join(tmp, 'out-b'), today: '2026-11-22', force: true });
      slots[0]!.child.kill('SIGKILL');
      const r = await doomed;
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.message).toMatch(/the build worker (failed: the build worker stopped \(SIGKILL\)|stopped)/);
      const next = await pool.build({ file: path.join(tmp, 'in', 'copy-3.json'), outDir: path.join(tmp, 'out-b'), today: '2026-11-22', force: true });
      expect(next.ok, JSON.stringify(next.problems)).toBe(true);
    } finally {
      await pool.close();
    }
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
