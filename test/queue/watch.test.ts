/**
 * `watch --queue`: the watched folder's cases are built by a queue worker; the watcher writes the
 * same status files, and its caseId guard is the queue's.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobLines, queueTestFixture, run, sampleCopies, startWorker, until } from './harness.js';

const fx = queueTestFixture('watch');

const status = async (intake: string) => JSON.parse(await readFile(intake.replace(/\.json$/, '.status.json'), 'utf8').catch(() => '{}')) as { status?: string; caseId?: string; problems?: { code: string; message?: string }[] };

describe('watch --queue', () => {
  it('queues what is dropped into the folder; a worker builds it; the status files say so; a second intake with the same caseId is rejected, naming the first', async () => {
    const inDir = path.join(fx.tmp, 'in');
    const outDir = path.join(fx.tmp, 'out');
    // Evidence beside the intakes; the intakes are written once the watcher runs.
    const [sample] = await sampleCopies(path.join(fx.tmp, 'staging'), 1, 'w');
    await sampleCopies(inDir, 0, 'w');
    const worker = await startWorker(fx.redis.url);
    const watcher = run(['watch', '--queue', fx.redis.url, '--in', inDir, '--out', outDir]);
    await until(() => watcher.out.join('').includes('"event":"watching"'), 60_000, 'the watcher to start');

    const first = path.join(inDir, 'first.json');
    await writeFile(first, await readFile(sample!));
    await until(async () => (await status(first)).status === 'built', 120_000, 'the first intake built');
    expect((await status(first)).caseId).toBe('w-1');
    expect(await readdir(path.join(outDir, 'w-1', 'uscis-affirmative'))).toContain('w-1-exhibits.pdf');
    expect(jobLines(worker).map((l) => [l.caseId, l.intake, l.outcome])).toEqual([['w-1', 'first.json', 'built']]);

    const second = path.join(inDir, 'second.json');
    await writeFile(second, await readFile(sample!));
    await until(async () => (await status(second)).status === 'rejected', 60_000, 'the second intake rejected');
    const refused = (await status(second)).problems!;
    expect(refused.map((p) => p.code)).toEqual(['AP3004']);
    // Named by the filing it published (the manifest is asked before the queue's claim).
    expect(refused[0]!.message).toContain(`${first} made the published filing of case "w-1"`);
    // The first client's filing is untouched, and the worker never saw the second.
    expect(jobLines(worker)).toHaveLength(1);

    watcher.child.kill('SIGTERM');
    expect((await watcher.exited).code).toBe(0);
  }, 240_000);
});
