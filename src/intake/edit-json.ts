/**
 * Saves an edited intake over its file as a person would edit it: only what changed is rewritten,
 * so the file keeps its key order, its layout, and every line nobody touched. A key added goes at
 * the end of its object, a list item at the end of its list, each in the layout of its neighbours.
 */
import { findNodeAtLocation, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
import { formatIntake, writeValue } from './write-format.js';

type Plain = Record<string, unknown>;
const isObject = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The new text of an intake file whose text was `text`, holding `value`. */
export function rewriteIntake(text: string, value: unknown): string {
  let old: unknown;
  try {
    old = JSON.parse(text);
  } catch {
    return formatIntake(value); // the file was not whole JSON: written anew
  }
  let out = text;
  /** One change at a time, each on the text as the last one left it. */
  const edit = (offset: number, length: number, insert: string) => {
    out = out.slice(0, offset) + insert + out.slice(offset + length);
  };
  const nodeAt = (p: JSONPath): Node => findNodeAtLocation(parseTree(out)!, p)!;
  /** The indent of the line a position is on. */
  const indentAt = (offset: number) => /^[ \t]*/.exec(out.slice(out.lastIndexOf('\n', offset - 1) + 1))![0];
  /** A member of an object is its property node; an item of a list is its value node. */
  const member = (n: Node) => (n.parent?.type === 'property' ? n.parent : n);

  const replace = (p: JSONPath, v: unknown) => {
    const n = nodeAt(p);
    const indent = indentAt(n.offset);
    const used = n.offset - out.lastIndexOf('\n', n.offset - 1) - 1;
    edit(n.offset, n.length, writeValue(v, indent, used));
  };
  const remove = (p: JSONPath) => {
    const m = member(nodeAt(p));
    const siblings = m.parent!.children!;
    const i = siblings.indexOf(m);
    if (siblings.length === 1) {
      // The only member: the container is left empty.
      const c = m.parent!;
      edit(c.offset + 1, c.length - 2, '');
    } else if (i > 0) {
      // From the end of the member before it: its comma, the line break, the member.
      const before = siblings[i - 1]!;
      edit(before.offset + before.length, m.offset + m.length - (before.offset + before.length), '');
    } else {
      // The first: up to the start of the next.
      edit(m.offset, siblings[1]!.offset - m.offset, '');
    }
  };
  const append = (p: JSONPath, key: string | undefined, v: unknown) => {
    const c = nodeAt(p);
    const children = c.children ?? [];
    const head = key === undefined ? '' : `${JSON.stringify(key)}: `;
    const last = children.at(-1);
    if (!last) {
      const indent = indentAt(c.offset) + '  ';
      const close = indentAt(c.offset);
      edit(c.offset + 1, c.length - 2, `\n${indent}${head}${writeValue(v, indent, indent.length + head.length)}\n${close}`);
      return;
    }
    const sameLine = !out.slice(c.offset, last.offset).includes('\n');
    if (sameLine) {
      // A one-line object or list stays one line if the new member fits: else it goes on its own line.
      const one = writeValue(v, '', 0);
      if (!one.includes('\n')) return edit(last.offset + last.length, 0, `, ${head}${one}`);
    }
    const indent = sameLine ? indentAt(c.offset) + '  ' : indentAt(last.offset);
    edit(last.offset + last.length, 0, `,\n${indent}${head}${writeValue(v, indent, indent.length + head.length)}`);
  };

  const walk = (a: unknown, b: unknown, p: JSONPath) => {
    if (isObject(a) && isObject(b)) {
      for (const k of Object.keys(a)) if (!(k in b) || b[k] === undefined) remove([...p, k]);
      for (const [k, v] of Object.entries(b)) {
        if (v === undefined) continue;
        if (k in a) walk(a[k], v, [...p, k]);
        else append(p, k, v);
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = a.length - 1; i >= b.length; i--) remove([...p, i]);
      for (let i = 0; i < b.length; i++) {
        if (i < a.length) walk(a[i], b[i], [...p, i]);
        else append(p, undefined, b[i]);
      }
    } else if (!isDeepStrictEqual(a, b)) replace(p, b);
  };
  try {
    walk(old, value, []);
  } catch {
    return formatIntake(value);
  }
  // A file that ended without a line break keeps ending so.
  // Whatever the edits did, the file must hold exactly the value: else it is written anew.
  try {
    if (isDeepStrictEqual(JSON.parse(out), JSON.parse(JSON.stringify(value)))) return out;
  } catch {
    // written anew below
  }
  return formatIntake(value);
}
