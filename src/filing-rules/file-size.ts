/**
 * Every PDF of a court filing made through ECAS is at most the ECAS file size (a dated setting):
 * the packet step splits a larger packet into parts, so this checks what was really built.
 * Reads the sizes the build's manifest.json recorded; without a built filing it says so.
 */
import { bytesText } from '../limits.js';
import { ECAS_FILE_SIZE, settingOn } from './settings.js';
import type { FilingRule, Finding } from './types.js';
import { plural } from './words.js';

export const ecasFileSizeRule: FilingRule = {
  id: 'ecas-file-size',
  title: 'Every PDF filed through ECAS under the size limit',
  source: ECAS_FILE_SIZE[0]!.source,
  check: (c, { built, building }): Finding[] => {
    const p = c.intake.proceeding;
    if (p.type !== 'defensive') return [{ severity: 'pass', message: 'does not apply: filed with USCIS, not through ECAS' }];
    if (p.filingMethod === 'paper') return [{ severity: 'pass', message: 'does not apply: filed on paper, not through ECAS' }];
    const limit = settingOn(ECAS_FILE_SIZE, c.derived.filingDate)!;
    const maxBytes = limit.megabytes * 1024 * 1024;
    if (built === undefined) {
      return [{ severity: 'info', message: `not checked: build the case, then run check-rules with --out <the output folder> to check each PDF against the ${limit.megabytes} MB ECAS limit`, source: limit.source }];
    }
    const pdfs = built.flatMap((b) => b.outputs.filter((o) => o.file.toLowerCase().endsWith('.pdf')).map((o) => ({ ...o, dir: b.dir })));
    if (pdfs.length === 0) {
      if (building) return [{ severity: 'info', message: 'not checked yet: no PDF of this filing is written at this point of its build', source: limit.source }];
      return [{ severity: 'info', message: `not checked: no built PDF of ${c.intake.caseId} in the output folder; build the case first`, source: limit.source }];
    }
    const over = pdfs.filter((o) => o.bytes > maxBytes);
    if (over.length) {
      return over.map((o) => ({
        severity: 'error' as const,
        message: `${o.dir}/${o.file} is ${bytesText(o.bytes)}, over the ${limit.megabytes} MB ECAS limit: build it again with the packet step's maxFileSizeMB at ${limit.megabytes} or less, so it is split into parts`,
        source: limit.source,
      }));
    }
    const largest = pdfs.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    return [{ severity: 'pass', message: `${plural(pdfs.length, 'PDF')} built, the largest ${largest.file} (${bytesText(largest.bytes)}), each at most ${limit.megabytes} MB`, source: limit.source }];
  },
};
