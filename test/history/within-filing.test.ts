/** Within one filing: what the summary (cover letter) states that the declaration's events do not support. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsupportedStatements } from '../../src/history/within-filing.js';
import { intakeSchema, type Intake } from '../../src/intake/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const sample = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'fixtures/samples', name), 'utf8')) as Json;
const intake = (data: unknown) => intakeSchema.parse(data) as Intake;
const edited = (name: string, edit: (d: Json) => void) => {
  const d = sample(name);
  edit(d);
  return intake(d);
};
/** The USCIS sample (events, no other section) with another summary, and only MS-13 as persecutor (which its events name). */
const withSummary = (summary: string, edit: (d: Json) => void = () => {}) =>
  edited('intake-affirmative.json', (d) => {
    d.claim.summary = summary;
    d.claim.persecutors = ['MS-13'];
    edit(d);
  });
const row = (f: { kind: string; path: string; quote: string; term: string }) => [f.kind, f.path, f.quote, f.term];

describe('unsupportedStatements', () => {
  it('the sample: the threat to kill the son and the police sharing the report are flagged, and the persecutor no event names', () => {
    for (const name of ['intake-affirmative.json']) {
      const d = sample(name);
      const found = unsupportedStatements(intake(d));
      expect(found.map(row)).toEqual([
        ['act', 'claim.summary', 'threatened to kill his son', 'kill'],
        ['person', 'claim.summary', 'Police officers who took his report shared it with the gang', 'Police'],
        ['persecutor', 'claim.persecutors[1]', 'members of the National Police who collaborate with MS-13', 'members of the National Police who collaborate with MS-13'],
      ]);
      expect(found[0]!.reason).toBe('no event mentions the son together with killing or death, nor a threat of it');
      expect(found[1]!.reason).toBe('no event of the declaration mentions the police');
      expect(found[2]!.reason).toBe('no event of the declaration mentions the police');
      // Each quote is the summary's (or the persecutor's) own words, so the user can find it.
      expect(d.claim.summary).toContain(found[0]!.quote);
      expect(d.claim.summary).toContain(found[1]!.quote);
    }
  });

  it('the declaration\'s other sections count: the court sample\'s "Seeking Protection from the Authorities" supports the police', () => {
    const d = sample('intake-defensive.json');
    expect(d.statement.stateProtection.text).toMatch(/police/i);
    expect(unsupportedStatements(intake(d)).map(row)).toEqual([['act', 'claim.summary', 'threatened to kill his son', 'kill']]);
    // Without that section, and the relocation one, the police are flagged again.
    delete d.statement.stateProtection;
    delete d.statement.relocation;
    expect(unsupportedStatements(intake(d)).map((f) => f.term)).toEqual(['kill', 'Police', 'members of the National Police who collaborate with MS-13']);
  });

  it('the supported facts of the sample are not flagged: bakery, Comayagüela, war tax, meeting, beating, van burned, MS-13', () => {
    const found = unsupportedStatements(intake(sample('intake-defensive.json')));
    const quoted = found.map((f) => f.quote).join(' | ');
    for (const fact of ['bakery', 'Comayagüela', 'war tax', 'meeting', 'beat him', 'burned his delivery van', 'MS-13 members']) expect(quoted).not.toContain(fact);
  });

  it('the death words of the beating ("I would die") do not cover the son: the pairing is per event', () => {
    const found = unsupportedStatements(withSummary('They threatened to kill his son.'));
    expect(found.map(row)).toEqual([['act', 'claim.summary', 'They threatened to kill his son', 'kill']]);
    // Said another way, it is the same finding.
    expect(unsupportedStatements(withSummary('A man told his son that they would kill him.')).map(row)).toEqual([['act', 'claim.summary', 'A man told his son that they would kill him', 'kill']]);
    // Once the son's event states it, nothing is left.
    const told = withSummary('They threatened to kill his son.', (d) => {
      d.events.find((e: Json) => e.id === 'ev-threat-son').narrative = 'A man stopped my son outside his school and said they would kill him.';
    });
    expect(unsupportedStatements(told)).toEqual([]);
  });

  it('a family member by name stands for the relationship: "Daniel" is supported by "my son"', () => {
    expect(unsupportedStatements(withSummary('Gang members stopped Daniel outside his school.'))).toEqual([]);
    expect(unsupportedStatements(withSummary('Gang members threatened to kill Daniel.')).map(row)).toEqual([['act', 'claim.summary', 'Gang members threatened to kill Daniel', 'kill']]);
  });

  it('a summary fully supported by the events gives nothing', () => {
    const summary =
      'José Antonio Núñez Ramírez owned a bakery in Comayagüela, Honduras. In January 2023 two MS-13 members demanded 3,000 lempiras a week as a war tax. ' +
      'After he spoke at a neighbourhood meeting on 15 April 2023, four men beat him and his delivery van was burned. In 2024 a man stopped his son outside his school.';
    expect(unsupportedStatements(withSummary(summary))).toEqual([]);
    expect(unsupportedStatements(intake(sample('intake-family.json')))).toEqual([]);
  });

  it('a date and a number absent from the events are flagged, with the words as written', () => {
    const found = unsupportedStatements(withSummary('MS-13 members demanded 5,000 lempiras a week. On 3 June 2023 three men beat him.'));
    expect(found.map(row)).toEqual([
      ['number', 'claim.summary', 'MS-13 members demanded 5,000 lempiras a week', '5,000'],
      ['date', 'claim.summary', 'On 3 June 2023 three men beat him', '3 June 2023'],
      ['number', 'claim.summary', 'On 3 June 2023 three men beat him', 'three'],
    ]);
    expect(found[1]!.reason).toBe('no event of the declaration is dated 3 June 2023');
    // A year or month that some event's date has is supported, and so is a date more precise than the event's ("2023-01").
    expect(unsupportedStatements(withSummary('In 2023 and on 9 January 2023 and in April 2024 they came.'))).toEqual([]);
    expect(unsupportedStatements(withSummary('In 2021 they came.')).map(row)).toEqual([['date', 'claim.summary', 'In 2021 they came', '2021']]);
  });

  it('accents and case make no difference: "Comayaguela", "COMAYAGÜELA" and a demonym', () => {
    expect(unsupportedStatements(withSummary('He owned a bakery in Comayaguela and later in COMAYAGÜELA, a Honduran city.'))).toEqual([]);
    const accentless = edited('intake-defensive.json', (d) => {
      for (const e of d.events) e.place = e.place.normalize('NFD').replace(/\p{M}/gu, '');
    });
    expect(unsupportedStatements(accentless).filter((f) => f.kind === 'person' && /Comay/.test(f.term))).toEqual([]);
  });

  it('a name that no event mentions is flagged', () => {
    const found = unsupportedStatements(withSummary('He fled to Tegucigalpa and then to San Pedro Sula.'));
    expect(found.map(row)).toEqual([
      ['person', 'claim.summary', 'He fled to Tegucigalpa', 'Tegucigalpa'],
      ['person', 'claim.summary', 'then to San Pedro Sula', 'San Pedro Sula'],
    ]);
  });

  it('a gang named in no event is flagged by its name; "the gang" is supported by MS-13', () => {
    const found = unsupportedStatements(withSummary('The gang burned his van. Later, members of Barrio 18 stopped him.'));
    expect(found.map(row)).toEqual([['person', 'claim.summary', 'members of Barrio 18 stopped him', 'Barrio 18']]);
  });

  it('terms of law and stated fears are not facts to support', () => {
    const summary = 'He seeks asylum and protection under the Convention Against Torture. He fears he would be tortured if returned to Honduras.';
    expect(unsupportedStatements(withSummary(summary))).toEqual([]);
    // The same act stated as a fact is flagged.
    expect(unsupportedStatements(withSummary('Police officers tortured him.')).map(row)).toEqual([['person', 'claim.summary', 'Police officers tortured him', 'Police']]);
    expect(unsupportedStatements(withSummary('MS-13 members tortured him.')).map((f) => [f.kind, f.term, f.reason])).toEqual([['act', 'torture', 'no event of the declaration mentions torture']]);
  });

  it('a persecutor named in no event is flagged at its own path; one that an event names is not', () => {
    const found = unsupportedStatements(withSummary('MS-13 members beat him.', (d) => (d.claim.persecutors = ['MS-13', 'the Army', 'Los Chirizos'])));
    expect(found.map((f) => [f.kind, f.path, f.quote, f.reason])).toEqual([
      ['persecutor', 'claim.persecutors[1]', 'the Army', 'no event of the declaration mentions the military'],
      ['persecutor', 'claim.persecutors[2]', 'Los Chirizos', 'no event of the declaration mentions Los Chirizos'],
    ]);
  });

  it('no summary, no persecutors, or no events: nothing, and no crash', () => {
    expect(unsupportedStatements(edited('intake-affirmative.json', (d) => (d.claim.summary = null)))).toEqual(
      // The persecutor check stands without a summary: the declaration's fear paragraph names the persecutors.
      [expect.objectContaining({ kind: 'persecutor', path: 'claim.persecutors[1]' })],
    );
    expect(unsupportedStatements(edited('intake-defensive.json', (d) => ((d.claim.summary = null), (d.claim.persecutors = null))))).toEqual([]);
    expect(unsupportedStatements(edited('intake-affirmative.json', (d) => (d.events = [])))).toEqual([]);
    expect(unsupportedStatements(edited('intake-affirmative.json', (d) => delete d.events))).toEqual([]);
  });
});
