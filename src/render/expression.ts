/**
 * The expressions inside Word template tags ({applicant.sex == "female" ? "She" : "He"},
 * {derived.filingDate | longDate}): parsed by angular-expressions, evaluated here.
 *
 * Why not let angular-expressions evaluate them, as docxtemplater's stock parser does? Every
 * evaluation there deletes Function.prototype.constructor and puts it back (a guard against code
 * injection). Each time, V8 throws away the optimised machine code of every function whose
 * assumptions involve that prototype, across all libraries: a build spent a third of its CPU
 * recompiling. This evaluator never calls anything but the pipeline's filters and reads only
 * the data's own properties, so it needs no such guard, and the parse of a tag is kept for the
 * whole process (templates repeat the same tags for every case).
 */
import expressions from 'angular-expressions';

/** A node of angular-expressions' syntax tree (the parts this evaluator reads). */
interface Node {
  type: string;
  body?: Node[];
  expression?: Node;
  name?: string;
  value?: unknown;
  object?: Node;
  property?: Node;
  computed?: boolean;
  callee?: Node;
  arguments?: Node[];
  filter?: boolean;
  operator?: string;
  prefix?: boolean;
  argument?: Node;
  left?: Node;
  right?: Node;
  test?: Node;
  /** angular's names: `alternate` is the value when the test holds, `consequent` when not. */
  alternate?: Node;
  consequent?: Node;
  elements?: Node[];
  properties?: { key: Node; value: Node; computed: boolean }[];
}

/** What docxtemplater hands a parser's `get`: the loop scopes, innermost last. */
export interface ScopeContext {
  scopeList: unknown[];
  scopePathItem?: unknown[];
  scopeTypes?: string[];
}

export type Filter = (input: unknown, ...args: unknown[]) => unknown;
export type Filters = Readonly<Record<string, Filter>>;

/** Property names that lead out of the data into the language itself. */
const FORBIDDEN = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

// Identifiers may use any letter (a field such as "année"), as in docxtemplater's own parser.
const identifierStart = (ch: string) => /[\p{L}\p{Nl}$_]/u.test(ch);
const identifierContinue = (ch: string) => /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]/u.test(ch);
// A lone "." means the current item of a loop ({#languages}{.}{/languages}).
const LONE_DOT = /([\][\s+()*|:/-]+|^)\.([\][\s+()*|:/-]+|$)/g;

interface Compiled {
  ast: Node;
}

/** Parses a tag once per process; a syntax error or an unknown filter throws, as a compile error. */
function compile(tag: string, filters: Filters, cache: Map<string, Compiled>): Compiled {
  const hit = cache.get(tag);
  if (hit) return hit;
  const { ast } = expressions.compile(tag, { csp: true, filters, isIdentifierStart: identifierStart, isIdentifierContinue: identifierContinue } as never) as unknown as { ast: Node };
  refuseUnsupported(ast);
  const compiled = { ast };
  cache.set(tag, compiled);
  return compiled;
}

/** Calls other than filters, and assignments, are refused when the template is read. */
function refuseUnsupported(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(refuseUnsupported);
  if (!value || typeof value !== 'object') return;
  const node = value as Node;
  if (node.type === 'CallExpression' && !node.filter) throw new Error('a template cannot call functions; use a filter instead (for example {names | joinAnd})');
  if (node.type === 'AssignmentExpression') throw new Error('a template cannot assign values; compute the value in the data instead');
  if (node.type === 'LocalsExpression') throw new Error('$locals is not available in templates');
  Object.values(node).forEach(refuseUnsupported);
}

/** The loop index of the innermost loop over a list, for {$index}. */
function loopIndex(context: ScopeContext): unknown {
  const items = context.scopePathItem ?? [];
  const types = context.scopeTypes ?? [];
  for (let i = items.length - 1; i >= 0; i--) if (types[i] === 'array') return items[i];
  return undefined;
}

/** A name is looked up in the current scope, then in each enclosing loop's, outwards. */
function lookup(name: string, scope: unknown, context: ScopeContext): unknown {
  if (name === 'this') return scope;
  if (name === '$index') return loopIndex(context);
  if (scope == null) return undefined;
  if (typeof scope === 'object' && hasOwn(scope, name) && (scope as Record<string, unknown>)[name] != null) return read(scope, name);
  const list = context.scopeList;
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i];
    if (s != null && typeof s === 'object' && hasOwn(s, name) && (s as Record<string, unknown>)[name] != null) return read(s, name);
  }
  return undefined;
}

/** Reads an own property of the data (an object's field, an array's item, a length). */
function read(obj: unknown, key: unknown): unknown {
  if (obj == null || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
  const k = String(key);
  if (FORBIDDEN.has(k)) throw new Error(`"${k}" cannot be read in a template`);
  if (typeof obj !== 'object' && typeof obj !== 'string') return undefined;
  if (!hasOwn(Object(obj), k)) return undefined;
  const value = (obj as Record<string, unknown>)[k];
  return typeof value === 'function' ? undefined : value;
}

function binary(op: string, l: unknown, r: unknown): unknown {
  const a = l as number;
  const b = r as number;
  switch (op) {
    case '+':
      return l == null ? r : r == null ? l : (l as string) + (r as string);
    case '-':
      return l == null || r == null ? undefined : a - b;
    case '*':
      return l == null || r == null ? undefined : a * b;
    case '/':
      return l == null || r == null ? undefined : a / b;
    case '%':
      return l == null || r == null ? undefined : a % b;
    case '===':
      return l === r;
    case '!==':
      return l !== r;
    case '==':
      return l == r;
    case '!=':
      return l != r;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      throw new Error(`the operator "${op}" is not supported in templates`);
  }
}

function evaluate(node: Node, scope: unknown, context: ScopeContext, filters: Filters): unknown {
  const ev = (n: Node) => evaluate(n, scope, context, filters);
  switch (node.type) {
    case 'Program': {
      let last: unknown;
      for (const statement of node.body ?? []) last = ev(statement);
      return last;
    }
    case 'ExpressionStatement':
      return ev(node.expression!);
    case 'Literal':
      return node.value;
    case 'Identifier':
      return lookup(node.name!, scope, context);
    case 'ThisExpression':
      return scope;
    case 'MemberExpression': {
      const obj = ev(node.object!);
      const key = node.computed ? ev(node.property!) : node.property!.name;
      return read(obj, key);
    }
    case 'FilterExpression':
    case 'CallExpression': {
      // Only filters reach here (other calls are refused when the tag is parsed).
      const name = node.callee!.name!;
      const filter = hasOwn(filters, name) ? filters[name] : undefined;
      if (!filter) throw new Error(`Filter '${name}' is not defined`);
      const [input, ...args] = (node.arguments ?? []).map(ev);
      return filter(input, ...args);
    }
    case 'UnaryExpression': {
      const v = ev(node.argument!);
      if (node.operator === '!') return !v;
      if (node.operator === '-') return v === undefined ? -0 : -(v as number);
      if (node.operator === '+') return v === undefined ? 0 : +(v as number);
      throw new Error(`the operator "${node.operator}" is not supported in templates`);
    }
    case 'LogicalExpression':
    case 'BinaryExpression': {
      const op = node.operator!;
      if (op === '&&') return ev(node.left!) && ev(node.right!);
      if (op === '||') return ev(node.left!) || ev(node.right!);
      if (op === '??') return ev(node.left!) ?? ev(node.right!);
      return binary(op, ev(node.left!), ev(node.right!));
    }
    case 'ConditionalExpression':
      return ev(node.test!) ? ev(node.alternate!) : ev(node.consequent!);
    case 'ArrayExpression':
      return (node.elements ?? []).map(ev);
    case 'ObjectExpression': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const p of node.properties ?? []) {
        const key = p.computed ? ev(p.key) : p.key.type === 'Identifier' ? p.key.name : p.key.value;
        if (FORBIDDEN.has(String(key))) throw new Error(`"${String(key)}" cannot be used as a key in a template`);
        out[String(key)] = ev(p.value);
      }
      return out;
    }
    default:
      throw new Error(`"${node.type}" is not supported in templates`);
  }
}

/** A docxtemplater `parser` that reads tags with the given filters. */
export function expressionParser(filters: Filters) {
  const cache = new Map<string, Compiled>();
  return (rawTag: string) => {
    let tag = rawTag.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
    for (let next = tag.replace(LONE_DOT, '$1this$2'); next !== tag; next = tag.replace(LONE_DOT, '$1this$2')) tag = next;
    const { ast } = compile(tag, filters, cache);
    return {
      get: (scope: unknown, context: ScopeContext) => evaluate(ast, scope, context, filters),
    };
  };
}
