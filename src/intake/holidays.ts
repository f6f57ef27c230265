/**
 * US federal holidays, computed from the statute rather than listed by hand.
 *
 * Legal public holidays, 5 U.S.C. 6103(a):
 *   New Year's Day                              January 1
 *   Birthday of Martin Luther King, Jr.         third Monday in January (from 1986)
 *   Washington's Birthday                       third Monday in February
 *   Memorial Day                                last Monday in May
 *   Juneteenth National Independence Day        June 19 (from 2021)
 *   Independence Day                            July 4
 *   Labor Day                                   first Monday in September
 *   Columbus Day                                second Monday in October
 *   Veterans Day                                November 11
 *   Thanksgiving Day                            fourth Thursday in November
 *   Christmas Day                               December 25
 *
 * Observed days, 5 U.S.C. 6103(b) and Executive Order 11582: a holiday that
 * falls on a Saturday is observed on the Friday before; one that falls on a
 * Sunday is observed on the Monday after. (Only the fixed-date holidays can
 * land on a weekend.) New Year's Day on a Saturday is therefore observed on
 * 31 December of the previous year, and appears in that year's list.
 *
 * Inauguration Day (January 20 after a presidential election, 5 U.S.C.
 * 6103(c)) is deliberately left out: it is a holiday only for federal
 * employees in the Washington, DC area, not a general non-business day.
 *
 * Range: the Monday-holiday rules (Uniform Monday Holiday Act) and E.O. 11582
 * took effect in 1971, so years before 1971 are rejected. For 1971–1977
 * Veterans Day was the fourth Monday in October (Pub. L. 90-363), and that is
 * what is computed for those years.
 */
import { addDays, dayOfWeek, formatIsoDate, type IsoDate } from './calendar.js';

export interface FederalHoliday {
  /** The day that is a non-business day because of the holiday. */
  date: IsoDate;
  /** e.g. "Independence Day", or "Independence Day (observed)" for a substitute day. */
  name: string;
  /** True when `date` is a substitute for a holiday falling on a weekend. */
  observed: boolean;
}

/** Suffix appended to `name` for observed substitute days. */
export const OBSERVED_SUFFIX = ' (observed)';

/** Earliest year for which the current rules (and this module) apply. */
const FIRST_SUPPORTED_YEAR = 1971;

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

/** The `nth` (1-based) `weekday` of `month` in `year`. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): IsoDate {
  const first = formatIsoDate(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, offset + 7 * (nth - 1));
}

/** The last `weekday` of `month` in `year`. */
function lastWeekday(year: number, month: number, weekday: number): IsoDate {
  const firstOfNext = month === 12 ? formatIsoDate(year + 1, 1, 1) : formatIsoDate(year, month + 1, 1);
  const last = addDays(firstOfNext, -1);
  const back = (dayOfWeek(last) - weekday + 7) % 7;
  return addDays(last, -back);
}

/** The holidays whose actual (statutory) date lies in `year`, before weekend shifting. */
function actualHolidays(year: number): { date: IsoDate; name: string }[] {
  const list: { date: IsoDate; name: string }[] = [];
  const add = (date: IsoDate, name: string): void => {
    list.push({ date, name });
  };
  add(formatIsoDate(year, 1, 1), "New Year's Day");
  if (year >= 1986) add(nthWeekday(year, 1, MONDAY, 3), 'Birthday of Martin Luther King, Jr.');
  add(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  add(lastWeekday(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2021) add(formatIsoDate(year, 6, 19), 'Juneteenth National Independence Day');
  add(formatIsoDate(year, 7, 4), 'Independence Day');
  add(nthWeekday(year, 9, MONDAY, 1), 'Labor Day');
  add(nthWeekday(year, 10, MONDAY, 2), 'Columbus Day');
  add(
    year <= 1977 ? nthWeekday(year, 10, MONDAY, 4) : formatIsoDate(year, 11, 11),
    'Veterans Day',
  );
  add(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  add(formatIsoDate(year, 12, 25), 'Christmas Day');
  return list;
}

/** The day on which a holiday falling on `date` is observed (5 U.S.C. 6103(b), E.O. 11582). */
function observedDate(date: IsoDate): IsoDate {
  const dow = dayOfWeek(date);
  if (dow === SATURDAY) return addDays(date, -1);
  if (dow === SUNDAY) return addDays(date, 1);
  return date;
}

const cache = new Map<number, readonly FederalHoliday[]>();

function computeYear(year: number): readonly FederalHoliday[] {
  // A holiday of `year` may be observed in `year - 1` (New Year's Day on a
  // Saturday) and one of `year + 1` may be observed in `year` (31 December).
  const result: FederalHoliday[] = [];
  for (const y of [year - 1, year, year + 1]) {
    if (y < FIRST_SUPPORTED_YEAR) continue;
    for (const h of actualHolidays(y)) {
      const date = observedDate(h.date);
      if (!date.startsWith(`${String(year).padStart(4, '0')}-`)) continue;
      const observed = date !== h.date;
      result.push({ date, name: observed ? h.name + OBSERVED_SUFFIX : h.name, observed });
    }
  }
  result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Object.freeze(result.map((h) => Object.freeze(h)));
}

function holidaysOf(year: number): readonly FederalHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9998) {
    throw new RangeError(
      `federal holidays are computed only for years ${FIRST_SUPPORTED_YEAR}–9998, got ${year}`,
    );
  }
  let list = cache.get(year);
  if (!list) {
    list = computeYear(year);
    cache.set(year, list);
  }
  return list;
}

/**
 * Every day in calendar year `year` that is a non-business day because of a
 * federal holiday (the observed dates), sorted by date. A substitute day has
 * `observed: true` and a name ending in " (observed)". The list includes
 * 31 December when the next New Year's Day falls on a Saturday. Returns a
 * fresh array each call (the per-year result is cached internally).
 */
export function federalHolidays(year: number): FederalHoliday[] {
  return holidaysOf(year).map((h) => ({ ...h }));
}

/** The full holiday entry observed on `d`, or null. */
export function federalHolidayOn(d: IsoDate): FederalHoliday | null {
  // Validates `d` (throws RangeError on a malformed date).
  dayOfWeek(d);
  const h = holidaysOf(Number(d.slice(0, 4))).find((x) => x.date === d);
  return h ? { ...h } : null;
}

/** The holiday name if `d` is a day on which a federal holiday is observed, else null. */
export function federalHoliday(d: IsoDate): string | null {
  return federalHolidayOn(d)?.name ?? null;
}

/** Not a Saturday, not a Sunday, and not a day on which a federal holiday is observed. */
export function isBusinessDay(d: IsoDate): boolean {
  const dow = dayOfWeek(d);
  if (dow === SATURDAY || dow === SUNDAY) return false;
  return federalHolidayOn(d) === null;
}

/** `d` itself if it is a business day, otherwise the next business day after it. */
export function nextBusinessDay(d: IsoDate): IsoDate {
  let day = d;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}
