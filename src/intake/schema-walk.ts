/** Walking a zod schema by path: what an intake, pipeline or template path names. */
import type { z } from 'zod';
import { intakeSchema } from './schema.js';

/** The schema inside optional, nullable and default wrappers. */
export function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const def = cur.def as { type: string; innerType?: z.ZodType };
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) cur = def.innerType;
    else return cur;
  }
}

/** The field names of an object schema (none for anything else). */
export function fieldsOf(s: z.ZodType): string[] {
  const def = unwrap(s).def as { type: string; shape?: object };
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The schema that describes the value at `path`, looking through optional, nullable and lists. */
export function schemaAt(path: readonly (string | number)[], root: z.ZodType = intakeSchema): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(root);
  for (const part of path) {
    if (!s) return undefined;
    const def = s.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
    if (def.type === 'object' && typeof part === 'string') s = def.shape?.[part];
    else if (def.type === 'array' && typeof part === 'number') s = def.element;
    else return undefined;
    s = s && unwrap(s);
  }
  return s;
}
