/** Reads the field paths and filter names out of a docxtemplater (angular) expression. */
const KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'this', 'in', 'typeof']);

export interface ExpressionParts {
  paths: string[][];
  filters: string[];
}

export function expressionParts(expr: string): ExpressionParts {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const filters = [...code.matchAll(/(?<!\|)\|(?!\|)\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
  const paths: string[][] = [];
  for (const m of code.matchAll(/(?<![\w$.])((?<!\|)\|\s*)?([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)/g)) {
    if (m[1] !== undefined) continue; // a filter's name, not a field
    const parts = m[2]!.split('.').map((p) => p.trim());
    if (KEYWORDS.has(parts[0]!)) continue;
    paths.push(parts);
  }
  return { paths, filters };
}
