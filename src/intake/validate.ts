/**
 * Reads and validates one intake file: JSON with positions → schema → rules between fields →
 * the files it refers to → derived values. Every problem of the file is returned at once.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { bytesText, MAX_INTAKE_BYTES, MAX_INTAKE_DEPTH } from '../limits.js';
import { hasErrors, sortProblems, type Problem } from '../errors/problem.js';
import { parseJson } from '../source/json.js';
import { derive, derivedWarnings, type Derived } from './derive.js';
import { checkFiles, fileReferences, resolveReference, type CheckedFiles } from './files.js';
import { checkSignedScans, signedScanPrefix } from './signed.js';
import { issuesToProblems } from './issues.js';
import { runRules } from './rules.js';
import { intakeSchema, type Intake } from './schema.js';

export interface ValidateOptions {
  /** Check everything but whether the referenced files exist (and what they contain). */
  schemaOnly?: boolean;
  /** Today's date (YYYY-MM-DD) for "in the past" and the default filing date; defaults to the real today. */
  today?: string;
  /** Largest intake file read, in bytes (default MAX_INTAKE_BYTES, limits.ts). */
  maxBytes?: number;
  /** Deepest nesting of objects and lists (default MAX_INTAKE_DEPTH, limits.ts). */
  maxDepth?: number;
}

/** A valid intake with what was derived from it. */
export interface Case {
  /** The intake file, as given. */
  file: string;
  /** Absolute folder of the intake file; the intake's paths are relative to it. */
  dir: string;
  intake: Intake;
  derived: Derived;
  /**
   * The files the intake names, as checked (by full path, as resolveReference makes it): readers
   * open them through openChecked, which refuses a file that is not the one checked. Empty when
   * the files were not checked (schemaOnly): nothing may then read them.
   */
  checked: CheckedFiles;
  /**
   * The signed scans in `signed/` beside the intake, by the name of the page each signs (its file
   * name without the extension): their path relative to `dir`, checked (in `checked`) like the
   * exhibits. Empty when there are none, or the files were not checked.
   */
  signed: ReadonlyMap<string, string>;
}

/** The validation of one intake; `files` are the files it names (absolute), whether they exist or not. */
export type IntakeResult =
  | { file: string; ok: true; case: Case; problems: Problem[]; files: string[] }
  | { file: string; ok: false; problems: Problem[]; files: string[] };

export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function validateIntakeFile(file: string, opts: ValidateOptions = {}): Promise<IntakeResult> {
  const read = await readIntakeBytes(file, opts.maxBytes);
  if ('problem' in read) return { file, ok: false, problems: [read.problem], files: [] };
  return validateIntakeBytes(file, read.bytes, opts);
}

/**
 * An intake file's bytes, read as every reader of an intake must: a named pipe, socket, device or
 * folder refused for what it is (O_NONBLOCK: a FIFO is never waited on), and never more than the
 * limit (and one byte to tell) read, even from a file that is still growing. The refusal otherwise.
 */
export async function readIntakeBytes(file: string, maxBytes = MAX_INTAKE_BYTES): Promise<{ bytes: Uint8Array } | { problem: Problem }> {
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      const { size } = stat;
      if (!stat.isFile()) {
        const what = stat.isDirectory() ? 'it is a folder' : stat.isFIFO() ? 'it is a named pipe (FIFO), not a file' : stat.isSocket() ? 'it is a socket, not a file' : 'it is a device, not a file';
        return { problem: problem('fileUnreadable', { reason: what }, { file }) };
      }
      if (size > maxBytes) return { problem: tooLarge(file, size, maxBytes) };
      const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size, 0) + 1));
      let read = 0;
      for (let n = -1; n !== 0 && read < buffer.length; read += n) n = (await handle.read(buffer, read, buffer.length - read, read)).bytesRead;
      if (read > maxBytes) return { problem: tooLarge(file, read, maxBytes) };
      return { bytes: buffer.subarray(0, read) };
    } finally {
      await handle.close();
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return { problem: problem('fileUnreadable', { reason }, { file }) };
  }
}

export async function validateIntakeBytes(file: string, bytes: Uint8Array, opts: ValidateOptions = {}): Promise<IntakeResult> {
  const today = opts.today ?? localToday();
  const maxBytes = opts.maxBytes ?? MAX_INTAKE_BYTES;
  if (bytes.length > maxBytes) return { file, ok: false, problems: [tooLarge(file, bytes.length, maxBytes)], files: [] };
  const parsed = parseJson(file, bytes, { maxDepth: opts.maxDepth ?? MAX_INTAKE_DEPTH });
  if (!parsed.ok) return { file, ok: false, problems: parsed.problems, files: [] };
  const { source } = parsed;
  const dir = path.dirname(path.resolve(file));
  // Every file the intake names, valid or not: a watcher rebuilds the case when one appears or changes.
  const files = fileReferences(source.value).map((r) => resolveReference(dir, r.value));

  const result = intakeSchema.safeParse(source.value, { reportInput: false });
  const problems: Problem[] = result.success ? [] : issuesToProblems(result.error.issues, source);
  problems.push(...runRules(source.value, { source, today }));
  const checkedFiles = await checkFiles(source.value, source, { checkExistence: !opts.schemaOnly });
  problems.push(...checkedFiles.problems);
  const caseId = (source.value as { caseId?: unknown } | null)?.caseId;
  const signed = opts.schemaOnly || typeof caseId !== 'string' || !caseId ? undefined : await checkSignedScans(dir, caseId);
  if (signed) {
    problems.push(...signed.problems);
    // A scan added or changed rebuilds the case: its scans, and "<dir>/signed/<caseId>-", the
    // beginning of the name of any scan of it yet to come (signedScanPrefix).
    files.push(signedScanPrefix(dir, caseId as string), ...[...signed.byPage.values()].map((rel) => path.join(dir, rel)));
  }

  if (!result.success || hasErrors(problems)) return { file, ok: false, problems: sortProblems(dedupe(problems)), files };
  const intake = result.data;
  const derived = derive(intake, today);
  problems.push(...derivedWarnings(intake, derived, source));
  const checked = new Map([...checkedFiles.checked, ...(signed?.checked ?? [])]);
  return { file, ok: true, case: { file, dir, intake, derived, checked, signed: signed?.byPage ?? new Map() }, problems: sortProblems(problems), files };
}

/** The schema and a rule may both see the same fault at the same place; say it once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.location.path}|${p.code}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tooLarge(file: string, size: number, limit: number): Problem {
  return problem('intakeTooLarge', { size: bytesText(size), limit: bytesText(limit) }, { file, line: 1, column: 1 });
}
