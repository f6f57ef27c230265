/**
 * Lints a handlebars (text) template: every tag's paths against the model, with the scope of each
 * {{#each}} and {{#with}}, and every helper against the filter table. Field maps use it too.
 */
import type { z } from 'zod';
import type { Location, Problem } from '../errors/problem.js';
import { parseText } from '../render/text.js';
import { checkFilters, checkPaths, type TemplateLint } from './checks.js';
import { innerScope, resolveInScopes } from './scope.js';

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
