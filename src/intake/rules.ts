/**
 * Rules between intake fields (INTAKE.md), each a small named function over the parsed JSON.
 * They read the raw document defensively, so they run even when the schema found other
 * problems: a paralegal sees every problem of a file in one report.
 */
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { formatPath, locationAt, type JsonPath, type JsonSource } from '../source/json.js';
import { compareIsoDates, isIsoDate } from './calendar.js';
import { ISO_639_1 } from './codes.js';
import { closest } from './suggest.js';

export interface RuleContext {
  source: JsonSource;
  today: string;
}

type Rule = (data: Raw, ctx: RuleContext) => Problem[];
type Raw = Record<string, unknown>;

const rec = (v: unknown): Raw | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const absent = (v: unknown) => v === undefined || v === null;

function at(ctx: RuleContext, path: JsonPath, key = false) {
  return locationAt(ctx.source, path, { key });
}

const DEFENSIVE_REQUIRED: [JsonPath, string][] = [
  [['proceeding', 'court'], 'the cover page names the court'],
  [['proceeding', 'judge'], 'the cover page names the judge'],
  [['proceeding', 'detained'], 'it changes the deadlines and the cover page'],
  [['proceeding', 'nextHearing'], 'filing deadlines count back from it'],
  [['applicant', 'aNumber'], 'every filing in court carries the A-number'],
];
const DEFENSIVE_ONLY = ['court', 'judge', 'detained', 'nextHearing', 'dhsService'];
const METHODS: Record<string, string[]> = { affirmative: ['mail', 'online'], defensive: ['ecas', 'paper'] };

const proceedingFields: Rule = (data, ctx) => {
  const proceeding = rec(data.proceeding);
  const type = str(proceeding?.type);
  if (!proceeding || (type !== 'affirmative' && type !== 'defensive')) return [];
  const out: Problem[] = [];
  if (type === 'defensive') {
    for (const [path, why] of DEFENSIVE_REQUIRED) {
      const [group, field] = path as [string, string];
      if (absent(rec(data[group])?.[field])) out.push(problem('requiredForDefensive', { field: formatPath(path), why }, at(ctx, path)));
    }
    if (!absent(proceeding.asylumOffice)) out.push(problem('ignoredForProceeding', { field: 'proceeding.asylumOffice', type }, at(ctx, ['proceeding', 'asylumOffice'], true)));
    if (absent(proceeding.dhsService)) out.push(problem('missingDhsService', {}, at(ctx, ['proceeding'])));
    const rep = rec(data.representative);
    if (rep && absent(rep.eoirId)) out.push(problem('missingEoirId', {}, at(ctx, ['representative'])));
  } else {
    for (const field of DEFENSIVE_ONLY) {
      if (!absent(proceeding[field])) out.push(problem('ignoredForProceeding', { field: `proceeding.${field}`, type }, at(ctx, ['proceeding', field], true)));
    }
    if (absent(proceeding.asylumOffice)) out.push(problem('missingAsylumOffice', {}, at(ctx, ['proceeding'])));
  }
  const method = str(proceeding.filingMethod);
  const allowed = METHODS[type]!;
  if (method && ['mail', 'online', 'ecas', 'paper'].includes(method) && !allowed.includes(method)) {
    out.push(problem('filingMethodMismatch', { method, type, allowed }, at(ctx, ['proceeding', 'filingMethod'])));
  }
  return out;
};

const translations: Rule = (data, ctx) =>
  arr(data.evidence).flatMap((e, i) => {
    const language = str(rec(e)?.language);
    if (!language || language === 'en' || !ISO_639_1.has(language) || !absent(rec(e)?.translation)) return [];
    return [problem('translationRequired', { language }, at(ctx, ['evidence', i, 'translation']))];
  });

const socialGroup: Rule = (data, ctx) => {
  const claim = rec(data.claim);
  if (!claim) return [];
  const claimed = arr(claim.grounds).includes('particular-social-group');
  if (claimed && absent(claim.particularSocialGroup)) return [problem('socialGroupRequired', {}, at(ctx, ['claim', 'particularSocialGroup']))];
  if (!claimed && !absent(claim.particularSocialGroup)) return [problem('socialGroupWithoutGround', {}, at(ctx, ['claim', 'particularSocialGroup'], true))];
  return [];
};

function uniqueIds(list: 'evidence' | 'events'): Rule {
  return (data, ctx) => {
    const seen = new Map<string, number>();
    const out: Problem[] = [];
    arr(data[list]).forEach((item, i) => {
      const id = str(rec(item)?.id);
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else out.push(problem('duplicateId', { id, firstPath: `${list}[${first}]` }, at(ctx, [list, i, 'id'])));
    });
    return out;
  };
}

/** Every list of exhibit ids in the intake: events, sections of the statement, proof of relationship, witnesses. */
function evidenceReferences(data: Record<string, unknown>): [JsonPath, unknown][] {
  const statement = rec(data.statement);
  return [
    ...arr(data.events).map((ev, i): [JsonPath, unknown] => [['events', i, 'evidence'], rec(ev)?.evidence]),
    ...Object.entries(statement ?? {}).map(([key, s]): [JsonPath, unknown] => [['statement', key, 'evidence'], rec(s)?.evidence]),
    ...arr(data.family).map((m, i): [JsonPath, unknown] => [['family', i, 'relationshipEvidence'], rec(m)?.relationshipEvidence]),
    ...arr(data.witnesses).map((w, i): [JsonPath, unknown] => [['witnesses', i, 'evidence'], rec(w)?.evidence]),
  ];
}

const knownEvidence: Rule = (data, ctx) => {
  const ids = new Set(arr(data.evidence).map((e) => str(rec(e)?.id)).filter((id): id is string => id !== undefined));
  return evidenceReferences(data).flatMap(([path, refs]) =>
    arr(refs).flatMap((ref, j) => {
      if (typeof ref !== 'string' || ids.has(ref)) return [];
      const suggestion = closest(ref, ids);
      return [problem('unknownEvidence', { id: ref, ...(suggestion ? { suggestion } : {}) }, at(ctx, [...path, j]))];
    }),
  );
};

/** A lay witness says who they are to the respondent, an expert in what field: the witness list prints it. */
const witnessRoles: Rule = (data, ctx) =>
  arr(data.witnesses).flatMap((w, i) => {
    const kind = str(rec(w)?.kind);
    const field = kind === 'lay' ? 'relationship' : kind === 'expert' ? 'expertise' : undefined;
    if (!field || !absent(rec(w)?.[field])) return [];
    return [problem('witnessRoleMissing', { name: str(rec(w)?.name) ?? `witness ${i + 1}`, kind: kind as 'lay' | 'expert', field }, at(ctx, ['witnesses', i, 'kind']))];
  });

/** Dates of birth and arrivals have happened: a date today or later is a typo in the year. */
const datesInPast: Rule = (data, ctx) => {
  const applicant = rec(data.applicant);
  const paths: [JsonPath, unknown, string][] = [
    [['applicant', 'dateOfBirth'], applicant?.dateOfBirth, 'check the year; a date of birth cannot be today or later'],
    ...arr(data.family).map((m, i): [JsonPath, unknown, string] => [['family', i, 'dateOfBirth'], rec(m)?.dateOfBirth, 'check the year; a date of birth cannot be today or later']),
    ...arr(applicant?.arrivals).map((a, i): [JsonPath, unknown, string] => [['applicant', 'arrivals', i, 'date'], rec(a)?.date, 'check the year; an arrival cannot be later than today']),
  ];
  return paths.flatMap(([path, value, hint]) => {
    if (typeof value !== 'string' || !isIsoDate(value) || compareIsoDates(value, ctx.today) < 0) return [];
    return [problem('dateNotPast', { found: JSON.stringify(value), today: ctx.today }, at(ctx, path), hint)];
  });
};

/** Every rule, in the order their findings are most useful; each is independent of the others. */
const INTAKE_RULES: readonly Rule[] = [
  proceedingFields,
  translations,
  socialGroup,
  uniqueIds('evidence'),
  uniqueIds('events'),
  knownEvidence,
  witnessRoles,
  datesInPast,
];

export function runRules(data: unknown, ctx: RuleContext): Problem[] {
  const root = rec(data);
  return root ? INTAKE_RULES.flatMap((rule) => rule(root, ctx)) : [];
}
