/**
 * Editions of official forms: which one a form PDF is (read from its footer), which ones a field
 * map was verified against, and which one the agency accepts, from a dated table
 * (pipelines/forms/editions.yaml). An edition the map was not verified against, or one the table
 * does not list as accepted, is a warning on every case that uses it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { whenChanged } from '../source/when-changed.js';
import { parseYaml } from '../source/yaml.js';
import type { FieldMap } from './map.js';
import type { FormEdition } from './open.js';

const tableSchema = z.record(
  z.string(),
  z.strictObject({
    checked: z.string().describe('When the table was last checked against the agency, YYYY-MM-DD'),
    source: z.string().describe('Where the accepted edition was read'),
    verified: z.boolean().describe('Whether the source is the agency itself (false: secondary sources)'),
    accepted: z.array(z.strictObject({ edition: z.string(), from: z.string().optional(), until: z.string().optional() })),
    notes: z.string().optional(),
  }),
);
export type EditionTable = z.infer<typeof tableSchema>;

/** "Form I-589 (Rev. 04/09/19)", or the map's title when the form names no edition. */
export function editionName(map: Pick<FieldMap, 'title'>, edition: FormEdition | null): string {
  return edition ? `Form ${edition.form} (Rev. ${edition.revision})` : `${map.title} (edition not printed on the form)`;
}

/** The dated table beside the field maps (pipelines/forms/editions.yaml). */
export const editionTableFile = (mapFile: string) => path.join(path.dirname(mapFile), 'editions.yaml');

type TableRead = { file: string; table: EditionTable } | { file: string; problem: Problem } | null;

/** The table, read again only when it changes; null when there is none, a problem when it is malformed. */
const readTable = whenChanged(async (file: string): Promise<TableRead> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return { file, problem: parsed.problems[0]! };
  const r = tableSchema.safeParse(parsed.source.value);
  if (r.success) return { file, table: r.data };
  const detail = r.error.issues.map((i) => `${i.path.join('.') || 'the table'}: ${i.message}`).join('; ');
  return { file, problem: problem('pipelineField', { detail }, { file }) };
});

/** Warnings about the form's edition for a case built on `today`. */
export async function checkEdition(map: FieldMap, edition: FormEdition | null, formFile: string, today?: string): Promise<Problem[]> {
  const name = editionName(map, edition);
  const out: Problem[] = [];
  if (!edition || !map.editions.includes(edition.revision)) {
    out.push(problem('formEditionUnverified', { edition: name, verified: map.editions }, { file: formFile }));
  }
  const t = await readTable(editionTableFile(map.file));
  if (t && 'problem' in t) return [...out, { ...t.problem, severity: 'warning' }];
  const formNumber = edition?.form ?? map.title.replace(/^Form\s+/i, '');
  const entry = t?.table[formNumber];
  if (edition && t && entry) {
    const on = today ?? new Date().toISOString().slice(0, 10);
    const ok = entry.accepted.some((a) => a.edition === edition.revision && (!a.from || a.from <= on) && (!a.until || on <= a.until));
    if (!ok) {
      out.push(problem('formEditionNotAccepted', { edition: name, accepted: entry.accepted.map((a) => a.edition), checked: entry.checked, source: entry.source, verified: entry.verified }, { file: t.file }));
    }
  }
  return out;
}
