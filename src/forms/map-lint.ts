/**
 * Checks a field map's paths and value patterns against the model, as lint-templates checks
 * templates: a typo such as {{applicant.name.famly}} fails before any case runs, instead of
 * silently writing "N/A" on an official form.
 */
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { innerScope, resolveInScopes, resolvePath, suggestPath } from '../lint/scope.js';
import { lintHandlebars } from '../lint/handlebars.js';
import { modelSchema } from '../render/model.js';
import type { JsonPath } from '../source/json.js';
import type { FieldEntry, FieldMap } from './map.js';

export function lintFieldMap(map: FieldMap): Problem[] {
  const problems: Problem[] = [];
  const checkEntry = (e: FieldEntry, at: JsonPath, root: z.ZodType) => {
    if (e.value !== undefined) {
      for (const p of lintHandlebars(map.file, e.field, e.value, root).problems) {
        problems.push({ ...p, location: { ...map.locate([...at, 'value']), ...(p.location.tag ? { tag: p.location.tag } : {}) } });
      }
    }
    const path = e.checked?.path ?? e.select?.path;
    if (path !== undefined) {
      const parts = path.split('.');
      if (!resolveInScopes([root], parts)) {
        const suggestion = suggestPath([root], parts);
        problems.push(problem('templateUnknownPath', { tag: `"${path}"`, path, ...(suggestion ? { suggestion } : {}) }, map.locate([...at, e.checked ? 'checked' : 'select', 'path'])));
      }
    }
  };
  map.fields.forEach((e, i) => checkEntry(e, ['fields', i], modelSchema));
  map.rows.forEach((row, j) => {
    const item = innerScope(resolvePath(modelSchema, row.list.split('.')));
    if (!item) {
      problems.push(problem('templateUnknownPath', { tag: `"${row.list}"`, path: row.list }, map.locate(['rows', j, 'list'])));
      return;
    }
    const root = modelSchema.extend({ item, index: z.number(), number: z.number() });
    row.fields.forEach((e, i) => checkEntry(e, ['rows', j, 'fields', i], root));
  });
  return problems;
}
