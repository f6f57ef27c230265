/**
 * Who is in the proceeding, as the court's caption lists them: the lead respondent (the applicant)
 * first, then each derivative in the same removal proceeding (family[].inCourtProceedings), with
 * their A-numbers. A USCIS filing has the applicant alone.
 */
import { z } from 'zod';
import type { Derived } from '../intake/derive.js';
import type { Intake } from '../intake/schema.js';
import { listInWords } from './wording.js';

export const respondentSchema = z.strictObject({
  name: z.string().describe('Full name'),
  aNumber: z.string().optional().describe('A-number, as "A-220-418-553"'),
  lead: z.boolean().describe('The lead respondent (the applicant)'),
});

export function respondentsOf(intake: Intake, derived: Derived): z.infer<typeof respondentSchema>[] {
  const inProceeding = intake.proceeding.type === 'defensive' ? derived.derivatives.filter((d) => intake.family?.[d.familyIndex]?.inCourtProceedings === true) : [];
  return [
    { name: derived.fullName, ...(derived.aNumber ? { aNumber: derived.aNumber } : {}), lead: true },
    ...inProceeding.map((d) => ({ name: d.fullName, ...(d.aNumber ? { aNumber: d.aNumber } : {}), lead: false })),
  ];
}

/** The matter in one line, for a page's heading: "José Antonio Núñez Ramírez, A-220-418-553", or each respondent in order. */
export function matterOf(respondents: readonly z.infer<typeof respondentSchema>[]): string {
  return listInWords(respondents.map((r) => (r.aNumber ? `${r.name}, ${r.aNumber}` : r.name)));
}
