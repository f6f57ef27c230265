import path from 'node:path';
import { runCli } from '../../src/cli/main.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs the command line in-process, as a user would from the repository's folder. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false, cwd: repoRoot });
  return { code, stdout, stderr };
}
