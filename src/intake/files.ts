/**
 * The files an intake refers to: exhibits, translations and filed snapshots. Paths are relative
 * to the intake's folder and must stay inside it. Existence, readability and the file's real
 * type are checked before any output is written.
 *
 * Open once: the check records the identity of the file it checked (its real path, and `dev`,
 * `ino`, size and mtime from fstat of the handle it opened), and every later reader (the packet,
 * the fingerprint) opens that real path again with O_NOFOLLOW through openChecked, which refuses
 * a handle that is not the same regular file, and reads from that handle. A link swapped, or a
 * file replaced, between the check and the read is never read (FileChangedError).
 */
import { constants } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Location, Problem } from '../errors/problem.js';
import { locationAt, type JsonPath, type JsonSource } from '../source/json.js';

export type FileKind = 'exhibit' | 'snapshot';

export interface FileReference {
  path: JsonPath;
  value: string;
  kind: FileKind;
}

const EXHIBIT_TYPES: Record<string, string> = { '.pdf': 'PDF', '.jpg': 'JPEG', '.jpeg': 'JPEG', '.png': 'PNG', '.tif': 'TIFF', '.tiff': 'TIFF' };
const EXHIBIT_ALLOWED = 'a PDF, JPEG, PNG or TIFF file (.pdf, .jpg, .jpeg, .png, .tif, .tiff)';

/** Every file path in the intake, wherever the raw document has one. */
export function fileReferences(data: unknown): FileReference[] {
  const refs: FileReference[] = [];
  const root = data as { evidence?: unknown; proceeding?: { priorFilings?: unknown } } | null;
  if (!root || typeof root !== 'object') return refs;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  list(root.evidence).forEach((e, i) => {
    const file = (e as { file?: unknown } | null)?.file;
    if (typeof file === 'string' && file.trim()) refs.push({ path: ['evidence', i, 'file'], value: file, kind: 'exhibit' });
    const tr = (e as { translation?: { file?: unknown } } | null)?.translation?.file;
    if (typeof tr === 'string' && tr.trim()) refs.push({ path: ['evidence', i, 'translation', 'file'], value: tr, kind: 'exhibit' });
  });
  list(root.proceeding?.priorFilings).forEach((f, i) => {
    const snap = (f as { snapshot?: unknown } | null)?.snapshot;
    if (typeof snap === 'string' && snap.trim()) refs.push({ path: ['proceeding', 'priorFilings', i, 'snapshot'], value: snap, kind: 'snapshot' });
  });
  return refs;
}

/** A file path of the intake as a full path, beside the intake (a Windows `\` read as `/`). */
export function resolveReference(caseDir: string, value: string): string {
  return path.resolve(caseDir, value.replace(/\\/g, '/'));
}

/** The path as written, made relative and portable (`\` → `/`), or null when it leaves the folder. */
function confinedPath(value: string): string | null {
  const p = value.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return null;
  const normal = path.posix.normalize(p);
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal;
}

/** The file a check found and read: what a later reader must find again (openChecked). */
export interface CheckedFile {
  /** The path as the intake names it (full): it must still lead to the same file when it is read. */
  path: string;
  /** The real path that was checked (inside the intake's folder, no link left in it). */
  real: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The files checked, by full path as resolveReference makes it from the intake's value. */
export type CheckedFiles = ReadonlyMap<string, CheckedFile>;

/** A file that is no longer the one checked: a link swapped, the file replaced, moved or rewritten. */
export class FileChangedError extends Error {
  constructor(
    readonly file: string,
    /** What differs, in words. */
    readonly detail: string,
  ) {
    super(`the file changed after it was checked: ${detail}`);
    this.name = 'FileChangedError';
  }
}

/** O_NOFOLLOW: a link at the real path is refused, not followed; O_NONBLOCK: a FIFO never blocks the open. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens the file that was checked, and only it: its real path, without following a link, and
 * refused (FileChangedError) unless the handle is a regular file with the checked `dev`, `ino`,
 * size and mtime, and the path the intake names still leads to it (a link re-pointed since is a
 * change too, even though the file checked is still there). The caller reads from the handle and
 * closes it.
 */
export async function openChecked(checked: CheckedFile): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(checked.real, OPEN_FLAGS);
  } catch (err) {
    // ELOOP: a link now stands where the checked file was.
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new FileChangedError(checked.real, 'a link now stands where the checked file was');
    throw err;
  }
  try {
    const info = await fh.stat();
    const why =
      !info.isFile() ? `it is now ${notAFile(info).replace(/^it is /, '').replace(/, not a file$/, '')}, not the file that was checked`
      : info.dev !== checked.dev || info.ino !== checked.ino ? 'another file now stands at its path'
      : info.size !== checked.size ? `its size changed (${checked.size} bytes when checked, ${info.size} now)`
      : info.mtimeMs !== checked.mtimeMs ? 'it was rewritten'
      : undefined;
    if (why) throw new FileChangedError(checked.real, why);
    // The path as named (links followed, nothing opened): still this file?
    const named = await stat(checked.path).catch(() => undefined);
    if (!named || named.dev !== info.dev || named.ino !== info.ino) {
      throw new FileChangedError(checked.real, named ? 'its path now leads to another file (a link was changed, or the file replaced)' : 'its path no longer leads to it (the file was moved or removed)');
    }
    return fh;
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}

/** The whole of a checked file, read from the one handle openChecked verified. */
export async function readChecked(checked: CheckedFile): Promise<Buffer> {
  const fh = await openChecked(checked);
  try {
    return await readAll(fh, checked);
  } finally {
    await fh.close();
  }
}

/** Reads a handle to its end (never past `expected` + the one byte that tells it grew). */
async function readAll(fh: FileHandle, checked: CheckedFile): Promise<Buffer> {
  const expected = checked.size;
  const buffer = Buffer.alloc(expected + 1);
  let read = 0;
  for (let n = -1; n !== 0 && read < buffer.length; read += n) n = (await fh.read(buffer, read, buffer.length - read, read)).bytesRead;
  if (read !== expected) throw new FileChangedError(checked.real, `its size changed (${expected} bytes when checked, ${read > expected ? 'more' : read} now)`);
  return buffer.subarray(0, read);
}

/** Where an open handle really is (Linux: /proc/self/fd), or undefined where that cannot be told. */
async function handlePath(fh: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return readlink(`/proc/self/fd/${fh.fd}`).catch(() => undefined);
}

export async function checkFiles(data: unknown, source: JsonSource, opts: { checkExistence: boolean }): Promise<{ problems: Problem[]; checked: Map<string, CheckedFile> }> {
  const baseDir = path.dirname(path.resolve(source.file));
  const checked = new Map<string, CheckedFile>();
  const checks = fileReferences(data).map(async (ref) => {
    const r = await checkFile(ref, source, baseDir, opts.checkExistence);
    if (r.checked) checked.set(resolveReference(baseDir, ref.value), r.checked);
    return r.problems;
  });
  return { problems: (await Promise.all(checks)).flat(), checked };
}

async function checkFile(ref: FileReference, source: JsonSource, baseDir: string, checkExistence: boolean): Promise<{ problems: Problem[]; checked?: CheckedFile }> {
  return checkFileAt(ref.value, ref.kind, baseDir, locationAt(source, ref.path), checkExistence);
}

/** Whether a file name is one an exhibit (or a signed scan) may have: PDF, JPEG, PNG, TIFF. */
export const isExhibitFileName = (name: string): boolean => path.extname(name).toLowerCase() in EXHIBIT_TYPES;

/**
 * Checks the file `value` (relative to `baseDir`) of the given kind, its problems reported at
 * `location`: inside the folder, of the type its name says, opened once and its identity kept.
 */
export async function checkFileAt(value: string, kind: FileKind, baseDir: string, location: Location, checkExistence = true): Promise<{ problems: Problem[]; checked?: CheckedFile }> {
  const fail = (p: Problem) => ({ problems: [p] });
  const shown = JSON.stringify(value);
  const rel = confinedPath(value);
  if (rel === null) return fail(problem('pathOutside', { found: shown }, location));
  const ext = path.posix.extname(rel).toLowerCase();
  const claimed = kind === 'exhibit' ? EXHIBIT_TYPES[ext] : ext === '.json' ? 'JSON' : undefined;
  if (!claimed) return fail(problem('unsupportedFileType', { found: shown, allowed: kind === 'exhibit' ? EXHIBIT_ALLOWED : 'an intake file (.json)' }, location));
  if (!checkExistence) return { problems: [] };

  const full = path.join(baseDir, rel);
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail(problem('fileMissing', { found: shown, resolved: full }, location));
    return fail(problem('fileNotReadable', { found: shown, reason: describeFsError(err) }, location));
  }
  const realBase = await realpath(baseDir).catch(() => baseDir);
  const inside = (p: string) => p === realBase || p.startsWith(realBase + path.sep);
  if (!inside(real)) return fail(problem('pathOutside', { found: `${shown} (a link to ${real})` }, location));
  try {
    // What the path is, said before anything opens it (a device is never opened).
    const info = await stat(real);
    if (!info.isFile()) return fail(problem('fileNotReadable', { found: shown, reason: notAFile(info) }, location));
    // Opened once, without following a link; the type is sniffed from this handle and its identity kept.
    const fh = await open(real, OPEN_FLAGS);
    try {
      const opened = await fh.stat();
      if (!opened.isFile()) return fail(problem('fileNotReadable', { found: shown, reason: notAFile(opened) }, location));
      // A folder on the way swapped for a link after realpath: the handle is then outside.
      const where = await handlePath(fh);
      if (where !== undefined && !inside(where)) return fail(problem('pathOutside', { found: `${shown} (a link to ${where})` }, location));
      if (opened.size === 0) return fail(problem('fileContentMismatch', { found: shown, claimed, actual: 'empty (0 bytes)' }, location));
      const head = await readHead(fh, 1024);
      const actual = sniff(head);
      if (actual !== claimed && !(claimed === 'JSON' && actual === undefined)) {
        return fail(problem('fileContentMismatch', { found: shown, claimed, actual: actual ?? 'not a PDF, JPEG, PNG or TIFF' }, location));
      }
      return { problems: [], checked: { path: full, real, dev: opened.dev, ino: opened.ino, size: opened.size, mtimeMs: opened.mtimeMs } };
    } finally {
      await fh.close();
    }
  } catch (err) {
    return fail(problem('fileNotReadable', { found: shown, reason: describeFsError(err) }, location));
  }
}

async function readHead(fh: FileHandle, n: number): Promise<Uint8Array> {
  const buf = new Uint8Array(n);
  const { bytesRead } = await fh.read(buf, 0, n, 0);
  return buf.subarray(0, bytesRead);
}

/** The type a file's first bytes show. A PDF header may follow a little junk (up to 1 KiB). */
export function sniff(head: Uint8Array): string | undefined {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'JPEG';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'PNG';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)) return 'TIFF';
  if (Buffer.from(head).includes('%PDF-')) return 'PDF';
  return undefined;
}

/** What a path that is not a regular file is, in words: never opened (a FIFO would block the read). */
function notAFile(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'it is a folder, not a file';
  if (info.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (info.isSocket()) return 'it is a socket, not a file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'it is a device, not a file';
  return 'it is not a regular file';
}

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'it is a folder, not a file';
  if (e.code === 'ELOOP') return 'it was replaced by a link while it was checked';
  return e.message ?? String(err);
}
