/**
 * Dates the filing is planned around must not be past: a hearing before today is an error (the
 * intake is out of date), a planned filing date before today a warning (counted from it, the
 * deadlines above may no longer hold). The deadlines themselves are judged by their own rules.
 */
import { compareIsoDates, daysBetween } from '../intake/calendar.js';
import type { FilingRule, Finding } from './types.js';
import { plural } from './words.js';

export const datesNotPastRule: FilingRule = {
  id: 'dates-not-past',
  title: 'The next hearing and the filing date are not past',
  source: 'ICPM 3.1(b) (court deadlines count back from the next hearing); ICPM 3.1(a)(3), 8 CFR 103.2(a)(7) (filed when received)',
  check: (c, { today }): Finding[] => {
    const out: Finding[] = [];
    const hearing = c.intake.proceeding.type === 'defensive' ? c.intake.proceeding.nextHearing : null;
    if (hearing && compareIsoDates(hearing.date, today) < 0) {
      out.push({
        severity: 'error',
        message: `the next hearing (${hearing.kind === 'master' ? 'master calendar' : 'individual'}, ${hearing.date}) was ${plural(daysBetween(hearing.date, today), 'day')} ago (today is ${today}): enter the hearing the court has now set`,
        source: 'ICPM 3.1(b): the court\'s filing deadlines count back from the next hearing',
        path: 'proceeding.nextHearing.date',
      });
    }
    const filingDate = c.intake.filing?.date;
    if (filingDate && compareIsoDates(filingDate, today) < 0) {
      out.push({
        severity: 'warning',
        message: `the planned filing date ${filingDate} is ${plural(daysBetween(filingDate, today), 'day')} before today (${today}); the deadlines are counted from it: if it was filed, record it (record-filing), otherwise set the date it will reach ${c.intake.proceeding.type === 'defensive' ? 'the court' : 'USCIS'}`,
        source: c.intake.proceeding.type === 'defensive' ? 'ICPM 3.1(a)(3): filed when the court receives it (no mailbox rule)' : '8 CFR 103.2(a)(7): filed when USCIS receives it',
        path: 'filing.date',
      });
    }
    if (out.length === 0) {
      const what = hearing ? `the next hearing (${hearing.date}) and the filing date (${c.derived.filingDate})` : `the filing date (${c.derived.filingDate})`;
      out.push({ severity: 'pass', message: `${what} ${hearing ? 'are' : 'is'} today or later` });
    }
    return out;
  },
};
