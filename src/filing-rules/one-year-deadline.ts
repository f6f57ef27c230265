/**
 * The one-year deadline: read from derive.ts (derived.oneYear), never recomputed. Judged on the
 * first filing of the case (an earlier USCIS filing counts for a later court filing).
 */
import { compareIsoDates, daysBetween } from '../intake/calendar.js';
import type { FilingRule, Finding } from './types.js';
import { plural } from './words.js';

const EXCEPTION_WORDS = { changed: 'changed circumstances', extraordinary: 'extraordinary circumstances' } as const;

export const oneYearDeadlineRule: FilingRule = {
  id: 'one-year-deadline',
  title: 'Filed within one year of the last arrival',
  source: 'INA 208(a)(2)(B), (D); 8 CFR 208.4(a)(2)(ii)',
  check: (c, { today }): Finding[] => {
    const y = c.derived.oneYear;
    const moved = y.movedBecause ? ` (moved from ${y.anniversary}: ${y.movedBecause})` : '';
    const deadline = `the one-year deadline (${y.deadline}${moved}; last arrival ${y.lastArrival})`;
    const thisFiling = y.firstFiledOn === c.derived.filingDate;
    // past day 365 only when the deadline moved off a weekend or holiday
    const day = y.filedOnDay <= 365 ? `day ${y.filedOnDay} of 365` : `day ${y.filedOnDay} (the deadline moved past day 365)`;
    const filing = thisFiling ? `this filing (${y.firstFiledOn})` : `the first filing (${y.firstFiledOn})`;
    if (!y.timely) {
      const late = plural(daysBetween(y.deadline, y.firstFiledOn), 'day');
      if (y.exception) {
        return [{
          severity: 'warning',
          message: `${filing} is ${late} after ${deadline}; the exception for ${EXCEPTION_WORDS[y.exception]} is claimed: the explanation must show the circumstances and that the delay after them was reasonable (8 CFR 208.4(a)(4)–(5))`,
          source: 'INA 208(a)(2)(B), (D); 8 CFR 208.4(a)(2)(ii), (a)(4), (a)(5)',
          path: 'exceptions.oneYearDeadline',
        }];
      }
      return [{
        severity: 'error',
        message: `${filing} is ${late} after ${deadline}, and no exception is claimed: asylum is barred unless exceptions.oneYearDeadline explains changed or extraordinary circumstances`,
        path: c.intake.filing?.date ? 'filing.date' : 'exceptions.oneYearDeadline',
      }];
    }
    if (!thisFiling) {
      return [{ severity: 'pass', message: `${filing} was ${day}, within ${deadline}` }];
    }
    if (compareIsoDates(y.deadline, today) < 0) {
      return [{
        severity: 'error',
        message: `${deadline} has passed (today is ${today}); this filing is dated ${y.firstFiledOn}, before it: if it was filed that day, record it (record-filing) so later filings are judged by it; if not, the filing is late`,
        path: 'filing.date',
      }];
    }
    return [{
      severity: 'pass',
      message: `filing on ${y.firstFiledOn} is ${day}: ${plural(y.daysLeft, 'day')} left before ${deadline}`,
    }];
  },
};
