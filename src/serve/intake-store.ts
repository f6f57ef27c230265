/**
 * Reading and saving intake files for the web app. A save names the version it started from (the
 * SHA-256 of the file's bytes); when the file on disk is another version (a second tab, another
 * person, the CLI), nothing is written and the save is refused. A save is atomic: a temporary file
 * beside the intake (a name the watcher ignores), then a rename, so the watcher and the CLI only
 * ever see a whole file. Saves of one file are taken one at a time.
 */
import { constants } from 'node:fs';
import { chmod, link, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readIntakeBytes } from '../intake/validate.js';
import { rewriteIntake } from '../intake/edit-json.js';
import { formatIntake } from '../intake/write-format.js';
import { MAX_INTAKE_BYTES } from '../limits.js';
import { sha256 } from './case-book.js';
import { isIntakeName } from '../watch/watcher.js';

export type SaveOutcome =
  | { ok: true; hash: string; text: string }
  | { ok: false; reason: 'changed'; currentHash: string | null }
  | { ok: false; reason: 'exists' }
  | { ok: false; reason: 'too-large'; bytes: number };

/** A file name a client may give an intake: a name directly in the folder, ending .json. */
export function intakeName(given: string): string | undefined {
  const name = given.trim().endsWith('.json') ? given.trim() : `${given.trim()}.json`;
  // Not hidden either: a dot file is one people do not see in the folder.
  if (name !== path.basename(name) || name.startsWith('.') || name.endsWith('.status.json') || name.includes('\\') || /[\u0000-\u001f]/.test(name) || name.length > 200) return undefined;
  return isIntakeName(name) ? name : undefined;
}

export class IntakeStore {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly inDir: string,
    /** Mode of a new intake file (the client's data: owner only by default). */
    private readonly fileMode = 0o600,
  ) {}

  pathOf(name: string): string {
    return path.join(this.inDir, name);
  }

  async read(name: string): Promise<{ hash: string; text: string } | undefined> {
    const r = await readIntakeBytes(this.pathOf(name));
    if ('problem' in r) return undefined;
    return { hash: sha256(r.bytes), text: Buffer.from(r.bytes).toString('utf8') };
  }

  /** Saves `value` over the version `baseHash`; refused, with nothing written, when the file is another version now. */
  save(name: string, baseHash: string, value: unknown): Promise<SaveOutcome> {
    return this.oneAtATime(name, async () => {
      const now = await this.read(name);
      if (!now || now.hash !== baseHash) return { ok: false, reason: 'changed', currentHash: now?.hash ?? null };
      const text = rewriteIntake(now.text, value);
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_INTAKE_BYTES) return { ok: false, reason: 'too-large', bytes };
      const mode = (await stat(this.pathOf(name)).catch(() => undefined))?.mode ?? this.fileMode;
      await this.replace(name, text, mode & 0o777, false);
      return { ok: true, hash: sha256(text), text };
    });
  }

  /** Writes a new intake; refused when a file of that name exists. */
  create(name: string, value: unknown): Promise<SaveOutcome> {
    return this.oneAtATime(name, async () => {
      const text = formatIntake(value);
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_INTAKE_BYTES) return { ok: false, reason: 'too-large', bytes };
      const made = await this.replace(name, text, this.fileMode, true);
      return made ? { ok: true, hash: sha256(text), text } : { ok: false, reason: 'exists' };
    });
  }

  private async replace(name: string, text: string, mode: number, onlyNew: boolean): Promise<boolean> {
    const target = this.pathOf(name);
    const tmp = path.join(this.inDir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(tmp, mode);
      if (onlyNew) {
        // link() fails when the name is taken: a new case never replaces a file made meanwhile.
        try {
          await link(tmp, target);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw err;
        }
        await unlink(tmp);
      } else await rename(tmp, target);
      return true;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private oneAtATime<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(name) ?? Promise.resolve();
    const next = before.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(name, settled);
    void settled.then(() => {
      if (this.locks.get(name) === settled) this.locks.delete(name);
    });
    return next;
  }
}

