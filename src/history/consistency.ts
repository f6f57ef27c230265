/**
 * The consistency report of a case: the intake now compared with the intake as filed at each
 * earlier filing that names a snapshot (proceeding.priorFilings[].snapshot), each difference with
 * the reason the intake gives for it (`acknowledgements`), if any; and, within this filing, what
 * the claim summary states that the declaration's events do not (within-filing.ts).
 */
import { createHash } from 'node:crypto';
import { derive } from '../intake/derive.js';
import { resolveReference } from '../intake/files.js';
import { validateIntakeBytes, type Case, type IntakeResult } from '../intake/validate.js';
import { compareIntakes, type Difference } from './compare.js';
import { filingRecord, historyBytes } from './filing-files.js';
import { unsupportedStatements, type UnsupportedStatement } from './within-filing.js';

export interface ReportedDifference extends Difference {
  /** The intake's reason, when it acknowledges the difference. */
  acknowledged?: string;
}

export interface ComparedFiling {
  stage: string;
  filedOn: string;
  /** The snapshot, as the intake names it. */
  snapshot: string;
  differences: ReportedDifference[];
  /** Why the snapshot could not be compared (it is not a valid intake). */
  unreadable?: string;
}

export interface ConsistencyReport {
  caseId: string;
  comparedOn: string;
  filings: ComparedFiling[];
  /** Within this filing: what the claim summary (the cover letter's) states and the declaration's events do not. */
  unsupported: UnsupportedStatement[];
}

/**
 * A snapshot is the intake as filed, kept read-only and never replaced: its validation is kept by
 * the hash of its bytes (and the day), so a process that builds a case again (watch, a worker)
 * validates each snapshot once. The last few only.
 */
const validated = new Map<string, Promise<IntakeResult>>();
const KEEP = 16;
function validatedSnapshot(file: string, bytes: Uint8Array, today: string): Promise<IntakeResult> {
  const key = `${file} ${createHash('sha256').update(bytes).digest('hex')} ${today}`;
  let v = validated.get(key);
  if (!v) {
    v = validateIntakeBytes(file, bytes, { today, schemaOnly: true });
    validated.set(key, v);
    if (validated.size > KEEP) validated.delete(validated.keys().next().value!);
  }
  return v;
}

/** Forgets the snapshots validated so far (for the benchmark's figure of a process's first build). */
export function forgetValidatedSnapshots(): void {
  validated.clear();
}

/** The evidence hashes a filing's record kept (record-filing), by path; empty when there is no record. */
async function recordedHashes(c: Case, snapshot: string): Promise<Map<string, string>> {
  const record = await filingRecord(c, snapshot);
  return new Map((record?.filings ?? []).flatMap((f) => (f.evidence ?? []).map((e) => [e.path, e.sha256] as const)));
}

/**
 * `nowHashes`: the sha256 of each file the intake names now, by its path as the intake writes it
 * (the build has them from its fingerprint); without them, a changed exhibit is found by its path only.
 */
export async function consistencyReport(c: Case, today: string, nowHashes: ReadonlyMap<string, string> = new Map()): Promise<ConsistencyReport> {
  const reasons = new Map((c.intake.acknowledgements ?? []).map((a) => [a.difference, a.reason]));
  const filings: ComparedFiling[] = [];
  for (const f of c.intake.proceeding.priorFilings ?? []) {
    if (!f.snapshot) continue;
    const base = { stage: f.stage, filedOn: f.filedOn, snapshot: f.snapshot };
    const full = resolveReference(c.dir, f.snapshot);
    // Only the snapshot validation checked (it names the file, and it was there and readable then).
    const bytes = c.checked.has(full) ? await historyBytes(c, f.snapshot) : undefined;
    if (!bytes) {
      filings.push({ ...base, differences: [], unreadable: 'the snapshot was not checked when the intake was validated' });
      continue;
    }
    const v = await validatedSnapshot(full, bytes, today);
    if (!v.ok) {
      filings.push({ ...base, differences: [], unreadable: `the snapshot is not a valid intake (${[...new Set(v.problems.filter((p) => p.severity === 'error').map((p) => p.code))].join(', ')})` });
      continue;
    }
    const differences = compareIntakes(
      { intake: v.case.intake, derived: derive(v.case.intake, today), evidenceHashes: await recordedHashes(c, f.snapshot) },
      { intake: c.intake, derived: c.derived, evidenceHashes: nowHashes },
    ).map((d) => (reasons.has(d.id) ? { ...d, acknowledged: reasons.get(d.id)! } : d));
    filings.push({ ...base, differences });
  }
  return { caseId: c.intake.caseId, comparedOn: today, filings, unsupported: unsupportedStatements(c.intake) };
}

export const unacknowledged = (r: ConsistencyReport): { filing: ComparedFiling; difference: ReportedDifference }[] =>
  r.filings.flatMap((filing) => filing.differences.filter((d) => !d.acknowledged).map((difference) => ({ filing, difference })));
