/**
 * Within one filing: facts the cover letter states (it renders `claim.summary`) that the sworn
 * declaration does not support. The declaration's facts are its events (`events[].narrative`,
 * `date`, `place`), its other sections (statement.*, and the explanations of the questions it
 * shares with Form I-589: fear of return, torture, the route) and its opening paragraph (the applicant's names, birthplace, nationality,
 * ethnicity, religion). The summary is cut into sentences and clauses; in each it looks for:
 *  - person:     a name in capitals inside a sentence (a place, a gang, a family member; "Daniel"
 *                is supported by "my son"), or a person of the role table (son, wife, police …),
 *                that no event mentions;
 *  - date:       a year, month or day that matches no event's date (nor the date of birth or an arrival);
 *  - number:     a number (digits or "two" … "twenty", "hundred", "thousand") that no event states;
 *  - act:        an act of the act table (kill, beat, burn …) that no event states, or that no
 *                event states about the person the same clause names ("threatened to kill his son":
 *                one event must mention the son and killing or death);
 *  - persecutor: an entry of `claim.persecutors` that no event mentions (by its role or its words).
 * Limits: a heuristic aid for the lawyer, a warning and never an error. English only; words are
 * matched, not meaning (a paraphrase outside the tables is missed, a negation is not seen); the
 * applicant is taken to be in every event (the declaration is in the first person); the objects of
 * acts (a van, a house) are not compared; a name that opens a sentence is not checked; terms of
 * law ("Convention Against Torture") and clauses stating a fear ("would", "fears") state no act.
 * Case and accents are ignored.
 */
import { QUESTIONS_IN_DECLARATION } from '../render/declaration.js';
import type { Intake } from '../intake/schema.js';

export type UnsupportedKind = 'person' | 'date' | 'number' | 'persecutor' | 'act';

export interface UnsupportedStatement {
  kind: UnsupportedKind;
  /** `claim.summary`, or `claim.persecutors[i]`. */
  path: string;
  /** The words as the summary (or the persecutor entry) has them: the clause, for the user to find it. */
  quote: string;
  /** What is not supported: the name, date, number, act or persecutor. */
  term: string;
  /** Why, in words: "no event of the declaration mentions the police". */
  reason: string;
}

/** Lower case, accents removed: "Comayagüela" and "COMAYAGUELA" compare equal. */
const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** A regex of whole words (each alternative may end in \w* for its forms). */
const words = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '-?');

interface WordFamily { name: string; re: RegExp }
const KILL = 'kill\\w*|murder\\w*|die|died|dies|dying|dead|death\\w*|assassinat\\w*';
/** Acts, by word family; `says` is how the reason names it. */
const ACTS: (WordFamily & { says: string })[] = [
  { name: 'kill', says: 'killing or death', re: words(KILL) },
  { name: 'threat', says: 'a threat', re: words('threat\\w*|warn\\w*|intimidat\\w*') },
  { name: 'beat', says: 'a beating or attack', re: words('beat\\w*|hit|hits|hitting|punch\\w*|kick\\w*|struck|assault\\w*|attack\\w*') },
  { name: 'burn', says: 'burning or fire', re: words('burn\\w*|fire|set fire|torch\\w*|arson|flames?') },
  { name: 'shoot', says: 'shooting or a gun', re: words('shoot\\w*|shot|shots|fired|guns?|gunfire|gunm[ae]n|bullets?|pistols?|rifles?') },
  { name: 'stab', says: 'a knife or stabbing', re: words('stab\\w*|knife|knives|machetes?') },
  { name: 'rape', says: 'sexual violence', re: words('rap(e|ed|ing)|sexual\\w*|molest\\w*') },
  { name: 'kidnap', says: 'a kidnapping', re: words('kidnap\\w*|abduct\\w*|disappear\\w*') },
  { name: 'detain', says: 'an arrest or detention', re: words('arrest\\w*|detain\\w*|detention|jail\\w*|imprison\\w*|prison') },
  { name: 'torture', says: 'torture', re: words('tortur\\w*') },
  { name: 'rob', says: 'a robbery', re: words('rob|robb\\w*|stole|stolen|steal\\w*|theft') },
  { name: 'extort', says: 'extortion or payment', re: words("extort\\w*|war tax|pay|paid|paying|payments?|demand\\w*|quota|renta") },
  { name: 'report', says: 'a report or complaint', re: words('report\\w*|denounc\\w*|complaints?') },
  { name: 'tell', says: 'sharing or telling', re: words('shar(e|ed|ing)|inform\\w*|told|tell\\w*|tipped|leak\\w*|passed on') },
];
/** A threat is also stated by words of death ("leave or die", "said I would die"). */
const THREAT_SUPPORT = words(`threat\\w*|warn\\w*|intimidat\\w*|${KILL}`);
const CHILD = 'sons?|daughters?|child|children|kids';
const SPOUSE = 'wife|husband|spouse|partner';
/** Persons other than the applicant; `says` names them in a reason; `support`, when set, is what an event may say instead. */
interface Role extends WordFamily { says: string; support?: RegExp }
const ROLES: Role[] = [
  { name: 'son', says: 'the son', re: words('sons?'), support: words('sons?|child|children|kids') },
  { name: 'daughter', says: 'the daughter', re: words('daughters?'), support: words('daughters?|child|children|kids') },
  { name: 'children', says: 'the children', re: words(CHILD) },
  { name: 'spouse', says: 'the spouse', re: words(SPOUSE) },
  { name: 'parent', says: 'a parent', re: words('mother|father|parents?|mom|dad') },
  { name: 'sibling', says: 'a brother or sister', re: words('brothers?|sisters?|siblings?') },
  { name: 'police', says: 'the police', re: words('police\\w*|officers?|patrol\\w*') },
  { name: 'military', says: 'the military', re: words('soldiers?|army|military') },
  // A gang's name (MS-13, Barrio 18) is checked as a name; "the gang" is supported by any gang.
  { name: 'gang', says: 'the gang', re: words('gangs?|maras?|pandill\\w*'), support: words('gangs?|maras?|pandill\\w*|ms-?13|barrio 18|18th street|salvatrucha') },
];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NUMBER_WORDS = ['zero', '', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const SCALE: Record<string, string> = { thirty: '30', forty: '40', fifty: '50', hundred: '100', thousand: '1000' };
/** Words that start a phrase in capitals but are not names. */
const NOT_NAMES = new Set([...MONTHS, 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'i', 'he', 'she', 'they', 'we', 'his', 'her', 'the']);

/** Terms of law, not facts: "the Convention Against Torture" states no torture. */
const LEGAL = /convention against torture|\bCAT\b|withholding of removal|asylum|particular social group|political opinion|United Nations|\bINA\b/gi;
/** A clause that states a fear ("he fears he would be tortured") states no past act; "they said they would kill him" does. */
const FEAR = words('fear\\w*|afraid|risk\\w*|would be|will be|if returned|if deported|if sent back');
const blank = (s: string) => s.replace(LEGAL, (m) => ' '.repeat(m.length));

const pad = (n: string) => n.padStart(2, '0');
/** Dates written in a text, as ISO prefixes: "2023", "2023-05", "2023-05-02"; each with the words as written. */
function datesIn(text: string): { iso: string; words: string }[] {
  const found: { iso: string; words: string }[] = [];
  const month = `(${MONTHS.join('|')})`;
  const re = new RegExp(`\\b(\\d{4})-(\\d{2})(?:-(\\d{2}))?\\b|\\b(?:(\\d{1,2}) )?${month}(?: (\\d{1,2}))?,? (\\d{4})\\b|\\b((?:19|20)\\d\\d)\\b`, 'gi');
  for (const m of text.matchAll(re)) {
    if (m[1]) found.push({ iso: [m[1], m[2], m[3]].filter(Boolean).join('-'), words: m[0] });
    else if (m[5]) found.push({ iso: [m[7], pad(String(MONTHS.indexOf(m[5].toLowerCase()) + 1)), (m[4] ?? m[6]) && pad((m[4] ?? m[6])!)].filter(Boolean).join('-'), words: m[0] });
    else found.push({ iso: m[8]!, words: m[0] });
  }
  return found;
}
/** Numbers in a text, as digits without separators, each with the words as written (years and names like MS-13 excluded). */
function numbersIn(text: string): { value: string; words: string }[] {
  const out: { value: string; words: string }[] = [];
  const withoutDates = datesIn(text).reduce((t, d) => t.replace(d.words, ' '), text);
  for (const m of withoutDates.matchAll(/(?<![\p{L}\p{N}\-]|\p{Lu}\p{L}*\s)(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\p{L}\p{N}\-])/gu)) out.push({ value: m[1]!.replace(/,/g, ''), words: m[0] });
  for (const m of withoutDates.matchAll(/(?<!\p{L})\p{L}+(?!\p{L})/gu)) {
    const w = m[0].toLowerCase();
    const i = NUMBER_WORDS.indexOf(w);
    if (i > 1) out.push({ value: String(i), words: m[0] });
    else if (SCALE[w]) out.push({ value: SCALE[w]!, words: m[0] });
  }
  return out;
}

/** The summary cut into sentences and clauses, each an exact excerpt of it. */
function clausesOf(summary: string): { sentence: string; clauses: string[] }[] {
  return summary.split(/(?<=[.!?])\s+/).filter((s) => s.trim()).map((sentence) => ({
    sentence,
    clauses: sentence.split(/\s*[;:]\s*|,\s+|\s+(?:and|but)\s+/).map((c) => c.trim().replace(/[.!?]+$/, '')).filter(Boolean),
  }));
}

export function unsupportedStatements(intake: Intake): UnsupportedStatement[] {
  const events = intake.events ?? [];
  const summary = intake.claim.summary ?? '';
  if (events.length === 0) return [];
  const q = intake.questions;
  // The declaration's sections beyond the events (src/render/declaration.ts): what the applicant swears to there counts too.
  const sections = [
    ...Object.values(intake.statement ?? {}).map((s) => s?.text ?? ''),
    ...Object.values(QUESTIONS_IN_DECLARATION).map((key) => q?.[key]).map((x) => (x?.answer ? (x.explanation ?? '') : '')),
  ].filter(Boolean);
  const texts = [...events.map((e) => norm(`${e.place}. ${e.narrative}`)), ...sections.map(norm)];
  // Every event in one text, for what any event may say: one scan instead of one per event.
  const all = texts.join('\n.\n');
  const a = intake.applicant;
  const people = [a.name, ...(intake.family ?? []).map((f) => f.name)].map((n) => Object.values(n).filter((v) => typeof v === 'string').join(' '));
  // The declaration's opening paragraph, where the applicant is, and the country where the filing is made.
  const intro = new Set(norm([...people, ...(a.otherNames ?? []), a.birthPlace.city, a.birthPlace.country, a.nationality, a.ethnicity, a.religion, ...a.arrivals.flatMap((x) => [x.place, x.status]), 'United States U.S. USA America'].join(' ')).split(/[^\p{L}\p{N}.\-]+/u));
  const anywhere = (re: RegExp) => re.test(all);
  const found: UnsupportedStatement[] = [];
  const add = (kind: UnsupportedKind, quote: string, term: string, reason: string, path = 'claim.summary') => {
    if (!found.some((f) => f.path === path && f.quote === quote && f.kind === kind && f.term === term)) found.push({ kind, path, quote, term, reason });
  };
  // A family member, named by the given name, is supported by the name or the relationship: "Daniel" by "my son".
  const kin: Role[] = (intake.family ?? []).map((f) => ({ name: norm(f.name.given), says: f.name.given, re: words(escape(norm(f.name.given))), support: words(`${escape(norm(f.name.given))}|${f.relationship === 'child' ? CHILD : SPOUSE}`) }));
  const roles = [...kin, ...ROLES];
  const mentions = (t: string, r: Role) => (r.support ?? r.re).test(t);

  const narratives = [...events.map((e) => e.narrative), ...sections].join('\n.\n');
  const knownDates = [...events.map((e) => e.date), ...datesIn(narratives).map((d) => d.iso), a.dateOfBirth, ...a.arrivals.map((x) => x.date)];
  const knownNumbers = new Set(numbersIn(narratives).map((n) => n.value));

  for (const { sentence, clauses } of clausesOf(summary)) {
    const clauseOf = (w: string) => clauses.find((c) => norm(c).includes(norm(w))) ?? sentence.trim();
    // Names: runs of capitalised words after the sentence's first word.
    const body = datesIn(sentence).reduce((t, d) => t.replace(d.words, ' '.repeat(d.words.length)), blank(sentence)).replace(/^\W*\S+/, (first) => ' '.repeat(first.length));
    for (const m of body.matchAll(/\p{Lu}[\p{L}\p{N}'’\-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’\-]*|\d+\b))*/gu)) {
      const name = m[0].replace(/['’]s$/, '');
      const n = norm(name);
      if (n.split(/\s+/).every((w) => NOT_NAMES.has(w))) continue;
      if (ROLES.some((r) => r.re.test(n)) || ACTS.some((x) => x.re.test(n))) continue; // checked below as a person or an act
      // A demonym is supported by its country: "Honduran" by "Honduras".
      const stem = /^\p{L}{4,}an$/u.test(n) ? n.replace(/i?an$/, '') : n;
      const member = kin.find((k) => k.name === n);
      if (member ? anywhere(member.support!) : n.split(/\s+/).every((w) => intro.has(w) || intro.has(w.replace(/\.$/, '')))) continue;
      if (anywhere(words(escape(stem) + '\\w*'))) continue;
      add('person', clauseOf(m[0]), name, `no event of the declaration mentions ${name}`);
    }
    for (const d of datesIn(sentence)) {
      if (!knownDates.some((k) => k.startsWith(d.iso) || d.iso.startsWith(k))) add('date', clauseOf(d.words), d.words, `no event of the declaration is dated ${d.words}`);
    }
    for (const x of numbersIn(sentence)) {
      if (!knownNumbers.has(x.value)) add('number', clauseOf(x.words), x.words, `no event of the declaration states the number ${x.words}`);
    }
    for (const clause of clauses) {
      const c = norm(blank(clause));
      const named = roles.filter((r) => r.re.test(c));
      let acts = FEAR.test(c) ? [] : ACTS.filter((x) => x.re.test(c));
      // "threatened to kill": the threatened act is what an event must state.
      const threatTo = acts.length > 1 && /threat\w*\s+to\s/.test(c);
      if (threatTo) acts = acts.filter((x) => x.name !== 'threat');
      if (found.some((f) => f.quote === clause && f.kind === 'person')) continue; // a name of this clause is already flagged
      const missingRole = named.find((r) => !mentions(all, r));
      if (missingRole) {
        add('person', clause, clause.match(missingRole.re)![0], `no event of the declaration mentions ${missingRole.says}`);
        continue;
      }
      const states = (t: string, act: (typeof ACTS)[number]) => (act.name === 'threat' ? THREAT_SUPPORT : act.re).test(t);
      const person = named.find((r) => r.name !== 'gang') ?? null;
      // With a person, one event must state the act about them; without, any event.
      const missing = acts.filter((act) => (person ? !texts.some((t) => states(t, act) && mentions(t, person)) : !states(all, act)));
      if (missing.length === 0) continue;
      const what = missing.map((x) => x.says).join(', or ') + (threatTo ? ', nor a threat of it' : '');
      add('act', clause, missing.map((x) => x.name).join(', '), person ? `no event mentions ${person.says} together with ${what}` : `no event of the declaration mentions ${what}`);
    }
  }

  (intake.claim.persecutors ?? []).forEach((p, i) => {
    const path = `claim.persecutors[${i}]`;
    // Who the persecutor is, without what is said of them: "members of the National Police" (who collaborate …).
    const said = p.split(/\s+(?:who|that|which|whom|working|linked|allied|associated|collaborating)\s/i)[0]!;
    const head = norm(said);
    const role = ROLES.find((r) => r.re.test(head));
    if (role) {
      if (!mentions(all, role)) add('persecutor', p, p, `no event of the declaration mentions ${role.says}`, path);
      return;
    }
    const keys = head.split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length > 2 && !['members', 'member', 'the', 'and', 'local', 'some', 'people', 'persons', 'men', 'group', 'groups', 'los', 'las', 'del'].includes(w));
    if (keys.length > 0 && !keys.some((k) => anywhere(words(escape(k) + '\\w*')))) add('persecutor', p, p, `no event of the declaration mentions ${said}`, path);
  });
  return found;
}
