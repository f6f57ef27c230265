/** The options every step has, whatever its kind, and the `when` conditions of pipelines and steps. */
import { z } from 'zod';

export const whenSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]))
  .describe('Conditions on the case, all of which must hold: a field path (as in the intake, or derived.*) and the value it must have, or a list of allowed values. Example: { proceeding.type: defensive }');

export const stepBaseSchema = z.strictObject({
  kind: z.string().describe('What the step does: one of the kinds registered in src/steps/index.ts'),
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .optional()
    .describe('Name of the step, so later steps can use what it produced (lower case letters, digits and "-")'),
  when: whenSchema.optional().describe('Run this step only for cases matching these conditions'),
  uses: z.array(z.string()).optional().describe('Ids of earlier steps whose results this step needs'),
});

