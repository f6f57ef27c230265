/** Where a problem is: a file, and within it a JSON path and a line and column (1-based). */
export interface Location {
  file: string;
  /** JSON path in dotted form, e.g. `applicant.arrivals[0].date`; empty for the whole file. */
  path?: string;
  line?: number;
  column?: number;
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
  return s;
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
