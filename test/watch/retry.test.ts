/**
 * Failures that look temporary (the output folder refused the case: a file where its folder
 * should be, a full disk) are said in words (AP3003), keep the previous filing, and are built
 * again once the cause is gone, without anyone touching the intake.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/watch/watcher.js';
import { cleanUp, dropAndBuild, intakeText, readStatus, setup, until } from '../helpers/watch-env.js';

afterEach(cleanUp);

interface RetryStatus {
  status: string;
  problems: { code: string; severity: string; hint: string | null }[];
  kept?: { pipeline: string; folder: string; files: string[] }[];
  retry?: { attempt: number; at: string };
}
const status = async (f: string) => (await readStatus(f)) as unknown as RetryStatus | undefined;

describe('failures that look temporary, in the watcher', () => {
  it('waits 2, 4, 8 … seconds between attempts, at most a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelay)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('a file where the case\'s folder should be: "retrying" with AP3003 in words, then built once the file is gone', async () => {
    const env = await setup();
    await writeFile(path.join(env.outDir, 'case-blocked'), 'not a folder');
    const intake = path.join(env.inDir, 'case-blocked.json');
    await writeFile(intake, await intakeText('case-blocked'));
    await until(async () => (await status(intake))?.status === 'retrying', 30_000, 'the status "retrying"');
    const s = (await status(intake))!;
    expect(s.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['AP3003']);
    expect(s.retry).toMatchObject({ attempt: 1 });
    expect(Date.parse(s.retry!.at)).toBeGreaterThan(Date.now() - 5000);
    expect(env.logs.some((l) => l.event === 'retry-scheduled')).toBe(true);
    await rm(path.join(env.outDir, 'case-blocked'));
    await until(async () => (await status(intake))?.status === 'built', 30_000, 'built once the file is gone');
    expect(existsSync(path.join(env.outDir, 'case-blocked', 'light', 'case-blocked-filing-checklist.md'))).toBe(true);
  }, 60_000);

  // Mounting a small file system needs root, as CI runs; elsewhere the test says so and is skipped.
  const root = process.getuid?.() === 0;
  it.skipIf(!root)('a full disk: "retrying", the previous filing kept and listed, and the new one built once space is freed', async () => {
    let mounted: string | undefined;
    const env = await setup({
      before: async ({ outDir }) => {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'tmpfs', outDir]);
        mounted = outDir;
      },
      after: () => {
        if (mounted) execFileSync('umount', ['-l', mounted]);
      },
    });
    const intake = await dropAndBuild(env, 'case-full');
    const published = path.join(env.outDir, 'case-full', 'light', 'case-full-filing-checklist.md');
    const before = await readFile(published, 'utf8');
    // Fill the disk, then change the intake: its build cannot be written.
    const filler = path.join(env.outDir, 'filler');
    const fh = await open(filler, 'w');
    try {
      for (;;) await fh.write(Buffer.alloc(16 * 1024));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      await fh.close();
    }
    await writeFile(intake, await intakeText('case-full', (d) => {
      ((d.applicant as Record<string, unknown>).name as Record<string, unknown>).family = 'Changedname';
    }));
    await until(async () => (await status(intake))?.status === 'retrying', 30_000, 'the status "retrying"');
    const s = (await status(intake))!;
    expect(s.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['AP3003']);
    expect(s.problems.find((p) => p.code === 'AP3003')!.hint).toContain('previous output was kept');
    expect(s.kept).toEqual([{ pipeline: 'light', folder: path.join(env.outDir, 'case-full', 'light'), files: ['case-full-filing-checklist.md'] }]);
    expect(await readFile(published, 'utf8')).toBe(before);
    const log = env.builds.at(-1)!.result.problems.find((p) => p.code === 'AP3003')!.message;
    expect(log).toContain('the disk is full');
    await rm(filler);
    await until(async () => (await status(intake))?.status === 'built', 30_000, 'built once space is freed');
    expect(await readFile(published, 'utf8')).toMatch(/Changedname/i);
  }, 90_000);

  it.skipIf(!root)('a read-only output folder (the issue\'s "AP3002 unexpected failure: EACCES"): "retrying" with AP3003 in words, then built once it is writable again', async () => {
    let mounted: string | undefined;
    const env = await setup({
      before: async ({ outDir }) => {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', outDir]);
        mounted = outDir;
      },
      after: () => {
        if (mounted) execFileSync('umount', ['-l', mounted]);
      },
    });
    const intake = await dropAndBuild(env, 'case-ro');
    execFileSync('mount', ['-o', 'remount,ro', env.outDir]);
    await writeFile(intake, await intakeText('case-ro', (d) => {
      ((d.applicant as Record<string, unknown>).name as Record<string, unknown>).family = 'Readonlyname';
    }));
    await until(async () => (await status(intake))?.status === 'retrying', 30_000, 'the status "retrying"');
    const s = (await status(intake))!;
    expect(s.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['AP3003']);
    expect(env.builds.at(-1)!.result.problems.find((p) => p.code === 'AP3003')!.message).toMatch(/read-only/);
    expect(s.kept?.map((k) => k.pipeline)).toEqual(['light']);
    execFileSync('mount', ['-o', 'remount,rw', env.outDir]);
    await until(async () => (await status(intake))?.status === 'built', 30_000, 'built once the folder is writable');
    expect(await readFile(path.join(env.outDir, 'case-ro', 'light', 'case-ro-filing-checklist.md'), 'utf8')).toMatch(/Readonlyname/i);
  }, 90_000);
});
