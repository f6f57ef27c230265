/**
 * The last recorded filing of a case (the latest proceeding.priorFilings[] entry that names a
 * snapshot): which exhibits it filed, and the last tab it used, so that a supplemental filing
 * holds only the exhibits added since, with tabs continuing (the next after H is I).
 *
 * The tabs come from the filing's record (record-filing's `.record.json`: the tabs as filed);
 * without one, from the snapshot's evidence, labelled in its order as the default pipelines do.
 */
import path from 'node:path';
import { readChecked, resolveReference } from '../intake/files.js';
import type { Case } from '../intake/validate.js';
import { readIntakeBytes } from '../intake/validate.js';

export interface LastFiling {
  stage: string;
  filedOn: string;
  /** The evidence ids it filed. */
  filed: ReadonlySet<string>;
  /** The position (from 0) of the last tab it used: the first new exhibit takes the next. */
  lastTabIndex: number;
}

/** "A" → 0, "Z" → 25, "AA" → 26; "1" → 0; undefined for anything else. */
export function tabIndex(tab: string): number | undefined {
  if (/^[1-9]\d*$/.test(tab)) return Number(tab) - 1;
  if (!/^[A-Z]+$/.test(tab)) return undefined;
  let n = 0;
  for (const ch of tab) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The file's bytes as validation checked them; for a case validated without its files, read here, never past the intake limit. */
async function bytesOf(c: Case, rel: string): Promise<Uint8Array | undefined> {
  const full = resolveReference(c.dir, rel);
  const checked = c.checked.get(full);
  if (checked) return readChecked(checked).catch(() => undefined);
  const inside = path.relative(c.dir, full);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  const read = await readIntakeBytes(full);
  return 'bytes' in read ? read.bytes : undefined;
}

function parse<T>(bytes: Uint8Array | undefined): T | undefined {
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

type Snapshot = { evidence?: { id?: unknown }[] };
type Record = { filings?: { exhibits?: { id?: unknown; tab?: unknown }[] }[] };

/** Undefined when the case has no recorded filing, or its snapshot cannot be read. */
export async function lastFiling(c: Case): Promise<LastFiling | undefined> {
  const recorded = (c.intake.proceeding.priorFilings ?? []).filter((f) => f.snapshot);
  // The latest date; of two on one day, the one listed later.
  const last = recorded.reduce<(typeof recorded)[number] | undefined>((a, f) => (!a || f.filedOn >= a.filedOn ? f : a), undefined);
  if (!last?.snapshot) return undefined;
  const snapshot = parse<Snapshot>(await bytesOf(c, last.snapshot));
  if (!snapshot) return undefined;
  const ids = (snapshot.evidence ?? []).flatMap((e) => (typeof e?.id === 'string' ? [e.id] : []));
  const record = parse<Record>(await bytesOf(c, last.snapshot.replace(/\.json$/i, '.record.json')));
  const tabs = (record?.filings ?? []).flatMap((f) => (f.exhibits ?? []).flatMap((x) => (typeof x.tab === 'string' ? [tabIndex(x.tab)] : [])));
  const known = tabs.filter((t): t is number => t !== undefined);
  return { stage: last.stage, filedOn: last.filedOn, filed: new Set(ids), lastTabIndex: known.length ? Math.max(...known) : ids.length - 1 };
}
