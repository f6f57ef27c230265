/**
 * Repairs a PDF with qpdf, which reads objects through the cross-reference table (rebuilding it when
 * it is broken) and tolerates stray tokens in dictionaries, so it recovers files pdf-lib cannot read
 * completely. Finds the qpdf executable on PATH (findQpdf) and runs it with a time limit; the repaired
 * copy comes back as bytes, with qpdf's warnings for the repair notes.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Longest a qpdf repair may take before it is killed. */
const QPDF_TIMEOUT_MS = 60_000;

let qpdfCache: string | false | undefined;

/** The qpdf executable on PATH (looked up once, then cached); false when there is none. */
export function findQpdf(): string | false {
  if (qpdfCache !== undefined) return qpdfCache;
  const names =
    process.platform === 'win32'
      ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean).map((ext) => `qpdf${ext.toLowerCase()}`)
      : ['qpdf'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, fsConstants.X_OK);
        if (statSync(candidate).isFile()) return (qpdfCache = candidate);
      } catch {
        // not here
      }
    }
  }
  return (qpdfCache = false);
}

const execFileAsync = promisify(execFile);

type QpdfResult =
  | { ok: true; bytes: Buffer; warnings: string[] }
  | { ok: false; password: boolean; error: unknown };

/**
 * `qpdf --decrypt in out`: qpdf rebuilds a broken xref table and tolerates broken objects while
 * reading, so its output is a repaired copy. Exit 0 = clean, 3 = succeeded with warnings, 2 = error.
 * The password goes through a file (mode 0600) so that it does not show in the process list.
 */
export async function repairWithQpdf(qpdf: string, file: string, password: string | undefined): Promise<QpdfResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exhibit-qpdf-'));
  try {
    const out = path.join(dir, 'repaired.pdf');
    const args = ['--decrypt'];
    if (password) {
      const pwFile = path.join(dir, 'password');
      await writeFile(pwFile, password, { mode: 0o600 });
      args.push(`--password-file=${pwFile}`);
    }
    args.push(path.resolve(file), out);
    let stderr = '';
    try {
      const r = await execFileAsync(qpdf, args, { timeout: QPDF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' });
      stderr = r.stderr;
    } catch (err) {
      const e = err as { code?: unknown; stderr?: string };
      stderr = e.stderr ?? '';
      if (e.code !== 3) {
        return { ok: false, password: /invalid password/i.test(stderr), error: err };
      }
    }
    const warnings = stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('WARNING:'))
      .map((l) => `qpdf: ${l.slice('WARNING:'.length).trim().replace(`${path.resolve(file)}: `, '').replace(`${path.resolve(file)} `, '')}`);
    return { ok: true, bytes: await readFile(out), warnings };
  } catch (err) {
    return { ok: false, password: false, error: err };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
