/**
 * Fills a text template (handlebars: `.md.hbs`, `.txt.hbs`, `.html.hbs`) with the same filters
 * as the Word templates, as helpers: `{{longDate applicant.dateOfBirth}}`. Strict: a value the
 * case lacks is an error naming the tag and its line:column, never an empty string. HTML
 * templates escape their values; Markdown and text print them as they are.
 */
import Handlebars from 'handlebars';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { FILTERS } from './filters.js';

type AST = hbs.AST.Program;
type Loc = { start: { line: number; column: number } } | undefined;
type Node = hbs.AST.Node;

/** The helper that prints a plain `{{path}}` and refuses a missing value. */
const VALUE_HELPER = 'ap$value';

/**
 * One handlebars environment and one compiled function per template source, for the whole
 * process: compiling generates JavaScript, and fresh code for every case kept V8 busy compiling
 * it again. Bounded, so that a long-running watcher seeing edited templates does not grow.
 */
const COMPILED_LIMIT = 500;
const compiled = new Map<string, HandlebarsTemplateDelegate>();
function cachedCompile(key: string, make: () => HandlebarsTemplateDelegate): HandlebarsTemplateDelegate {
  let t = compiled.get(key);
  if (!t) {
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(key, (t = make()));
  }
  return t;
}

let shared: typeof Handlebars | undefined;
const environment = () => (shared ??= createEnvironment(false));
let lenient: typeof Handlebars | undefined;
const lenientEnvironment = () => (lenient ??= createEnvironment(true));

/** `forgiving`: a filter given no value gives "" (form fields, whose blank answer is "N/A"). */
function createEnvironment(forgiving: boolean) {
  const env = Handlebars.create();
  for (const [name, fn] of Object.entries(FILTERS)) {
    env.registerHelper(name, (...args: unknown[]) => {
      const options = args.pop() as { loc?: Loc };
      if (forgiving && (args[0] === undefined || args[0] === null)) return '';
      try {
        return (fn as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        throw new HelperFailure((err as Error).message, name, options.loc);
      }
    });
  }
  env.registerHelper(VALUE_HELPER, (value: unknown, options: { hash: { tag: string }; loc?: Loc }) => {
    if (value === undefined || value === null) throw new MissingValue(options.hash.tag, options.loc);
    return value;
  });
  return env;
}

class MissingValue extends Error {
  constructor(readonly tag: string, readonly loc: Loc) {
    super(`no value for {{${tag}}}`);
  }
}

class HelperFailure extends Error {
  constructor(message: string, readonly helper: string, readonly loc: Loc) {
    super(message);
  }
}

const position = (loc: Loc) => (loc ? { line: loc.start.line, column: loc.start.column + 1 } : {});

export function parseText(file: string, source: string): AST {
  try {
    return Handlebars.parse(source);
  } catch (err) {
    const e = err as Error & { lineNumber?: number; column?: number };
    const m = /Parse error on line (\d+)/.exec(e.message);
    const line = e.lineNumber ?? (m ? Number(m[1]) : undefined);
    // Handlebars says "Parse error on line N:", the source line, a caret, then what it expected.
    const detail = /got 'EOF'/.test(e.message)
      ? 'the template ends while a block is still open: a {{/…}} is missing'
      : e.message.split('\n').filter((l) => l.trim() && !l.startsWith('Parse error')).join(' ').replace(/\s+/g, ' ');
    throw new PacketError(problem('templateSyntax', { detail: `the template cannot be read: ${detail}` }, { file, ...(line ? { line } : {}) }), { cause: err });
  }
}

/** Rewrites every plain `{{path}}` into the strict value helper, keeping its position. */
function strictValues(node: Node): void {
  const n = node as Node & { body?: Node[]; program?: Node; inverse?: Node };
  for (const child of n.body ?? []) {
    if (child.type === 'MustacheStatement') {
      const m = child as hbs.AST.MustacheStatement;
      if (m.path.type === 'PathExpression' && m.params.length === 0 && !(m.hash?.pairs.length)) {
        // Every filter needs a value, so a bare {{name}} is always data, even where a field is
        // called like a filter (a derivative's fullName, an exhibit's language).
        const original = (m.path as hbs.AST.PathExpression).original;
        m.params = [m.path];
        m.path = { type: 'PathExpression', data: false, depth: 0, parts: [VALUE_HELPER], original: VALUE_HELPER, loc: m.path.loc } as hbs.AST.PathExpression;
        m.hash = { type: 'Hash', pairs: [{ type: 'HashPair', key: 'tag', value: { type: 'StringLiteral', value: original, original, loc: m.loc }, loc: m.loc }], loc: m.loc } as unknown as hbs.AST.Hash;
      }
    }
    strictValues(child);
  }
  if (n.program) strictValues(n.program);
  if (n.inverse) strictValues(n.inverse);
}

/**
 * A short handlebars pattern with the filters as helpers, for values such as a form field's
 * (`{{shortDate applicant.dateOfBirth}}`). Lenient: a missing value prints nothing, because a
 * form's own blank-answer rule ("N/A") then applies. Filters still refuse bad input.
 */
export function compilePattern(source: string): (data: object) => string {
  return cachedCompile(`pattern\0${source}`, () => environment().compile(source, { noEscape: true, strict: false }));
}

/**
 * A field map's value pattern: the filters are helpers, and a filter given no value gives "" (the
 * paths were checked against the model when the map loaded, so a missing value is an unanswered
 * question, not a typo). A filter that cannot format a value it was given throws FormValueError.
 */
export function compileFormValue(source: string): (data: object) => string {
  const t = cachedCompile(`form\0${source}`, () => lenientEnvironment().compile(source, { noEscape: true, strict: false }));
  return (data) => {
    try {
      return t(data);
    } catch (err) {
      if (err instanceof HelperFailure) throw new FormValueError(err.message, err.helper);
      throw err;
    }
  };
}

export class FormValueError extends Error {
  constructor(message: string, readonly helper: string) {
    super(message);
    this.name = 'FormValueError';
  }
}

/**
 * A plain handlebars pattern (no filters as helpers), strict: a missing value throws. For file
 * names and page-number formats, where `{{language}}` must mean the field, never the filter.
 */
export function compileStrict(source: string): HandlebarsTemplateDelegate {
  return cachedCompile(`strict\0${source}`, () => Handlebars.compile(source, { noEscape: true, strict: true }));
}

export function renderText(file: string, source: string, data: object): string {
  const escape = /\.html?\.hbs$/i.test(file);
  const template = cachedCompile(`${escape ? 'html' : 'text'}\0${file}\0${source}`, () => {
    const ast = parseText(file, source);
    strictValues(ast);
    return environment().compile(ast, { noEscape: !escape, strict: false, knownHelpersOnly: false });
  });
  try {
    return template(data);
  } catch (err) {
    if (err instanceof MissingValue) throw new PacketError(problem('templateValueMissing', { tag: `{{${err.tag}}}` }, { file, ...position(err.loc), tag: err.tag }), { cause: err });
    if (err instanceof HelperFailure) throw new PacketError(problem('templateRender', { detail: err.message }, { file, ...position(err.loc), tag: err.helper }), { cause: err });
    const e = err as Error & { lineNumber?: number; column?: number };
    throw new PacketError(problem('templateRender', { detail: e.message }, { file, ...(e.lineNumber ? { line: e.lineNumber, column: (e.column ?? 0) + 1 } : {}) }), { cause: err });
  }
}
