/**
 * JSON paths as problems name them (`applicant.arrivals[0].date`): the one way they are written,
 * for the server and for the web app's form, which finds a problem's field by it. No imports, so
 * that the browser can use it too.
 */
export type JsonPath = readonly (string | number)[];

/** `['applicant', 'arrivals', 0, 'date']` → `applicant.arrivals[0].date`. */
export function formatPath(path: JsonPath): string {
  let s = '';
  for (const part of path) {
    if (typeof part === 'number') s += `[${part}]`;
    else s += s === '' ? part : `.${part}`;
  }
  return s;
}
