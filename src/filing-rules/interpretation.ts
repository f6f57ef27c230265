/**
 * An applicant not fluent in English needs a certificate of interpretation with the declaration,
 * signed by the interpreter who read it to them: the intake names the interpreter in `interpreter`
 * (docs/intake.md, "The interpreter"); without one the certificate has blank lines to fill by hand.
 */
import type { FilingRule, Finding } from './types.js';

export const interpretationRule: FilingRule = {
  id: 'certificate-of-interpretation',
  title: 'An interpreter named when the applicant is not fluent in English',
  source: 'ICPM 3.3(a) (the court\'s rule; USCIS filings follow the same practice)',
  check: (c): Finding[] => {
    const { languages } = c.intake.applicant;
    if (languages.fluentInEnglish) return [{ severity: 'pass', message: 'not needed: the applicant is fluent in English' }];
    const who = c.intake.interpreter;
    if (!who) {
      return [{
        severity: 'warning',
        message: `the applicant is not fluent in English (native language ${languages.native}) but no interpreter is named: the certificate of interpretation will have blank lines for the interpreter's name, address and telephone, to fill in by hand; or add "interpreter" to the intake`,
        path: 'interpreter',
      }];
    }
    return [{ severity: 'pass', message: `the declaration carries a certificate of interpretation by ${who.name} (${who.language})` }];
  },
};
