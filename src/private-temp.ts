/**
 * Private temporary folders, and the child processes working in them, for work that must never
 * leave a client's document behind: a qpdf repair (its copy is decrypted when the exhibit had a
 * password), a bug report's build.
 *
 * - A folder is owner-only (0700) and named `<prefix><pid>-…` in the system's temporary folder.
 * - It is removed, and its children killed, on every exit path: when its work ends (the caller
 *   removes it), when the process exits (an 'exit' handler), and on SIGTERM, SIGINT or SIGHUP.
 *   On a signal with no other handler, everything is removed and the signal raised again, so the
 *   process still ends as the signal meant (exit 128 + n); when another handler keeps the process
 *   running (a watcher stopping gracefully, a worker exiting through process.exit), that handler
 *   decides, and the work under way removes its folder, or the 'exit' handler does.
 * - SIGKILL cannot be handled: the folder stays. Its name carries the pid, and removeStaleTempDirs
 *   (run when `build`, `watch` or `report` starts) removes the folders of processes that are gone.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Each live folder, with the files outside it that go with it (a helper program's socket in /tmp). */
const liveDirs = new Map<string, readonly string[]>();
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
  for (const [dir, files] of liveDirs) for (const f of [dir, ...files]) rmSync(f, { recursive: true, force: true });
  liveDirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  cleanUpNow();
  untrackSignals();
  process.kill(process.pid, signal);
}

function trackSignals(): void {
  if (!exitHandlerInstalled) {
    process.on('exit', cleanUpNow);
    exitHandlerInstalled = true;
  }
  for (const s of SIGNALS) if (!process.listeners(s).includes(onSignal)) process.on(s, onSignal);
}

/** Only while something is live: otherwise a signal does what it did before. */
function untrackSignals(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

function untrackIfIdle(): void {
  if (liveDirs.size === 0 && liveChildren.size === 0) untrackSignals();
}

/** A new owner-only folder `<tmp>/<prefix><pid>-…`, removed on every exit path until removePrivateTempDir. */
export async function makePrivateTempDir(prefix: string): Promise<string> {
  trackSignals();
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  liveDirs.set(dir, []);
  // mkdtemp makes it 0700; set again, whatever the platform
  await chmod(dir, 0o700);
  return dir;
}

/**
 * Files outside a private folder that are removed with it, on every exit path: what a helper
 * program working in the folder makes elsewhere (LibreOffice's sockets in /tmp).
 */
export function removeWithPrivateTempDir(dir: string, files: readonly string[]): void {
  if (liveDirs.has(dir)) liveDirs.set(dir, [...liveDirs.get(dir)!, ...files]);
}

export async function removePrivateTempDir(dir: string): Promise<void> {
  for (const f of [dir, ...(liveDirs.get(dir) ?? [])]) await rm(f, { recursive: true, force: true });
  liveDirs.delete(dir);
  untrackIfIdle();
}

/** A child process working in a private folder: killed on every exit path until it ends. */
export function trackChild(child: ChildProcess): void {
  trackSignals();
  liveChildren.add(child);
  child.once('exit', () => {
    liveChildren.delete(child);
    untrackIfIdle();
  });
}

/** The private folders of work under way in this process with this prefix (for tests). */
export function livePrivateTempDirs(prefix: string): string[] {
  return [...liveDirs.keys()].filter((d) => path.basename(d).startsWith(prefix));
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders with this prefix that processes killed with SIGKILL left: this user's
 * `<prefix><pid>-*` whose process is gone, or older than `maxAgeMs` (a pid taken again by another
 * process). Answers what it removed.
 */
export async function removeStaleTempDirs(prefix: string, opts: { tmp?: string; maxAgeMs?: number } = {}): Promise<string[]> {
  const tmp = opts.tmp ?? os.tmpdir();
  const removed: string[] = [];
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)-`);
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (!m) continue;
    const full = path.join(tmp, name);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) continue;
    const pid = Number(m[1]);
    const old = opts.maxAgeMs !== undefined && Date.now() - info.mtimeMs > opts.maxAgeMs;
    if (pid === process.pid ? !liveDirs.has(full) && old : !pidAlive(pid) || old) {
      await rm(full, { recursive: true, force: true }).catch(() => undefined);
      removed.push(full);
    }
  }
  return removed;
}
