/**
 * A stamp of the pipelines and templates folders (every file's path, size and modification
 * time): a long-running queue worker loads its pipelines again when a colleague changed a
 * template or a pipeline on the share, before it builds the next case. A few dozen stats a case.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function definitionsStamp(dirs: readonly string[]): Promise<string> {
  const parts: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else {
        const s = await stat(full).catch(() => undefined);
        if (s) parts.push(`${full}\t${s.size}\t${s.mtimeMs}`);
      }
    }
  };
  for (const d of dirs) await walk(d);
  return parts.join('\n');
}
