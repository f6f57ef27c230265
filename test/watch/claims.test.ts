/**
 * The caseId guard in the watcher, as issue 13 found it broken: a copied intake with the same
 * caseId overwrote the first client's filing, every restart flipped between the two, and pairs
 * dropped together failed with ENOTEMPTY on the publish rename.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, dropAndBuild, intakeText, readStatus, setup, until } from '../helpers/watch-env.js';

afterEach(cleanUp);

const familyName = (name: string) => (d: Record<string, unknown>) => {
  ((d.applicant as Record<string, unknown>).name as Record<string, unknown>).family = name;
};

describe('the caseId guard in the watcher', () => {
  it('a restart keeps the same owner: a copy seen first after the restart is refused, naming the intake that made the published filing', async () => {
    const env = await setup();
    const first = await dropAndBuild(env, 'case-own');
    const published = path.join(env.outDir, 'case-own', 'light', 'case-own-filing-checklist.md');
    const before = await readFile(published, 'utf8');
    // Written while the watcher is stopped, under a name the restarted watcher sees first.
    const copy = path.join(env.inDir, 'a-copy.json');
    const copyText = await intakeText('case-own', familyName('Otherfamily'));
    await env.restart(() => writeFile(copy, copyText));
    await until(async () => (await readStatus(copy))?.status === 'rejected', 30_000, 'the copy rejected');
    expect((await readStatus(copy))!.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['AP3004']);
    const refusal = env.buildsOf('a-copy.json').at(-1)!.result.problems.find((p) => p.code === 'AP3004')!;
    expect(refusal.message).toContain(first);
    expect(refusal.message).toContain('made the published filing');
    await until(async () => env.buildsOf('case-own.json').length > 1, 30_000, 'the owner looked at again');
    expect((await readStatus(first))?.status).toBe('built');
    expect(await readFile(published, 'utf8')).toBe(before);

    // Once more: the same owner, whatever the order.
    await env.restart();
    await until(async () => env.buildsOf('a-copy.json').length > 1, 30_000, 'the copy looked at again');
    expect(env.buildsOf('a-copy.json').at(-1)!.result.ok).toBe(false);
    expect(await readFile(published, 'utf8')).toBe(before);

    // The owner removed: the copy owns the case now, and builds it.
    await rm(first);
    await until(async () => (await readStatus(copy))?.status === 'built', 30_000, 'the copy built once the owner is gone');
    expect(await readFile(published, 'utf8')).toMatch(/Otherfamily/i);
  }, 90_000);

  it('15 pairs of intakes with the same caseId dropped at once: one owner each, its filing its own, the other refused, never ENOTEMPTY', async () => {
    const env = await setup();
    const files: { id: string; a: string; b: string }[] = [];
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const id = `pair-${String(i + 1).padStart(2, '0')}`;
        const a = path.join(env.inDir, `${id}-a.json`);
        const b = path.join(env.inDir, `${id}-b.json`);
        files.push({ id, a, b });
        await Promise.all([writeFile(a, await intakeText(id, familyName(`Alfa${i}`))), writeFile(b, await intakeText(id, familyName(`Bravo${i}`)))]);
      }),
    );
    const all = files.flatMap((f) => [f.a, f.b]);
    await until(async () => (await Promise.all(all.map(readStatus))).every(Boolean), 90_000, 'a status for all 30 intakes');
    for (const { id, a, b } of files) {
      const [sa, sb] = [await readStatus(a), await readStatus(b)];
      const states = [sa!.status, sb!.status].sort();
      expect(states, id).toEqual(['built', 'rejected']);
      const loser = sa!.status === 'rejected' ? sa! : sb!;
      expect(loser.problems.filter((p) => p.severity === 'error').map((p) => p.code), id).toEqual(['AP3004']);
      // The filing is the owner's, whole.
      const owner = sa!.status === 'built' ? 'Alfa' : 'Bravo';
      const checklist = await readFile(path.join(env.outDir, id, 'light', `${id}-filing-checklist.md`), 'utf8');
      expect(checklist, id).toMatch(new RegExp(`${owner}\\d+`, 'i'));
      expect(checklist, id).not.toMatch(new RegExp(`${owner === 'Alfa' ? 'Bravo' : 'Alfa'}\\d+`, 'i'));
    }
    const failures = env.builds.flatMap((x) => x.result.problems).filter((p) => p.code === 'AP3002' || p.code === 'AP3003');
    expect(failures.map((p) => p.message)).toEqual([]);
  }, 120_000);
});
