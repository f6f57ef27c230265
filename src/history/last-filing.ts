/**
 * The last recorded filing of a case (the latest proceeding.priorFilings[] entry that names a
 * snapshot): which exhibits it filed, and the last tab it used, so that a supplemental filing
 * holds only the exhibits added since, with tabs continuing (the next after H is I).
 *
 * The tabs come from the filing's record (record-filing's `.record.json`: the tabs as filed);
 * without one, from the snapshot's evidence, labelled in its order as the default pipelines do.
 */
import type { Case } from '../intake/validate.js';
import { filingRecord, historyJson } from './filing-files.js';

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

type Snapshot = { evidence?: { id?: unknown }[] };

/** Undefined when the case has no recorded filing, or its snapshot cannot be read. */
export async function lastFiling(c: Case): Promise<LastFiling | undefined> {
  const recorded = (c.intake.proceeding.priorFilings ?? []).filter((f) => f.snapshot);
  // The latest date; of two on one day, the one listed later.
  const last = recorded.reduce<(typeof recorded)[number] | undefined>((a, f) => (!a || f.filedOn >= a.filedOn ? f : a), undefined);
  if (!last?.snapshot) return undefined;
  const snapshot = await historyJson<Snapshot>(c, last.snapshot);
  if (!snapshot) return undefined;
  const ids = (snapshot.evidence ?? []).flatMap((e) => (typeof e?.id === 'string' ? [e.id] : []));
  const record = await filingRecord(c, last.snapshot);
  const tabs = (record?.filings ?? []).flatMap((f) => (f.exhibits ?? []).flatMap((x) => (typeof x.tab === 'string' ? [tabIndex(x.tab)] : [])));
  const known = tabs.filter((t): t is number => t !== undefined);
  return { stage: last.stage, filedOn: last.filedOn, filed: new Set(ids), lastTabIndex: known.length ? Math.max(...known) : ids.length - 1 };
}
