/**
 * The immigration court's filing deadline before the next hearing: read from derive.ts
 * (derived.courtDeadline, itself from the dated EOIR_FILING_RULES table), never recomputed.
 */
import { compareIsoDates } from '../intake/calendar.js';
import type { FilingRule, Finding } from './types.js';
import { plural } from './words.js';

const HEARING_WORDS = { master: 'master calendar hearing', individual: 'individual (merits) hearing' } as const;

export const courtFilingDeadlineRule: FilingRule = {
  id: 'court-filing-deadline',
  title: 'Filed with the court in time before the next hearing',
  source: 'ICPM 3.1(b); EOIR Policy Manual Appendix C; PM 25-21 (2025)',
  check: (c, { today }): Finding[] => {
    const d = c.derived.courtDeadline;
    if (c.intake.proceeding.type !== 'defensive') return [{ severity: 'pass', message: 'does not apply: filed with USCIS, not with the immigration court' }];
    if (!d) return [{ severity: 'error', message: 'the next hearing or the detention status is missing, so the court\'s deadline cannot be counted', path: 'proceeding.nextHearing' }];
    const hearing = `the ${HEARING_WORDS[d.hearingKind]} on ${d.hearingDate}`;
    if (d.detained || d.deadline === null || d.daysLeft === null) {
      return [{
        severity: 'warning',
        message: `detained: the filing deadline before ${hearing} is what the immigration judge ordered; check the court's order or scheduling notice`,
        source: 'ICPM 3.1(b)(2)',
        path: 'proceeding.detained',
      }];
    }
    const moved = d.movedBecause ? ` (moved earlier: ${d.movedBecause})` : '';
    const due = `due by ${d.deadline}${moved}, ${d.daysBefore} days before ${hearing}`;
    if (d.daysLeft < 0) {
      return [{
        severity: 'error',
        message: `filing on ${c.derived.filingDate} is ${plural(-d.daysLeft, 'day')} late: ${due}; ask the court for leave to file late, or file by an earlier date`,
        source: d.rule,
        path: c.intake.filing?.date ? 'filing.date' : 'proceeding.nextHearing',
      }];
    }
    if (compareIsoDates(d.deadline, today) < 0) {
      return [{
        severity: 'error',
        message: `the deadline has passed (today is ${today}): ${due}; if it was filed, record it (record-filing); if the hearing was moved, update proceeding.nextHearing`,
        source: d.rule,
        path: 'proceeding.nextHearing',
      }];
    }
    return [{ severity: 'pass', message: `filing on ${c.derived.filingDate}, ${plural(d.daysLeft, 'day')} before the deadline: ${due}`, source: d.rule }];
  },
};
