/** What linting a template answers, and the checks of a tag's paths and filters that Word and text templates share. */
import type { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import type { Location, Problem } from '../errors/problem.js';
import { closest } from '../intake/suggest.js';
import { FILTER_NAMES } from '../render/filters.js';
import { resolveInScopes, suggestPath } from './scope.js';

export interface TemplateLint {
  /** Path relative to the templates folder. */
  template: string;
  file: string;
  tags: string[];
  problems: Problem[];
}

export function checkPaths(shown: string, paths: string[][], scopes: z.ZodType[], loc: Location): Problem[] {
  return paths.flatMap((parts) => {
    if (resolveInScopes(scopes, parts)) return [];
    const suggestion = suggestPath(scopes, parts);
    return [problem('templateUnknownPath', { tag: shown, path: parts.join('.'), ...(suggestion ? { suggestion } : {}) }, loc)];
  });
}

export function checkFilters(shown: string, filters: string[], loc: Location): Problem[] {
  return filters.flatMap((f) => {
    if ((FILTER_NAMES as string[]).includes(f)) return [];
    const suggestion = closest(f, FILTER_NAMES);
    return [problem('templateUnknownFilter', { tag: shown, filter: f, known: FILTER_NAMES, ...(suggestion ? { suggestion } : {}) }, loc)];
  });
}
