/** What changed between a filing and now: exactly what changed, with old and new values, under stable ids. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareIntakes, type Side } from '../../src/history/compare.js';
import { derive } from '../../src/intake/derive.js';
import { intakeSchema, type Intake } from '../../src/intake/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';
const sample = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'fixtures/samples', name), 'utf8')) as Record<string, unknown>;
const side = (data: unknown): Side => {
  const intake = intakeSchema.parse(data) as Intake;
  return { intake, derived: derive(intake, TODAY) };
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const edited = (name: string, edit: (d: Json) => void) => {
  const d = sample(name) as Json;
  edit(d);
  return d;
};

describe('compareIntakes', () => {
  it('the same intake: no difference', () => {
    expect(compareIntakes(side(sample('intake-defensive.json')), side(sample('intake-defensive.json')))).toEqual([]);
  });

  it('one event re-dated and one sentence of its narrative changed: exactly those two, with old and new values', () => {
    const filed = sample('intake-affirmative.json') as Json;
    const beating = (filed.events as Json[]).find((e) => e.id === 'ev-beating')!;
    const now = edited('intake-affirmative.json', (d) => {
      const e = (d.events as Json[]).find((x) => x.id === 'ev-beating')!;
      e.date = '2023-05-09';
      e.narrative = e.narrative.replace(/^[^.]*\./, 'Three men beat me with a machete.');
    });
    const diffs = compareIntakes(side(filed), side(now));
    expect(diffs.map((x) => [x.kind, x.path, x.before, x.after])).toEqual([
      ['event', 'events[ev-beating].date', beating.date, '2023-05-09'],
      ['narrative', 'events[ev-beating].narrative', beating.narrative, beating.narrative.replace(/^[^.]*\./, 'Three men beat me with a machete.')],
    ]);
    const words = diffs[1]!.words!;
    expect(words.filter((w) => w.removed).map((w) => w.value.trim()).join(' ')).toMatch(/Four|bat/);
    expect(words.filter((w) => w.added).map((w) => w.value.trim()).join(' ')).toMatch(/Three|machete/);
    // Unchanged words are kept between, so the sentence reads whole.
    expect(words.map((w) => (w.added ? '' : w.value)).join('')).toBe(beating.narrative);
    expect(words.map((w) => (w.removed ? '' : w.value)).join('')).toBe(now.events.find((x: Json) => x.id === 'ev-beating').narrative);
  });

  it('the declaration\'s other sections: one added, one reworded and one removed, each word by word under its own path', () => {
    const filed = sample('intake-defensive.json') as Json;
    const now = edited('intake-defensive.json', (d) => {
      d.statement.background = { text: 'I baked bread in Comayagüela for ten years.' };
      d.statement.nexus.text = d.statement.nexus.text.replace('war tax', 'weekly war tax');
      delete d.statement.relocation;
    });
    const diffs = compareIntakes(side(filed), side(now));
    expect(diffs.map((x) => [x.kind, x.path, x.what, x.before === null, x.after === null])).toEqual([
      ['narrative', 'statement.background.text', 'the declaration\'s section "background"', true, false],
      ['narrative', 'statement.nexus.text', 'the declaration\'s section "why I was targeted"', false, false],
      ['narrative', 'statement.relocation.text', 'the declaration\'s section "why I could not live safely elsewhere"', false, true],
    ]);
    expect(diffs[1]!.words!.filter((w) => w.added).map((w) => w.value.trim())).toEqual(['weekly']);
    // The court sample acknowledges the four sections its declaration added to the one filed with USCIS.
    const uscis = sample('intake-affirmative.json');
    const added = compareIntakes(side(uscis), side(filed)).filter((x) => x.path.startsWith('statement.'));
    expect(added.map((x) => x.path)).toEqual(['statement.departure.text', 'statement.nexus.text', 'statement.relocation.text', 'statement.stateProtection.text']);
    expect(added.map((x) => x.id).sort()).toEqual((filed.acknowledgements as Json[]).map((a) => a.difference).sort());
  });

  it('the answers of Form I-589 Parts B and C: a yes turned no, and an explanation reworded (the declaration\'s fear of return)', () => {
    const filed = sample('intake-family.json') as Json;
    const now = edited('intake-family.json', (d) => {
      d.questions.returned.answer = false;
      delete d.questions.returned.explanation;
      d.questions.fearOfHarm.explanation = d.questions.fearOfHarm.explanation.replace('kill me', 'kidnap me');
    });
    const diffs = compareIntakes(side(filed), side(now));
    expect(diffs.map((x) => [x.kind, x.path, x.what, x.before === null ? null : x.before.slice(0, 3), x.after === null ? null : x.after.slice(0, 3)])).toEqual([
      ['narrative', 'questions.fearOfHarm.explanation', 'Form I-589 B.1.B (fear of harm on return): the explanation', 'I f', 'I f'],
      ['claim', 'questions.returned.answer', 'Form I-589 C.4 (return to the country): the answer', 'yes', 'no'],
      ['narrative', 'questions.returned.explanation', 'Form I-589 C.4 (return to the country): the explanation', 'I f', null],
    ]);
    expect(diffs[0]!.words!.filter((w) => w.added || w.removed).map((w) => w.value.trim())).toEqual(['kill', 'kidnap']);
  });

  it('what issue 11 saw go unnoticed: a date of birth, an arrival, a ground dropped, and the one-year deadline that moved with the arrival', () => {
    const filed = sample('intake-defensive.json') as Json;
    const now = edited('intake-defensive.json', (d) => {
      d.applicant.dateOfBirth = '1986-03-15';
      d.applicant.arrivals[d.applicant.arrivals.length - 1].date = '2024-08-01';
      d.claim.grounds = d.claim.grounds.slice(1);
    });
    const diffs = compareIntakes(side(filed), side(now));
    const paths = diffs.map((x) => x.path);
    expect(paths).toContain('applicant.dateOfBirth');
    expect(paths.filter((p) => p.startsWith('applicant.arrivals['))).toHaveLength(2); // the old date removed, the new one added
    expect(paths).toContain(`claim.grounds[${filed.claim.grounds[0]}]`);
    expect(diffs.find((x) => x.path === 'derived.oneYear.deadline')).toMatchObject({ kind: 'derived' });
    expect(diffs.find((x) => x.path === 'derived.lastArrival')).toMatchObject({ after: '2024-08-01' });
    expect(diffs.find((x) => x.path === 'applicant.dateOfBirth')).toMatchObject({ kind: 'date', before: filed.applicant.dateOfBirth, after: '1986-03-15' });
  });

  it('family members: a spelling corrected (matched by date of birth), one added, one removed', () => {
    const filed = sample('intake-family.json') as Json;
    const [first, second] = filed.family as Json[];
    const now = edited('intake-family.json', (d) => {
      d.family[0].name.family = `${first!.name.family}x`;
      d.family.splice(1, 1);
      d.family.push({ ...second, name: { family: 'Newmember', given: 'Ana' }, dateOfBirth: '2015-01-01' });
    });
    const diffs = compareIntakes(side(filed), side(now)).filter((x) => x.kind === 'family');
    expect(diffs.some((x) => x.path.endsWith('.name') && x.after!.endsWith(`${first!.name.family}x`))).toBe(true);
    expect(diffs.filter((x) => x.what.endsWith('removed'))).toHaveLength(1);
    expect(diffs.filter((x) => x.what.endsWith('added'))).toHaveLength(1);
  });

  it('exhibits withdrawn or changed by hash; an exhibit added is new evidence, not a difference', () => {
    const filed = sample('intake-affirmative.json') as Json;
    const [gone, kept] = filed.evidence as Json[];
    const now = edited('intake-affirmative.json', (d) => {
      d.evidence = d.evidence.filter((x: Json) => x.id !== gone!.id);
      for (const e of d.events) e.evidence = (e.evidence ?? []).filter((x: string) => x !== gone!.id);
      d.evidence.push({ id: 'ex-new', title: 'A new letter', category: 'witness', file: 'evidence/amaya-letter.pdf', language: 'en' });
    });
    const filedSide = { ...side(filed), evidenceHashes: new Map([[kept!.file, 'a'.repeat(64)]]) };
    const nowSide = { ...side(now), evidenceHashes: new Map([[kept!.file, 'b'.repeat(64)]]) };
    const diffs = compareIntakes(filedSide, nowSide).filter((x) => x.kind === 'exhibit');
    expect(diffs.map((x) => x.what)).toEqual([`exhibit ${gone!.id}: withdrawn`, `exhibit ${kept!.id}: its file's content`]);
  });

  it('ids are stable: the same change compared again has the same id; another change at the same place, another', () => {
    const filed = side(sample('intake-affirmative.json'));
    const redate = (date: string) => side(edited('intake-affirmative.json', (d) => ((d.events as Json[]).find((x) => x.id === 'ev-beating')!.date = date)));
    const [a] = compareIntakes(filed, redate('2023-05-09'));
    const [again] = compareIntakes(filed, redate('2023-05-09'));
    const [other] = compareIntakes(filed, redate('2023-05-10'));
    expect(again!.id).toBe(a!.id);
    expect(other!.id).not.toBe(a!.id);
    expect(a!.id).toMatch(/^events\[ev-beating\]\.date#[0-9a-f]{8}$/);
  });
});
