/**
 * A child included as a derivative must be under 21 and unmarried on the filing date. The age is
 * derive.ts's (derived.derivatives[].ageOnFiling); the limit is a dated setting.
 */
import type { FilingRule, Finding } from './types.js';
import { DERIVATIVE_CHILD_AGE, settingOn } from './settings.js';

export const derivativeChildrenRule: FilingRule = {
  id: 'derivative-children',
  title: 'Derivative children under 21 and unmarried on the filing date',
  source: 'INA 208(b)(3); Form I-589 instructions',
  check: (c): Finding[] => {
    const { filingDate, derivatives } = c.derived;
    const limit = settingOn(DERIVATIVE_CHILD_AGE, filingDate)!;
    const children = derivatives.filter((d) => d.relationship === 'child');
    if (children.length === 0) return [{ severity: 'pass', message: 'no child is included as a derivative', source: limit.source }];
    const out: Finding[] = [];
    for (const d of children) {
      const path = `family[${d.familyIndex}]`;
      if (d.ageOnFiling >= limit.under) {
        out.push({
          severity: 'error',
          message: `${d.fullName} (born ${d.dateOfBirth}) is ${d.ageOnFiling} on the filing date ${filingDate}: a child must be under ${limit.under} to be included as a derivative; set includeAsDerivative to false (the child may file an I-589 of their own), or check whether the age is protected by an earlier filing (Child Status Protection Act)`,
          source: limit.source,
          path: `${path}.includeAsDerivative`,
        });
      }
      const status = c.intake.family?.[d.familyIndex]?.maritalStatus;
      if (status && status !== 'single') {
        out.push({
          severity: 'error',
          message: `${d.fullName} is ${status}: only an unmarried child can be included as a derivative; set includeAsDerivative to false`,
          source: limit.source,
          path: `${path}.maritalStatus`,
        });
      }
    }
    if (out.length) return out;
    const names = children.map((d) => `${d.fullName} (${d.ageOnFiling})`).join(', ');
    return [{ severity: 'pass', message: `${children.length === 1 ? 'the derivative child is' : 'every derivative child is'} under ${limit.under} and unmarried on ${filingDate}: ${names}`, source: limit.source }];
  },
};
