/**
 * The files an intake refers to: exhibits, translations and filed snapshots. Paths are relative
 * to the intake's folder and must stay inside it. Existence, readability and the file's real
 * type are checked before any output is written.
 */
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
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

export async function checkFiles(data: unknown, source: JsonSource, opts: { checkExistence: boolean }): Promise<Problem[]> {
  const baseDir = path.dirname(path.resolve(source.file));
  const checks = fileReferences(data).map((ref) => checkFile(ref, source, baseDir, opts.checkExistence));
  return (await Promise.all(checks)).flat();
}

async function checkFile(ref: FileReference, source: JsonSource, baseDir: string, checkExistence: boolean): Promise<Problem[]> {
  const location = locationAt(source, ref.path);
  const shown = JSON.stringify(ref.value);
  const rel = confinedPath(ref.value);
  if (rel === null) return [problem('pathOutside', { found: shown }, location)];
  const ext = path.posix.extname(rel).toLowerCase();
  const claimed = ref.kind === 'exhibit' ? EXHIBIT_TYPES[ext] : ext === '.json' ? 'JSON' : undefined;
  if (!claimed) return [problem('unsupportedFileType', { found: shown, allowed: ref.kind === 'exhibit' ? EXHIBIT_ALLOWED : 'an intake file (.json)' }, location)];
  if (!checkExistence) return [];

  const full = path.join(baseDir, rel);
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [problem('fileMissing', { found: shown, resolved: full }, location)];
    return [problem('fileNotReadable', { found: shown, reason: describeFsError(err) }, location)];
  }
  const realBase = await realpath(baseDir).catch(() => baseDir);
  if (real !== realBase && !real.startsWith(realBase + path.sep)) {
    return [problem('pathOutside', { found: `${shown} (a link to ${real})` }, location)];
  }
  try {
    const info = await stat(real);
    if (!info.isFile()) return [problem('fileNotReadable', { found: shown, reason: notAFile(info) }, location)];
    if (info.size === 0) return [problem('fileContentMismatch', { found: shown, claimed, actual: 'empty (0 bytes)' }, location)];
    const head = await readHead(real, 1024);
    const actual = sniff(head);
    if (actual !== claimed && !(claimed === 'JSON' && actual === undefined)) {
      return [problem('fileContentMismatch', { found: shown, claimed, actual: actual ?? 'not a PDF, JPEG, PNG or TIFF' }, location)];
    }
  } catch (err) {
    return [problem('fileNotReadable', { found: shown, reason: describeFsError(err) }, location)];
  }
  return [];
}

async function readHead(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
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
  return e.message ?? String(err);
}
