/** Processes, for tests that start, stop and kill them: is one alive, and which are its children. */
import { execSync } from 'node:child_process';

/** Whether a process with this pid exists (a zombie counts: it has not been reaped). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of a process's children. */
export function childrenOf(pid: number): number[] {
  try {
    return execSync(`pgrep -P ${pid}`, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
