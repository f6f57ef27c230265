/**
 * RJSF rebuilds objects in the schema's property order; the file's own order is what the paralegal
 * (and the history of the file) knows. `alignKeys(next, previous)` gives `next` the key order of
 * `previous` wherever both have the key; new keys follow, in the order `next` has them.
 */
export function alignKeys<T>(next: T, previous: unknown): T {
  if (next === previous) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(previous)) return next;
    let changed = false;
    const out = next.map((item, i) => {
      const aligned = alignKeys(item, previous[i]);
      if (aligned !== item) changed = true;
      return aligned;
    });
    return (changed ? out : next) as T;
  }
  if (!isPlain(next) || !isPlain(previous)) return next;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(previous)) {
    if (Object.prototype.hasOwnProperty.call(next, key)) out[key] = alignKeys(next[key], previous[key]);
  }
  for (const key of Object.keys(next)) {
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = next[key];
  }
  return out as T;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
