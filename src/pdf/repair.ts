/**
 * Repairs a PDF with qpdf, which reads objects through the cross-reference table (rebuilding it when
 * it is broken) and tolerates stray tokens in dictionaries, so it recovers files pdf-lib cannot read
 * completely. Finds the qpdf executable on PATH (findQpdf) and runs it with a time limit; the repaired
 * copy comes back as bytes, with qpdf's warnings for the repair notes.
 *
 * The repaired copy is written to a temporary folder, and it is decrypted when the exhibit had a
 * password: the folder is owner-only (0700), and it is removed on every exit path: when the repair
 * ends (finally), when the process exits (an 'exit' handler), and on SIGTERM, SIGINT or SIGHUP
 * (removed, then the signal is raised again, so the process still ends as it would have; when
 * another handler of that signal keeps the process running, as the watcher's does, the repair
 * finishes and removes its folder itself). A qpdf child is killed in the same places and after its
 * time limit. SIGKILL cannot be handled: a process killed with it leaves its folder (and qpdf runs
 * on until its repair ends); the folder's name carries the pid, and removeStaleTempDirs, run when
 * `build` or `watch` starts, removes the folders of processes that are gone.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, rmSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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

const TEMP_PREFIX = 'exhibit-qpdf-';

/** Temporary folders of repairs under way, and their qpdf children: removed and killed on exit. */
const liveDirs = new Set<string>();
const liveChildren = new Set<ChildProcess>();
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
let exitHandlerInstalled = false;

/** Synchronous: it runs in an 'exit' handler, where nothing asynchronous happens any more. */
function cleanUpNow(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Another handler keeps the process running (the watcher stops gracefully, a worker exits through
  // process.exit, which runs the 'exit' handler): the repair under way ends and cleans up itself.
  if (process.listenerCount(signal) > 1) return;
  cleanUpNow();
  untrackSignals();
  // No handler left: the default action, so the process ends as the signal meant (exit 128 + n).
  process.kill(process.pid, signal);
}

function trackSignals(): void {
  if (!exitHandlerInstalled) {
    process.on('exit', cleanUpNow);
    exitHandlerInstalled = true;
  }
  for (const s of SIGNALS) if (!process.listeners(s).includes(onSignal)) process.on(s, onSignal);
}

/** Only while a repair is under way: otherwise a signal does what it did before. */
function untrackSignals(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

function release(dir: string | undefined): void {
  if (dir) liveDirs.delete(dir);
  if (liveDirs.size === 0 && liveChildren.size === 0) untrackSignals();
}

/** The temporary folders of repairs under way in this process (for tests). */
export function liveTempDirs(): string[] {
  return [...liveDirs];
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the repair folders that processes killed with SIGKILL left in the temporary folder: this
 * user's `exhibit-qpdf-<pid>-*` whose process is gone, or older than any repair can take.
 * Answers what it removed.
 */
export async function removeStaleTempDirs(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    const m = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const full = path.join(tmp, name);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) continue;
    const pid = Number(m[1]);
    const old = Date.now() - info.mtimeMs > 2 * QPDF_TIMEOUT_MS + 60_000;
    if (pid === process.pid ? !liveDirs.has(full) && old : !pidAlive(pid) || old) {
      await rm(full, { recursive: true, force: true }).catch(() => undefined);
      removed.push(full);
    }
  }
  return removed;
}

/**
 * Linux's setpriv, which starts qpdf with a parent-death signal: qpdf is killed even when this
 * process is (SIGKILL runs no exit handler). Where there is none, the exit handlers stop qpdf.
 */
const SETPRIV = process.platform === 'linux' ? ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => {
  try {
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}) : undefined;

/** Runs qpdf with a time limit; the child is killed when this process exits, is stopped by a signal, or is killed. */
function runQpdf(qpdf: string, args: string[]): Promise<{ code: number | null; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = execFile(
      SETPRIV ?? qpdf,
      SETPRIV ? ['--pdeathsig', 'KILL', '--', qpdf, ...args] : args,
      { timeout: QPDF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' },
      (error, _stdout, stderr) => {
        liveChildren.delete(child);
        const e = error as (Error & { code?: unknown }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stderr: String(stderr ?? ''), ...(e ? { error: e } : {}) });
      },
    );
    liveChildren.add(child);
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
  trackSignals();
  let dir: string | undefined;
  try {
    // Owner-only (mkdtemp makes it 0700; set again, whatever the platform), named with the pid.
    dir = await mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    liveDirs.add(dir);
    await chmod(dir, 0o700);
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
    if (dir) await rm(dir, { recursive: true, force: true });
    release(dir);
  }
}
