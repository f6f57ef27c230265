/**
 * Parses a JSON file keeping positions, so that any JSON path can be mapped back to a line and
 * column. Strict JSON: no comments, no trailing commas, no key written twice.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { MAX_INTAKE_DEPTH } from '../limits.js';
import { LineIndex } from './lines.js';
import { decodeText } from './text.js';

import { formatPath, type JsonPath } from './json-path.js';
export { formatPath, type JsonPath } from './json-path.js';

export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
  tree: Node;
  lines: LineIndex;
}

export type ParsedJson = { ok: true; source: JsonSource } | { ok: false; problems: Problem[] };

const SYNTAX_WORDS: Record<string, string> = {
  InvalidSymbol: 'a character that does not belong in JSON',
  InvalidNumberFormat: 'a number written in a form JSON does not allow',
  PropertyNameExpected: 'a field name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon ":" was expected after the field name',
  CommaExpected: 'a comma "," was expected between two entries',
  CloseBraceExpected: 'a closing brace "}" was expected; the file may be cut short',
  CloseBracketExpected: 'a closing bracket "]" was expected; the file may be cut short',
  EndOfFileExpected: 'the file should end here, but more text follows',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a text value is not closed with a double quote',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid backslash escape (write \\\\ for a backslash)',
  InvalidCharacter: 'a control character (such as a raw line break or tab) inside a text value; write \\n or \\t',
};

export interface ParseJsonOptions {
  /** Deepest nesting of objects and lists accepted (default MAX_INTAKE_DEPTH, limits.ts). */
  maxDepth?: number;
}

/**
 * Parses strict JSON. Nesting deeper than `maxDepth` is refused (AP1007, at the bracket that goes
 * too deep) before the parser, which recurses, sees the text: a file of 100,000 `[` is a located
 * problem, never a stack overflow.
 */
export function parseJson(file: string, bytes: Uint8Array, opts: ParseJsonOptions = {}): ParsedJson {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const at = new LineIndex(decoded.textBefore).position(decoded.textBefore.length);
    return { ok: false, problems: [problem('notUtf8', { byte: decoded.badByte.toString(16).toUpperCase().padStart(2, '0') }, { file, ...at })] };
  }
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, problems: [problem('emptyFile', {}, { file, line: 1, column: 1 })] };

  const lines = new LineIndex(text);
  const maxDepth = opts.maxDepth ?? MAX_INTAKE_DEPTH;
  const deep = tooDeepAt(text, maxDepth);
  if (deep >= 0) return { ok: false, problems: [problem('intakeTooDeep', { depth: maxDepth }, { file, ...lines.position(deep) })] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Later syntax errors are mostly echoes of the first one; the first is where the file broke.
  const first = errors[0];
  if (first || !tree) {
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const at = lines.position(first?.offset ?? 0);
    return { ok: false, problems: [problem('jsonSyntax', { detail: SYNTAX_WORDS[code] ?? code }, { file, ...at })] };
  }
  const problems = duplicateKeys(tree, file, lines);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, source: { file, text, value: getNodeValue(tree), tree, lines } };
}

/**
 * Offset of the first `{` or `[` (outside strings) that opens a level deeper than `maxDepth`, or
 * -1. One pass, no recursion; brackets in broken JSON are counted the same way.
 */
export function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
  }
  return -1;
}

function duplicateKeys(root: Node, file: string, lines: LineIndex): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: Node, path: JsonPath) => {
    if (node.type === 'object') {
      const seen = new Map<string, Node>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const earlier = seen.get(key);
        if (earlier) {
          problems.push(
            problem('duplicateKey', { key, firstLine: lines.position(earlier.offset).line }, { file, path: formatPath([...path, key]), ...lines.position(keyNode.offset) }),
          );
        } else seen.set(key, keyNode);
        if (valueNode) visit(valueNode, [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, [...path, i]));
    }
  };
  visit(root, []);
  return problems;
}


/**
 * Line and column of the value at `path`, or of the nearest enclosing value that exists
 * (a missing field is reported at the object that should hold it).
 * With `key: true`, the position of the field's name rather than its value.
 */
export function locate(source: JsonSource, path: JsonPath, opts: { key?: boolean } = {}): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(source.tree, [...path.slice(0, n)]);
    if (!node) continue;
    const target = opts.key && n === path.length && node.parent?.type === 'property' ? node.parent.children?.[0] ?? node : node;
    return source.lines.position(target.offset);
  }
  return { line: 1, column: 1 };
}

/** A problem's location in the file: the file, the path as written, line and column. */
export function locationAt(source: JsonSource, path: JsonPath, opts: { key?: boolean } = {}): { file: string; path: string; line: number; column: number } {
  return { file: source.file, path: formatPath(path), ...locate(source, path, opts) };
}

/** The value at `path` in the parsed document, or undefined. */
export function valueAt(source: JsonSource, path: JsonPath): unknown {
  let v: unknown = source.value;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}
