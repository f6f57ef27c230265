/**
 * The witness list a judge orders before an individual hearing (ICPM 3.3(g)): each witness with
 * who they are, the language they testify in and whether they need an interpreter, what they will
 * testify about, how long, and whether in person or remotely.
 */
import { z } from 'zod';
import type { Intake } from '../intake/schema.js';
import { citationOf, type Cited } from './cite.js';

export const witnessEntrySchema = z.strictObject({
  number: z.number().describe('Position on the list, from 1'),
  name: z.string(),
  role: z.string().describe('"The respondent", "Lay witness: neighbour in Comayagüela", "Expert witness: clinical psychologist"'),
  language: z.string(),
  interpreterText: z.string().describe('"Yes (Spanish)" or "No"'),
  subject: z.string(),
  timeText: z.string().describe('"30 minutes"'),
  appearanceText: z.string().describe('"In person", "By telephone" or "By video"'),
  remote: z.boolean().describe('By telephone or video: the court\'s leave is needed'),
  citation: z.string().optional().describe('The exhibits the witness wrote or will speak to: "(See Tab G.)"'),
});

export type WitnessEntry = z.infer<typeof witnessEntrySchema>;

const APPEARANCE = { 'in-person': 'In person', telephone: 'By telephone', video: 'By video' } as const;

function roleOf(w: NonNullable<Intake['witnesses']>[number]): string {
  if (w.kind === 'respondent') return 'The respondent';
  if (w.kind === 'expert') return `Expert witness${w.expertise ? `: ${w.expertise}` : ''}`;
  return `Lay witness${w.relationship ? `: ${w.relationship}` : ''}`;
}

/** The intake's witnesses as the list prints them, and their total time in minutes. */
export function witnessListOf(intake: Intake, exhibits: ReadonlyMap<string, Cited>): { witnesses: WitnessEntry[]; minutes: number } {
  const list = intake.witnesses ?? [];
  const witnesses = list.map((w, i) => {
    const citation = w.evidence?.length ? citationOf(w.evidence, exhibits) : undefined;
    return {
      number: i + 1,
      name: w.name,
      role: roleOf(w),
      language: w.language,
      interpreterText: w.interpreter ? `Yes (${w.language})` : 'No',
      subject: w.subject,
      timeText: `${w.minutes} minutes`,
      appearanceText: APPEARANCE[w.appearance],
      remote: w.appearance !== 'in-person',
      ...(citation ? { citation } : {}),
    };
  });
  return { witnesses, minutes: list.reduce((sum, w) => sum + w.minutes, 0) };
}
