/**
 * The settings filing rules read: fees, age limits, size limits, each in a dated table. A change
 * in the law is a new row with the date it took effect, never an edit of a past row. The row in
 * force on a date is the latest whose `effective` is on or before it (`effective: null`: as long
 * as this table knows). The immigration court's filing deadlines have their own table,
 * EOIR_FILING_RULES in src/intake/court-deadlines.ts, which derive.ts reads; it is re-exported here.
 */
import { compareIsoDates, type IsoDate } from '../intake/calendar.js';

export { EOIR_FILING_RULES, ruleOn as eoirFilingRuleOn } from '../intake/court-deadlines.js';

export interface Dated {
  /** The first date the row applies to; null for the row that has applied as long as this table knows. */
  effective: IsoDate | null;
  source: string;
}

export interface I589Fee extends Dated {
  /** US dollars due with the application; 0 when there is none. */
  amount: number;
  /** From this date an application filed without the fee is rejected; null when there is no fee. */
  rejectedWithoutFrom: IsoDate | null;
}

/** The fee for filing Form I-589, by the date the application is filed (postmarked). */
export const I589_FEE: readonly I589Fee[] = [
  { effective: null, amount: 0, rejectedWithoutFrom: null, source: 'no fee for Form I-589 before H.R. 1 (2025)' },
  {
    effective: '2025-07-22',
    amount: 100,
    rejectedWithoutFrom: '2025-08-21',
    source: '90 FR 34511 (2025-07-22)',
  },
];

export interface AnnualAsylumFee extends Dated {
  amount: number;
  /** Applications filed after this date owe it. */
  applicationsFiledAfter: IsoDate;
  /** Days an application must have been pending before a year's fee is due. */
  pendingDays: number;
}

/** The annual asylum fee, by the date it is due (the application's pending anniversary). */
export const ANNUAL_ASYLUM_FEE: readonly AnnualAsylumFee[] = [
  {
    effective: '2025-07-22',
    amount: 100,
    applicationsFiledAfter: '2024-10-01',
    pendingDays: 365,
    source: '90 FR 34511 (2025-07-22): $100 for each year an application filed after 2024-10-01 stays pending; cannot be waived',
  },
];

export interface DerivativeAge extends Dated {
  /** A child must be under this age (and unmarried) on the filing date to be included. */
  under: number;
}

export const DERIVATIVE_CHILD_AGE: readonly DerivativeAge[] = [
  { effective: null, under: 21, source: 'INA 208(b)(3); Form I-589 instructions' },
];

export interface FileSizeLimit extends Dated {
  megabytes: number;
}

/** The largest file ECAS takes; a larger document is split into parts (the packet step's maxFileSizeMB). */
export const ECAS_FILE_SIZE: readonly FileSizeLimit[] = [
  { effective: null, megabytes: 25, source: 'EOIR ECAS upload guidance (secondary source)' },
];

/** The row of a dated table in force on `date`; undefined when the table starts after it. */
export function settingOn<T extends Dated>(rows: readonly T[], date: IsoDate): T | undefined {
  return rows.filter((r) => r.effective === null || compareIsoDates(r.effective, date) <= 0).at(-1);
}
