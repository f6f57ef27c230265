/**
 * A pipeline file (pipelines/*.yaml, JSON accepted): which cases it applies to and the ordered
 * steps that build their documents. Each step kind adds its own options (src/steps).
 */
import { z } from 'zod';
import { STEP_KINDS } from '../steps/index.js';
import { stepBaseSchema, whenSchema } from './step-base.js';

export const pipelineHeadSchema = z.strictObject({
  $schema: z.string().optional().describe('Path of pipeline.schema.json, for editors'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).describe('Name of the pipeline; names the output folder (lower case letters, digits and "-")'),
  description: z.string().optional().describe('What the pipeline builds, in a sentence'),
  when: whenSchema.optional().describe('Which cases the pipeline applies to; all cases when absent'),
  exhibits: z
    .strictObject({
      order: z.enum(['intake', 'category']).optional().describe('Exhibits in the intake\'s order (default), or grouped by category'),
      tabs: z.enum(['letters', 'numbers']).optional().describe('Tab labels A, B, … AA (default), or 1, 2, …'),
      since: z
        .enum(['last-filing'])
        .optional()
        .describe('Only the exhibits added since the last recorded filing (proceeding.priorFilings[] naming a snapshot), tabs continuing after its last: a supplemental filing'),
      documents: z
        .array(z.string().min(1))
        .optional()
        .describe('Ids of this pipeline\'s steps whose PDF is filed as the first exhibits, each behind its own tab, e.g. [declaration-pdf] for the declaration at Tab A; the evidence\'s tabs follow'),
    })
    .optional()
    .describe('How exhibits are ordered and labelled in every document of the pipeline'),
  signatures: z
    .strictObject({
      electronic: z
        .boolean()
        .optional()
        .describe('The representative signs the certificate of service and the cover letter electronically ("/s/ Name", as ECAS accepts); by default, and always without a representative, they are signed by hand'),
    })
    .optional()
    .describe('How the pages a person signs are signed'),
  rules: z
    .strictObject({
      stopOn: z
        .array(z.enum(['error', 'warning']))
        .optional()
        .describe('The filing rules\' results that stop the build of a case (none by default: they go into the checklist and the manifest, and the terminal shows them)'),
    })
    .optional()
    .describe('What the filing rules (asylum-packet check-rules), run in every build, do to it'),
  steps: z.array(z.looseObject({ kind: z.string() })).min(1).describe('The steps, in the order they run'),
});

export type PipelineHead = z.infer<typeof pipelineHeadSchema>;

/** The JSON Schema of pipeline files, with every step kind's options, for editors. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const step = z.discriminatedUnion(
    'kind',
    STEP_KINDS.map((k) => stepBaseSchema.extend({ kind: z.literal(k.kind).describe(k.description) }).extend(k.options.shape)) as [z.ZodObject, ...z.ZodObject[]],
  );
  const full = pipelineHeadSchema.extend({ steps: z.array(step).min(1).describe('The steps, in the order they run') });
  const schema = z.toJSONSchema(full, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: 'asylum-packet pipeline', ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')) };
}
