/**
 * Atomic publication of a case's outputs: everything is written to a staging folder beside the
 * destination; only when the whole case succeeded does it replace the previous output, by
 * renames on the same file system. A failed build leaves the previous good output in place.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

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

/** A folder a build in progress (or one that was killed) left beside the published outputs. */
export const isLeftover = (name: string): boolean => name.startsWith(STAGING) || name.startsWith(OLD);

export function staging(caseDir: string): Staging {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const root = path.join(caseDir, `${STAGING}${tag}`);
  const staged: string[] = [];
  return {
    async dirFor(pipeline) {
      const dir = path.join(root, pipeline);
      await mkdir(dir, { recursive: true });
      staged.push(pipeline);
      return dir;
    },
    async publish() {
      const published: string[] = [];
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
      return published;
    },
    async discard() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
