/**
 * What changed between a filing and now, as a judge could weigh it (INA 208(b)(1)(B)(iii): any
 * inconsistency, "whenever made"): names and spellings, dates of birth, arrival and departure,
 * family members, the claim's grounds, persecutors and relief, every event added, removed,
 * re-dated or moved, the wording of the narrative (word by word), exhibits withdrawn or changed (by
 * hash), the declaration's other sections (statement.*, word by word), the answers to Form I-589
 * Parts B and C (yes or no, and the explanation word by word), and derived values that moved (the
 * one-year deadline).
 *
 * Each difference has a stable id, `<path>#<8 hex>`: the same change, compared again, has the same
 * id (so an intake can acknowledge it once), and another change at the same place has another.
 */
import { createHash } from 'node:crypto';
import { diffWords } from 'diff';
import type { Derived } from '../intake/derive.js';
import type { Intake } from '../intake/schema.js';

export type DifferenceKind = 'name' | 'date' | 'family' | 'claim' | 'event' | 'narrative' | 'exhibit' | 'derived';

export interface WordChange {
  value: string;
  added?: true;
  removed?: true;
}

export interface Difference {
  id: string;
  kind: DifferenceKind;
  /** Where, as a JSON path with list items named by their id or name: `events[ev-beating].date`. */
  path: string;
  /** In words: "date of birth", "event ev-beating: its date". */
  what: string;
  /** As filed, and as now; null when absent (added or removed). */
  before: string | null;
  after: string | null;
  /** A text's change, word by word. */
  words?: WordChange[];
}

/** One side of the comparison: the intake, what derives from it, and the hashes of the files it names (by path). */
export interface Side {
  intake: Intake;
  derived: Derived;
  evidenceHashes?: ReadonlyMap<string, string>;
}

const idOf = (path: string, before: string | null, after: string | null) =>
  `${path}#${createHash('sha256').update(`${before ?? '∅'}\u0000${after ?? '∅'}`).digest('hex').slice(0, 8)}`;

class Differences {
  readonly list: Difference[] = [];

  add(kind: DifferenceKind, path: string, what: string, before: string | null | undefined, after: string | null | undefined, words = false): void {
    const b = before ?? null;
    const a = after ?? null;
    if (b === a) return;
    const d: Difference = { id: idOf(path, b, a), kind, path, what, before: b, after: a };
    if (words && b !== null && a !== null) d.words = diffWords(b, a).map((p) => ({ value: p.value, ...(p.added ? { added: true as const } : {}), ...(p.removed ? { removed: true as const } : {}) }));
    this.list.push(d);
  }

  /** Members of a list as a set: each one added or removed is a difference. */
  set(kind: DifferenceKind, path: string, what: string, before: readonly string[] | null | undefined, after: readonly string[] | null | undefined): void {
    const b = new Set(before ?? []);
    const a = new Set(after ?? []);
    for (const x of b) if (!a.has(x)) this.add(kind, `${path}[${x}]`, `${what}: "${x}" removed`, x, null);
    for (const x of a) if (!b.has(x)) this.add(kind, `${path}[${x}]`, `${what}: "${x}" added`, null, x);
  }
}

/** The sections of statement.*, as the declaration's headings name them. */
const SECTION_WORDS: Record<keyof NonNullable<Intake['statement']>, string> = {
  background: 'background',
  nexus: 'why I was targeted',
  stateProtection: 'seeking protection from the authorities',
  departure: 'leaving the country',
  arrival: 'arriving in the United States',
  relocation: 'why I could not live safely elsewhere',
};

/** The questions of Parts B and C, as the form numbers them. */
const QUESTION_WORDS: Record<keyof NonNullable<Intake['questions']>, string> = {
  pastHarm: 'B.1.A (past harm)',
  fearOfHarm: 'B.1.B (fear of harm on return)',
  arrestsAbroad: 'B.2 (arrests abroad)',
  organizations: 'B.3.A (organizations)',
  continuingParticipation: 'B.3.B (continuing participation)',
  fearOfTorture: 'B.4 (fear of torture)',
  priorApplications: 'C.1 (prior applications)',
  thirdCountries: 'C.2.A (other countries travelled through)',
  otherStatus: 'C.2.B (status in other countries)',
  harmToOthers: 'C.3 (harm to others)',
  returned: 'C.4 (return to the country)',
  crimes: 'C.6 (crimes in the United States)',
};

const nameText = (n: { family: string; given: string; middle?: string | null | undefined }) => [n.given, n.middle, n.family].filter(Boolean).join(' ');

export function compareIntakes(filed: Side, now: Side): Difference[] {
  const d = new Differences();
  const [b, a] = [filed.intake, now.intake];

  // Names and spellings.
  d.add('name', 'applicant.name.family', 'family name', b.applicant.name.family, a.applicant.name.family);
  d.add('name', 'applicant.name.given', 'given name', b.applicant.name.given, a.applicant.name.given);
  d.add('name', 'applicant.name.middle', 'middle name', b.applicant.name.middle, a.applicant.name.middle);
  d.set('name', 'applicant.otherNames', 'other names', b.applicant.otherNames, a.applicant.otherNames);

  // Dates of birth, arrival and departure.
  d.add('date', 'applicant.dateOfBirth', 'date of birth', b.applicant.dateOfBirth, a.applicant.dateOfBirth);
  d.set('date', 'applicant.arrivals', 'arrival dates', b.applicant.arrivals.map((x) => x.date), a.applicant.arrivals.map((x) => x.date));
  d.add('date', 'applicant.lastDeparture', 'last departure from the country of feared persecution', b.applicant.lastDeparture, a.applicant.lastDeparture);

  // Family members: matched by relationship and name, else by relationship and date of birth.
  const members = (i: Intake) => (i.family ?? []).map((m) => ({ m, name: nameText(m.name), key: `${m.relationship} ${nameText(m.name)}` }));
  const before = members(b);
  const after = members(a);
  const matched = new Set<number>();
  for (const x of before) {
    let j = after.findIndex((y, k) => !matched.has(k) && y.key === x.key);
    if (j < 0) j = after.findIndex((y, k) => !matched.has(k) && y.m.relationship === x.m.relationship && y.m.dateOfBirth === x.m.dateOfBirth);
    const path = `family[${x.name}]`;
    if (j < 0) {
      d.add('family', path, `${x.m.relationship} ${x.name}: removed`, `${x.m.relationship}, born ${x.m.dateOfBirth}`, null);
      continue;
    }
    matched.add(j);
    const y = after[j]!;
    d.add('family', `${path}.name`, `${x.m.relationship} ${x.name}: name`, x.name, y.name);
    d.add('family', `${path}.dateOfBirth`, `${x.m.relationship} ${x.name}: date of birth`, x.m.dateOfBirth, y.m.dateOfBirth);
    d.add('family', `${path}.aNumber`, `${x.m.relationship} ${x.name}: A-number`, x.m.aNumber, y.m.aNumber);
    d.add('family', `${path}.location`, `${x.m.relationship} ${x.name}: where`, x.m.location, y.m.location);
    d.add('family', `${path}.includeAsDerivative`, `${x.m.relationship} ${x.name}: included as a derivative`, String(x.m.includeAsDerivative), String(y.m.includeAsDerivative));
  }
  after.forEach((y, k) => {
    if (!matched.has(k)) d.add('family', `family[${y.name}]`, `${y.m.relationship} ${y.name}: added`, null, `${y.m.relationship}, born ${y.m.dateOfBirth}`);
  });

  // The claim.
  d.set('claim', 'claim.grounds', 'grounds of the claim', b.claim.grounds, a.claim.grounds);
  d.set('claim', 'claim.relief', 'relief sought', b.claim.relief, a.claim.relief);
  d.set('claim', 'claim.persecutors', 'persecutors', b.claim.persecutors, a.claim.persecutors);
  d.add('claim', 'claim.particularSocialGroup', 'the particular social group', b.claim.particularSocialGroup, a.claim.particularSocialGroup, true);
  d.add('narrative', 'claim.summary', 'the summary of the claim', b.claim.summary, a.claim.summary, true);

  // Events, by id.
  const eventsAfter = new Map((a.events ?? []).map((e) => [e.id, e]));
  const eventsBefore = new Map((b.events ?? []).map((e) => [e.id, e]));
  for (const e of b.events ?? []) {
    const path = `events[${e.id}]`;
    const n = eventsAfter.get(e.id);
    if (!n) {
      d.add('event', path, `event ${e.id}: removed`, `${e.date}, ${e.place}`, null);
      continue;
    }
    d.add('event', `${path}.date`, `event ${e.id}: its date`, e.date, n.date);
    d.add('event', `${path}.place`, `event ${e.id}: its place`, e.place, n.place);
    d.add('narrative', `${path}.narrative`, `event ${e.id}: what happened`, e.narrative, n.narrative, true);
  }
  for (const e of a.events ?? []) if (!eventsBefore.has(e.id)) d.add('event', `events[${e.id}]`, `event ${e.id}: added`, null, `${e.date}, ${e.place}`);

  // The declaration's other sections (statement.*), word by word: a section added, removed or reworded
  // is sworn text that changed, as an event's narrative is.
  const sections = new Set([...Object.keys(b.statement ?? {}), ...Object.keys(a.statement ?? {})]) as Set<keyof NonNullable<Intake['statement']>>;
  for (const key of [...sections].sort()) {
    d.add('narrative', `statement.${key}.text`, `the declaration's section "${SECTION_WORDS[key]}"`, b.statement?.[key]?.text, a.statement?.[key]?.text, true);
  }

  // The answers of Form I-589 Parts B and C: a yes turned no, an explanation reworded (fear of return,
  // torture and the route are sections of the declaration too).
  const questions = new Set([...Object.keys(b.questions ?? {}), ...Object.keys(a.questions ?? {})]) as Set<keyof NonNullable<Intake['questions']>>;
  for (const key of [...questions].sort()) {
    const [qb, qa] = [b.questions?.[key], a.questions?.[key]];
    const label = `Form I-589 ${QUESTION_WORDS[key]}`;
    d.add('claim', `questions.${key}.answer`, `${label}: the answer`, qb ? (qb.answer ? 'yes' : 'no') : null, qa ? (qa.answer ? 'yes' : 'no') : null);
    d.add('narrative', `questions.${key}.explanation`, `${label}: the explanation`, qb?.explanation, qa?.explanation, true);
  }

  // Exhibits, by id: withdrawn, or another file (by hash when both sides have one). Exhibits added
  // since are new evidence, not an inconsistency: the supplemental filing is made of them.
  const exhibitsAfter = new Map((a.evidence ?? []).map((x) => [x.id, x]));
  for (const x of b.evidence ?? []) {
    const path = `evidence[${x.id}]`;
    const n = exhibitsAfter.get(x.id);
    if (!n) {
      d.add('exhibit', path, `exhibit ${x.id}: withdrawn`, x.title, null);
      continue;
    }
    const hb = filed.evidenceHashes?.get(x.file);
    const ha = now.evidenceHashes?.get(n.file);
    if (hb && ha) d.add('exhibit', `${path}.file`, `exhibit ${x.id}: its file's content`, `sha256 ${hb.slice(0, 12)}`, `sha256 ${ha.slice(0, 12)}`);
    else d.add('exhibit', `${path}.file`, `exhibit ${x.id}: its file`, x.file, n.file);
  }

  // Derived values that moved.
  d.add('derived', 'derived.lastArrival', 'the last arrival, from which the one-year deadline runs', filed.derived.lastArrival, now.derived.lastArrival);
  d.add('derived', 'derived.oneYear.deadline', 'the one-year deadline', filed.derived.oneYear.deadline, now.derived.oneYear.deadline);
  return d.list;
}
