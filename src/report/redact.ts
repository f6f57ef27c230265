/**
 * The redaction of an intake for a bug report (issue 13): the intake's shape, with nothing in it
 * that identifies a client. Pure: a value in, a value out, no file read, nothing printed.
 *
 * - Every string becomes a placeholder that says what helps debugging and never a character of
 *   the value: `‹date›`, `‹text: 14 chars, letters+spaces›`, `‹text: 3 lines, 812 chars›`,
 *   `‹text: 9 chars, letters+spaces, Arabic script›`, `‹text: 5 chars, letters, Latin with accents, not NFC›`.
 *   The words a placeholder can hold are fixed (PLACEHOLDER_WORDS); only counts vary.
 * - A string kept as it is only when it is an exact member of an `enum` (or the `const`) of the
 *   intake's JSON schema at that JSON path: "affirmative", "spouse", "political-opinion".
 * - `caseId` (at the root) becomes `‹caseId sha256:1a2b3c4d›`, the first 8 hex digits of its
 *   sha256, so that two reports of one case can be matched.
 * - Numbers become `‹number›` (but an exact `const`, such as `schemaVersion: 1`); booleans and
 *   null are kept.
 * - Keys are kept when the schema knows them at that path, or anywhere in the intake's schema, in
 *   any case (a known key in the wrong place, or `dateofBirth`, is worth seeing); any other key becomes `‹key 1: 11 chars›`,
 *   numbered in its object, since an unknown key may be anything a paralegal typed.
 * - Arrays keep their length; objects keep their keys (known or placeholders) in their order.
 */
import { createHash } from 'node:crypto';
import { isIsoDate } from '../intake/calendar.js';

/** A JSON Schema node, as `asylum-packet schema` prints it (draft 2020-12). */
export type SchemaNode = Record<string, unknown>;

/** The words placeholders are made of (besides digits, spaces and `‹›:+,-`), for the tests. */
export const PLACEHOLDER_WORDS = [
  'text', 'chars', 'char', 'lines', 'line', 'letters', 'digits', 'spaces', 'punctuation', 'symbols', 'other',
  'empty', 'blank', 'date', 'year', 'month', 'day', 'time', 'number', 'key', 'caseId', 'sha256',
  'not', 'NFC', 'a', 'calendar', 'YYYY', 'MM', 'DD', 'order', 'CRLF', 'tabs', 'leading', 'trailing',
  'control', 'characters', 'invisible', 'format', 'emoji', 'replacement', 'unpaired', 'surrogates',
  'script', 'scripts', 'with', 'accents', 'mixed',
  'Latin', 'Arabic', 'Cyrillic', 'Greek', 'Hebrew', 'Chinese', 'Japanese', 'Korean', 'Devanagari',
  'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Ethiopic', 'Thai', 'Lao', 'Khmer', 'Myanmar',
  'Armenian', 'Georgian', 'Sinhala', 'Tibetan', 'Syriac', 'Thaana', 'Mongolian', 'Tifinagh', 'Nko', 'Vai',
  'other',
] as const;

export function shortHash(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8);
}

/** The placeholder of the case id: its short hash, to match two reports of one case. */
export function caseIdPlaceholder(caseId: string): string {
  return `‹caseId sha256:${shortHash(caseId)}›`;
}

const SCRIPTS: [string, RegExp][] = [
  ['Arabic', /\p{Script=Arabic}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Chinese', /\p{Script=Han}/u],
  ['Japanese', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Korean', /\p{Script=Hangul}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Gurmukhi', /\p{Script=Gurmukhi}/u],
  ['Gujarati', /\p{Script=Gujarati}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Lao', /\p{Script=Lao}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Myanmar', /\p{Script=Myanmar}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Sinhala', /\p{Script=Sinhala}/u],
  ['Tibetan', /\p{Script=Tibetan}/u],
  ['Syriac', /\p{Script=Syriac}/u],
  ['Thaana', /\p{Script=Thaana}/u],
  ['Mongolian', /\p{Script=Mongolian}/u],
  ['Tifinagh', /\p{Script=Tifinagh}/u],
  ['Nko', /\p{Script=Nko}/u],
  ['Vai', /\p{Script=Vai}/u],
];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What the letters of a text are written in, in words: "Latin with accents", "Arabic script", "mixed scripts". */
function scriptsOf(s: string): string | undefined {
  const found: string[] = [];
  if (/[^\p{ASCII}]/u.test(s) && /\p{Script=Latin}/u.test(s.replace(/[A-Za-z]/g, ''))) found.push('Latin with accents');
  else if (/[^\p{ASCII}]/u.test(s) && /\p{M}/u.test(s) && /[A-Za-z]/.test(s)) found.push('Latin with accents');
  for (const [name, re] of SCRIPTS) if (re.test(s)) found.push(`${name} script`);
  const otherLetters = s.replace(/\p{Script=Latin}|\p{Script=Common}|\p{Script=Inherited}/gu, '');
  if (found.length === 0 && /\p{L}/u.test(otherLetters)) found.push('other script');
  if (found.length > 2) return 'mixed scripts';
  return found.length ? found.join(', ') : undefined;
}

/** The classes of characters a one-line text has: "letters+spaces", "digits+punctuation". */
function classesOf(s: string): string {
  const classes: string[] = [];
  if (/\p{L}/u.test(s)) classes.push('letters');
  if (/\p{N}/u.test(s)) classes.push('digits');
  if (/\p{Zs}/u.test(s)) classes.push('spaces');
  if (/\p{P}/u.test(s)) classes.push('punctuation');
  if (/[\p{S}]/u.test(s)) classes.push('symbols');
  if (/[^\p{L}\p{N}\p{Zs}\p{P}\p{S}\p{M}\s]/u.test(s) && classes.length === 0) classes.push('other');
  return classes.join('+') || 'other';
}

/** Signs of an encoding or input problem, in words, never showing a character. */
function oddities(s: string): string[] {
  const odd: string[] = [];
  if (s !== s.normalize('NFC')) odd.push('not NFC');
  if (/^\s/u.test(s)) odd.push('leading spaces');
  if (/\s$/u.test(s)) odd.push('trailing spaces');
  if (s.includes('\t')) odd.push('tabs');
  if (CONTROL.test(s)) odd.push('control characters');
  if (/\p{Cf}/u.test(s)) odd.push('invisible format characters');
  if (/\p{Extended_Pictographic}/u.test(s)) odd.push('emoji');
  if (s.includes('\uFFFD')) odd.push('replacement characters');
  if (LONE_SURROGATE.test(s)) odd.push('unpaired surrogates');
  return odd;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A placeholder for any string: its kind (date, year, month, time, text), its length in
 * characters (code points), lines, the classes of its characters, its scripts and its oddities.
 */
export function describeString(s: string): string {
  if (s === '') return '‹empty›';
  const n = [...s].length;
  if (s.trim() === '') return `‹blank: ${count(n, 'char', 'chars')}›`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return isIsoDate(s) ? '‹date›' : '‹date YYYY-MM-DD, not a calendar day›';
  if (/^\d{4}-\d{2}$/.test(s)) return '‹year-month›';
  if (/^(1[89]|20|21)\d{2}$/.test(s)) return '‹year›';
  if (/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) return '‹time›';
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(s)) return `‹date, not YYYY-MM-DD order: ${count(n, 'char', 'chars')}›`;
  const parts: string[] = [];
  const lines = s.split(/\r\n|\r|\n/);
  if (lines.length > 1) {
    parts.push(`${count(lines.length, 'line', 'lines')}, ${count(n, 'char', 'chars')}`);
    if (s.includes('\r\n')) parts.push('CRLF');
  } else {
    parts.push(`${count(n, 'char', 'chars')}, ${classesOf(s)}`);
  }
  const scripts = scriptsOf(s);
  if (scripts) parts.push(scripts);
  parts.push(...oddities(s));
  return `‹text: ${parts.join(', ')}›`;
}

// ── the schema, walked by path ─────────────────────────────────────────────────

/** The schema nodes that may describe a value at a node: through anyOf, oneOf, allOf and $ref. */
function alternatives(node: SchemaNode | undefined, root: SchemaNode, depth = 0): SchemaNode[] {
  if (!node || typeof node !== 'object' || depth > 16) return [];
  const out: SchemaNode[] = [node];
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target && typeof target === 'object') out.push(...alternatives(target as SchemaNode, root, depth + 1));
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[k];
    if (Array.isArray(list)) for (const s of list) out.push(...alternatives(s as SchemaNode, root, depth + 1));
  }
  return out;
}

/** The exact values the schema allows at a node (enum members, const), if it names any. */
function allowedValues(nodes: SchemaNode[]): unknown[] {
  const values: unknown[] = [];
  for (const n of nodes) {
    if (Array.isArray(n.enum)) values.push(...n.enum);
    if ('const' in n) values.push(n.const);
  }
  return values;
}

function propertySchema(nodes: SchemaNode[], key: string): SchemaNode | undefined {
  for (const n of nodes) {
    const props = n.properties as Record<string, SchemaNode> | undefined;
    if (props && Object.prototype.hasOwnProperty.call(props, key)) return props[key];
  }
  return undefined;
}

function itemSchema(nodes: SchemaNode[]): SchemaNode | undefined {
  for (const n of nodes) if (n.items && typeof n.items === 'object' && !Array.isArray(n.items)) return n.items as SchemaNode;
  return undefined;
}

/** Every property name the schema knows, anywhere: the vocabulary of keys a report may show. */
export function schemaVocabulary(root: SchemaNode): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties)) {
      for (const k of Object.keys(o.properties)) names.add(k);
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(root);
  return names;
}

/** A redactor bound to one schema: the intake's JSON schema (intakeJsonSchema()) in the tool. */
export class Redactor {
  /** Every key the schema knows, in lower case: a known key in another case (`dateofBirth`) is kept too. */
  private readonly vocabulary: Set<string>;

  constructor(private readonly root: SchemaNode) {
    this.vocabulary = new Set([...schemaVocabulary(root)].map((k) => k.toLowerCase()));
  }

  /** The value with every string, number and unknown key replaced; the same keys, order and array lengths. */
  redact(value: unknown): unknown {
    return this.walk(value, this.root, []);
  }

  /** What a key of an object is shown as: itself when the schema knows it, else a numbered placeholder. */
  keyShown(obj: Record<string, unknown>, key: string, node: SchemaNode | undefined): string {
    const nodes = alternatives(node, this.root);
    if (this.knownKey(nodes, key)) return key;
    let i = 0;
    for (const k of Object.keys(obj)) {
      if (this.knownKey(nodes, k)) continue;
      i++;
      if (k === key) break;
    }
    return `‹key ${i}: ${count([...key].length, 'char', 'chars')}›`;
  }

  private knownKey(nodes: SchemaNode[], key: string): boolean {
    return propertySchema(nodes, key) !== undefined || this.vocabulary.has(key.toLowerCase());
  }

  /**
   * A JSON path as the tool prints it (`applicant.arrivals[0].date`, formatPath), with each key
   * shown as `redact` shows it. The path is matched against the intake's value, so that a key
   * holding a dot or a bracket is still one key; what the value does not hold (a missing field)
   * is kept only when the schema knows the word.
   */
  redactPath(value: unknown, path: string): string {
    let out = '';
    let rest = path;
    let v: unknown = value;
    let node: SchemaNode | undefined = this.root;
    let first = true;
    while (rest.length) {
      const nodes = alternatives(node, this.root);
      const idx = /^\[(\d+)\]/.exec(rest);
      if (idx) {
        out += idx[0];
        rest = rest.slice(idx[0].length);
        v = Array.isArray(v) ? v[Number(idx[1])] : undefined;
        node = itemSchema(nodes);
        first = false;
        continue;
      }
      if (!first) {
        if (!rest.startsWith('.')) return out + '‹…›';
        rest = rest.slice(1);
      }
      first = false;
      let key: string | undefined;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        // the longest key of the object that the path continues with
        for (const k of Object.keys(v)) {
          if (rest.startsWith(k) && (rest.length === k.length || rest[k.length] === '.' || rest[k.length] === '[') && (key === undefined || k.length > key.length)) key = k;
        }
      }
      if (key !== undefined) {
        out += (out ? '.' : '') + this.keyShown(v as Record<string, unknown>, key, node);
        v = (v as Record<string, unknown>)[key];
      } else {
        const m = /^[^.[]*/.exec(rest)![0];
        key = m;
        out += (out ? '.' : '') + (this.knownKey(nodes, m) ? m : `‹key: ${count([...m].length, 'char', 'chars')}›`);
        v = undefined;
      }
      rest = rest.slice(key.length);
      node = propertySchema(nodes, key);
    }
    return out;
  }

  private walk(value: unknown, node: SchemaNode | undefined, path: (string | number)[]): unknown {
    if (value === null || typeof value === 'boolean') return value;
    const nodes = alternatives(node, this.root);
    if (typeof value === 'string') {
      if (path.length === 1 && path[0] === 'caseId') return caseIdPlaceholder(value);
      if (allowedValues(nodes).some((a) => a === value)) return value;
      return describeString(value);
    }
    if (typeof value === 'number') {
      if (allowedValues(nodes).some((a) => a === value)) return value;
      return '‹number›';
    }
    if (Array.isArray(value)) {
      const item = itemSchema(nodes);
      return value.map((v, i) => this.walk(v, item, [...path, i]));
    }
    if (typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(obj)) {
        const shown = this.keyShown(obj, key, node);
        // defineProperty: a key such as "__proto__" is a plain key here, never the prototype
        Object.defineProperty(out, shown, { value: this.walk(obj[key], propertySchema(nodes, key), [...path, key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    // undefined, functions, bigint: not JSON
    return '‹other›';
  }
}

/** Redacts one value against a schema (a new Redactor each call; keep one for many values). */
export function redactValue(value: unknown, schema: SchemaNode): unknown {
  return new Redactor(schema).redact(value);
}
