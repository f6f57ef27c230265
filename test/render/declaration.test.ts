/**
 * The declaration as practitioners write it: numbered paragraphs from the first to the last, in
 * sections that appear only when the intake fills them, merged citations, one execution line, and
 * the sections shared with Form I-589 taken from the same intake field.
 * Checked on the model (src/render/declaration.ts), on the Word document the shipped template
 * renders from it, and (with LibreOffice) on the PDF a judge would read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateIntakeFile, type Case } from '../../src/intake/validate.js';
import { citationOf } from '../../src/render/cite.js';
import { continuing, eventParagraph, paragraphsOf, placePhrase, relationsInWords } from '../../src/render/declaration.js';
import { renderDocx } from '../../src/render/docx.js';
import { buildModel, type Model } from '../../src/render/model.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';
import { OFFICE_MISSING, officeTitle } from '../helpers/office.js';

const root = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';
const SAMPLES = ['intake-affirmative.json', 'intake-defensive.json', 'intake-family.json', 'intake-court-family.json'] as const;
type Sample = (typeof SAMPLES)[number];

const cases = new Map<Sample, Case>();
const models = new Map<Sample, Model>();
let template: Uint8Array;

beforeAll(async () => {
  template = new Uint8Array(await readFile(path.join(root, 'templates/declaration.docx')));
  for (const name of SAMPLES) {
    const r = await validateIntakeFile(path.join(root, 'fixtures/samples', name), { today: TODAY });
    if (!r.ok) throw new Error(`${name}: ${r.problems.map((p) => p.message).join('; ')}`);
    cases.set(name, r.case);
    models.set(name, buildModel(r.case, { today: TODAY }));
  }
});

/** The declaration of a model, rendered by the shipped template: its paragraphs' text. */
const rendered = (m: Model): string[] => docxParagraphs(openDocx(renderDocx('declaration.docx', template, m)));

/** The declaration itself: up to the certificate of interpretation. */
const declarationPart = (ps: string[]): string[] => {
  const end = ps.findIndex((p) => p.includes('CERTIFICATE OF INTERPRETATION'));
  return end < 0 ? ps : ps.slice(0, end);
};

/** The numbers that open paragraphs ("7. On May 2, …"), in document order. */
const numbersOf = (ps: string[]): number[] => ps.flatMap((p) => /^(\d+)\.\s/.exec(p.trim())?.[1] ?? []).map(Number);

const consecutive = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('every sample: numbered from the first paragraph to the last, one execution line', () => {
  test.each(SAMPLES)('%s: the model numbers every paragraph 1…n, the closing one n+1, and has no empty section', (name) => {
    const d = models.get(name)!.declaration;
    const numbers = d.sections.flatMap((s) => s.paragraphs.map((p) => p.number));
    expect(numbers).toEqual(consecutive(numbers.length));
    expect(d.closingNumber).toBe(numbers.length + 1);
    for (const s of d.sections) expect(s.paragraphs.length, s.id).toBeGreaterThan(0);
    expect(new Set(d.sections.map((s) => s.heading)).size).toBe(d.sections.length);
  });

  test.each(SAMPLES)('%s: the Word document numbers its paragraphs 1…closing, one execution line, no date line of its own', (name) => {
    const m = models.get(name)!;
    const ps = declarationPart(rendered(m));
    expect(numbersOf(ps)).toEqual(consecutive(m.declaration.closingNumber));
    const text = ps.join('\n');
    expect(text.match(/Executed on/g)).toHaveLength(1);
    expect(ps.filter((p) => /^\s*Date:/.test(p))).toEqual([]);
    // Every heading is followed by a numbered paragraph: no empty heading.
    for (const s of m.declaration.sections) {
      const at = ps.findIndex((p) => p.trim() === s.heading);
      expect(at, s.heading).toBeGreaterThan(0);
      expect(ps.slice(at + 1).find((p) => p.trim() !== '')!.trim()).toMatch(/^\d+\.\s/);
    }
    // No tag, no "undefined", no "(See Tab .)".
    expect(text).not.toMatch(/[{}]|undefined|Tabs?\s*\./);
  });
});

describe('sections appear only when filled', () => {
  test('the USCIS example has no statement: background, family, events, arrival and fear only', () => {
    expect(models.get('intake-affirmative.json')!.declaration.sections.map((s) => s.id)).toEqual(['background', 'family', 'events', 'arrival', 'fear']);
  });

  test('the family sample fills every section, in the order a judge reads them', () => {
    expect(models.get('intake-family.json')!.declaration.sections.map((s) => s.id)).toEqual([
      'background',
      'family',
      'events',
      'nexus',
      'state-protection',
      'departure',
      'arrival',
      'relocation',
      'fear',
      'torture',
    ]);
  });

  test('a section given to the intake appears, numbered in its place, and the numbers after it move on', () => {
    const c = cases.get('intake-affirmative.json')!;
    const before = buildModel(c, { today: TODAY }).declaration;
    const intake = { ...structuredClone(c.intake), statement: { relocation: { text: 'MS-13 is everywhere.\n\nThe police work with them.' } } };
    const after = buildModel({ ...c, intake }, { today: TODAY }).declaration;
    const relocation = after.sections.find((s) => s.id === 'relocation')!;
    expect(relocation.paragraphs.map((p) => p.text)).toEqual(['MS-13 is everywhere.', 'The police work with them.']);
    expect(after.sections.map((s) => s.id)).toEqual(['background', 'family', 'events', 'arrival', 'relocation', 'fear']);
    expect(after.closingNumber).toBe(before.closingNumber + 2);
  });

  test('a "no" answer, or a yes without an explanation, adds no section', () => {
    const c = cases.get('intake-family.json')!;
    const intake = structuredClone(c.intake);
    intake.questions!.fearOfTorture = { answer: false };
    intake.questions!.thirdCountries = { answer: true };
    const d = buildModel({ ...c, intake }, { today: TODAY }).declaration;
    expect(d.sections.map((s) => s.id)).not.toContain('torture');
    expect(d.sections.find((s) => s.id === 'departure')!.paragraphs).toHaveLength(1);
  });
});

describe('the sections shared with Form I-589 come from the same intake field', () => {
  test('fear of return is Part B.1.B, torture is B.4, the route is C.2.A', () => {
    const m = models.get('intake-family.json')!;
    const q = m.questions!;
    const texts = (id: string) => m.declaration.sections.find((s) => s.id === id)!.paragraphs.map((p) => p.text);
    expect(texts('fear')).toEqual(paragraphsOf(q.fearOfHarm!.explanation));
    expect(texts('torture')).toEqual(paragraphsOf(q.fearOfTorture!.explanation));
    expect(texts('departure').at(-1)).toBe(q.thirdCountries!.explanation);
    expect(texts('nexus')).toEqual([m.statement!.nexus!.text]);
  });
});

describe('citations and sentences', () => {
  const tabs = new Map([
    ['a', { tab: 'B', number: 2 }],
    ['b', { tab: 'C', number: 3 }],
    ['c', { tab: 'D', number: 4 }],
  ]);

  test('merged, each tab once, in filing order; unknown ids are left out', () => {
    expect(citationOf(['c', 'b'], tabs)).toBe('(See Tabs\u00a0C and D.)');
    expect(citationOf(['c', 'a', 'c', 'b'], tabs)).toBe('(See Tabs\u00a0B, C and D.)');
    expect(citationOf(['b', 'nope'], tabs)).toBe('(See Tab\u00a0C.)');
    expect(citationOf([], tabs)).toBeUndefined();
  });

  test('the defensive sample cites the police report and the hospital record once: "(See Tabs C and D.)"', () => {
    const events = models.get('intake-defensive.json')!.declaration.sections.find((s) => s.id === 'events')!;
    const beating = events.paragraphs.find((p) => p.text.includes('beat me'))!;
    expect(beating.citation).toBe('(See Tabs\u00a0C and D.)');
    expect(beating.text).toBe('On May 2, 2023, outside my bakery, Comayagüela, four men beat me with a bat and said I would die if I talked again. My delivery van was set on fire the same night.');
  });

  test('an event reads as a sentence: the date, the place, then the narrative, whose words are kept', () => {
    expect(eventParagraph({ date: '2023-01', place: 'Comayagüela, Honduras', narrative: 'Two MS-13 members came to my bakery.' })).toBe('In January 2023, at Comayagüela, Honduras, two MS-13 members came to my bakery.');
    expect(eventParagraph({ date: '2023', place: "Daniel's school", narrative: 'I spoke.' })).toBe("In 2023, at Daniel's school, I spoke.");
    // A name keeps its capital; only a common opening word is lowered.
    expect(continuing('José came back.')).toBe('José came back.');
    expect(continuing('MS-13 came back.')).toBe('MS-13 came back.');
    expect(continuing('Armed men came.')).toBe('armed men came.');
    expect(placePhrase('Outside my bakery')).toBe('outside my bakery');
    expect(placePhrase('My house, Trujillo')).toBe('at my house, Trujillo');
    expect(placePhrase('Colonia Villa Adela')).toBe('at Colonia Villa Adela');
  });

  test('the family in words: "wife, two sons and daughter"', () => {
    expect(relationsInWords(['wife', 'son', 'daughter', 'son'])).toBe('wife, two sons and daughter');
    expect(relationsInWords(['spouse', 'child'])).toBe('spouse and child');
  });
});

describe.skipIf(OFFICE_MISSING)(officeTitle('as the judge reads it: the declarations through LibreOffice'), () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ap-declaration-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test.each(['intake-defensive.json', 'intake-family.json'] as const)('%s: the PDF reads every number in order, one execution line, the merged citations', async (name) => {
    const m = models.get(name)!;
    const docx = path.join(dir, `${name}.docx`);
    await writeFile(docx, renderDocx('declaration.docx', template, m));
    const profile = `file://${path.join(dir, `profile-${name}`)}`;
    const r = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', docx.replace(/\.docx$/, '.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const body = text.slice(0, text.indexOf('CERTIFICATE OF INTERPRETATION'));
    const numbers = [...body.matchAll(/^\s+(\d+)\.\s{2,}/gm)].map((x) => Number(x[1]));
    expect(numbers).toEqual(consecutive(m.declaration.closingNumber));
    expect(body.match(/Executed on/g)).toHaveLength(1);
    for (const s of m.declaration.sections) expect(body).toContain(s.heading);
    const citations = m.declaration.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.citation ?? []));
    for (const c of citations) expect(body.replace(/\s+/g, ' ')).toContain(c.replace(/\u00a0/g, ' '));
  }, 180_000);
});
