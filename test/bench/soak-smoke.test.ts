/**
 * `npm run soak` in small: 30 builds through the real command line's watcher, with a restart after
 * 15, invalid intakes, a broken exhibit, a bomb or FIFO and a duplicate caseId. Its report must say
 * no crash, no lost intake, no partial output and no cross-case overwrite.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

describe('npm run soak (smoke)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('30 builds with a restart: no crash, no lost intake, no partial output, no cross-case overwrite', { timeout: 150_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'soak-smoke-'));
    const reportFile = path.join(dir, 'report.json');
    // The soak exits 1 when any target fails: the report says which, so read it either way.
    const result = await run(TSX, ['bench/soak.ts', '--builds', '30', '--restart-every', '15', '--wave', '15', '--seed', '3', '--report', reportFile], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
      (e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? '', code: e.code }),
    );
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      figures: { builds: number; restarts: number; crashes: number; lostIntakes: number; partialOutputs: number; crossCaseOverwrites: number; wrongOutcomes: number; stopMs: { max: number } };
      failures: unknown[];
    };
    const f = report.figures;
    const summary = { crashes: f.crashes, lostIntakes: f.lostIntakes, partialOutputs: f.partialOutputs, crossCaseOverwrites: f.crossCaseOverwrites };
    expect(summary, `soak output:\n${result.stdout}`).toEqual({ crashes: 0, lostIntakes: 0, partialOutputs: 0, crossCaseOverwrites: 0 });
    expect(f.builds).toBe(30);
    expect(f.restarts).toBe(1);
    expect(f.stopMs.max).toBeLessThan(10_000);
  });
});
