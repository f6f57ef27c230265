/** Parses a YAML (or JSON) file keeping positions, so a path in it maps to a line and column. */
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import type { JsonPath } from './json.js';

export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

export function parseYaml(file: string, text: string): { ok: true; source: YamlSource } | { ok: false; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        const detail = e.code === 'DUPLICATE_KEY' ? 'a key is written twice in the same mapping' : e.message.split(' at line ')[0]!;
        return problem('pipelineSyntax', { detail }, { file, line: at.line, column: at.col });
      }),
    };
  }
  return { ok: true, source: { file, doc, lines, value: doc.toJS() } };
}

/** Line and column of the node at `path` (or of its key), falling back to the nearest parent. */
export function locateYaml(source: YamlSource, path: JsonPath, opts: { key?: boolean } = {}): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    let offset: number | undefined;
    if (opts.key && n === path.length && n > 0) {
      const parent = source.doc.getIn(sub.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
        offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
      }
    }
    if (offset === undefined) {
      const node = n === 0 ? source.doc.contents : source.doc.getIn(sub, true);
      offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    }
    if (offset !== undefined) {
      const p = source.lines.linePos(offset);
      return { line: p.line, column: p.col };
    }
  }
  return { line: 1, column: 1 };
}
