/**
 * Immigration court filing deadlines, counted back from the next hearing (non-detained cases).
 * This rule has changed several times since 2021, so it lives in this one dated table: add a row
 * when EOIR changes it, never edit a past row. The row in force is the latest whose `since` is on
 * or before the filing date.
 */
import { addDays, compareIsoDates, daysBetween, type IsoDate } from './calendar.js';
import { whyNotBusinessDay } from './deadline.js';
import { isBusinessDay } from './holidays.js';

export interface CourtDeadlineRule {
  /** First filing date the row applies to; null for the row that has applied as long as this table knows. */
  since: IsoDate | null;
  master: number;
  individual: number;
  source: string;
}

export const EOIR_FILING_RULES: readonly CourtDeadlineRule[] = [
  {
    since: null,
    master: 15,
    individual: 30,
    source: 'ICPM 3.1(b); EOIR Policy Manual Appendix C; PM 25-21 (2025) restored 30 days for individual hearings — confirm against the current Policy Manual',
  },
];

export interface CourtFilingDeadline {
  hearingDate: IsoDate;
  hearingKind: 'master' | 'individual';
  detained: boolean;
  /** Days before the hearing the filing is due; null when detained (as the court orders). */
  daysBefore: number | null;
  deadline: IsoDate | null;
  /** Why the deadline is earlier than the count gives (a weekend or holiday), or null. */
  movedBecause: string | null;
  /** Days from the filing date to the deadline; negative when the deadline has passed. */
  daysLeft: number | null;
  rule: string;
}

export function ruleOn(filingDate: IsoDate): CourtDeadlineRule {
  const rows = EOIR_FILING_RULES.filter((r) => r.since === null || compareIsoDates(r.since, filingDate) <= 0);
  return rows[rows.length - 1] ?? EOIR_FILING_RULES[0]!;
}

/**
 * A deadline counted back from a hearing that lands on a weekend or federal holiday moves to the
 * business day before it: earlier is the safe reading, since nothing counts until the court has it.
 */
export function courtFilingDeadline(hearing: { kind: 'master' | 'individual'; date: IsoDate }, detained: boolean, filingDate: IsoDate): CourtFilingDeadline {
  if (detained) {
    return { hearingDate: hearing.date, hearingKind: hearing.kind, detained, daysBefore: null, deadline: null, movedBecause: null, daysLeft: null, rule: 'detained: as the immigration judge orders (ICPM 3.1(b)(2))' };
  }
  const rule = ruleOn(filingDate);
  const daysBefore = hearing.kind === 'master' ? rule.master : rule.individual;
  const counted = addDays(hearing.date, -daysBefore);
  let deadline = counted;
  const reasons: string[] = [];
  while (!isBusinessDay(deadline)) {
    reasons.push(whyNotBusinessDay(deadline));
    deadline = addDays(deadline, -1);
  }
  return {
    hearingDate: hearing.date,
    hearingKind: hearing.kind,
    detained,
    daysBefore,
    deadline,
    movedBecause: reasons.length ? reasons.join('; ') : null,
    daysLeft: daysBetween(filingDate, deadline),
    rule: `at least ${daysBefore} days before ${hearing.kind === 'master' ? 'a master calendar' : 'an individual'} hearing (${rule.source})`,
  };
}
