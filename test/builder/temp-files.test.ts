/**
 * Temporary files and leftovers (issue 13): a qpdf repair's temporary folder (which holds a
 * decrypted copy when the exhibit had a password) is owner-only and removed on every exit path:
 * after a repair, after a failed one, and when the build process is stopped by SIGTERM (its qpdf
 * child is killed too). SIGKILL cannot be handled: the folder stays, and the next start removes it.
 * `build` removes the staging folders a killed build left in the output folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeCaseLeftovers, removeLeftovers, staging } from '../../src/builder/publish.js';
import { removeStaleHelperFolders } from '../../src/convert/profiles.js';
import { findQpdf, liveTempDirs, removeStaleTempDirs, repairWithQpdf } from '../../src/pdf/repair.js';
import * as H from '../helpers/hostile-pdfs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.join(ROOT, 'fixtures/samples');
const BIN = path.join(ROOT, 'bin/asylum-packet.js');
const qpdf = findQpdf();

let root: string;
let privateTmp: string;
let savedTmp: string | undefined;
let savedUmask: number;
const stray: number[] = [];
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-tempfiles-'));
  privateTmp = path.join(root, 'tmp');
  await mkdir(privateTmp);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  savedUmask = process.umask(0o000);
});
afterEach(async () => {
  process.umask(savedUmask);
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const pid of stray.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await rm(root, { recursive: true, force: true });
});

/**
 * A stand-in for qpdf: notes its pid, the folder of its output file and that folder's mode in
 * $MARKER, then does what $FAKE_QPDF says: "copy" the input to the output, "fail" (exit 2), or
 * "hang" (sleep, as a repair that takes long).
 */
async function fakeQpdf(dir: string): Promise<string> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const file = path.join(bin, 'qpdf');
  await writeFile(
    file,
    [
      '#!/bin/sh',
      'for a; do prev=$in; in=$last; last=$a; done',
      'd=$(dirname "$last")',
      'echo "$$ $d $(stat -c %a "$d")" > "$MARKER"',
      'case "$FAKE_QPDF" in',
      '  copy) cp "$in" "$last"; exit 0 ;;',
      '  fail) echo "qpdf: broken beyond repair" >&2; exit 2 ;;',
      '  *) exec sleep 30 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  await chmod(file, 0o755);
  return file;
}

const qpdfDirs = async () => (await readdir(privateTmp)).filter((n) => n.startsWith('exhibit-qpdf-'));

/** A process that has not exited (a zombie, waiting to be reaped by whoever adopted it, has). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the qpdf repair\'s temporary folder', () => {
  it('is 0700 under umask 000 while qpdf runs, and removed after the repair', async () => {
    const fake = await fakeQpdf(root);
    const input = path.join(root, 'in.pdf');
    await writeFile(input, await H.strayTokenInPageTree());
    process.env.MARKER = path.join(root, 'marker');
    process.env.FAKE_QPDF = 'copy';
    try {
      const r = await repairWithQpdf(fake, input, 'a password');
      expect(r.ok).toBe(true);
      const [, dir, mode] = (await readFile(process.env.MARKER, 'utf8')).trim().split(' ');
      expect(path.dirname(dir!)).toBe(privateTmp);
      expect(path.basename(dir!)).toMatch(new RegExp(`^exhibit-qpdf-${process.pid}-`));
      expect(mode).toBe('700');
      expect(existsSync(dir!)).toBe(false);
      expect(await qpdfDirs()).toEqual([]);
      expect(liveTempDirs()).toEqual([]);

      process.env.FAKE_QPDF = 'fail';
      const failed = await repairWithQpdf(fake, input, undefined);
      expect(failed.ok).toBe(false);
      expect(await qpdfDirs()).toEqual([]);
      expect(liveTempDirs()).toEqual([]);
      // No signal handler of its own is left behind once no repair is under way.
      expect(process.listeners('SIGTERM').map((f) => f.name)).not.toContain('onSignal');
    } finally {
      delete process.env.MARKER;
      delete process.env.FAKE_QPDF;
    }
  });

  it.runIf(qpdf)('with the real qpdf, on an encrypted damaged exhibit: repaired, and nothing left', async () => {
    const input = path.join(root, 'locked.pdf');
    await writeFile(input, await H.strayTokenInEncryptedPageTree('s3cret'));
    const r = await repairWithQpdf(qpdf as string, input, 's3cret');
    expect(r.ok).toBe(true);
    expect(await qpdfDirs()).toEqual([]);
  });
});

/** A build of the affirmative sample whose first exhibit needs a repair, run by the CLI in a child process. */
async function startBuild(how: 'hang'): Promise<{ child: ChildProcess; out: string; marker: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> }> {
  const caseDir = path.join(root, 'case');
  for (const d of ['evidence', 'history']) await cp(path.join(SAMPLES, d), path.join(caseDir, d), { recursive: true });
  const intake = JSON.parse(await readFile(path.join(SAMPLES, 'intake-affirmative.json'), 'utf8')) as { evidence: { file: string }[] };
  await writeFile(path.join(caseDir, intake.evidence[0]!.file), await H.strayTokenInPageTree());
  await writeFile(path.join(caseDir, 'intake.json'), JSON.stringify(intake, null, 2));
  await fakeQpdf(root);
  const out = path.join(root, 'out');
  const marker = path.join(root, 'marker');
  const child = spawn(process.execPath, [BIN, 'build', '--today', '2026-11-22', '--out', out, path.join(caseDir, 'intake.json')], {
    env: { ...process.env, PATH: `${path.join(root, 'bin')}${path.delimiter}${process.env.PATH}`, TMPDIR: privateTmp, MARKER: marker, FAKE_QPDF: how },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
  await until(() => existsSync(marker) && readFileSync(marker, 'utf8').includes('\n'), 30_000, 'qpdf to start');
  return { child, out, marker, exited };
}

describe('a build stopped while qpdf repairs an exhibit', () => {
  it('SIGTERM: the temporary folder is removed, qpdf is killed, the process still ends by SIGTERM; the next build removes its staging folder', async () => {
    const { child, out, marker, exited } = await startBuild('hang');
    const [pid, dir, mode] = readFileSync(marker, 'utf8').trim().split(' ');
    stray.push(Number(pid));
    expect(mode).toBe('700');
    expect(existsSync(dir!)).toBe(true);
    const staged = (await readdir(path.join(out, '2025-0142-nunez'))).filter((n) => n.startsWith('.staging-'));
    expect(staged).toHaveLength(1);

    child.kill('SIGTERM');
    const r = await exited;
    expect(r.signal, r.stderr).toBe('SIGTERM');
    expect(existsSync(dir!)).toBe(false);
    expect(await qpdfDirs()).toEqual([]);
    await until(() => !running(Number(pid)), 5_000, 'qpdf to die');

    // The killed build left its staging folder: the next build (a real one) removes it.
    expect((await readdir(path.join(out, '2025-0142-nunez'))).filter((n) => n.startsWith('.staging-'))).toEqual(staged);
    const again = spawnSync(process.execPath, [BIN, 'build', '--today', '2026-11-22', '--out', out, path.join(root, 'case', 'intake.json')], { env: { ...process.env, TMPDIR: privateTmp }, encoding: 'utf8' });
    expect(again.status, again.stdout + again.stderr).toBe(qpdf ? 0 : 1);
    expect((await readdir(path.join(out, '2025-0142-nunez'))).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await qpdfDirs()).toEqual([]);
  }, 60_000);

  it('SIGKILL cannot be handled: qpdf dies with its parent (its parent-death signal), and the folder stays until the next start removes it', async () => {
    const { child, marker, exited } = await startBuild('hang');
    const [pid, dir] = readFileSync(marker, 'utf8').trim().split(' ');
    stray.push(Number(pid));
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(existsSync(dir!)).toBe(true);
    // The fake qpdf sleeps 30 s: only the parent-death signal ends it sooner.
    await until(() => !running(Number(pid)), 5_000, 'qpdf to die with its parent');
    expect(await removeStaleTempDirs(privateTmp)).toEqual([dir]);
    expect(await qpdfDirs()).toEqual([]);
    // The killed build's office (it had converted the declaration) left its sockets in /tmp, which
    // this folder's profile names: removed as the next start would (test/convert/office-sockets.test.ts).
    await removeStaleHelperFolders(privateTmp);
  }, 60_000);
});

describe('leftovers in the output folder', () => {
  it('removes the staging folders of killed builds, puts back a previous output moved aside, and leaves a running build\'s alone', async () => {
    const out = path.join(root, 'out');
    const caseDir = path.join(out, 'case-a');
    const dead = 2 ** 22 + 12345; // above any pid_max this test runs under: no such process
    await mkdir(path.join(caseDir, `.staging-${dead}-abcd0123`, 'light'), { recursive: true });
    await writeFile(path.join(caseDir, `.staging-${dead}-abcd0123`, 'light', 'half.md'), 'half');
    // Killed between its two renames: the previous output is aside and nothing took its place.
    await mkdir(path.join(caseDir, `.old-${dead}-abcd0123-light`), { recursive: true });
    await writeFile(path.join(caseDir, `.old-${dead}-abcd0123-light`, 'manifest.json'), '{}');
    // A build under way in another process (this test's parent runs).
    await mkdir(path.join(caseDir, `.staging-${process.ppid}-ffff0000`), { recursive: true });
    // One this process made before it was restarted with the same pid (a container's small pids).
    await mkdir(path.join(caseDir, `.staging-${process.pid}-eeee0000`), { recursive: true });

    await removeLeftovers(out);
    expect((await readdir(caseDir)).sort()).toEqual([`.staging-${process.ppid}-ffff0000`, 'light'].sort());
    expect(await readFile(path.join(caseDir, 'light', 'manifest.json'), 'utf8')).toBe('{}');
    expect((await stat(path.join(caseDir, 'light'))).isDirectory()).toBe(true);
  });

  it('leaves another machine\'s staging folders alone (its process ids mean nothing here), unless the case is locked by this build', async () => {
    const out = path.join(root, 'out-hosts');
    const caseDir = path.join(out, 'case-b');
    const dead = 2 ** 22 + 54321;
    const elsewhere = '0123abcd'; // another machine's name, hashed
    const ours = staging(caseDir).dirFor('probe').then(() => readdir(caseDir));
    const mine = (await ours).find((n) => n.startsWith('.staging-'))!;
    // This machine's folders carry its own name: ".staging-<pid>-<tag>.<machine>".
    expect(mine).toMatch(new RegExp(`^\\.staging-${process.pid}-[0-9a-f]{8}\\.[0-9a-f]{8}$`));
    expect(mine.endsWith(`.${elsewhere}`)).toBe(false);
    await rm(path.join(caseDir, mine), { recursive: true });
    await mkdir(path.join(caseDir, `.staging-${dead}-abcd0123.${elsewhere}`, 'light'), { recursive: true });
    await mkdir(path.join(caseDir, `.staging-${dead}-abcd0124${mine.slice(mine.lastIndexOf('.'))}`), { recursive: true });

    await removeLeftovers(out);
    // This machine's dead build is gone; the other machine's build may still be running.
    expect(await readdir(caseDir)).toEqual([`.staging-${dead}-abcd0123.${elsewhere}`]);
    // A queue worker that holds the case's lock knows nobody else builds it: every leftover is a dead build's.
    expect(await removeCaseLeftovers(caseDir, true)).toEqual([path.join(caseDir, `.staging-${dead}-abcd0123.${elsewhere}`)]);
    expect(await readdir(caseDir)).toEqual([]);
  });
});
