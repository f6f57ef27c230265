/** The words anyone may read in a redacted report: every key the intake's schema knows and every enum member, in lower case. */
import { intakeJsonSchema } from '../../src/intake/json-schema.js';
import { schemaVocabulary, type SchemaNode } from '../../src/report/redact.js';

export function publicWords(schema = intakeJsonSchema() as SchemaNode): Set<string> {
  const words = new Set([...schemaVocabulary(schema)].map((w) => w.toLowerCase()));
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.enum)) for (const v of o.enum) if (typeof v === 'string') words.add(v.toLowerCase());
    Object.values(o).forEach(walk);
  };
  walk(schema);
  return words;
}
