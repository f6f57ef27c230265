/**
 * Repairs a PDF with qpdf, which reads objects through the cross-reference table (rebuilding it when
 * it is broken) and tolerates stray tokens in dictionaries, so it recovers files pdf-lib cannot read
 * completely. Finds the qpdf executable on PATH (findQpdf) and runs it with a time limit; the repaired
 * copy comes back as bytes, with qpdf's warnings for the repair notes.
 *
 * The repaired copy is written to a private temporary folder (private-temp.ts), and it is
 * decrypted when the exhibit had a password: owner-only, removed and its qpdf child killed on every
 * exit path. qpdf is also killed after its time limit, and by its parent-death signal when this
 * process is killed with SIGKILL (Linux); the folder a SIGKILL leaves is removed by
 * removeStaleTempDirs when `build` or `watch` starts.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dyingWithParent, findExecutable } from '../executables.js';
import * as privateTemp from '../private-temp.js';

/** Longest a qpdf repair may take before it is killed. */
const QPDF_TIMEOUT_MS = 60_000;

let qpdfCache: string | false | undefined;

/** The qpdf executable on PATH (looked up once, then cached); false when there is none. */
export function findQpdf(): string | false {
  if (qpdfCache === undefined) qpdfCache = findExecutable('qpdf');
  return qpdfCache;
}

const TEMP_PREFIX = 'exhibit-qpdf-';

/** The private folders of repairs under way in this process (for tests). */
export function liveTempDirs(): string[] {
  return privateTemp.livePrivateTempDirs(TEMP_PREFIX);
}

/**
 * Removes the repair folders that processes killed with SIGKILL left in the temporary folder: this
 * user's `exhibit-qpdf-<pid>-*` whose process is gone, or older than any repair can take.
 * Answers what it removed.
 */
export function removeStaleTempDirs(tmp = os.tmpdir()): Promise<string[]> {
  return privateTemp.removeStaleTempDirs(TEMP_PREFIX, { tmp, maxAgeMs: 2 * QPDF_TIMEOUT_MS + 60_000 });
}

/** Runs qpdf with a time limit; the child is killed when this process exits, is stopped by a signal, or is killed. */
function runQpdf(qpdf: string, args: string[]): Promise<{ code: number | null; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = execFile(
      ...dyingWithParent(qpdf, args),
      { timeout: QPDF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' },
      (error, _stdout, stderr) => {
        const e = error as (Error & { code?: unknown }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stderr: String(stderr ?? ''), ...(e ? { error: e } : {}) });
      },
    );
    privateTemp.trackChild(child);
  });
}

type QpdfResult =
  | { ok: true; bytes: Buffer; warnings: string[] }
  | { ok: false; password: boolean; error: unknown };

/**
 * `qpdf --decrypt in out`: qpdf rebuilds a broken xref table and tolerates broken objects while
 * reading, so its output is a repaired copy. Exit 0 = clean, 3 = succeeded with warnings, 2 = error.
 * The password goes through a file (mode 0600) so that it does not show in the process list.
 * `input` is the file's path, or the bytes already read from it: those are written to the
 * owner-only folder and qpdf reads that copy, so it repairs the very bytes that were checked and
 * never opens the exhibit's path again (a link there may have been swapped since).
 */
export async function repairWithQpdf(qpdf: string, input: string | Uint8Array, password: string | undefined): Promise<QpdfResult> {
  let dir: string | undefined;
  try {
    dir = await privateTemp.makePrivateTempDir(TEMP_PREFIX);
    const out = path.join(dir, 'repaired.pdf');
    const args = ['--decrypt'];
    if (password) {
      const pwFile = path.join(dir, 'password');
      await writeFile(pwFile, password, { mode: 0o600 });
      args.push(`--password-file=${pwFile}`);
    }
    let file: string;
    if (typeof input === 'string') file = input;
    else await writeFile((file = path.join(dir, 'input.pdf')), input, { mode: 0o600 });
    args.push(path.resolve(file), out);
    const r = await runQpdf(qpdf, args);
    if (r.code !== 0 && r.code !== 3) return { ok: false, password: /invalid password/i.test(r.stderr), error: r.error };
    const warnings = r.stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('WARNING:'))
      .map((l) => `qpdf: ${l.slice('WARNING:'.length).trim().replace(`${path.resolve(file)}: `, '').replace(`${path.resolve(file)} `, '')}`);
    return { ok: true, bytes: await readFile(out), warnings };
  } catch (err) {
    return { ok: false, password: false, error: err };
  } finally {
    if (dir) await privateTemp.removePrivateTempDir(dir);
  }
}
