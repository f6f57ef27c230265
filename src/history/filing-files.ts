/**
 * The files a recorded filing leaves beside the intake (record-filing.ts): the snapshot (the
 * intake as filed) and its record (`<snapshot>.record.json`: the documents, tabs and evidence
 * hashes as filed). One reader for all who read them: the consistency report, the last filing's
 * tabs. Each file is read once per validated case (a build reads the snapshot for its pipelines'
 * `when` and again for the report: the same bytes), never past the intake limit, never outside
 * the intake's folder, and through what validation checked when it checked it.
 */
import path from 'node:path';
import { readChecked, resolveReference } from '../intake/files.js';
import { readIntakeBytes, type Case } from '../intake/validate.js';

/** The record beside a snapshot: `history/2025-05-20-affirmative.json` → `history/2025-05-20-affirmative.record.json`. */
export const recordFileOf = (snapshot: string): string => snapshot.replace(/\.json$/i, '.record.json');

/** What the code reads of a record (record-filing.ts's FilingRecord, as written by any version). */
export interface RecordShape {
  filings?: { exhibits?: { id?: unknown; tab?: unknown }[]; evidence?: { path: string; sha256: string }[] }[];
}

const reads = new WeakMap<Case, Map<string, Promise<Uint8Array | undefined>>>();

/**
 * The bytes of a file the intake's history holds (`rel` as the intake writes it), or undefined when
 * it cannot be read. A file validation checked is read through that check: changed since, it
 * rejects (FileChangedError), as every checked file does.
 */
export function historyBytes(c: Case, rel: string): Promise<Uint8Array | undefined> {
  let mine = reads.get(c);
  if (!mine) reads.set(c, (mine = new Map()));
  let bytes = mine.get(rel);
  if (!bytes) mine.set(rel, (bytes = read(c, rel)));
  return bytes;
}

async function read(c: Case, rel: string): Promise<Uint8Array | undefined> {
  const full = resolveReference(c.dir, rel);
  const checked = c.checked.get(full);
  if (checked) return readChecked(checked);
  const inside = path.relative(c.dir, full);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  const r = await readIntakeBytes(full);
  return 'bytes' in r ? r.bytes : undefined;
}

/** The JSON a history file holds, or undefined when it cannot be read (or has changed since it was checked) or parsed. */
export async function historyJson<T>(c: Case, rel: string): Promise<T | undefined> {
  try {
    const bytes = await historyBytes(c, rel);
    return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The record of the filing whose snapshot is `snapshot`, or undefined when there is none. */
export const filingRecord = (c: Case, snapshot: string): Promise<RecordShape | undefined> => historyJson<RecordShape>(c, recordFileOf(snapshot));
