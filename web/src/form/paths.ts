/**
 * Problem paths (`applicant.arrivals[0].date`, `evidence[2].translation.file`, `a["odd.key"]`) and
 * RJSF's ErrorSchema.
 */

/** Written as the server writes them: the same function. */
export { formatPath } from '../../../src/source/json-path.ts';

export type Segment = string | number;

export function parsePath(path: string | undefined): Segment[] {
  if (!path) return [];
  const out: Segment[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(path)) !== null) {
    if (m[0] === '') break;
    last = re.lastIndex;
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  if (last < path.length) return [path];
  return out;
}

type Schema = { [key: string]: unknown };

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return typeof t === 'string' ? t : undefined;
}

/**
 * Whether the form renders a field at this path: every step is a property of the (prepared)
 * schema, every array index is an item the data has, and no step goes inside an optional object
 * left empty (the form shows such an object as one "fill in" button, not its fields).
 */
export function pathIsRendered(schema: Schema, data: unknown, segments: readonly Segment[]): boolean {
  if (segments.length === 0) return false;
  let node: Schema | undefined = schema;
  let value: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (!node) return false;
    const type = typeOf(node);
    if (typeof seg === 'number') {
      if (type !== 'array' || !Array.isArray(value) || seg >= value.length) return false;
      node = node.items as Schema | undefined;
      value = value[seg];
    } else {
      if (type !== 'object') return false;
      const props = node.properties as Record<string, Schema> | undefined;
      if (!props || !Object.prototype.hasOwnProperty.call(props, seg)) return false;
      const required = Array.isArray(node.required) && (node.required as unknown[]).includes(seg);
      node = props[seg];
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
      const last = i === segments.length - 1;
      if (!last && node && typeOf(node) === 'object' && (value === undefined || value === null) && !required) return false;
    }
  }
  return !!node;
}

export interface ErrorSchemaNode {
  __errors?: string[];
  [key: string]: ErrorSchemaNode | string[] | undefined;
}

export function addError(root: ErrorSchemaNode, segments: readonly Segment[], message: string): void {
  let node = root;
  for (const seg of segments) {
    const k = String(seg);
    let next = node[k] as ErrorSchemaNode | undefined;
    if (!next || Array.isArray(next)) {
      next = {};
      node[k] = next;
    }
    node = next;
  }
  (node.__errors ??= []).push(message);
}
