/**
 * The deadline a case list shows: the next hearing's filing deadline in court, else the one-year
 * deadline, counted from today. Read from the intake as it is, even half filled in: a date that is
 * not a real date shows no deadline rather than a wrong one.
 */
import type { Deadline } from './api.js';
import { daysBetween, compareIsoDates } from '../intake/calendar.js';
import { oneYearDeadline } from '../intake/deadline.js';
import { courtFilingDeadline } from '../intake/court-deadlines.js';
import { obj } from './loose.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function left(days: number): string {
  return days > 0 ? `${plural(days, 'day')} left` : days === 0 ? 'due today' : `passed ${plural(-days, 'day')} ago`;
}

export function deadlineOf(intake: unknown, today: string): Deadline | null {
  try {
    const i = obj(intake);
    const proceeding = obj(i?.proceeding);
    const hearing = obj(proceeding?.nextHearing);
    if (proceeding?.type === 'defensive' && hearing && typeof hearing.date === 'string' && ISO.test(hearing.date) && (hearing.kind === 'master' || hearing.kind === 'individual')) {
      const h = { kind: hearing.kind, date: hearing.date } as const;
      const detained = proceeding.detained === true;
      const d = courtFilingDeadline(h, detained, today);
      if (!d.deadline) return { kind: 'court-filing', date: h.date, daysLeft: daysBetween(today, h.date), met: false, hearing: h, label: `detained: file as the court orders (${h.kind} hearing ${h.date})` };
      const daysLeft = daysBetween(today, d.deadline);
      return { kind: 'court-filing', date: d.deadline, daysLeft, met: false, hearing: h, label: `file with the court by ${d.deadline} (${left(daysLeft)}; ${h.kind} hearing ${h.date})` };
    }
    const arrivals = Array.isArray(obj(i?.applicant)?.arrivals) ? (obj(i?.applicant)!.arrivals as unknown[]) : [];
    const dates = arrivals.map((a) => obj(a)?.date).filter((d): d is string => typeof d === 'string' && ISO.test(d));
    if (!dates.length) return null;
    const last = dates.sort(compareIsoDates).at(-1)!;
    const d = oneYearDeadline(last);
    const daysLeft = daysBetween(today, d.deadline);
    const priors = Array.isArray(proceeding?.priorFilings) ? (proceeding!.priorFilings as unknown[]) : [];
    // Filed: an earlier filing recorded (record-filing). This filing's date is a plan until recorded, as the filing rules say.
    const firstFiled = priors.map((f) => obj(f)?.filedOn).filter((x): x is string => typeof x === 'string' && ISO.test(x)).sort(compareIsoDates)[0];
    const planned = obj(i?.filing)?.date;
    const exception = obj(obj(i?.exceptions)?.oneYearDeadline)?.type;
    const met = firstFiled !== undefined && compareIsoDates(firstFiled, d.deadline) <= 0;
    let label = `one-year deadline ${d.deadline} (${left(daysLeft)})`;
    if (met) label = `one-year deadline ${d.deadline}: met, first filed ${firstFiled}`;
    else if (daysLeft < 0) {
      if (typeof planned === 'string' && ISO.test(planned) && compareIsoDates(planned, d.deadline) <= 0) label += `; this filing is dated ${planned}, before it: record it if it was filed`;
      if (typeof exception === 'string') label += `; exception claimed: ${exception}`;
    }
    return { kind: 'one-year', date: d.deadline, daysLeft, met, label };
  } catch {
    return null;
  }
}
