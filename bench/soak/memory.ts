/**
 * Memory of a process tree on Linux, from /proc: the RSS (VmRSS) and peak RSS (VmHWM) of a process
 * and of every descendant (found through the parent pid in /proc/<pid>/stat).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** Sum of VmRSS over the tree, MB. */
  rssMb: number;
  /** Sum of VmHWM (each process's own peak) over the tree, MB: an upper bound of the tree's peak. */
  hwmMb: number;
  processes: number;
  pids: number[];
  /** RSS of the root process alone, MB (the rest is its workers and their children). */
  rootRssMb: number;
  /** Each process's command name (/proc/<pid>/comm). */
  comms: Map<number, string>;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(after[1]);
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(pid);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

function statusKb(pid: number, key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function treeMemory(root: number): TreeMemory {
  const pids = processTree(root);
  let rss = 0;
  let hwm = 0;
  let rootRss = 0;
  const comms = new Map<number, string>();
  for (const pid of pids) {
    const r = statusKb(pid, 'VmRSS');
    if (pid === root) rootRss = r;
    rss += r;
    hwm += statusKb(pid, 'VmHWM');
    try {
      comms.set(pid, readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    } catch {
      // gone meanwhile
    }
  }
  const mb = (kb: number) => Math.round(kb / 102.4) / 10;
  return { rssMb: mb(rss), hwmMb: mb(hwm), processes: pids.length, pids, rootRssMb: mb(rootRss), comms };
}
