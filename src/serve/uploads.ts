/**
 * Evidence uploaded from the browser. Nothing the client sends is trusted as a path: the name is
 * cut to its last part and to letters, digits and a few signs, and the file lands in the case's
 * own folder under `evidence/` beside the intake (never elsewhere: the folder's real path is
 * checked after it is made, so a symbolic link cannot lead out). The bytes go to a temporary file
 * the watcher ignores, are counted as they come, and are refused past the limit; a name already
 * taken gets a number, so an upload never replaces a file.
 */
import { constants } from 'node:fs';
import { link, mkdir, open, realpath, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export type UploadOutcome = { ok: true; path: string; bytes: number } | { ok: false; reason: 'too-large'; limit: number } | { ok: false; reason: 'bad-name' } | { ok: false; reason: 'outside' };

/** A file name safe on every system: the last part of what was given, without control characters or leading dots. */
export function safeFileName(given: string): string | undefined {
  const last = given.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-120);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : undefined;
}

/** The folder name of a case's evidence: its caseId (or intake name) made safe. */
export function caseFolderName(caseIdOrStem: string): string {
  return safeFileName(caseIdOrStem)?.replace(/\s/g, '-') || 'case';
}

export async function saveUpload(o: { inDir: string; caseFolder: string; name: string; body: Readable; maxBytes: number; mode?: number }): Promise<UploadOutcome> {
  const name = safeFileName(o.name);
  if (!name) {
    o.body.resume();
    return { ok: false, reason: 'bad-name' };
  }
  const rel = path.join('evidence', caseFolderName(o.caseFolder));
  const dir = path.join(o.inDir, rel);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const realIn = await realpath(o.inDir);
  const realDir = await realpath(dir);
  if (!realDir.startsWith(realIn + path.sep)) {
    o.body.resume();
    return { ok: false, reason: 'outside' };
  }
  const tmp = path.join(realDir, `.upload-${process.pid}-${randomBytes(6).toString('hex')}.part`);
  let bytes = 0;
  try {
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, o.mode ?? 0o600);
    try {
      for await (const chunk of o.body) {
        bytes += (chunk as Buffer).length;
        if (bytes > o.maxBytes) {
          // The rest is read and dropped, so that the browser gets the answer rather than a broken connection.
          o.body.resume();
          return { ok: false, reason: 'too-large', limit: o.maxBytes };
        }
        await handle.write(chunk as Buffer);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The name, or "name-2.pdf", "name-3.pdf" …: link() never replaces a file.
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
      try {
        await link(tmp, path.join(realDir, candidate));
        await unlink(tmp);
        return { ok: true, path: path.posix.join(...rel.split(path.sep), candidate), bytes };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    return { ok: false, reason: 'bad-name' };
  } finally {
    await rm(tmp, { force: true });
  }
}
