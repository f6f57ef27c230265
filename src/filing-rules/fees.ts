/**
 * The fees of an asylum application, as to-dos: the I-589 fee with the filing, and the annual
 * asylum fee once the application has been pending a year. Amounts and dates are dated settings.
 */
import { addDays, compareIsoDates, daysBetween } from '../intake/calendar.js';
import { ANNUAL_ASYLUM_FEE, I589_FEE, settingOn } from './settings.js';
import type { FilingRule, Finding } from './types.js';
import { plural, usd } from './words.js';

const PAY_TO = {
  affirmative: 'with the application to USCIS',
  defensive: 'through EOIR\'s online payment portal, with the receipt filed with the application',
} as const;

export const i589FeeRule: FilingRule = {
  id: 'i589-fee',
  title: 'The I-589 filing fee',
  fee: true,
  source: '90 FR 34511 (2025-07-22)',
  check: (c): Finding[] => {
    const { filingDate, oneYear } = c.derived;
    const fee = settingOn(I589_FEE, filingDate)!;
    if (fee.amount === 0) return [{ severity: 'pass', message: `no fee: filed on ${filingDate}, before the I-589 fee took effect`, source: fee.source }];
    const rejected = fee.rejectedWithoutFrom && compareIsoDates(filingDate, fee.rejectedWithoutFrom) >= 0 ? '; an application without it is rejected' : '';
    const referred = fee.effective && compareIsoDates(oneYear.firstFiledOn, fee.effective) < 0
      ? `; the application was first filed on ${oneYear.firstFiledOn}, before the fee took effect (${fee.effective}): check whether it is owed again for this filing`
      : '';
    return [{
      severity: 'info',
      message: `pay the ${usd(fee.amount)} I-589 fee ${PAY_TO[c.intake.proceeding.type]} (filing on ${filingDate}, on or after ${fee.effective}); it cannot be waived${rejected}${referred}`,
      source: c.intake.proceeding.type === 'defensive' ? `${fee.source}; EOIR Policy Memo 25-36 (payment portal)` : fee.source,
    }];
  },
};

export const annualAsylumFeeRule: FilingRule = {
  id: 'annual-asylum-fee',
  title: 'The annual asylum fee while the application is pending',
  fee: true,
  source: '90 FR 34511 (2025-07-22)',
  check: (c, { today }): Finding[] => {
    const fee = settingOn(ANNUAL_ASYLUM_FEE, today);
    if (!fee) return [{ severity: 'pass', message: `no annual asylum fee is in force on ${today}` }];
    const filedOn = c.derived.oneYear.firstFiledOn;
    if (compareIsoDates(filedOn, fee.applicationsFiledAfter) <= 0) {
      return [{ severity: 'pass', message: `does not apply: the application was filed on ${filedOn}, not after ${fee.applicationsFiledAfter}`, source: fee.source }];
    }
    const pending = daysBetween(filedOn, today);
    const firstDue = addDays(filedOn, fee.pendingDays);
    if (pending < 0) {
      // Nothing to pay now: a line on the checklist, not a to-do.
      return [{ severity: 'pass', message: `not yet filed (filing on ${filedOn}): once filed, ${usd(fee.amount)} is due each year it stays pending, the first on ${firstDue}`, source: fee.source }];
    }
    if (pending < fee.pendingDays) {
      return [{ severity: 'pass', message: `not due yet: pending ${plural(pending, 'day')} since ${filedOn}; the first ${usd(fee.amount)} annual fee is due on ${firstDue} if it is still pending`, source: fee.source }];
    }
    const years = Math.floor(pending / fee.pendingDays);
    const nextDue = addDays(filedOn, fee.pendingDays * (years + 1));
    return [{
      severity: 'warning',
      message: `${usd(fee.amount)} annual asylum fee due: the application filed on ${filedOn} has been pending ${plural(pending, 'day')} (${plural(years, 'year')}); it cannot be waived; make sure the fee for ${years === 1 ? 'year 1 was' : `years 1–${years} were`} paid; the next is due on ${nextDue} if it is still pending`,
      source: fee.source,
    }];
  },
};
