/**
 * The filing rules, run on a valid case in a fixed order: deadlines first, then the documents,
 * the parties and the fees. Each rule is in its own file; this list is the only place they meet.
 */
import type { Case } from '../intake/validate.js';
import { arrivalProofRule } from './arrival-proof.js';
import { courtFilingDeadlineRule } from './court-filing-deadline.js';
import { datesNotPastRule } from './dates-not-past.js';
import { derivativeChildrenRule } from './derivative-children.js';
import { eoirCaseDetailsRule } from './eoir-case-details.js';
import { ecasFileSizeRule } from './file-size.js';
import { annualAsylumFeeRule, i589FeeRule } from './fees.js';
import { interpretationRule } from './interpretation.js';
import { oneYearDeadlineRule } from './one-year-deadline.js';
import { representativeEoirIdRule } from './representative-eoir-id.js';
import { translationsRule } from './translations.js';
import type { FilingRule, RuleContext, RuleResult } from './types.js';

export type { BuiltFiling, FilingRule, RuleContext, RuleResult, RuleSeverity } from './types.js';

export const FILING_RULES: readonly FilingRule[] = [
  oneYearDeadlineRule,
  arrivalProofRule,
  courtFilingDeadlineRule,
  datesNotPastRule,
  translationsRule,
  interpretationRule,
  derivativeChildrenRule,
  eoirCaseDetailsRule,
  representativeEoirIdRule,
  i589FeeRule,
  annualAsylumFeeRule,
  ecasFileSizeRule,
];

/** Every rule's results, in FILING_RULES order; each result names its rule and its source. */
export function checkRules(c: Case, ctx: RuleContext, rules: readonly FilingRule[] = FILING_RULES): RuleResult[] {
  return rules.flatMap((rule) =>
    rule.check(c, ctx).map(({ source, path, ...f }): RuleResult => ({ id: rule.id, severity: f.severity, message: f.message, source: source ?? rule.source, ...(path ? { path } : {}) })),
  );
}

export const hasRuleErrors = (results: readonly RuleResult[]) => results.some((r) => r.severity === 'error');
