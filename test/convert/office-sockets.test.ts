/**
 * LibreOffice makes two sockets in /tmp, whatever TMPDIR says: the pipe this tool asks it to
 * listen on, and its own single-instance pipe, named from the profile. A `build` whose office
 * converted the samples' Word documents leaves neither behind when it ends; a build killed with
 * SIGKILL leaves both (its office dies with it, and nothing can run), and the next `build` removes
 * them. Before, every build left its single-instance socket behind: 2,146 of them in /tmp here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE_TEMP_PREFIX, officePipeFiles } from '../../src/convert/profiles.js';
import { OFFICE_MISSING, officeTitle } from '../helpers/office.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/asylum-packet.js');
const SAMPLE = path.join(ROOT, 'fixtures/samples/intake-affirmative.json');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-office-sockets-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const isSocket = async (f: string): Promise<boolean> => (await lstat(f).catch(() => undefined))?.isSocket() ?? false;

/** `build` of the affirmative sample with a TMPDIR of its own; resolves with its office's profile folder once both sockets are there. */
function startBuild(name: string): { child: ChildProcess; office: Promise<string>; exit: Promise<number | NodeJS.Signals | null> } {
  const tmp = path.join(root, name, 'tmp');
  const child = spawn(process.execPath, [BIN, 'build', '--force', '--out', path.join(root, name, 'out'), SAMPLE], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: 'ignore',
  });
  const exit = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let ended = false;
  void exit.then(() => (ended = true));
  const office = (async () => {
    while (!ended) {
      const profile = (await readdir(tmp).catch(() => [] as string[])).find((n) => n.startsWith(`${OFFICE_TEMP_PREFIX}${child.pid}-`));
      if (profile) {
        const full = path.join(tmp, profile);
        const sockets = officePipeFiles(full);
        if ((await Promise.all(sockets.map(isSocket))).every(Boolean)) return full;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the build ended before its office had made both sockets');
  })();
  return { child, office, exit };
}

describe.skipIf(OFFICE_MISSING !== undefined)(officeTitle('LibreOffice\'s sockets in /tmp'), () => {
  it('a build that converted its Word documents leaves neither socket behind, nor the profile', async () => {
    await mkdir(path.join(root, 'ends', 'tmp'), { recursive: true });
    const b = startBuild('ends');
    const profile = await b.office;
    expect(await b.exit).toBe(0);
    for (const f of officePipeFiles(profile)) expect(await isSocket(f), f).toBe(false);
    expect(await lstat(profile).catch(() => 'gone')).toBe('gone');
  }, 180_000);

  it('a build killed with SIGKILL leaves both; the next build removes them, and leaves none of its own', async () => {
    await mkdir(path.join(root, 'killed', 'tmp'), { recursive: true });
    const killed = startBuild('killed');
    const profile = await killed.office;
    killed.child.kill('SIGKILL');
    expect(await killed.exit).toBe('SIGKILL');
    // The office dies with its parent; the sockets stay, for nothing can remove them.
    for (const f of officePipeFiles(profile)) expect(await isSocket(f), f).toBe(true);
    // The next build, with the same TMPDIR, removes them when it starts.
    const next = startBuild('killed');
    const nextProfile = await next.office;
    expect(await next.exit).toBe(0);
    for (const f of [...officePipeFiles(profile), ...officePipeFiles(nextProfile)]) expect(await isSocket(f), f).toBe(false);
    expect(await readdir(path.join(root, 'killed', 'tmp'))).toEqual([]);
  }, 240_000);
});
