import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateIntakeFile, type Case } from '../../src/intake/validate.js';
import { buildModel, modelSchema, type Model, type PageRanges, withPageRanges } from '../../src/render/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';

async function loadCase(name: 'intake-affirmative.json' | 'intake-defensive.json'): Promise<Case> {
  const r = await validateIntakeFile(path.join(root, 'fixtures/samples', name), { today: TODAY });
  if (!r.ok) throw new Error(`${name} does not validate:\n${r.problems.map((p) => `${p.code} ${p.message}`).join('\n')}`);
  return r.case;
}

/** A copy of `c` whose intake has the given evidence and events (buildModel reads no files). */
function withIntake(c: Case, change: (intake: Case['intake']) => Partial<Case['intake']>): Case {
  const intake = structuredClone(c.intake);
  return { ...c, intake: { ...intake, ...change(intake) } };
}

function expectValidModel(m: Model) {
  const r = modelSchema.safeParse(m);
  expect(r.success, r.success ? '' : JSON.stringify(r.error.issues, null, 2)).toBe(true);
}

let affirmative: Case;
let defensive: Case;
beforeAll(async () => {
  [affirmative, defensive] = await Promise.all([loadCase('intake-affirmative.json'), loadCase('intake-defensive.json')]);
});

describe('chronology', () => {
  test('events in date order, numbered 1..n, with date phrases and cited exhibits', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(m.chronology.map((p) => [p.number, p.id, p.date])).toEqual([
      [1, 'ev-extortion', '2023-01'],
      [2, 'ev-meeting', '2023-04-15'],
      [3, 'ev-beating', '2023-05-02'],
      [4, 'ev-threat-son', '2024-04-20'],
    ]);
    const [extortion, meeting, beating, threat] = m.chronology;
    expect(extortion).toMatchObject({ dateText: 'January 2023', datePhrase: 'In January 2023', place: 'Comayagüela, Francisco Morazán, Honduras' });
    expect(meeting).toMatchObject({ dateText: 'April 15, 2023', datePhrase: 'On April 15, 2023' });
    expect(extortion?.exhibits).toEqual([{ tab: 'B', title: 'Municipal business licence for Panadería Núñez' }]);
    expect(meeting?.exhibits).toEqual([{ tab: 'E', title: 'Letter from neighbour Rosa Amaya' }]);
    // in the order the event cites them, not in tab order
    expect(beating?.evidence).toEqual(['ex-medical-record', 'ex-police-report']);
    expect(beating?.exhibits.map((x) => x.tab)).toEqual(['D', 'C']);
    expect(threat?.exhibits).toEqual([]);
  });

  test('events given out of order are sorted; a partial date sorts before the days of its period; ties keep intake order', () => {
    const c = withIntake(affirmative, (i) => {
      const [a, b, cc, d] = i.events!;
      return {
        events: [
          d!,
          cc!,
          { ...a!, id: 'ev-year', date: '2023' },
          { ...b!, id: 'ev-may', date: '2023-05' },
          { ...b!, id: 'ev-may-2-second', date: '2023-05-02' },
          b!,
          a!,
        ],
      };
    });
    const m = buildModel(c, { today: TODAY });
    expect(m.chronology.map((p) => p.id)).toEqual(['ev-year', 'ev-extortion', 'ev-meeting', 'ev-may', 'ev-beating', 'ev-may-2-second', 'ev-threat-son']);
    expect(m.chronology.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(m.chronology[0]).toMatchObject({ dateText: '2023', datePhrase: 'In 2023' });
    expect(m.chronology[3]).toMatchObject({ dateText: 'May 2023', datePhrase: 'In May 2023' });
  });

  test('cited tabs follow the exhibits\' tabs when exhibits are regrouped or numbered', () => {
    const m = buildModel(affirmative, { today: TODAY, tabStyle: 'numbers' });
    expect(m.chronology.find((p) => p.id === 'ev-beating')?.exhibits.map((x) => x.tab)).toEqual(['4', '3']);
  });
});

describe('exhibits', () => {
  test('tabs A..F in intake order, with their details', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(m.exhibits.map((x) => [x.tab, x.number, x.id])).toEqual([
      ['A', 1, 'ex-passport'],
      ['B', 2, 'ex-business-license'],
      ['C', 3, 'ex-police-report'],
      ['D', 4, 'ex-medical-record'],
      ['E', 5, 'ex-neighbour-letter'],
      ['F', 6, 'ex-country-report'],
    ]);
    expect(m.exhibits[0]).toMatchObject({ category: 'identity', categoryName: 'Identity and nationality', language: 'en', languageName: 'English', translated: false });
    expect(m.exhibits[0]?.date).toBeUndefined();
    expect(m.exhibits[0]?.dateText).toBeUndefined();
    expect(m.exhibits[1]).toMatchObject({ date: '2019-02-11', dateText: 'February 11, 2019', languageName: 'Spanish', translated: true, file: 'evidence/business-license.pdf' });
    expect(m.exhibits[5]).toMatchObject({ categoryName: 'Country conditions' });
    expect(m).toMatchObject({ hasExhibits: true, firstTab: 'A', lastTab: 'F' });
  });

  test('with tabStyle numbers the tabs are 1, 2, …', () => {
    const m = buildModel(affirmative, { today: TODAY, tabStyle: 'numbers' });
    expect(m.exhibits.map((x) => x.tab)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(m.translations.map((t) => t.tab)).toEqual(['2', '3', '4']);
    expect(m).toMatchObject({ firstTab: '1', lastTab: '6' });
  });

  test('groupByCategory orders identity, persecution, medical, witness, country-conditions, other; stable within a category', () => {
    const c = withIntake(affirmative, (i) => {
      const byId = new Map(i.evidence!.map((e) => [e.id, e]));
      const get = (id: string) => byId.get(id)!;
      return {
        evidence: [
          { ...get('ex-neighbour-letter'), id: 'ex-other', category: 'other' as const, title: 'Other' },
          get('ex-country-report'),
          get('ex-neighbour-letter'),
          get('ex-police-report'),
          get('ex-medical-record'),
          { ...get('ex-country-report'), id: 'ex-country-2', title: 'Second report' },
          get('ex-passport'),
          get('ex-business-license'),
        ],
      };
    });
    const m = buildModel(c, { today: TODAY, groupByCategory: true });
    expect(m.exhibits.map((x) => [x.tab, x.id, x.category])).toEqual([
      ['A', 'ex-passport', 'identity'],
      ['B', 'ex-police-report', 'persecution'],
      ['C', 'ex-business-license', 'persecution'],
      ['D', 'ex-medical-record', 'medical'],
      ['E', 'ex-neighbour-letter', 'witness'],
      ['F', 'ex-country-report', 'country-conditions'],
      ['G', 'ex-country-2', 'country-conditions'],
      ['H', 'ex-other', 'other'],
    ]);
    expect(m.exhibits.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.exhibits.at(-1)?.categoryName).toBe('Other evidence');
    // without the option, the intake's order stands
    expect(buildModel(c, { today: TODAY }).exhibits.map((x) => x.id)[0]).toBe('ex-other');
    // the case itself is not reordered
    expect(c.intake.evidence?.[0]?.id).toBe('ex-other');
    expectValidModel(m);
  });

  test('the defensive sample, grouped, keeps both medical and both country-conditions exhibits together', () => {
    const m = buildModel(defensive, { today: TODAY, groupByCategory: true });
    expect(m.exhibits.map((x) => x.category)).toEqual(['identity', 'persecution', 'persecution', 'medical', 'medical', 'witness', 'country-conditions', 'country-conditions']);
    expect(m.exhibits.map((x) => x.id)).toEqual(['ex-passport', 'ex-business-license', 'ex-police-report', 'ex-medical-record', 'ex-psych-eval', 'ex-neighbour-letter', 'ex-country-report', 'ex-country-report-2025']);
    expect(m.lastTab).toBe('H');
  });

  test('no evidence: no exhibits, no first or last tab', () => {
    const c = withIntake(affirmative, (i) => ({ evidence: [], events: i.events!.map((e) => ({ ...e, evidence: [] })) }));
    const m = buildModel(c, { today: TODAY });
    expect(m).toMatchObject({ exhibits: [], translations: [], hasExhibits: false, hasPageRanges: false });
    expect('firstTab' in m).toBe(false);
    expect('lastTab' in m).toBe(false);
  });
});

describe('translations', () => {
  test('the 3 translated exhibits, with language, file and translator', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(m.translations).toHaveLength(3);
    expect(m.translations.map((t) => [t.tab, t.file])).toEqual([
      ['B', 'evidence/business-license.en.pdf'],
      ['C', 'evidence/denuncia.en.pdf'],
      ['D', 'evidence/hospital.en.pdf'],
    ]);
    for (const t of m.translations) {
      expect(t).toMatchObject({ language: 'es', languageName: 'Spanish' });
      expect(t.translator.name).toBe('Ana Lucía Torres');
    }
    expect(m.translations[1]).toMatchObject({ title: 'Police report (denuncia) filed with the National Police', date: '2023-05-03', dateText: 'May 3, 2023' });
  });
});

describe('page ranges', () => {
  const ranges: Record<string, { firstPage: number; lastPage: number }> = {
    'ex-passport': { firstPage: 1, lastPage: 2 },
    'ex-business-license': { firstPage: 3, lastPage: 5 },
    'ex-police-report': { firstPage: 6, lastPage: 6 },
    'ex-medical-record': { firstPage: 7, lastPage: 7 },
    'ex-neighbour-letter': { firstPage: 8, lastPage: 9 },
    'ex-country-report': { firstPage: 10, lastPage: 41 },
  };

  test('without pageRanges: hasPageRanges false and no pages', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(m.hasPageRanges).toBe(false);
    for (const x of m.exhibits) {
      expect(x.pages).toBeUndefined();
      expect(x.firstPage).toBeUndefined();
    }
  });

  test('with a range for every exhibit: hasPageRanges true, pages with an en dash, one page as a single number', () => {
    const pageRanges: PageRanges = new Map(Object.entries(ranges));
    const base = buildModel(affirmative, { today: TODAY });
    const m = { ...base, ...withPageRanges(base, pageRanges) };
    expect(m.hasPageRanges).toBe(true);
    expect(m.exhibits.map((x) => x.pages)).toEqual(['1–2', '3–5', '6', '7', '8–9', '10–41']);
    expect(m.exhibits[1]).toMatchObject({ pages: '3\u20135', firstPage: 3, lastPage: 5 });
    expect(m.exhibits[3]).toMatchObject({ pages: '7', firstPage: 7, lastPage: 7 });
    expectValidModel(m);
  });

  test('with a range missing for one exhibit: hasPageRanges false', () => {
    const partial = new Map(Object.entries(ranges).filter(([id]) => id !== 'ex-medical-record'));
    const base = buildModel(affirmative, { today: TODAY });
    const m = { ...base, ...withPageRanges(base, partial) };
    expect(m.hasPageRanges).toBe(false);
    expect(m.exhibits[3]?.pages).toBeUndefined();
    expect(m.exhibits[2]?.pages).toBe('6');
  });
});

describe('case-level values', () => {
  test('affirmative: relief and grounds in words, interpretation needed, no service method', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(m.reliefNames).toEqual(['asylum', 'withholding of removal', 'protection under the Convention Against Torture']);
    expect(m.groundNames).toEqual(['political opinion', 'membership in a particular social group']);
    expect(m.needsInterpretation).toBe(true);
    expect(m).toMatchObject({ isAffirmative: true, isDefensive: false, today: TODAY });
    expect(m.serviceMethodText).toBeUndefined();
    expect('serviceMethodText' in m).toBe(false);
    expect(m.derived).toBe(affirmative.derived);
    expect(m.applicant.name.family).toBe('Núñez Ramírez');
  });

  test('defensive: service method through ECAS', () => {
    const m = buildModel(defensive, { today: TODAY });
    expect(m).toMatchObject({ isAffirmative: false, isDefensive: true, needsInterpretation: true });
    expect(m.serviceMethodText).toBe('through the EOIR Courts & Appeals System (ECAS)');
    expect(m.exhibits.map((x) => x.tab)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  });

  test('an applicant fluent in English needs no interpretation', () => {
    const c = withIntake(affirmative, (i) => ({ applicant: { ...i.applicant, languages: { ...i.applicant.languages, fluentInEnglish: true } } }));
    expect(buildModel(c, { today: TODAY }).needsInterpretation).toBe(false);
  });
});

describe('modelSchema', () => {
  test.each([
    ['affirmative', {}],
    ['affirmative, numbered and grouped', { tabStyle: 'numbers' as const, groupByCategory: true }],
  ])('the %s model passes the schema', (_label, opts) => {
    expectValidModel(buildModel(affirmative, { today: TODAY, ...opts }));
  });

  test('the defensive model passes the schema', () => {
    expectValidModel(buildModel(defensive, { today: TODAY }));
  });

  test('the schema is strict enough to fail a wrong model', () => {
    const m = buildModel(affirmative, { today: TODAY });
    expect(modelSchema.safeParse({ ...m, exhibits: [{ ...m.exhibits[0], tab: 1 }] }).success).toBe(false);
    expect(modelSchema.safeParse({ ...m, chronology: [{ ...m.chronology[0], surprise: true }] }).success).toBe(false);
    expect(modelSchema.safeParse({ ...m, needsInterpretation: 'yes' }).success).toBe(false);
  });
});
