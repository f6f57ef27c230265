/**
 * The time limit of a case (limits.ts caseSeconds, `--limit case-seconds`): a case over it fails
 * alone with AP3005, saying where it was stopped, and publishes nothing; a worker stuck where it
 * cannot look at its deadline (here: stopped with SIGSTOP, as a process hung in a file system is)
 * is killed and replaced by its lane; and closing a builder with a stuck worker ends within seconds.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseBuilder } from '../../src/builder/case-builder.js';
import { STUCK_GRACE_MS } from '../../src/builder/worker-lane.js';
import { alive } from '../helpers/processes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let tmp: string;
const stopped: number[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/builder/worker.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-time-'));
  await cp(path.join(ROOT, 'fixtures/samples'), path.join(tmp, 'in'), { recursive: true });
  const sample = JSON.parse(await readFile(path.join(tmp, 'in/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
  for (let i = 1; i <= 6; i++) await writeFile(path.join(tmp, 'in', `case-${i}.json`), JSON.stringify({ ...sample, caseId: `time-${i}` }));
}, 60_000);
afterAll(async () => {
  for (const pid of stopped) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const intake = (i: number) => path.join(tmp, 'in', `case-${i}.json`);
const workerPids = (b: CaseBuilder) => (b as unknown as { workers: { pid: number }[] }).workers.map((w) => w.pid);
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const staged = (out: string, caseId: string) => existsSync(path.join(out, caseId)) && readdirSync(path.join(out, caseId)).some((e) => e.startsWith('.staging-'));

describe('the time limit of a case', () => {
  for (const isolate of [false, true]) {
    it(`a case over its limit fails alone with AP3005, saying where, and publishes nothing; the next case builds (${isolate ? 'in a worker' : 'in this process'})`, async () => {
      const out = path.join(tmp, `out-coop-${isolate}`);
      const tight = await CaseBuilder.open({ outDir: out, today: '2026-11-22', isolate, limits: { caseSeconds: 0.05 } });
      const roomy = await CaseBuilder.open({ outDir: out, today: '2026-11-22', isolate });
      try {
        const over = await tight.build(intake(1));
        expect(over.ok).toBe(false);
        expect(over.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['AP3005']);
        const [p] = over.problems.filter((x) => x.code === 'AP3005');
        expect(p!.message).toMatch(/still building after 0\.05 seconds, the time limit for one case; it was stopped (before the \w+ step of the pipeline "uscis-affirmative"|before loading Tab [A-Z])/);
        expect(p!.hint).toContain('--limit case-seconds');
        expect(p!.location).toMatchObject({ file: intake(1), pipeline: 'uscis-affirmative' });
        // Nothing of it was published, and no staging folder (nor an empty case folder) is left.
        expect(existsSync(path.join(out, 'time-1'))).toBe(false);
        const next = await roomy.build(intake(2));
        expect(next.ok, JSON.stringify(next.problems)).toBe(true);
      } finally {
        await Promise.all([tight.close(), roomy.close()]);
      }
    }, 60_000);
  }

  it('a worker that does not answer a grace period after the limit is killed: its case fails with AP3005, and a new worker builds the next case', async () => {
    const out = path.join(tmp, 'out-stuck');
    // Long enough for a new worker's first case (it loads its code), on a busy machine too.
    const builder = await CaseBuilder.open({ outDir: out, today: '2026-11-22', isolate: true, limits: { caseSeconds: 20 } });
    try {
      const stuck = builder.build(intake(3));
      await until(() => staged(out, 'time-3'), 30_000, 'the case to begin');
      const [pid] = workerPids(builder);
      stopped.push(pid!);
      process.kill(pid!, 'SIGSTOP'); // hung: it cannot look at its deadline any more
      const began = Date.now();
      const r = await stuck;
      const waited = Date.now() - began;
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.code)).toEqual(['AP3005']);
      expect(r.problems[0]!.message).toContain('when its worker process had not answered for 10 seconds more (the worker was stopped and replaced)');
      // Within the limit and the grace period (and the seconds a SIGKILL and an exit take).
      expect(waited).toBeLessThan(20_000 + STUCK_GRACE_MS + 5000);
      await until(() => !alive(pid!), 5_000, 'the stuck worker to be gone');
      const next = await builder.build(intake(4));
      expect(next.ok, JSON.stringify(next.problems)).toBe(true);
      expect(workerPids(builder)[0]).not.toBe(pid);
      // The stuck case's staging folder is gone with it: the next build of any case cleans its own folder only.
      expect(readdirSync(path.join(out, 'time-4')).filter((e) => e.startsWith('.'))).toEqual([]);
    } finally {
      await builder.close();
    }
  }, 90_000);

  it('close(grace) with a stuck worker ends within seconds: the case in hand is answered "stopped", and no worker is left', async () => {
    const out = path.join(tmp, 'out-close');
    const builder = await CaseBuilder.open({ outDir: out, today: '2026-11-22', isolate: true });
    const stuck = builder.build(intake(5));
    const waiting = builder.build(intake(6));
    await until(() => staged(out, 'time-5'), 30_000, 'the case to begin');
    const [pid] = workerPids(builder);
    stopped.push(pid!);
    process.kill(pid!, 'SIGSTOP');
    const began = Date.now();
    await builder.close(500);
    expect(Date.now() - began).toBeLessThan(5000);
    const [a, b] = await Promise.all([stuck, waiting]);
    expect(a).toMatchObject({ ok: false, stopped: true });
    expect(b).toMatchObject({ ok: false, stopped: true });
    expect(alive(pid!)).toBe(false);
    // Nothing of the stopped case was published.
    expect(existsSync(path.join(out, 'time-5')) ? readdirSync(path.join(out, 'time-5')).filter((e) => !e.startsWith('.')) : []).toEqual([]);
  }, 60_000);

  it('close() while a case is being claimed (a watcher stopped by SIGTERM as a case arrives) answers it "stopped": nothing is left unanswered', async () => {
    const out = path.join(tmp, 'out-race');
    const builder = await CaseBuilder.open({ outDir: out, today: '2026-11-22', isolate: true });
    expect((await builder.build(intake(1))).ok).toBe(true); // its worker is loaded and free
    const arriving = builder.build(intake(2)); // taken from the waiting list, its claim under way
    await builder.close();
    const answer = await Promise.race([arriving, new Promise((r) => setTimeout(() => r('no answer'), 10_000))]);
    expect(answer).toMatchObject({ ok: false, stopped: true });
  }, 60_000);
});
