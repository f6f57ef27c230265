/**
 * Calendar-date arithmetic on ISO 'YYYY-MM-DD' strings.
 *
 * Dates are calendar days, not instants: everything here is pure integer
 * arithmetic on (year, month, day) and a day count, so no result can shift
 * with the machine's time zone or daylight-saving rules. No `Date` objects.
 */

/** An ISO calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

function isRealDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when `s` is exactly 'YYYY-MM-DD' and names a real calendar day. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  return isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Accepts 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (month and day validated as real);
 * anything else gives null.
 */
export function parsePartialDate(
  s: string,
): { year: number; month?: number; day?: number } | null {
  const m = PARTIAL_DATE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  if (!isRealDay(year, month, day)) return null;
  return { year, month, day };
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parse(d: IsoDate): Ymd {
  const m = ISO_DATE.exec(d);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (isRealDay(year, month, day)) return { year, month, day };
  }
  throw new RangeError(`not a valid ISO calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats a year, month (1–12) and day as 'YYYY-MM-DD'. Years must be 0–9999. */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || year < 0 || year > 9999 || !isRealDay(year, month, day)) {
    throw new RangeError(`not a real calendar date: ${year}-${month}-${day}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Proleptic Gregorian day numbers (days since 1970-01-01), after Howard
// Hinnant's `days_from_civil` / `civil_from_days`: exact integer arithmetic.
function toDayNumber({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0 … February = 11
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

function fromDayNumber(z: number): Ymd {
  const shifted = z + 719468;
  const era = Math.floor(shifted / 146097);
  const doe = shifted - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function format({ year, month, day }: Ymd): IsoDate {
  return formatIsoDate(year, month, day);
}

/** `d` plus `n` calendar days (`n` may be negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return format(fromDayNumber(toDayNumber(parse(d)) + n));
}

/** `to` − `from` in days; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(parse(to)) - toDayNumber(parse(from));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  // 1970-01-01 (day 0) was a Thursday (4).
  const n = toDayNumber(parse(d));
  return (((n + 4) % 7) + 7) % 7;
}

const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** 'Sunday' … 'Saturday'. */
export function weekdayName(d: IsoDate): string {
  return WEEKDAY_NAMES[dayOfWeek(d)] ?? '';
}

/** Negative if a < b, 0 if equal, positive if a > b (usable as a sort comparator). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(daysBetween(b, a));
}

/**
 * Same month and day `n` years later (or earlier, for negative `n`).
 *
 * 29 February in a target year that is not a leap year becomes 28 February,
 * not 1 March. For filing deadlines this is the conservative reading: the
 * earlier date can never make a filing late.
 */
export function addYears(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addYears: n must be an integer, got ${n}`);
  const { year, month, day } = parse(d);
  const target = year + n;
  return formatIsoDate(target, month, Math.min(day, daysInMonth(target, month)));
}

/**
 * Age in completed years on `on`. A birthday falling on `on` counts as
 * reached. Someone born on 29 February reaches each new year of age on
 * 1 March in non-leap years (they have not yet completed the year on 28 Feb).
 * Throws if `on` is before `birth`.
 */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const b = parse(birth);
  const o = parse(on);
  if (compareIsoDates(on, birth) < 0) {
    throw new RangeError(`ageOn: ${on} is before the birth date ${birth}`);
  }
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}
