/**
 * Editions of official forms: which one a form PDF is (read from its footer), which ones a field
 * map was verified against, and which one the agency accepts, from a dated table
 * (pipelines/forms/editions.yaml). An edition the map was not verified against, or one the table
 * does not list as accepted, is a warning on every case that uses it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
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

/** The dated table beside the field maps (pipelines/forms/editions.yaml), or null when absent or unreadable. */
export function readEditionTable(mapFile: string): { file: string; table: EditionTable } | null {
  const file = path.join(path.dirname(mapFile), 'editions.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return null;
  const r = tableSchema.safeParse(parsed.source.value);
  return r.success ? { file, table: r.data } : null;
}

/** Warnings about the form's edition for a case built on `today`. */
export function checkEdition(map: FieldMap, edition: FormEdition | null, formFile: string, today?: string): Problem[] {
  const name = editionName(map, edition);
  const out: Problem[] = [];
  if (!edition || !map.editions.includes(edition.revision)) {
    out.push(problem('formEditionUnverified', { edition: name, verified: map.editions }, { file: formFile }));
  }
  const t = readEditionTable(map.file);
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
