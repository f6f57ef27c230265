/**
 * The asylum one-year filing deadline.
 *
 * INA 208(a)(2)(B) (8 U.S.C. 1158(a)(2)(B)) requires an asylum application
 * to be filed within one year after the date of the applicant's arrival in
 * the United States; 8 CFR 208.4(a)(2)(ii) says the one-year period is
 * calculated from the date of the last arrival. The day of arrival is day
 * zero, so the last day is the anniversary of the arrival. If that falls on
 * a Saturday, Sunday or legal holiday, the period runs until the next day
 * that is not one (8 CFR 1.1(h), and 8 CFR 208.4(a)(2)(ii)).
 *
 * A 29 February arrival has its anniversary on 28 February in a non-leap
 * year (see `addYears`): the earlier, safer date.
 */
import { addDays, addYears, weekdayName, type IsoDate } from './calendar.js';
import { federalHolidayOn, OBSERVED_SUFFIX, nextBusinessDay } from './holidays.js';

export interface OneYearDeadline {
  /** Date of the applicant's last arrival in the United States. */
  lastArrival: IsoDate;
  /** Same month and day one year later. */
  anniversary: IsoDate;
  /** The last day on which the application is timely: the anniversary, or the next business day. */
  deadline: IsoDate;
  /** Why the deadline is later than the anniversary, in plain words; null when it is not. */
  movedBecause: string | null;
}

export function whyNotBusinessDay(d: IsoDate): string {
  const weekday = weekdayName(d);
  if (weekday === 'Saturday' || weekday === 'Sunday') return `${d} is a ${weekday}`;
  const h = federalHolidayOn(d);
  if (h === null) throw new Error(`internal: ${d} is a business day`);
  if (h.observed) {
    const base = h.name.endsWith(OBSERVED_SUFFIX)
      ? h.name.slice(0, -OBSERVED_SUFFIX.length)
      : h.name;
    return `${d} is the day ${base} is observed`;
  }
  return `${d} is ${h.name}`;
}

/**
 * Why every day from `first` up to (not including) `deadline` was skipped.
 * The first day is always explained; later weekend days are self-evident
 * and left out, but a later holiday is named (e.g. "2025-08-30 is a
 * Saturday; 2025-09-01 is Labor Day").
 */
function explainSkippedDays(first: IsoDate, deadline: IsoDate): string {
  const reasons = [whyNotBusinessDay(first)];
  for (let d = addDays(first, 1); d !== deadline; d = addDays(d, 1)) {
    if (federalHolidayOn(d) !== null) reasons.push(whyNotBusinessDay(d));
  }
  return reasons.join('; ');
}

/** The one-year filing deadline for an applicant whose last arrival was `lastArrival`. */
export function oneYearDeadline(lastArrival: IsoDate): OneYearDeadline {
  const anniversary = addYears(lastArrival, 1);
  const deadline = nextBusinessDay(anniversary);
  return {
    lastArrival,
    anniversary,
    deadline,
    movedBecause: deadline === anniversary ? null : explainSkippedDays(anniversary, deadline),
  };
}
