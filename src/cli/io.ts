import type { Problem } from '../errors/problem.js';

/** Where the command line writes, so tests can run it in-process and read what it printed. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal that takes colour. */
  color: boolean;
  cwd: string;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70 } as const;

/** Thrown by a command for a usage mistake (a catalogue entry of AP0xxx); the CLI prints it and exits 2. */
export class UsageError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(p: Problem) {
    super(p.message);
    this.name = 'UsageError';
    this.code = p.code;
    this.hint = p.hint;
  }
}

export function processIO(): CliIO {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), color, cwd: process.cwd() };
}

export function paint(io: CliIO) {
  const wrap = (open: number, close: number) => (s: string) => (io.color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
