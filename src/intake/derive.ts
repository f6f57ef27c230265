/**
 * Values computed once from a valid intake, for every document and check that needs them:
 * the normalised A-number, the last arrival, the one-year deadline and where the filing stands
 * against it, and each derivative's age on the filing date.
 */
export type { Derivative, Derived, OneYearPosition } from './derived-schema.js';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { locationAt, type JsonSource } from '../source/json.js';
import { addYears, ageOn, compareIsoDates, daysBetween, type IsoDate } from './calendar.js';
import { courtFilingDeadline } from './court-deadlines.js';
import { oneYearDeadline, type OneYearDeadline } from './deadline.js';
import type { Derivative, Derived } from './derived-schema.js';
import { normaliseANumber } from './formats.js';
import type { Intake } from './schema.js';

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
    courtDeadline:
      intake.proceeding.type === 'defensive' && intake.proceeding.nextHearing && typeof intake.proceeding.detained === 'boolean'
        ? courtFilingDeadline(intake.proceeding.nextHearing, intake.proceeding.detained, filingDate)
        : null,
  };
}

/**
 * Holidays are computed for 1971–9998. Outside that range (an arrival before 1970, decades past
 * its deadline, or a far-future typo that validation reports anyway) the anniversary stands.
 */
function safeOneYearDeadline(lastArrival: IsoDate): OneYearDeadline {
  try {
    return oneYearDeadline(lastArrival);
  } catch {
    const year = Number(lastArrival.slice(0, 4));
    const anniversary = year < 9999 ? addYears(lastArrival, 1) : lastArrival;
    return { lastArrival, anniversary, deadline: anniversary, movedBecause: null };
  }
}

/** Warnings that need derived values: a derivative child too old, a late filing with no exception. */
export function derivedWarnings(intake: Intake, derived: Derived, source: JsonSource): Problem[] {
  const out: Problem[] = [];
  const at = (path: (string | number)[]) => locationAt(source, path);
  for (const d of derived.derivatives) {
    if (d.relationship === 'child' && d.ageOnFiling >= 21) {
      out.push(problem('derivativeChildAge', { name: d.fullName, age: d.ageOnFiling, filingDate: derived.filingDate }, at(['family', d.familyIndex, 'includeAsDerivative'])));
    }
    const status = intake.family?.[d.familyIndex]?.maritalStatus;
    if (d.relationship === 'child' && status && status !== 'single') {
      out.push(problem('derivativeChildMarried', { name: d.fullName, status }, at(['family', d.familyIndex, 'maritalStatus'])));
    }
  }
  const court = derived.courtDeadline;
  if (court?.deadline && court.daysLeft !== null && court.daysLeft < 0) {
    out.push(problem('lateForHearing', { deadline: court.deadline, filingDate: derived.filingDate, hearing: court.hearingDate, rule: court.rule }, at(intake.filing?.date ? ['filing', 'date'] : ['proceeding', 'nextHearing'])));
  }
  const y = derived.oneYear;
  if (!y.timely && !y.exception) {
    out.push(problem('lateFiling', { deadline: y.deadline, filedOn: y.firstFiledOn, days: daysBetween(y.deadline, y.firstFiledOn) }, at(intake.filing?.date ? ['filing', 'date'] : [])));
  }
  return out;
}
