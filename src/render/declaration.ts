/**
 * The declaration as numbered paragraphs, from the first to the last: its sections in the order a
 * judge reads them, each paragraph numbered across the whole declaration so that counsel and the
 * court can cite "paragraph 7". The template's own words join the intake's text (a date, a place,
 * a citation); they never replace it. A section with no text is left out, with its heading.
 *
 * Sections that answer a question of Form I-589 take their text from that question's explanation
 * (fear of return: Part B.1.B; torture: B.4; the route through other countries: C.2.A), so the
 * declaration and the form say the same thing.
 */
import { z } from 'zod';
import { citationOf, type Cited } from './cite.js';
import { FILTERS } from './filters.js';
import { fullName } from '../intake/derive.js';
import type { Model } from './model.js';

export const declarationSchema = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        id: z.string().describe('background, family, events, nexus, state-protection, departure, arrival, relocation, fear, torture'),
        heading: z.string(),
        paragraphs: z.array(
          z.strictObject({
            number: z.number().describe('Paragraph number, consecutive across the whole declaration, from 1'),
            text: z.string(),
            citation: z.string().optional().describe('"(See Tab C.)", "(See Tabs C and D.)": the exhibits it cites, merged and in tab order'),
          }),
        ),
      }),
    )
    .describe('The sections that have text, in order, their paragraphs numbered from 1'),
  closingNumber: z.number().describe('The number of the closing paragraph (the declaration under penalty of perjury)'),
});

export type Declaration = z.infer<typeof declarationSchema>;

interface Draft {
  id: string;
  heading: string;
  paragraphs: { text: string; evidence?: readonly string[] }[];
}

/** "a, b and c". */
const joinAnd = (items: readonly string[]): string => FILTERS.joinAnd([...items]);

/** Text the intake wrote as paragraphs: a blank line starts a new one. */
export function paragraphsOf(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Words that open a narrative and may start lower case after "On May 2, 2023, …": articles,
 * numbers, pronouns and common nouns. Anything else (a name, "I") keeps its capital.
 */
const LOWER_OPENERS = new Set(
  'a an the this that these those my our his her their its we they he she it someone somebody nobody one two three four five six seven eight nine ten several some many few men women armed unknown masked police officers soldiers gang members people after before when while during'.split(' '),
);

/** The narrative's first letter lower case when its first word is a common opener, so it continues a sentence. */
export function continuing(text: string): string {
  const first = /^[^\s,.;:]+/.exec(text)?.[0] ?? '';
  return LOWER_OPENERS.has(first.toLowerCase()) && first[0] !== first[0]!.toLowerCase() ? first[0]!.toLowerCase() + text.slice(1) : text;
}

const PLACE_PREPOSITIONS = /^(outside|inside|near|in|at|on|behind|by|beside|across|along|from)\b/i;

/** "outside my bakery, Comayagüela" or "at the cooperative's storehouse": a place as it continues a sentence. */
export function placePhrase(place: string): string {
  const p = place.trim();
  if (PLACE_PREPOSITIONS.test(p)) return p[0]!.toLowerCase() + p.slice(1);
  return `at ${continuing(p)}`;
}

/** One event as a sentence: "On May 2, 2023, outside my bakery, Comayagüela, four men beat me …". */
export function eventParagraph(ev: { date: string; place: string; narrative: string }): string {
  const when = `${ev.date.length === 10 ? 'On' : 'In'} ${FILTERS.longDate(ev.date)}`;
  return `${when}, ${placePhrase(ev.place)}, ${continuing(ev.narrative.trim())}`;
}

function relationWord(m: { relationship: 'spouse' | 'child'; sex?: 'male' | 'female' | null | undefined }): string {
  if (m.relationship === 'spouse') return m.sex === 'female' ? 'wife' : m.sex === 'male' ? 'husband' : 'spouse';
  return m.sex === 'female' ? 'daughter' : m.sex === 'male' ? 'son' : 'child';
}

const COUNT = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const PLURAL: Record<string, string> = { child: 'children', son: 'sons', daughter: 'daughters', spouse: 'spouses', wife: 'wives', husband: 'husbands' };

/** ["wife", "son", "daughter", "son"] → "wife, two sons and daughter", in the order each first appears. */
export function relationsInWords(words: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return joinAnd([...counts].map(([w, n]) => (n === 1 ? w : `${COUNT[n] ?? n} ${PLURAL[w] ?? `${w}s`}`)));
}

function arrivalSentence(a: { date: string; place: string; status: string }, last: boolean): string {
  const on = `on ${FILTERS.longDate(a.date)}, at ${a.place}`;
  return last ? `I last arrived in the United States ${on}. My status at entry was: ${a.status}.` : `I had come to the United States before, ${on}, with this status: ${a.status}.`;
}

/** The questions of Form I-589 whose explanations are sections of the declaration: fear of return, torture, the route. */
export const QUESTIONS_IN_DECLARATION = { fear: 'fearOfHarm', torture: 'fearOfTorture', route: 'thirdCountries' } as const;

/** What the declaration is made of: the intake's fields and what the model already worked out from them. */
export type DeclarationFacts = Pick<Model, 'applicant' | 'family' | 'claim' | 'statement' | 'questions' | 'interpreter' | 'derived' | 'chronology' | 'lastArrival' | 'entries' | 'reliefNames' | 'groundNames'>;

/** The declaration's sections with their numbered paragraphs. */
export function declarationOf(m: DeclarationFacts, exhibits: ReadonlyMap<string, Cited>): Declaration {
  const a = m.applicant;
  const st = m.statement ?? {};
  const q = m.questions ?? {};
  const country = a.nationality;
  const fromSection = (s: { text: string; evidence?: readonly string[] | null } | null | undefined): Draft['paragraphs'] => {
    const ps = paragraphsOf(s?.text);
    return ps.map((text, i) => ({ text, ...(i === ps.length - 1 && s?.evidence?.length ? { evidence: s.evidence } : {}) }));
  };
  const answered = (x: { answer: boolean; explanation?: string | null } | null | undefined): string[] => (x?.answer ? paragraphsOf(x.explanation) : []);

  const reliefWords = m.reliefNames.length ? joinAnd(m.reliefNames) : 'asylum and withholding of removal';
  const grounds = joinAnd(m.groundNames);
  const others = a.languages.other ?? [];
  const background: Draft['paragraphs'] = [
    {
      text:
        `My name is ${m.derived.fullName}. I was born on ${FILTERS.longDate(a.dateOfBirth)}, in ${a.birthPlace.city}, ${a.birthPlace.country}. I am a citizen of ${country}.` +
        (a.otherNames?.length ? ` I have also been known as ${joinAnd(a.otherNames)}.` : ''),
    },
    {
      text:
        `My ethnicity is ${a.ethnicity}, and my religion is ${a.religion}. My native language is ${a.languages.native}${others.length ? `; I also speak ${joinAnd(others)}` : ''}.` +
        (a.languages.fluentInEnglish ? '' : ` I do not speak or read English well. This declaration was read to me in ${m.interpreter?.language ?? a.languages.native} before I signed it.`),
    },
    ...fromSection(st.background),
    {
      text:
        `I am applying for ${reliefWords} because I fear persecution in ${country} on account of my ${grounds}.` +
        (m.claim.particularSocialGroup ? ` The particular social group I belong to is: ${m.claim.particularSocialGroup}.` : ''),
    },
  ];

  const family = (m.family ?? []).filter((f) => f.includeAsDerivative);
  const route = answered(q[QUESTIONS_IN_DECLARATION.route]);
  const fear = answered(q[QUESTIONS_IN_DECLARATION.fear]);
  const persecutors = m.claim.persecutors ?? [];
  // The arrivals before the last, the earliest first (entries are the most recent first).
  const earlier = m.entries.filter((x) => x !== m.lastArrival).reverse();

  const drafts: Draft[] = [
    { id: 'background', heading: 'Background', paragraphs: background },
    {
      id: 'family',
      heading: 'My Family',
      paragraphs: family.length
        ? [
            {
              text: [
                `I include my ${relationsInWords(family.map(relationWord))} in my application.`,
                ...family.map((f) => `My ${relationWord(f)} is ${fullName(f.name)}, born on ${FILTERS.longDate(f.dateOfBirth)}.`),
              ].join(' '),
            },
          ]
        : [],
    },
    { id: 'events', heading: 'What Happened to Me', paragraphs: m.chronology.map((ev) => ({ text: eventParagraph(ev), ...(ev.evidence.length ? { evidence: ev.evidence } : {}) })) },
    { id: 'nexus', heading: 'Why I Was Targeted', paragraphs: fromSection(st.nexus) },
    { id: 'state-protection', heading: 'Seeking Protection from the Authorities', paragraphs: fromSection(st.stateProtection) },
    { id: 'departure', heading: `Leaving ${country}`, paragraphs: [...fromSection(st.departure), ...route.map((text) => ({ text }))] },
    {
      id: 'arrival',
      heading: 'Arriving in the United States',
      paragraphs: [{ text: [arrivalSentence(m.lastArrival, true), ...earlier.map((x) => arrivalSentence(x, false))].join(' ') }, ...fromSection(st.arrival)],
    },
    { id: 'relocation', heading: `Why I Could Not Live Safely Elsewhere in ${country}`, paragraphs: fromSection(st.relocation) },
    {
      id: 'fear',
      heading: 'Why I Fear Returning',
      paragraphs: fear.length
        ? fear.map((text) => ({ text }))
        : [{ text: `I am afraid to return to ${country}. ${persecutors.length ? `I fear that ${joinAnd(persecutors)} will seriously harm or kill me if I am sent back.` : 'I fear that I will be seriously harmed if I am sent back.'}` }],
    },
    { id: 'torture', heading: 'Fear of Torture', paragraphs: answered(q[QUESTIONS_IN_DECLARATION.torture]).map((text) => ({ text })) },
  ];

  let number = 0;
  const sections = drafts
    .filter((d) => d.paragraphs.length > 0)
    .map((d) => ({
      id: d.id,
      heading: d.heading,
      paragraphs: d.paragraphs.map((p) => {
        const citation = p.evidence ? citationOf(p.evidence, exhibits) : undefined;
        return { number: ++number, text: p.text, ...(citation ? { citation } : {}) };
      }),
    }));
  return { sections, closingNumber: number + 1 };
}
