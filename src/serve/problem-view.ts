/** Problems as the browser shows them, from a build of this session (with messages) or a status file (without). */
import type { Problem } from '../errors/problem.js';
import { persistedProblem } from '../builder/privacy.js';
import type { ProblemView } from './api.js';

export function viewOf(p: Problem): ProblemView {
  const kept = persistedProblem(p);
  return {
    code: p.code,
    name: p.name,
    severity: p.severity,
    title: kept.title,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.location.path !== undefined ? { path: p.location.path } : {}),
    ...(p.location.line !== undefined ? { line: p.location.line } : {}),
    ...(p.location.column !== undefined ? { column: p.location.column } : {}),
  };
}

/** A problem as a status file or manifest keeps it: code, title, hint and JSON path. */
export function viewOfKept(p: Record<string, unknown>): ProblemView {
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const n = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
  return {
    code: s('code') ?? '',
    name: s('name') ?? '',
    severity: p.severity === 'error' ? 'error' : 'warning',
    title: s('title') ?? s('name') ?? '',
    ...(s('message') ? { message: s('message')! } : {}),
    ...(s('hint') ? { hint: s('hint')! } : {}),
    ...(s('path') ? { path: s('path')! } : {}),
    ...(n('line') !== undefined ? { line: n('line')! } : {}),
    ...(n('column') !== undefined ? { column: n('column')! } : {}),
  };
}
