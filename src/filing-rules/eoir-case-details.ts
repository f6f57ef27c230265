/**
 * What every filing in immigration court carries: the A-number, the court, the judge (the cover
 * page) and the DHS office served (the certificate of service). Validation requires most of them;
 * this rule checks again, so a filing is never assembled without them.
 */
import type { FilingRule, Finding } from './types.js';

export const eoirCaseDetailsRule: FilingRule = {
  id: 'eoir-case-details',
  title: 'A-number, court, judge and DHS service for the court',
  source: 'ICPM 3.3(c) (cover page); 8 CFR 1003.32(a), ICPM 3.2 (service on DHS)',
  check: (c): Finding[] => {
    const p = c.intake.proceeding;
    if (p.type !== 'defensive') return [{ severity: 'pass', message: 'does not apply: filed with USCIS, not with the immigration court' }];
    const missing: Finding[] = [];
    const cover = 'ICPM 3.3(c)';
    if (!c.derived.aNumber) missing.push({ severity: 'error', message: 'the A-number is missing: every page filed in court carries it (the cover page\'s "File No.")', source: cover, path: 'applicant.aNumber' });
    if (!p.court) missing.push({ severity: 'error', message: 'the immigration court is missing: the cover page names it', source: cover, path: 'proceeding.court' });
    if (!p.judge) missing.push({ severity: 'error', message: 'the immigration judge is missing: the cover page names the judge', source: cover, path: 'proceeding.judge' });
    if (!p.dhsService) {
      missing.push({
        severity: 'error',
        message: 'the DHS office to serve is missing (proceeding.dhsService): a filing without a certificate of service on DHS is not considered',
        source: '8 CFR 1003.32(a); ICPM 3.2',
        path: 'proceeding.dhsService',
      });
    }
    if (missing.length) return missing;
    return [{ severity: 'pass', message: `A-number ${c.derived.aNumber}, ${p.court!.name}, ${p.judge}, served on ${p.dhsService!.office}` }];
  },
};
