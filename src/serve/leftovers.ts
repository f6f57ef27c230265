/**
 * What a killed `serve` can leave beside the intakes: a save's temporary file (a whole intake: the
 * client's data) or an upload's part (evidence). Each carries the pid of the process that wrote
 * it; at start, those of processes that are gone are removed. The watcher never reads them.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pidAlive } from '../private-temp.js';

/** `.<intake>.<pid>.<hex>.tmp` (intake-store.ts) and `.upload-<pid>-<hex>.part` (uploads.ts). */
const SAVE = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;
const UPLOAD = /^\.upload-(\d+)-[0-9a-f]+\.part$/;

const dead = (pid: string) => Number(pid) !== process.pid && !pidAlive(Number(pid));

export async function removeServeLeftovers(inDir: string): Promise<string[]> {
  const removed: string[] = [];
  const sweep = async (dir: string, pattern: RegExp) => {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const m = pattern.exec(name);
      if (m && dead(m[1]!)) {
        await rm(path.join(dir, name), { force: true });
        removed.push(path.join(dir, name));
      }
    }
  };
  await sweep(inDir, SAVE);
  const evidence = path.join(inDir, 'evidence');
  for (const entry of await readdir(evidence, { withFileTypes: true }).catch(() => [])) if (entry.isDirectory()) await sweep(path.join(evidence, entry.name), UPLOAD);
  return removed;
}
