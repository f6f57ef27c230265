/** The benches' batches: copies of the affirmative sample, each its own case, sharing the samples' evidence. */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Writes `count` intakes `case-001.json` … into `dir` (caseIds `<prefix>-1` …), with the evidence beside them; answers their paths. */
export async function sampleCopies(dir: string, count: number, prefix: string): Promise<string[]> {
  const sample = JSON.parse(await readFile(path.join(repo, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
  await mkdir(dir, { recursive: true });
  await cp(path.join(repo, 'fixtures/samples/evidence'), path.join(dir, 'evidence'), { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = path.join(dir, `case-${String(i).padStart(3, '0')}.json`);
    await writeFile(file, JSON.stringify({ ...sample, caseId: `${prefix}-${i}` }, null, 2));
    files.push(file);
  }
  return files;
}
