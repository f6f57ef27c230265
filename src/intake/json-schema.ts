import { z } from 'zod';
import { intakeSchema } from './schema.js';

/** The JSON Schema of intake files (draft 2020-12), generated from the zod schema, for editors. */
export function intakeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(intakeSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'asylum-packet intake file, version 1',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
