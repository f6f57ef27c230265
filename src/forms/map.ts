/**
 * A field map (YAML beside the pipelines): which form it fills and, for each of the form's fields,
 * where its answer comes from. Text fields take a `value` (a handlebars pattern with the shared
 * filters), check boxes `checked` (a condition), radio groups and dropdowns `select` (the intake
 * value → the form's export value). Repeating rows (children 1–4) come from a list, by index.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Location, type Problem } from '../errors/problem.js';
import { formatPath, type JsonPath } from '../source/json.js';
import { locateYaml, parseYaml } from '../source/yaml.js';
import { whenChanged } from '../source/when-changed.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const fieldEntrySchema = z.strictObject({
  field: z.string().min(1).describe('The form field\'s full name, e.g. "form1[0].#subform[0].PtAILine4_LastName[0]"; in rows, {{index}} (0-based) and {{number}} (1-based) are replaced'),
  label: z.string().optional().describe('The question as the form names it, e.g. "Part A.I, question 4"; used on the addendum'),
  value: z.string().optional().describe('Text fields: a handlebars pattern, e.g. "{{upper applicant.name.family}}" or "{{shortDate applicant.dateOfBirth}}"'),
  blank: z.string().optional().describe('What to write when the value is empty, e.g. "N/A" or "None" (overrides the map\'s blank)'),
  checked: z
    .strictObject({ path: z.string().describe('A field of the model, e.g. applicant.sex'), equals: scalar.optional().describe('Checked when the field has this value; when absent, when the field is true or non-empty') })
    .optional()
    .describe('Check boxes: when to check it'),
  select: z
    .strictObject({ path: z.string(), options: z.record(z.string(), z.string()).describe('Intake value → the form\'s export value') })
    .optional()
    .describe('Radio groups and dropdowns: which option to select'),
});

export const fieldMapSchema = z.strictObject({
  form: z.string().min(1).describe('The fillable PDF, relative to the templates folder, e.g. "forms/i-589.pdf"'),
  title: z.string().min(1).describe('The form\'s name, e.g. "Form I-589"'),
  download: z.string().min(1).describe('Where a user downloads the official form (it is not shipped)'),
  blank: z.string().optional().describe('What to write in a text field whose answer is empty, e.g. "N/A" (the I-589 instructions ask for it)'),
  fields: z.array(fieldEntrySchema).default([]),
  rows: z
    .array(
      z.strictObject({
        label: z.string().describe('The question, e.g. "Part A.II, children"'),
        list: z.string().describe('A list of the model, e.g. "children"; each entry is `item` in the values'),
        max: z.number().int().positive().describe('How many rows the form has; further entries go to the addendum'),
        fields: z.array(fieldEntrySchema).min(1),
      }),
    )
    .default([]),
});

export type FieldEntry = z.infer<typeof fieldEntrySchema>;
export type FieldMap = z.infer<typeof fieldMapSchema> & { file: string; locate(path: JsonPath): Location };

/** A field map, read again only when its file changes (asked for by every case of a batch). */
export const loadFieldMap = whenChanged(readFieldMap);

async function readFieldMap(file: string): Promise<FieldMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PacketError(problem('fileUnreadable', { reason: (err as Error).message }, { file }));
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) throw new PacketError(parsed.problems);
  const source = parsed.source;
  const locate = (path: JsonPath): Location => ({ file, path: formatPath(path), ...locateYaml(source, path) });
  const r = fieldMapSchema.safeParse(source.value);
  if (!r.success) {
    const problems: Problem[] = r.error.issues.map((i) => problem('pipelineField', { detail: `${formatPath(i.path as JsonPath) || 'the field map'}: ${i.message.replace(/^Invalid input: /, '')}` }, locate(i.path as JsonPath)));
    throw new PacketError(problems);
  }
  const problems: Problem[] = [];
  const check = (e: FieldEntry, path: JsonPath) => {
    const kinds = [e.value !== undefined, e.checked !== undefined, e.select !== undefined].filter(Boolean).length;
    if (kinds !== 1) problems.push(problem('pipelineField', { detail: `${e.field}: give exactly one of "value", "checked" or "select"` }, locate(path)));
  };
  r.data.fields.forEach((e, i) => check(e, ['fields', i]));
  r.data.rows.forEach((row, j) => row.fields.forEach((e, i) => check(e, ['rows', j, 'fields', i])));
  if (problems.length) throw new PacketError(problems);
  return { ...r.data, file, locate };
}
