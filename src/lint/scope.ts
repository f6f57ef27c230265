/**
 * Resolves a template's field paths against the model schema, with the scopes that loops open:
 * inside `{#chronology}` a tag names a field of the entry first, then of the whole model.
 */
import { z } from 'zod';
import { fieldsOf, unwrap } from '../intake/schema-walk.js';
import { closest } from '../intake/suggest.js';


export type Resolved = { schema: z.ZodType } | { any: true };

const typeOf = (s: z.ZodType) => (unwrap(s).def as { type: string }).type;

/** The schema at `parts` below `root`; `length` of a list is a number; below `any`, anything goes. */
export function resolvePath(root: z.ZodType, parts: string[]): Resolved | undefined {
  let s = unwrap(root);
  for (const part of parts) {
    const def = s.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
    if (def.type === 'any' || def.type === 'unknown') return { any: true };
    if (def.type === 'record' && def.valueType) {
      s = unwrap(def.valueType);
      continue;
    }
    if (def.type === 'object' && def.shape?.[part]) s = unwrap(def.shape[part]);
    else if (def.type === 'array' && part === 'length') s = z.number();
    else if (def.type === 'array' && /^\d+$/.test(part) && def.element) s = unwrap(def.element);
    else return undefined;
  }
  return (s.def as { type: string }).type === 'any' ? { any: true } : { schema: s };
}

/** What a loop over `resolved` makes the scope inside it: a list's entry, an object, or nothing new. */
export function innerScope(resolved: Resolved | undefined): z.ZodType | undefined {
  if (!resolved) return undefined;
  if ('any' in resolved) return z.any();
  const def = unwrap(resolved.schema).def as { type: string; element?: z.ZodType };
  if (def.type === 'array' && def.element) return def.element;
  if (def.type === 'object') return resolved.schema;
  return undefined;
}

/** Resolves a path in the innermost scope that has its first name, as the renderers do. */
export function resolveInScopes(scopes: z.ZodType[], parts: string[]): Resolved | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const first = parts[0];
    const scope = scopes[i]!;
    if (typeOf(scope) === 'any') return { any: true };
    if (first !== undefined && !fieldsOf(scope).includes(first)) continue;
    return resolvePath(scope, parts);
  }
  return undefined;
}

/** The nearest known path, for "did you mean": the longest prefix that resolves, then the closest field. */
export function suggestPath(scopes: z.ZodType[], parts: string[]): string | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    let s: z.ZodType | undefined = scope;
    const good: string[] = [];
    for (const part of parts) {
      const fields = s ? fieldsOf(s) : [];
      if (fields.includes(part)) {
        good.push(part);
        const r = resolvePath(scope, good);
        s = r && 'schema' in r ? innerScopeOrSelf(r.schema) : undefined;
        continue;
      }
      const near = closest(part, fields);
      if (near && (good.length > 0 || i === scopes.length - 1)) return [...good, near, ...parts.slice(good.length + 1)].join('.');
      break;
    }
  }
  return undefined;
}

function innerScopeOrSelf(s: z.ZodType): z.ZodType {
  return innerScope({ schema: s }) ?? s;
}
