/** Expands the command line's files and globs into intake files, in a stable order. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { problem } from '../errors/catalogue.js';
import { UsageError } from './io.js';

export async function expandInputs(patterns: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const found = await expandOne(pattern, cwd);
    if (found.length === 0) {
      throw new UsageError(problem('noMatch', { pattern }, { file: pattern }));
    }
    files.push(...found);
  }
  return [...new Set(files)];
}

async function expandOne(pattern: string, cwd: string): Promise<string[]> {
  const full = path.resolve(cwd, pattern);
  const info = await stat(full).catch(() => undefined);
  if (info?.isFile()) return [pattern];
  if (info?.isDirectory()) return (await fg('*.json', { cwd: full, onlyFiles: true, ignore: ['*.status.json'] })).sort().map((f) => path.join(pattern, f));
  if (!fg.isDynamicPattern(pattern)) return [];
  const matches = await fg(pattern, { cwd, onlyFiles: true, ignore: ['**/node_modules/**', '**/*.status.json'] });
  return matches.sort();
}
