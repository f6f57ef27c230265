/**
 * Checks a field map's paths and value patterns against the model, as lint-templates checks
 * templates: a typo such as {{applicant.name.famly}} fails the form step, naming the entry, instead
 * of silently writing "N/A" on an official form.
 */
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { innerScope, resolveInScopes, resolvePath, suggestPath } from '../lint/scope.js';
import { lintHandlebars } from '../lint/handlebars.js';
import { modelSchema } from '../render/model.js';
import type { JsonPath } from '../source/json.js';
import type { FieldEntry, FieldMap } from './map.js';

/** Linted once per map (a map is loaded again, as a new object, when its file changes). */
const linted = new WeakMap<FieldMap, Problem[]>();

export function lintFieldMap(map: FieldMap): Problem[] {
  let problems = linted.get(map);
  if (!problems) linted.set(map, (problems = lint(map)));
  return problems;
}

function lint(map: FieldMap): Problem[] {
  const problems: Problem[] = [];
  const unknownPath = (path: string, at: JsonPath, root: z.ZodType) => {
    const parts = path.split('.');
    if (resolveInScopes([root], parts)) return;
    const suggestion = suggestPath([root], parts);
    problems.push(problem('templateUnknownPath', { tag: `"${path}"`, path, ...(suggestion ? { suggestion } : {}) }, map.locate(at)));
  };
  const pattern = (source: string, name: string, at: JsonPath, root: z.ZodType) => {
    for (const p of lintHandlebars(map.file, name, source, root).problems) {
      problems.push({ ...p, location: { ...map.locate(at), ...(p.location.tag ? { tag: p.location.tag } : {}) } });
    }
  };
  const checkEntry = (e: FieldEntry, at: JsonPath, root: z.ZodType) => {
    if (e.value !== undefined) pattern(e.value, e.field, [...at, 'value'], root);
    if (e.checked) unknownPath(e.checked.path, [...at, 'checked', 'path'], root);
    if (e.select) unknownPath(e.select.path, [...at, 'select', 'path'], root);
    if (e.asks !== undefined) unknownPath(e.asks, [...at, 'asks'], root);
    if (e.when !== undefined) unknownPath(e.when, [...at, 'when'], root);
    if (e.askedWhen !== undefined) unknownPath(e.askedWhen, [...at, 'askedWhen'], root);
  };
  /** The model with `item` bound to one entry ("children.0", "spouse"), or undefined when the path is unknown. */
  const withItem = (path: string, at: JsonPath) => {
    const resolved = resolvePath(modelSchema, path.split('.'));
    if (!resolved) {
      problems.push(problem('templateUnknownPath', { tag: `"${path}"`, path }, map.locate(at)));
      return undefined;
    }
    return modelSchema.extend({ item: 'any' in resolved ? z.any() : resolved.schema });
  };
  map.fields.forEach((e, i) => checkEntry(e, ['fields', i], modelSchema));
  map.groups.forEach((g, j) => {
    if (g.asks !== undefined) unknownPath(g.asks, ['groups', j, 'asks'], modelSchema);
    const root = withItem(g.item, ['groups', j, 'item']);
    if (root) g.fields.forEach((e, i) => checkEntry(e, ['groups', j, 'fields', i], root));
  });
  map.continuations.forEach((c, j) => {
    const item = innerScope(resolvePath(modelSchema, c.list.split('.')));
    if (!item) {
      problems.push(problem('templateUnknownPath', { tag: `"${c.list}"`, path: c.list }, map.locate(['continuations', j, 'list'])));
      return;
    }
    pattern(c.text, `continuation of ${c.list}`, ['continuations', j, 'text'], modelSchema.extend({ item, number: z.number() }));
  });
  return problems;
}
