/** Where a problem is: a file, and within it a JSON path and a line and column (1-based). */
export interface Location {
  file: string;
  /** JSON path in dotted form, e.g. `applicant.arrivals[0].date`; empty for the whole file. */
  path?: string;
  line?: number;
  column?: number;
  /** In a pipeline: the step's position (from 1) and kind. */
  step?: number;
  kind?: string;
  /** In a template: the tag and the paragraph (from 1) it stands in. */
  tag?: string;
  paragraph?: number;
  /** Stamped by the runner: which case and pipeline the problem arose in. */
  caseId?: string;
  pipeline?: string;
}

export type Severity = 'error' | 'warning';

/** One finding about an input, in words a paralegal can act on. */
export interface Problem {
  /** Permanent code from the catalogue, e.g. `AP1104`. */
  code: string;
  /** Permanent short name from the catalogue, e.g. `invalid-date`. */
  name: string;
  severity: Severity;
  message: string;
  hint?: string;
  location: Location;
}

export function formatLocation(loc: Location): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  if (loc.paragraph !== undefined) s += ` (paragraph ${loc.paragraph})`;
  return s;
}

/** Extra context of a location, e.g. `step 3 (docx)`, for the report line. */
export function formatContext(loc: Location): string {
  const parts: string[] = [];
  if (loc.pipeline) parts.push(`pipeline ${loc.pipeline}`);
  if (loc.step !== undefined) parts.push(`step ${loc.step}${loc.kind ? ` (${loc.kind})` : ''}`);
  if (loc.tag) parts.push(`tag {${loc.tag}}`);
  return parts.join(', ');
}

/** An error that carries located problems. Library code throws it; the CLI reports it. */
export class PacketError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem, options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => `${formatLocation(p.location)} ${p.message}`).join('\n'), options);
    this.name = 'PacketError';
    this.problems = list;
  }
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Sorts problems by line and column so a report reads top to bottom, as the file does. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
