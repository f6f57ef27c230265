/**
 * Programs the tool runs beside itself (qpdf, LibreOffice, Python): found on PATH, and started so
 * that they die with this process.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';

export const isExecutableFile = (file: string): boolean => {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The program `name` on PATH (or the first of `extra` full paths that exists), or false. */
export function findExecutable(name: string, extra: readonly string[] = []): string | false {
  const names =
    process.platform === 'win32'
      ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean).map((ext) => `${name}${ext.toLowerCase()}`)
      : [name];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const n of names) if (isExecutableFile(path.join(dir, n))) return path.join(dir, n);
  }
  return extra.find(isExecutableFile) ?? false;
}

/** Linux's setpriv, which starts a child with a parent-death signal (undefined elsewhere). */
const SETPRIV = process.platform === 'linux' ? ['/usr/bin/setpriv', '/bin/setpriv'].find(isExecutableFile) : undefined;

/**
 * The command and arguments that start `command` with a parent-death signal where Linux's setpriv
 * is there: the child is killed even when this process is (SIGKILL runs no exit handler).
 * Elsewhere the exit handlers (private-temp.ts) stop it.
 */
export function dyingWithParent(command: string, args: readonly string[]): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, [...args]];
}
