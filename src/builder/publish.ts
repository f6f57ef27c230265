/**
 * Atomic publication of a case's outputs: everything is written to a staging folder beside the
 * destination; only when the whole case succeeded does it replace the previous output, by
 * renames on the same file system. A failed build leaves the previous good output in place.
 *
 * Permissions: the case folder and the staging folder are created with the folder mode, and the
 * whole staged tree is given the modes (folders `dir`, files `file`) just before it is renamed into
 * place, so every published file has them whatever the umask and whichever step wrote it.
 */
import { access, chmod, lstat, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { chmodTree, DEFAULT_MODES, ensureDir, type OutputModes } from './privacy.js';

export interface Staging {
  /** Folder to write a pipeline's outputs into. */
  dirFor(pipeline: string): Promise<string>;
  /** Replace output/<caseId>/<pipeline>/ of every staged pipeline with the staged one. */
  publish(): Promise<string[]>;
  /** Remove everything staged. */
  discard(): Promise<void>;
}

const STAGING = '.staging-';
const OLD = '.old-';

/**
 * This machine, as the staging folders name it: on a share several machines write into, a
 * process id says whether a build still runs only on the machine that made it.
 */
const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** A folder a build in progress (or one that was killed) left beside the published outputs. */
export const isLeftover = (name: string): boolean => name.startsWith(STAGING) || name.startsWith(OLD);

/** Tags of the staging folders this process made: never taken for a killed build's leftovers. */
const ownTags = new Set<string>();

/**
 * The case's folder is written into only when it is a real folder (or not there yet): a link in
 * its place, made by anyone with access to the output folder, could lead the case's outputs, its
 * permissions and the removal of its previous output anywhere else. Looked at before the staging
 * folder is made and again just before publishing. (Links further down are never followed: the
 * staging folder is the build's own, and a link in a pipeline's place is renamed aside and removed
 * as the link it is.)
 */
async function refuseLink(caseDir: string): Promise<void> {
  const info = await lstat(caseDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (info?.isSymbolicLink()) throw Object.assign(new Error(`ELINKOUT: a link stands where a folder is needed, ${caseDir}`), { code: 'ELINKOUT', path: caseDir });
}

/**
 * `caseLocked`: nobody else builds this case now (a queue worker holds its lock), so every
 * leftover in its folder is a dead build's, whichever machine made it.
 */
export function staging(caseDir: string, modes: OutputModes = DEFAULT_MODES, o: { caseLocked?: boolean } = {}): Staging {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}.${HOST}`;
  ownTags.add(tag);
  const root = path.join(caseDir, `${STAGING}${tag}`);
  const staged: string[] = [];
  return {
    async dirFor(pipeline) {
      await refuseLink(caseDir);
      await ensureDir(caseDir, modes.dir);
      // The case folder is the tool's own: it always has the folder mode (an older, wider one is narrowed).
      await chmod(caseDir, modes.dir);
      await ensureDir(root, modes.dir);
      const dir = path.join(root, pipeline);
      await ensureDir(dir, modes.dir);
      staged.push(pipeline);
      return dir;
    },
    async publish() {
      const published: string[] = [];
      await refuseLink(caseDir);
      // One place for the permissions of everything published, whichever step wrote it.
      if (staged.length) await chmodTree(root, modes);
      // Every pipeline up to date: the case folder, written by an older version, is narrowed still.
      else await chmod(caseDir, modes.dir).catch(() => undefined);
      for (const pipeline of staged) {
        const final = path.join(caseDir, pipeline);
        const old = path.join(caseDir, `${OLD}${tag}-${pipeline}`);
        const hadOld = await rename(final, old).then(() => true, (e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return false;
          throw e;
        });
        await rename(path.join(root, pipeline), final);
        if (hadOld) await rm(old, { recursive: true, force: true });
        published.push(final);
      }
      await rm(root, { recursive: true, force: true });
      ownTags.delete(tag);
      // What a killed build of this case left (its process gone since this build started) goes too.
      await removeCaseLeftovers(caseDir, o.caseLocked).catch(() => undefined);
      return published;
    },
    async discard() {
      await rm(root, { recursive: true, force: true });
      ownTags.delete(tag);
    },
  };
}

/**
 * Whether the build that made a leftover folder (its name carries the pid, a tag and the machine)
 * may still be running. One made on another machine may be, unless the case is locked by this build.
 */
function stillBuilding(name: string, caseLocked: boolean): boolean {
  const m = /^\.(?:staging|old)-(\d+)-([0-9a-f]+)(?:\.([0-9a-f]{8}))?/.exec(name);
  if (!m) return false;
  if (m[3] && m[3] !== HOST) return !caseLocked;
  const pid = Number(m[1]);
  // This process's own pid: one of its builds, or one of a killed process that had the same pid
  // (a container's processes get the same small pids at every start).
  if (pid === process.pid) return ownTags.has(`${m[1]}-${m[2]}${m[3] ? `.${m[3]}` : ''}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging folders a killed build left in `<outDir>/<caseId>/` (never visible outputs).
 * A folder whose process still runs (another build, or a watcher, on the same output folder) is
 * left alone. A previous output moved aside (`.old-…-<pipeline>`) by a build killed between its two
 * renames is put back when nothing took its place, and removed otherwise. Answers what it removed.
 */
export async function removeLeftovers(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  const cases = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const c of cases) {
    if (!c.isDirectory() || isLeftover(c.name)) continue;
    removed.push(...(await removeCaseLeftovers(path.join(outDir, c.name))));
  }
  return removed;
}

/** removeLeftovers, for one case's folder; `caseLocked`: this build holds the case's lock (see staging). */
export async function removeCaseLeftovers(caseDir: string, caseLocked = false): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(caseDir).catch(() => [] as string[]);
  for (const e of entries.sort()) {
    if (!isLeftover(e)) continue;
    if (stillBuilding(e, caseLocked)) continue;
    const full = path.join(caseDir, e);
    const oldOf = /^\.old-\d+-[0-9a-f]{8}(?:\.[0-9a-f]{8})?-(.+)$/.exec(e)?.[1];
    const exists = (p: string) => access(p).then(() => true, () => false);
    if (oldOf && !(await exists(path.join(caseDir, oldOf))) && (await exists(path.join(full, 'manifest.json')))) {
      // Killed between moving the previous output aside and putting the new one in its place.
      if (await rename(full, path.join(caseDir, oldOf)).then(() => true, () => false)) continue;
    }
    await rm(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}
