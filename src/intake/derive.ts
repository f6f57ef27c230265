/**
 * Values computed once from a valid intake, for every document and check that needs them:
 * the normalised A-number, the last arrival, the one-year deadline and where the filing stands
 * against it, and each derivative's age on the filing date.
 */
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { formatPath, locate, type JsonSource } from '../source/json.js';
import { addYears, ageOn, compareIsoDates, daysBetween, type IsoDate } from './calendar.js';
import { oneYearDeadline, type OneYearDeadline } from './deadline.js';
import { normaliseANumber } from './formats.js';
import { FIRST_SUPPORTED_YEAR } from './holidays.js';
import type { Intake } from './schema.js';

export interface OneYearPosition extends OneYearDeadline {
  /** The date the application was first filed: the earliest prior filing, else this filing's date. */
  firstFiledOn: IsoDate;
  /** Day of the one-year period on which it was first filed; the day of arrival is day 0. */
  filedOnDay: number;
  /** Days from this filing's date to the deadline; negative once the deadline has passed. */
  daysLeft: number;
  /** Whether the first filing was on or before the deadline. */
  timely: boolean;
  /** The exception claimed for a late filing, if any. */
  exception: 'changed' | 'extraordinary' | null;
}

export interface Derivative {
  familyIndex: number;
  relationship: 'spouse' | 'child';
  fullName: string;
  dateOfBirth: IsoDate;
  ageOnFiling: number;
  aNumber: string | null;
}

export interface Derived {
  fullName: string;
  aNumber: string | null;
  filingDate: IsoDate;
  /** True when filing.date was absent and today was used. */
  filingDateAssumed: boolean;
  lastArrival: IsoDate;
  oneYear: OneYearPosition;
  derivatives: Derivative[];
}

export function fullName(name: { given: string; middle?: string | null; family: string }): string {
  return [name.given, name.middle, name.family].filter(Boolean).join(' ');
}

export function derive(intake: Intake, today: IsoDate): Derived {
  const filingDate = intake.filing?.date ?? today;
  const lastArrival = intake.applicant.arrivals.map((a) => a.date).sort(compareIsoDates).at(-1)!;
  const firstFiledOn = [filingDate, ...(intake.proceeding.priorFilings ?? []).map((f) => f.filedOn)].sort(compareIsoDates)[0]!;
  const deadline = safeOneYearDeadline(lastArrival);
  const derivatives = (intake.family ?? []).flatMap((m, i): Derivative[] =>
    m.includeAsDerivative
      ? [{
          familyIndex: i,
          relationship: m.relationship,
          fullName: fullName(m.name),
          dateOfBirth: m.dateOfBirth,
          ageOnFiling: compareIsoDates(m.dateOfBirth, filingDate) <= 0 ? ageOn(m.dateOfBirth, filingDate) : 0,
          aNumber: m.aNumber ? normaliseANumber(m.aNumber) : null,
        }]
      : [],
  );
  return {
    fullName: fullName(intake.applicant.name),
    aNumber: intake.applicant.aNumber ? normaliseANumber(intake.applicant.aNumber) : null,
    filingDate,
    filingDateAssumed: !intake.filing?.date,
    lastArrival,
    oneYear: {
      ...deadline,
      firstFiledOn,
      filedOnDay: daysBetween(lastArrival, firstFiledOn),
      daysLeft: daysBetween(filingDate, deadline.deadline),
      timely: compareIsoDates(firstFiledOn, deadline.deadline) <= 0,
      exception: intake.exceptions?.oneYearDeadline?.type ?? null,
    },
    derivatives,
  };
}

/** Holidays are computed from 1971 on; an arrival before 1970 is decades past its deadline anyway. */
function safeOneYearDeadline(lastArrival: IsoDate): OneYearDeadline {
  const anniversary = addYears(lastArrival, 1);
  if (Number(anniversary.slice(0, 4)) < FIRST_SUPPORTED_YEAR) return { lastArrival, anniversary, deadline: anniversary, movedBecause: null };
  return oneYearDeadline(lastArrival);
}

/** Warnings that need derived values: a derivative child too old, a late filing with no exception. */
export function derivedWarnings(intake: Intake, derived: Derived, source: JsonSource): Problem[] {
  const out: Problem[] = [];
  const at = (path: (string | number)[]) => ({ file: source.file, path: formatPath(path), ...locate(source, path) });
  for (const d of derived.derivatives) {
    if (d.relationship === 'child' && d.ageOnFiling >= 21) {
      out.push(problem('derivativeChildAge', { name: d.fullName, age: d.ageOnFiling, filingDate: derived.filingDate }, at(['family', d.familyIndex, 'includeAsDerivative'])));
    }
  }
  const y = derived.oneYear;
  if (!y.timely && !y.exception) {
    out.push(problem('lateFiling', { deadline: y.deadline, filedOn: y.firstFiledOn, days: daysBetween(y.deadline, y.firstFiledOn) }, at(intake.filing?.date ? ['filing', 'date'] : [])));
  }
  return out;
}
