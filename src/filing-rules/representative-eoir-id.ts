/** An attorney or accredited representative filing in court gives their EOIR ID (cover page, ECAS). */
import type { FilingRule, Finding } from './types.js';

export const representativeEoirIdRule: FilingRule = {
  id: 'representative-eoir-id',
  title: 'The representative\'s EOIR ID for a court filing',
  source: 'ICPM 3.3(c) (cover page); 8 CFR 1003.31(a) (ECAS filing by attorneys, since 2022-02-11)',
  check: (c): Finding[] => {
    const rep = c.intake.representative;
    if (c.intake.proceeding.type !== 'defensive') return [{ severity: 'pass', message: 'does not apply: filed with USCIS, not with the immigration court' }];
    if (!rep) return [{ severity: 'pass', message: 'does not apply: the respondent files pro se (no representative)' }];
    if (!rep.eoirId) {
      return [{
        severity: 'error',
        message: `${rep.name}'s EOIR ID is missing: the cover page shows it under the filer's name and ECAS filing needs it; add representative.eoirId`,
        path: 'representative.eoirId',
      }];
    }
    return [{ severity: 'pass', message: `${rep.name}, EOIR ID ${rep.eoirId}` }];
  },
};
