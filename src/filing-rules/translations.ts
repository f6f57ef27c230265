/** Every exhibit not in English has its English translation (validation requires it too: defensive). */
import { languageName } from '../intake/codes.js';
import type { FilingRule, Finding } from './types.js';
import { plural } from './words.js';

const SOURCES = {
  affirmative: '8 CFR 103.2(b)(3)',
  defensive: '8 CFR 1003.33; ICPM 3.3(a)',
} as const;

export const translationsRule: FilingRule = {
  id: 'translations',
  title: 'An English translation for every exhibit not in English',
  source: '8 CFR 103.2(b)(3) (USCIS); 8 CFR 1003.33, ICPM 3.3(a) (court)',
  check: (c): Finding[] => {
    const source = SOURCES[c.intake.proceeding.type];
    const foreign = (c.intake.evidence ?? []).map((e, i) => ({ e, i })).filter(({ e }) => e.language !== 'en');
    const missing = foreign.filter(({ e }) => !e.translation);
    if (missing.length) {
      return missing.map(({ e, i }) => ({
        severity: 'error' as const,
        message: `exhibit "${e.title}" is in ${languageName(e.language)} and has no English translation: add the translation and its translator (a certificate of translation is made from them)`,
        source,
        path: `evidence[${i}].translation`,
      }));
    }
    if (foreign.length === 0) return [{ severity: 'pass', message: 'every exhibit is in English: no translation needed', source }];
    const own = foreign.filter(({ e }) => e.translation?.certificateIncluded).length;
    const certificates = own === 0 ? 'certificate of translation' : own === foreign.length ? 'certificate of translation (the translator\'s own, with the translation)' : `certificate of translation (${plural(own, 'translation')} with the translator's own)`;
    return [{ severity: 'pass', message: `${plural(foreign.length, 'exhibit')} not in English, each with its English translation and ${certificates}`, source }];
  },
};
