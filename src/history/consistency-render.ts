/** The consistency report as Markdown and as HTML: for the attorney who reads it before filing. */
import type { ConsistencyReport, ReportedDifference } from './consistency.js';
import type { UnsupportedStatement } from './within-filing.js';

const KIND_TITLES: Record<string, string> = {
  name: 'Names and spellings',
  date: 'Dates of birth, arrival and departure',
  family: 'Family members',
  claim: 'The claim: grounds, relief, persecutors',
  event: 'Events: added, removed, re-dated or moved',
  narrative: 'Wording of the narrative',
  exhibit: 'Exhibits withdrawn or changed',
  derived: 'Values that moved with them',
};

const INTRO =
  'A judge may weigh any inconsistency between what the applicant said before and says now, whenever made and whether or not it goes to the heart of the claim (INA 208(b)(1)(B)(iii)). Each difference below is between the intake as filed and the intake now; acknowledge a deliberate one in the intake\'s `acknowledgements`, with its id and the reason.';

const WITHIN =
  'The cover letter tells the claim in `claim.summary`; the sworn declaration tells it in its events. What the summary states (a person, a date, a number, an act, a persecutor) and no event supports is listed here: a judge may weigh what one says and the other does not. The check reads words, not meaning: read each before acting on it.';

const TITLE = 'Consistency report';

const mdEscape = (s: string) => s.replace(/([\\|*_~`[\]<>])/g, '\\$1').replace(/\r?\n/g, ' ');
const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Markdown emphasis around a change, its spaces outside the markers (else the markers do not apply). */
function marked(value: string, marker: string): string {
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(value) ?? [];
  return core ? `${lead}${marker}${mdEscape(core)}${marker}${trail}` : value;
}

const byKind = (ds: ReportedDifference[]) => Object.keys(KIND_TITLES).map((k) => [k, ds.filter((d) => d.kind === k)] as const).filter(([, list]) => list.length);

const KIND_WORDS: Record<UnsupportedStatement['kind'], string> = { person: 'a person or place', date: 'a date', number: 'a number', act: 'an act', persecutor: 'a persecutor' };

export function consistencyMarkdown(r: ConsistencyReport): string {
  const out: string[] = [`# ${TITLE}: ${r.caseId}`, '', `Compared on ${r.comparedOn}.`, ''];
  if (r.unsupported.length) {
    out.push('## Within this filing: the claim summary and the declaration', '', WITHIN, '');
    for (const u of r.unsupported) out.push(`- **${mdEscape(u.quote)}** (\`${u.path}\`): ${KIND_WORDS[u.kind]}, "${mdEscape(u.term)}": ${mdEscape(u.reason)}.`);
    out.push('');
  }
  if (r.filings.length) out.push(`## Earlier filings`, '', INTRO, '');
  for (const f of r.filings) {
    out.push(`### The ${f.stage} filing of ${f.filedOn}`, '', `As filed: \`${f.snapshot}\`.`, '');
    if (f.unreadable) {
      out.push(`**Not compared:** ${mdEscape(f.unreadable)}.`, '');
      continue;
    }
    const acknowledged = f.differences.filter((d) => d.acknowledged).length;
    out.push(f.differences.length ? `${f.differences.length} difference${f.differences.length === 1 ? '' : 's'}, ${acknowledged} acknowledged.` : 'No difference.', '');
    for (const [kind, list] of byKind(f.differences)) {
      out.push(`#### ${KIND_TITLES[kind]}`, '');
      for (const d of list) {
        out.push(`- **${mdEscape(d.what)}** — id \`${d.id}\``);
        if (d.words) out.push(`  - ${d.words.map((w) => (w.removed ? marked(w.value, '~~') : w.added ? marked(w.value, '**') : mdEscape(w.value))).join('')}`);
        else out.push(`  - as filed: ${d.before === null ? '(none)' : mdEscape(d.before)}`, `  - now: ${d.after === null ? '(none)' : mdEscape(d.after)}`);
        out.push(d.acknowledged ? `  - acknowledged: ${mdEscape(d.acknowledged)}` : '  - **not acknowledged**');
      }
      out.push('');
    }
  }
  return out.join('\n');
}

export function consistencyHtml(r: ConsistencyReport): string {
  const body: string[] = [`<h1>${TITLE}: ${htmlEscape(r.caseId)}</h1>`, `<p>Compared on ${htmlEscape(r.comparedOn)}.</p>`];
  if (r.unsupported.length) {
    body.push('<h2>Within this filing: the claim summary and the declaration</h2>', `<p>${htmlEscape(WITHIN)}</p>`, '<table><tr><th>the summary says</th><th>what</th><th>why it is listed</th></tr>');
    for (const u of r.unsupported) body.push(`<tr><td>${htmlEscape(u.quote)} <code>${htmlEscape(u.path)}</code></td><td>${KIND_WORDS[u.kind]}: ${htmlEscape(u.term)}</td><td>${htmlEscape(u.reason)}</td></tr>`);
    body.push('</table>');
  }
  if (r.filings.length) body.push('<h2>Earlier filings</h2>', `<p>${htmlEscape(INTRO)}</p>`);
  for (const f of r.filings) {
    body.push(`<h3>The ${htmlEscape(f.stage)} filing of ${htmlEscape(f.filedOn)}</h3>`, `<p>As filed: <code>${htmlEscape(f.snapshot)}</code>.</p>`);
    if (f.unreadable) {
      body.push(`<p><strong>Not compared:</strong> ${htmlEscape(f.unreadable)}.</p>`);
      continue;
    }
    const acknowledged = f.differences.filter((d) => d.acknowledged).length;
    body.push(`<p>${f.differences.length ? `${f.differences.length} difference${f.differences.length === 1 ? '' : 's'}, ${acknowledged} acknowledged.` : 'No difference.'}</p>`);
    for (const [kind, list] of byKind(f.differences)) {
      body.push(`<h4>${KIND_TITLES[kind]}</h4>`, '<table><tr><th>what</th><th>as filed → now</th><th>id</th><th>acknowledged</th></tr>');
      for (const d of list) {
        const change = d.words
          ? d.words.map((w) => (w.removed ? `<del>${htmlEscape(w.value)}</del>` : w.added ? `<ins>${htmlEscape(w.value)}</ins>` : htmlEscape(w.value))).join('')
          : `${d.before === null ? '<em>(none)</em>' : htmlEscape(d.before)} → ${d.after === null ? '<em>(none)</em>' : htmlEscape(d.after)}`;
        body.push(`<tr><td>${htmlEscape(d.what)}</td><td>${change}</td><td><code>${htmlEscape(d.id)}</code></td><td>${d.acknowledged ? htmlEscape(d.acknowledged) : '<strong>not acknowledged</strong>'}</td></tr>`);
      }
      body.push('</table>');
    }
  }
  const style = 'body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em;vertical-align:top;text-align:left}del{background:#fdd}ins{background:#dfd;text-decoration:none}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${TITLE}: ${htmlEscape(r.caseId)}</title><style>${style}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
