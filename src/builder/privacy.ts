/**
 * What the tool writes stays private: the permissions of its folders and files (owner-only by
 * default, whatever the process umask), and the form in which problems are kept in files that
 * persist (manifests, status files): code, name and the catalogue's title, never the message,
 * which may quote a client's values (a name, a date of birth, a phone number, narrative).
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { catalogue } from '../errors/catalogue.js';
import type { Problem, Severity } from '../errors/problem.js';

/** The permissions of output folders and files. */
export interface OutputModes {
  dir: number;
  file: number;
}

/** `private` (the default): owner only. `shared`: the owner's group may read. */
export const MODES = {
  private: { dir: 0o700, file: 0o600 },
  shared: { dir: 0o750, file: 0o640 },
} as const satisfies Record<string, OutputModes>;

export type ModeName = keyof typeof MODES;
export const MODE_NAMES = Object.keys(MODES) as ModeName[];
export const DEFAULT_MODES: OutputModes = MODES.private;

/**
 * Creates `dir` (and its missing parents) and gives every folder it created `mode` exactly
 * (mkdir's mode is narrowed by the umask). Folders that existed keep theirs.
 */
export async function ensureDir(dir: string, mode: number): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode });
  if (first === undefined) return;
  // Every folder from the first one created down to `dir`.
  const rel = path.relative(first, dir);
  let cur = first;
  await chmod(cur, mode);
  for (const part of rel ? rel.split(path.sep) : []) {
    cur = path.join(cur, part);
    await chmod(cur, mode);
  }
}

/** Gives a folder tree the modes: folders `dir`, regular files `file`; links are left alone (never followed). */
export async function chmodTree(root: string, modes: OutputModes): Promise<void> {
  const info = await lstat(root);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    await chmod(root, modes.dir);
    for (const name of await readdir(root)) await chmodTree(path.join(root, name), modes);
  } else if (info.isFile()) {
    await chmod(root, modes.file);
  }
}

type Entry = { code: string; name: string; title: string; hint?: (...a: never[]) => string | undefined };
const byCode = new Map<string, Entry>(Object.values(catalogue as Record<string, Entry>).map((e) => [e.code, e]));

/**
 * Codes whose message is made of file names, case ids and pipeline names only, never of an intake's
 * values: kept whole, since the file they name is what the reader needs (AP3004 names the intake
 * that owns the case). Add a code only after reading every argument its message quotes.
 */
const VALUE_FREE_MESSAGES = new Set(['AP3004']);

/** A problem as kept in a file that persists: its code, name, severity and title; a hint only when it quotes nothing. */
export interface PersistedProblem {
  code: string;
  name: string;
  severity: Severity;
  title: string;
  /** Only for the codes in VALUE_FREE_MESSAGES. */
  message?: string;
  hint?: string;
}

export function persistedProblem(p: Problem): PersistedProblem {
  const e = byCode.get(p.code);
  // A hint that takes no arguments is the same for every case; one that does may quote a value.
  const hint = e?.hint && e.hint.length === 0 ? (e.hint as () => string | undefined)() : undefined;
  return { code: p.code, name: p.name, severity: p.severity, title: e?.title ?? p.name, ...(VALUE_FREE_MESSAGES.has(p.code) ? { message: p.message } : {}), ...(hint ? { hint } : {}) };
}
