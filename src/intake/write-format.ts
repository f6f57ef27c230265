/**
 * An intake written as people write one: two spaces of indent, keys in the order given, and a
 * small object or list of plain values (a name, an address, a list of grounds) on one line when
 * it fits, as the shared examples are written. Lists of objects keep one object a line.
 */
const WIDTH = 120;

export function formatIntake(value: unknown): string {
  return `${write(value, '', 0)}\n`;
}

/** One value, written at `indent` on a line of which `used` characters are taken already. */
export function writeValue(value: unknown, indent: string, used: number): string {
  return write(value, indent, used);
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function write(v: unknown, indent: string, used: number): string {
  if (isPlain(v)) return JSON.stringify(v) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isPlain)) {
      const one = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (used + one.length <= WIDTH) return one;
    }
    // A list of small plain objects: one a line.
    return `[\n${v.map((x) => inner + write(x, inner, inner.length)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, x]) => isPlain(x) || (Array.isArray(x) && x.every(isPlain) && x.length <= 4))) {
    const one = `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${write(x, '', 0)}`).join(', ')} }`;
    if (used + one.length <= WIDTH && !one.includes('\n')) return one;
  }
  return `{\n${entries
    .map(([k, x]) => {
      const key = `${inner}${JSON.stringify(k)}: `;
      return key + write(x, inner, key.length);
    })
    .join(',\n')}\n${indent}}`;
}
