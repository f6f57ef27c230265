/**
 * A field map (YAML beside the pipelines): which form it fills and, for each of the form's fields,
 * where its answer comes from. Text fields take a `value` (a handlebars pattern with the shared
 * filters), check boxes `checked` (a condition), radio groups and dropdowns `select` (the intake
 * value → the form's export value). A block of fields describing one entry of a list (a child, a
 * residence) is a group; entries beyond the form's rows are continuations on the continuation page.
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
  field: z.string().min(1).describe('The form field\'s full name, e.g. "form1[0].#subform[0].PtAILine4_LastName[0]"'),
  part: z.string().optional().describe('The part of the form as printed, e.g. "A.I", "B", "Supplement A"'),
  question: z.string().optional().describe('The question number as printed, e.g. "8", "1.A", "19.C"'),
  label: z.string().optional().describe('Which box of the question, in a few words, e.g. "city"; with part and question it names the field in warnings and on Supplement B'),
  asks: z.string().optional().describe('The intake field that answers a question the form requires, e.g. "applicant.ssn": when the case lacks it, a warning names the part and question'),
  askedWhen: z.string().optional().describe('`asks` holds only when this field of the model is true, e.g. the explanation a "yes" requires (questions.pastHarm.answer)'),
  value: z.string().optional().describe('Text fields: a handlebars pattern, e.g. "{{upper applicant.name.family}}" or "{{shortDate applicant.dateOfBirth}}"'),
  blank: z.string().optional().describe('What to write when the value is empty, e.g. "N/A" or "None" (overrides the map\'s blank)'),
  checked: z
    .strictObject({
      path: z.string().describe('A field of the model, e.g. applicant.sex'),
      equals: scalar.optional().describe('Checked when the field has this value'),
      contains: scalar.optional().describe('Checked when the field, a list, holds this value, e.g. claim.grounds contains race'),
    })
    .optional()
    .describe('Check boxes: when to check it'),
  when: z.string().optional().describe('A field of the model (e.g. item.inUS): the entry applies only when it is true; otherwise the field is not asked of this case and stays blank (the form\'s "if in the U.S." questions)'),
  lone: z.boolean().optional().describe('A lone "check if" box (e.g. "deceased"): an absent value leaves it unchecked, and that is the answer'),
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
  editions: z.array(z.string()).default([]).describe('The editions ("Rev." dates, e.g. "04/09/19") this map was verified against, field by field'),
  continuation: z
    .strictObject({
      name: z.string(),
      aNumber: z.string(),
      date: z.string().optional().describe('The page\'s date: the filing date (filing.date, or the day of the build)'),
      part: z.string(),
      question: z.string(),
      text: z.string(),
    })
    .optional()
    .describe('The fields of the form\'s continuation page (Supplement B of the I-589): answers that do not fit go there, one page per question, copied as needed'),
  fields: z.array(fieldEntrySchema).default([]),
  groups: z
    .array(
      z.strictObject({
        label: z.string().describe('What the block is, e.g. "child 1"'),
        item: z.string().describe('The model entry it describes, e.g. "children.0" or "spouse"; when the case has none, its fields stay blank'),
        asks: z.string().optional().describe('The intake field (a list or an object) this block answers when the form requires it, e.g. "background.residences": when the case lacks it, its fields are reported unanswered'),
        emptyList: z.string().optional().describe('For the first entry of a list: written in its text fields when the case gives the list empty, e.g. "N/A" for no schools attended'),
        fields: z.array(fieldEntrySchema).min(1),
      }),
    )
    .default([])
    .describe('Blocks of fields that describe one entry (a child, a residence): values use {{item.…}}'),
  continuations: z
    .array(
      z.strictObject({
        part: z.string(),
        question: z.string(),
        list: z.string().describe('A list of the model, e.g. "children"'),
        from: z.number().int().min(0).describe('The first entry (from 0) with no row on the form'),
        text: z.string().describe('One entry in words, a handlebars pattern with `item` and `number` (from 1)'),
      }),
    )
    .default([])
    .describe('Entries of a list beyond the form\'s rows, continued on the continuation page'),
  leaveBlank: z
    .array(z.strictObject({ field: z.string(), why: z.string().describe('Why it is not filled, e.g. "For USCIS use only"') }))
    .default([])
    .describe('Fields deliberately left blank, each with the reason (the coverage report lists them)'),
});

export type FieldEntry = z.infer<typeof fieldEntrySchema>;

/** How an entry is named in warnings and on the continuation page: "Part A.I, question 8 (city)". */
export function entryLabel(e: FieldEntry, context?: string): string {
  const part = e.part && /^Supplement/i.test(e.part) ? e.part : e.part ? `Part ${e.part}` : '';
  const where = part ? `${part}${e.question ? `, question ${e.question}` : ''}` : e.question ? `question ${e.question}` : '';
  const what = [context, e.label].filter(Boolean).join(', ');
  if (where) return what ? `${where} (${what})` : where;
  return what || e.field;
}
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
  r.data.groups.forEach((g, j) => g.fields.forEach((e, i) => check(e, ['groups', j, 'fields', i])));
  if (problems.length) throw new PacketError(problems);
  return { ...r.data, file, locate };
}

/** The parts of the form in their printed order, for sorting what is reported or continued; others last. */
const PART_ORDER = ['A.I', 'A.II', 'A.III', 'B', 'C', 'D', 'E'];
export const partRank = (part: string): number => PART_ORDER.indexOf(part) >>> 0;
