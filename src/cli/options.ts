/** Option values several commands share: checked once here, the same words everywhere. */
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { isIsoDate } from '../intake/calendar.js';
import { UsageError, type CliIO } from './io.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../paths.js';
import { parseLimitSettings, type Limits } from '../limits.js';
import { PacketError } from '../errors/problem.js';
import { queueAddress, type QueueAddress } from '../queue/address.js';

/** `--queue redis://…`: the queue's address (its password never shown). */
export function queueOption(value: string): QueueAddress {
  try {
    return queueAddress(value);
  } catch (err) {
    if (err instanceof PacketError) throw new UsageError(err.problems[0]!);
    throw err;
  }
}

/** `--lease <seconds>`: a whole number of seconds, at least 2, in milliseconds. */
export function leaseOption(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) throw new UsageError(problem('usage', { detail: `--lease expects a whole number of seconds, at least 2, found "${value}"` }, { file: '--lease' }));
  return n * 1000;
}

/** `--today`: a date YYYY-MM-DD, or undefined for the real today. */
export function todayOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isIsoDate(value)) throw new UsageError(problem('usage', { detail: `--today expects a date YYYY-MM-DD, found "${value}"` }, { file: '--today' }));
  return value;
}

/** `--concurrency`: a whole number of at least 1, or `fallback` when absent. */
export function concurrencyOption(value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(problem('usage', { detail: `--concurrency expects a whole number of at least 1, found "${value}"` }, { file: '--concurrency' }));
  return n;
}

/** `--limit name=value`, repeated: the limits changed from their defaults (limits.ts LIMIT_SETTINGS). */
export function limitOption(values: readonly string[] | undefined): Partial<Limits> {
  try {
    return parseLimitSettings(values ?? []);
  } catch (err) {
    throw new UsageError(problem('usage', { detail: (err as Error).message }, { file: '--limit' }));
  }
}

/** A path as the user would write it: relative to the working folder when inside it. */
export function shortPath(p: string, io: CliIO): string {
  const rel = path.relative(io.cwd, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/** A problem whose file is shown as `shortPath` shows it. */
export function withShortPath<P extends { location: { file: string } }>(p: P, io: CliIO): P {
  return { ...p, location: { ...p.location, file: shortPath(p.location.file, io) } };
}

/** The templates and pipelines folders: as given (relative to the working folder), or those shipped. */
export function foldersOption(flags: { templates?: string; pipelines?: string }, io: CliIO): { templatesDir: string; pipelinesDir: string } {
  return {
    templatesDir: path.resolve(io.cwd, flags.templates ?? DEFAULT_TEMPLATES_DIR),
    pipelinesDir: path.resolve(io.cwd, flags.pipelines ?? DEFAULT_PIPELINES_DIR),
  };
}
