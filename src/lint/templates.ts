/**
 * `lint-templates`: lists the tags of every template and checks each field path against the
 * model (intake fields, derived values, prepared lists) and each filter against the filter
 * table, so a typo such as {applicant.name.famly} fails before any case is built.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import InspectModule from 'docxtemplater/js/inspect-module.js';
import type { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Location, type Problem } from '../errors/problem.js';
import { closest } from '../intake/suggest.js';
import type { Pipeline } from '../pipeline/load.js';
import { compileDocx, tagLocation } from '../render/docx.js';
import { paragraphLocator } from '../render/docx-locate.js';
import { FILTER_NAMES } from '../render/filters.js';
import { modelSchema } from '../render/model.js';
import { parseText } from '../render/text.js';
import { expressionParts } from './expressions.js';
import { innerScope, resolveInScopes, resolvePath, suggestPath } from './scope.js';

export interface TemplateLint {
  /** Path relative to the templates folder. */
  template: string;
  file: string;
  tags: string[];
  problems: Problem[];
}

const TEMPLATE_FILE = /\.(docx|hbs)$/i;

/** Every template in the folder (and its subfolders, but for `authoring/`), each linted. */
export async function lintTemplates(templatesDir: string, pipelines: Pipeline[] = []): Promise<TemplateLint[]> {
  const entries = await readdir(templatesDir, { recursive: true });
  const names = entries.map(String).filter((n) => TEMPLATE_FILE.test(n) && !n.startsWith(`authoring${path.sep}`) && !path.basename(n).startsWith('~$')).sort();
  const forEachOf = new Map<string, string>();
  for (const p of pipelines) for (const s of p.steps) {
    const t = s.bound.template;
    if (t?.forEach && !forEachOf.has(t.name)) forEachOf.set(t.name, t.forEach);
  }
  return Promise.all(names.map((n) => lintTemplate(path.join(templatesDir, n), n, forEachOf.get(n.split(path.sep).join('/')))));
}

/** The model as a template sees it; with `forEach`, `item` is an entry of that list. */
function rootScope(forEach: string | undefined): z.ZodType {
  if (!forEach) return modelSchema;
  const list = resolvePath(modelSchema, forEach.split('.'));
  const item = innerScope(list);
  return item ? modelSchema.extend({ item }) : modelSchema;
}

async function lintTemplate(file: string, name: string, forEach?: string): Promise<TemplateLint> {
  const bytes = await readFile(file);
  try {
    return name.toLowerCase().endsWith('.docx') ? lintDocx(file, name, bytes, rootScope(forEach)) : lintHandlebars(file, name, bytes.toString('utf8'), rootScope(forEach));
  } catch (err) {
    if (err instanceof PacketError) return { template: name, file, tags: [], problems: err.problems };
    throw err;
  }
}

interface DocxTag {
  value: string;
  module?: string;
  inverted?: boolean;
  offset?: number;
  subparsed?: DocxTag[];
  type: string;
}

function lintDocx(file: string, name: string, bytes: Buffer, root: z.ZodType): TemplateLint {
  const inspect = new (InspectModule as unknown as new () => { getAllStructuredTags(): DocxTag[] })();
  const { zip } = compileDocx(file, bytes, { modules: [inspect] });
  const locate = paragraphLocator(zip.file('word/document.xml')?.asText() ?? '');
  const tags: string[] = [];
  const problems: Problem[] = [];
  const walk = (list: DocxTag[], scopes: z.ZodType[]) => {
    for (const t of list) {
      if (t.type !== 'placeholder') continue;
      const shown = t.module === 'loop' ? `{${t.inverted ? '^' : '#'}${t.value}}` : `{${t.value}}`;
      tags.push(shown);
      const loc = tagLocation(file, locate, t.value, t.offset ?? 0);
      const { paths, filters } = expressionParts(t.value);
      problems.push(...checkPaths(shown, paths, scopes, loc), ...checkFilters(shown, filters, loc));
      if (t.subparsed) {
        const inner = t.module === 'loop' && !t.inverted && paths.length === 1 ? innerScope(resolveInScopes(scopes, paths[0]!)) : undefined;
        walk(t.subparsed, inner ? [...scopes, inner] : scopes);
      }
    }
  };
  walk(inspect.getAllStructuredTags(), [root]);
  return { template: name, file, tags, problems };
}

function checkPaths(shown: string, paths: string[][], scopes: z.ZodType[], loc: Location): Problem[] {
  return paths.flatMap((parts) => {
    if (resolveInScopes(scopes, parts)) return [];
    const suggestion = suggestPath(scopes, parts);
    return [problem('templateUnknownPath', { tag: shown, path: parts.join('.'), ...(suggestion ? { suggestion } : {}) }, loc)];
  });
}

function checkFilters(shown: string, filters: string[], loc: Location): Problem[] {
  return filters.flatMap((f) => {
    if ((FILTER_NAMES as string[]).includes(f)) return [];
    const suggestion = closest(f, FILTER_NAMES);
    return [problem('templateUnknownFilter', { tag: shown, filter: f, known: FILTER_NAMES, ...(suggestion ? { suggestion } : {}) }, loc)];
  });
}

const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);

export function lintHandlebars(file: string, name: string, source: string, root: z.ZodType): TemplateLint {
  const ast = parseText(file, source);
  const tags: string[] = [];
  const problems: Problem[] = [];
  const at = (node: hbs.AST.Node, tag: string): Location => ({ file, line: node.loc.start.line, column: node.loc.start.column + 1, tag });

  const pathParts = (p: hbs.AST.PathExpression): string[] | undefined => (p.data || p.original === 'this' || p.original === '.' ? undefined : p.parts);
  const scopeAt = (scopes: z.ZodType[], depth: number) => scopes.slice(0, Math.max(1, scopes.length - depth));
  const checkExpr = (e: hbs.AST.Expression, scopes: z.ZodType[], shown: string, node: hbs.AST.Node) => {
    if (e.type === 'PathExpression') {
      const p = e as hbs.AST.PathExpression;
      const parts = pathParts(p);
      if (parts) problems.push(...checkPaths(shown, [parts], scopeAt(scopes, p.depth), at(node, p.original)));
    } else if (e.type === 'SubExpression') {
      const s = e as hbs.AST.SubExpression;
      checkHelper(s.path as hbs.AST.PathExpression, shown, node);
      for (const param of s.params) checkExpr(param, scopes, shown, node);
    }
  };
  const checkHelper = (p: hbs.AST.PathExpression, shown: string, node: hbs.AST.Node) => {
    if (BLOCK_HELPERS.has(p.original)) return;
    problems.push(...checkFilters(shown, [p.original], at(node, p.original)));
  };

  const walk = (program: hbs.AST.Program | undefined, scopes: z.ZodType[]) => {
    for (const node of program?.body ?? []) {
      if (node.type === 'MustacheStatement') {
        const m = node as hbs.AST.MustacheStatement;
        const shown = source.slice(offsetOf(source, m.loc.start), offsetOf(source, m.loc.end));
        tags.push(shown);
        if (m.params.length === 0) checkExpr(m.path, scopes, shown, m);
        else {
          checkHelper(m.path as hbs.AST.PathExpression, shown, m);
          for (const param of m.params) checkExpr(param, scopes, shown, m);
        }
      } else if (node.type === 'BlockStatement') {
        const b = node as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        const shown = `{{#${helper}${b.params.map((p) => ` ${(p as hbs.AST.PathExpression).original ?? ''}`).join('')}}}`;
        tags.push(shown);
        checkHelper(b.path as hbs.AST.PathExpression, shown, b);
        for (const param of b.params) checkExpr(param, scopes, shown, b);
        const first = b.params[0];
        const opens = (helper === 'each' || helper === 'with') && first?.type === 'PathExpression';
        const inner = opens ? innerScope(resolveInScopes(scopeAt(scopes, (first as hbs.AST.PathExpression).depth), pathParts(first as hbs.AST.PathExpression) ?? [])) : undefined;
        walk(b.program, inner ? [...scopes, inner] : scopes);
        walk(b.inverse, scopes);
      }
    }
  };
  walk(ast, [root]);
  return { template: name, file, tags, problems };
}

function offsetOf(source: string, pos: { line: number; column: number }): number {
  let offset = 0;
  for (let line = 1; line < pos.line; line++) offset = source.indexOf('\n', offset) + 1;
  return offset + pos.column;
}
