import { cp, mkdir, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, dropAndBuild, EVIDENCE, intakeText, readStatus, setup, until } from '../helpers/watch-env.js';

afterEach(cleanUp);

describe('watcher', () => {
  it('200 intakes dropped at once: exactly 200 builds, each intake once, every status "built"', async () => {
    const env = await setup({ concurrency: 2 });
    const N = 200;
    const texts = await Promise.all(Array.from({ length: N }, (_, i) => intakeText(`case-${String(i + 1).padStart(3, '0')}`)));
    const started = Date.now();
    await Promise.all(texts.map((t, i) => writeFile(path.join(env.inDir, `case-${String(i + 1).padStart(3, '0')}.json`), t)));
    await until(() => env.builds.length >= N, 55_000, `${N} builds`);
    const ms = Date.now() - started;
    // Give any duplicate build the chance to show.
    await new Promise((r) => setTimeout(r, 1500));
    console.log(`[watch] ${N} intakes built in ${ms} ms (concurrency 2)`);
    expect(env.builds.length).toBe(N);
    const perFile = new Map<string, number>();
    for (const b of env.builds) perFile.set(path.basename(b.file), (perFile.get(path.basename(b.file)) ?? 0) + 1);
    expect(perFile.size).toBe(N);
    expect([...perFile.values()].every((n) => n === 1)).toBe(true);
    expect(env.builds.every((b) => b.result.ok && b.result.outputs.every((o) => !o.upToDate))).toBe(true);
    for (let i = 1; i <= N; i++) {
      const id = `case-${String(i).padStart(3, '0')}`;
      const s = await readStatus(path.join(env.inDir, `${id}.json`));
      expect(s?.status, id).toBe('built');
      expect(existsSync(path.join(env.outDir, id, 'light', `${id}-filing-checklist.md`)), id).toBe(true);
    }
    expect(ms).toBeLessThan(40_000);
  }, 90_000);

  // The "a copy slower than about 5 s is built from the partial file": copies of 3 s and of 7 s.
  for (const { chunks, gapMs } of [{ chunks: 10, gapMs: 300 }, { chunks: 12, gapMs: 600 }]) {
    it(`an intake written in ${chunks} chunks over ${((chunks - 1) * gapMs) / 1000} s is built once, complete, never rejected`, async () => {
      const env = await setup();
      const text = await intakeText('case-chunked');
      const file = path.join(env.inDir, 'case-chunked.json');
      const size = Math.ceil(text.length / chunks);
      const fh = await open(file, 'w');
      try {
        for (let i = 0; i < chunks; i++) {
          await fh.write(text.slice(i * size, (i + 1) * size));
          await fh.sync();
          if (i < chunks - 1) await new Promise((r) => setTimeout(r, gapMs));
        }
      } finally {
        await fh.close();
      }
      await until(() => env.buildsOf('case-chunked.json').length >= 1, 30_000, 'the chunked intake built');
      await new Promise((r) => setTimeout(r, 2000)); // a second build would show now
      const builds = env.buildsOf('case-chunked.json');
      expect(builds.map((b) => ({ ok: b.result.ok, codes: b.result.problems.filter((p) => p.severity === 'error').map((p) => p.code) }))).toEqual([{ ok: true, codes: [] }]);
      expect((await readStatus(file))?.status).toBe('built');
      expect(await readFile(file, 'utf8')).toBe(text);
    }, 60_000);
  }

  it('an invalid intake is rejected with located problems; a valid one dropped after it still builds', async () => {
    const env = await setup();
    const bad = path.join(env.inDir, 'case-bad.json');
    // Valid JSON, but a date that is not a date: a located schema problem.
    const badText = await intakeText('case-bad', (d) => {
      (d.applicant as Record<string, unknown>).dateOfBirth = 'not-a-date';
    });
    await writeFile(bad, badText);
    await until(async () => (await readStatus(bad))?.status === 'rejected', 30_000, 'case-bad rejected');
    const s = (await readStatus(bad))!;
    const errors = s.problems.filter((p) => p.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const p of errors) {
      expect(typeof p.code).toBe('string');
      expect(p.code.length).toBeGreaterThan(0);
    }
    const located = errors.find((p) => p.path?.includes('dateOfBirth'));
    expect(located, JSON.stringify(errors)).toBeDefined();
    const expectedLine = badText.split('\n').findIndex((l) => l.includes('"not-a-date"')) + 1;
    expect(located!.line).toBe(expectedLine);
    expect(typeof located!.column).toBe('number');
    expect(located!.column).toBeGreaterThan(0);
    expect(s.outputs).toEqual([]);
    expect(existsSync(path.join(env.outDir, 'case-bad'))).toBe(false);

    const good = await dropAndBuild(env, 'case-good');
    expect((await readStatus(good))?.status).toBe('built');
  }, 60_000);

  it('an intake that is not JSON at all is rejected with a line and column', async () => {
    const env = await setup();
    const bad = path.join(env.inDir, 'case-syntax.json');
    await writeFile(bad, '{\n  "schemaVersion": 1,\n  "caseId": "case-syntax",\n  oops\n}\n');
    await until(async () => (await readStatus(bad))?.status === 'rejected', 30_000, 'case-syntax rejected');
    const errors = (await readStatus(bad))!.problems.filter((p) => p.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code.length).toBeGreaterThan(0);
    expect(errors[0]!.line).toBe(4);
    expect(typeof errors[0]!.column).toBe('number');
    await dropAndBuild(env, 'case-after-syntax');
  }, 60_000);

  it('editing a template the pipeline uses rebuilds the cases; editing one it does not use builds nothing new', async () => {
    const env = await setup();
    await dropAndBuild(env, 'case-t1');
    await dropAndBuild(env, 'case-t2');
    await until(() => env.builds.length >= 2, 10_000);
    const checklist = (id: string) => path.join(env.outDir, id, 'light', `${id}-filing-checklist.md`);
    expect(await readFile(checklist('case-t1'), 'utf8')).not.toContain('EDITED-MARKER');

    // Used template: both cases are rebuilt, with new outputs.
    const before = env.builds.length;
    const hbs = path.join(env.templatesDir, 'checklist.md.hbs');
    await writeFile(hbs, (await readFile(hbs, 'utf8')) + '\nEDITED-MARKER\n');
    await until(() => env.buildsOf('case-t1.json').length >= 2 && env.buildsOf('case-t2.json').length >= 2, 30_000, 'rebuilds after the template edit');
    const rebuilt = env.builds.slice(before);
    for (const name of ['case-t1.json', 'case-t2.json']) {
      const b = rebuilt.filter((x) => path.basename(x.file) === name);
      expect(b.length).toBeGreaterThanOrEqual(1);
      expect(b.some((x) => x.result.ok && x.result.outputs.some((o) => !o.upToDate)), name).toBe(true);
    }
    expect(await readFile(checklist('case-t1'), 'utf8')).toContain('EDITED-MARKER');
    expect(await readFile(checklist('case-t2'), 'utf8')).toContain('EDITED-MARKER');
    await new Promise((r) => setTimeout(r, 1000));

    // Unused template: whatever the watcher does, nothing is built anew.
    const before2 = env.builds.length;
    const logsBefore = env.logs.length;
    const t1Mtime = (await stat(checklist('case-t1'))).mtimeMs;
    const docx = path.join(env.templatesDir, 'declaration.docx');
    const bytes = await readFile(docx);
    await writeFile(docx, Buffer.concat([bytes, Buffer.from('\0')]));
    // The watcher reacts (re-checks the cases) within a few seconds, or not at all.
    await until(() => env.logs.some((l) => l.event === 'definitions-changed' && l.file === 'declaration.docx'), 10_000, 'the edit noticed').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    const after = env.builds.slice(before2);
    expect(after.every((b) => b.result.ok && b.result.outputs.every((o) => o.upToDate))).toBe(true);
    expect(env.logs.slice(logsBefore).filter((l) => l.event === 'build' && l.outcome !== 'up-to-date')).toEqual([]);
    expect((await stat(checklist('case-t1'))).mtimeMs).toBe(t1Mtime);
  }, 60_000);

  it('temporary and lock files dropped into the folder cause no build', async () => {
    const env = await setup();
    const valid = await intakeText('case-temp');
    const names = ['~$x.json', '.x.json.swp', 'x.tmp', 'x.part', 'x.crdownload', '.DS_Store', 'x.json.tmp', 'x.json.part', 'x.json.crdownload'];
    for (const n of names) await writeFile(path.join(env.inDir, n), valid);
    // A sentinel dropped after them: once it is built, the temp files had every chance.
    await dropAndBuild(env, 'case-sentinel');
    await new Promise((r) => setTimeout(r, 1500));
    expect(env.builds.map((b) => path.basename(b.file))).toEqual(['case-sentinel.json']);
    const entries = await readdir(env.inDir);
    for (const n of names.filter((x) => x.endsWith('.json'))) expect(entries).not.toContain(n.replace(/\.json$/, '.status.json'));
    expect(entries.filter((e) => e.endsWith('.status.json'))).toEqual(['case-sentinel.status.json']);
    expect(await readdir(env.outDir)).toEqual(['case-sentinel']);
  }, 60_000);

  it('never modifies the intake file', async () => {
    const env = await setup();
    const file = path.join(env.inDir, 'case-keep.json');
    const text = await intakeText('case-keep');
    await writeFile(file, text);
    const st0 = await stat(file);
    const bytes0 = await readFile(file);
    await until(async () => (await readStatus(file))?.status === 'built', 30_000, 'case-keep built');
    // A rebuild (template edit) too.
    const hbs = path.join(env.templatesDir, 'checklist.md.hbs');
    await writeFile(hbs, (await readFile(hbs, 'utf8')) + '\nagain\n');
    await until(() => env.buildsOf('case-keep.json').length >= 2, 30_000, 'case-keep rebuilt');
    await env.watching.stop();
    const st1 = await stat(file);
    expect(Buffer.compare(await readFile(file), bytes0)).toBe(0);
    expect(st1.mtimeMs).toBe(st0.mtimeMs);
    expect(st1.size).toBe(st0.size);
    expect(st1.ino).toBe(st0.ino);
  }, 60_000);

  it('refuses a second intake with the caseId of another, naming it, keeps the first client\'s filing, and builds the second once the first is gone', async () => {
    const env = await setup();
    const first = await dropAndBuild(env, 'case-twin');
    const published = path.join(env.outDir, 'case-twin', 'light', 'case-twin-filing-checklist.md');
    const before = await readFile(published, 'utf8');
    // A copy of another client's intake under the same caseId (a typo, a copied file).
    const second = path.join(env.inDir, 'case-twin-copy.json');
    await writeFile(second, await intakeText('case-twin', (d) => {
      ((d.applicant as Record<string, unknown>).name as Record<string, unknown>).family = 'Otherfamily';
    }));
    await until(async () => (await readStatus(second))?.status === 'rejected', 30_000, 'the second intake rejected');
    const refusal = (await readStatus(second))!.problems.filter((p) => p.severity === 'error');
    expect(refusal.map((p) => p.code)).toEqual(['AP3004']);
    expect(env.buildsOf('case-twin-copy.json').at(-1)!.result.problems.find((p) => p.code === 'AP3004')!.message).toContain(first);
    expect(await readFile(published, 'utf8')).toBe(before);
    expect((await readStatus(first))?.status).toBe('built');
    // The first intake removed: the second now owns the case and is built.
    await rm(first);
    await until(async () => (await readStatus(second))?.status === 'built', 30_000, 'the second intake built once the first is gone');
  }, 60_000);

  it('an evidence file that changes rebuilds exactly the cases that read it', async () => {
    const env = await setup();
    await cp(path.join(env.inDir, 'evidence', EVIDENCE), path.join(env.inDir, 'evidence', 'own-copy.pdf'));
    const own = path.join(env.inDir, 'case-own.json');
    await writeFile(own, await intakeText('case-own', (d) => {
      (d.evidence as { file: string }[])[0]!.file = 'evidence/own-copy.pdf';
    }));
    await until(async () => (await readStatus(own))?.status === 'built', 30_000, 'case-own built');
    const other = await dropAndBuild(env, 'case-other');
    await until(() => env.buildsOf('case-other.json').length >= 1 && env.buildsOf('case-own.json').length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    const counts = () => [env.buildsOf('case-own.json').length, env.buildsOf(path.basename(other)).length];
    const [own0, other0] = counts();
    const copy = path.join(env.inDir, 'evidence', 'own-copy.pdf');
    await writeFile(copy, Buffer.concat([await readFile(copy), Buffer.from('\n% changed\n')]));
    await until(() => counts()[0]! > own0!, 30_000, 'case-own rebuilt');
    await new Promise((r) => setTimeout(r, 2000)); // a build of the other case would show now
    expect(counts()).toEqual([own0! + 1, other0]);
    expect(env.buildsOf('case-own.json').at(-1)!.result.outputs.every((o) => !o.upToDate)).toBe(true);
  }, 60_000);

  it('a signed scan dropped into signed/ rebuilds exactly the case it is named for (no rebuild of its neighbour)', async () => {
    const env = await setup();
    const mine = await dropAndBuild(env, 'case-signed');
    const other = await dropAndBuild(env, 'case-neighbour');
    await until(() => env.buildsOf(path.basename(mine)).length >= 1 && env.buildsOf(path.basename(other)).length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    const counts = () => [env.buildsOf(path.basename(mine)).length, env.buildsOf(path.basename(other)).length];
    const [mine0, other0] = counts();
    await mkdir(path.join(env.inDir, 'signed'), { recursive: true });
    await cp(path.join(env.inDir, 'evidence', EVIDENCE), path.join(env.inDir, 'signed', 'case-signed-declaration.pdf'));
    await until(() => counts()[0]! > mine0!, 30_000, 'case-signed rebuilt');
    await new Promise((r) => setTimeout(r, 2000)); // a build of the neighbour would show now
    expect(counts()).toEqual([mine0! + 1, other0]);
    expect(env.buildsOf(path.basename(mine)).at(-1)!.result.ok).toBe(true);
  }, 60_000);

  it('removes leftover staging folders on start', async () => {
    const env = await setup({
      before: async ({ outDir }) => {
        await mkdir(path.join(outDir, 'case-old', '.staging-123-abcd', 'light'), { recursive: true });
        await writeFile(path.join(outDir, 'case-old', '.staging-123-abcd', 'light', 'half.md'), 'half');
        await mkdir(path.join(outDir, 'case-old', '.old-123-abcd-light'), { recursive: true });
      },
    });
    expect(await readdir(path.join(env.outDir, 'case-old'))).toEqual([]);
  }, 30_000);
});
