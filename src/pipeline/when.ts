/** `when: { proceeding.type: defensive, proceeding.detained: [true] }`: every condition must hold. */
export function valueAtPath(data: unknown, dotted: string): unknown {
  let v: unknown = data;
  for (const part of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function matchesWhen(when: Record<string, unknown> | undefined, data: unknown): boolean {
  if (!when) return true;
  return Object.entries(when).every(([path, expected]) => {
    const actual = valueAtPath(data, path) ?? null;
    const allowed = Array.isArray(expected) ? expected : [expected];
    return allowed.some((a) => a === actual);
  });
}
