/**
 * The shape of the derived values (see derive.ts), as a zod schema so that template linting can
 * check a tag such as `{derived.oneYear.deadline}` against it. The TypeScript types come from here.
 */
import { z } from 'zod';

const date = z.string().describe('YYYY-MM-DD');

const derivativeSchema = z.strictObject({
  familyIndex: z.number().describe('Index in family[]'),
  relationship: z.enum(['spouse', 'child']),
  fullName: z.string(),
  dateOfBirth: date,
  ageOnFiling: z.number().describe('Age in completed years on the filing date'),
  aNumber: z.string().nullable().describe('Normalised A-number, or null'),
});

const oneYearSchema = z.strictObject({
  lastArrival: date,
  anniversary: date.describe('Last arrival plus one year'),
  deadline: date.describe('The one-year deadline: the anniversary, or the next business day'),
  movedBecause: z.string().nullable().describe('Why the deadline is later than the anniversary'),
  firstFiledOn: date.describe('The earliest prior filing, else this filing\'s date'),
  filedOnDay: z.number().describe('Day of the one-year period of the first filing; arrival is day 0'),
  daysLeft: z.number().describe('Days from the filing date to the deadline; negative when passed'),
  timely: z.boolean(),
  exception: z.enum(['changed', 'extraordinary']).nullable(),
});

const courtDeadlineSchema = z.strictObject({
  hearingDate: date,
  hearingKind: z.enum(['master', 'individual']),
  detained: z.boolean(),
  daysBefore: z.number().nullable().describe('Days before the hearing the filing is due; null when detained'),
  deadline: date.nullable().describe('Last day to file with the court; null when detained (as the court orders)'),
  movedBecause: z.string().nullable(),
  daysLeft: z.number().nullable().describe('Days from the filing date to the deadline'),
  rule: z.string().describe('The rule and its source, in words'),
});

export const derivedSchema = z.strictObject({
  fullName: z.string().describe('Given, middle and family names'),
  aNumber: z.string().nullable().describe('A-NNN-NNN-NNN, or null'),
  filingDate: date,
  filingDateAssumed: z.boolean().describe('True when filing.date was absent and today was used'),
  lastArrival: date,
  oneYear: oneYearSchema,
  derivatives: z.array(derivativeSchema),
  courtDeadline: courtDeadlineSchema.nullable().describe('Defensive cases: when the filing is due before the next hearing'),
});

export type Derived = z.infer<typeof derivedSchema>;
export type Derivative = z.infer<typeof derivativeSchema>;
export type CourtDeadline = z.infer<typeof courtDeadlineSchema>;
export type OneYearPosition = z.infer<typeof oneYearSchema>;
