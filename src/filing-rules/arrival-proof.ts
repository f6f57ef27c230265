/**
 * An exhibit proving the last arrival, for the one-year deadline: timely filing is shown by clear
 * and convincing evidence, typically the I-94 or the parole document of the last arrival.
 *
 * An exhibit is recognised as proof of arrival when its category is "identity" or "other" and its
 * title names an I-94, a parole document (CBP One, I-512), or an entry or admission stamp; an
 * exhibit dated on another day than the last arrival proves an earlier entry and does not count.
 * A passport's biographic page alone proves identity, not arrival.
 */
import type { Intake } from '../intake/schema.js';
import type { FilingRule, Finding } from './types.js';

export const ARRIVAL_PROOF_TITLE = /\bI-?94\b|\bparole\b|\bCBP ?One\b|\bI-?512\b|\b(entry|admission|arrival) (stamp|record)\b|\bstamp\b.*\b(entry|admission|arrival)\b/i;
const CATEGORIES = new Set(['identity', 'other']);

type Evidence = NonNullable<Intake['evidence']>[number];

/** The exhibits whose category and title say they prove an arrival, and those among them that prove the one on `last` (undated ones included). */
export function arrivalProofs(evidence: readonly Evidence[], last: string): { candidates: { e: Evidence; i: number }[]; proof: { e: Evidence; i: number }[] } {
  const candidates = evidence.map((e, i) => ({ e, i })).filter(({ e }) => CATEGORIES.has(e.category) && ARRIVAL_PROOF_TITLE.test(e.title));
  return { candidates, proof: candidates.filter(({ e }) => !e.date || e.date === last) };
}

export const arrivalProofRule: FilingRule = {
  id: 'proof-of-arrival',
  title: 'An exhibit proving the last arrival',
  source: '8 CFR 208.4(a)(2)(i)(A)',
  check: (c): Finding[] => {
    const last = c.derived.lastArrival;
    const arrival = c.intake.applicant.arrivals.find((a) => a.date === last);
    const { candidates, proof } = arrivalProofs(c.intake.evidence ?? [], last);
    if (proof.length) {
      const { e, i } = proof[0]!;
      const check = e.date ? '' : `; check that it shows the arrival on ${last}`;
      return [{ severity: 'pass', message: `exhibit "${e.title}" proves the last arrival on ${last}${check}`, path: `evidence[${i}]` }];
    }
    const described = arrival ? ` (${arrival.status} at ${arrival.place}${arrival.i94 ? `, I-94 ${arrival.i94}` : ''})` : '';
    const other = candidates.length ? `; "${candidates[0]!.e.title}" is dated ${candidates[0]!.e.date}, another entry` : '';
    return [{
      severity: 'warning',
      message: `no exhibit proves the last arrival on ${last}${described}, from which the one-year deadline runs${other}: add the I-94 record, the passport page with the entry stamp or the parole document as an exhibit of category "identity" (or "other") whose title says what it is, e.g. "Form I-94 arrival record" (titles naming I-94, parole, CBP One, I-512 or an entry or admission stamp are recognised; a passport's biographic page is not)`,
      path: 'evidence',
    }];
  },
};
