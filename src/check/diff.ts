/**
 * A unified line diff, from a longest common subsequence of lines. The common head and tail are
 * set aside first, so that a small change in a long document stays cheap.
 */

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

export interface Hunk {
  /** 1-based first line and number of lines, in the old and the new text (as in "@@ -a,b +c,d @@"). */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Every line of both texts, in order, each kept (' '), removed ('-') or added ('+'). */
function diffLines(a: string[], b: string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ op: ' ', text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: ' ', text: x[i]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push({ op: '+', text: y[j]! });
      j++;
    } else {
      out.push({ op: '-', text: x[i]! });
      i++;
    }
  }
  // removals before additions within a run of changes, as unified diffs show them
  for (let s = head; s < out.length; ) {
    if (out[s]!.op === ' ') { s++; continue; }
    let e = s;
    while (e < out.length && out[e]!.op !== ' ') e++;
    const run = out.slice(s, e);
    out.splice(s, e - s, ...run.filter((l) => l.op === '-'), ...run.filter((l) => l.op === '+'));
    s = e;
  }
  out.push(...a.slice(a.length - tail).map((text): DiffLine => ({ op: ' ', text })));
  return out;
}

/** The changes grouped in hunks with `context` unchanged lines around each; none when the texts are equal. */
export function hunks(a: string[], b: string[], context = 3): Hunk[] {
  const lines = diffLines(a, b);
  const changed = lines.flatMap((l, k) => (l.op === ' ' ? [] : [k]));
  const result: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = changed[k]! + context;
    while (k + 1 < changed.length && changed[k + 1]! <= end + context + 1) end = changed[++k]! + context;
    k++;
    end = Math.min(lines.length - 1, end);
    // line numbers at `start`
    let oldLine = 1;
    let newLine = 1;
    for (let t = 0; t < start; t++) {
      if (lines[t]!.op !== '+') oldLine++;
      if (lines[t]!.op !== '-') newLine++;
    }
    const slice = lines.slice(start, end + 1);
    const oldLines = slice.filter((l) => l.op !== '+').length;
    const newLines = slice.filter((l) => l.op !== '-').length;
    result.push({ oldStart: oldLines ? oldLine : oldLine - 1, oldLines, newStart: newLines ? newLine : newLine - 1, newLines, lines: slice });
  }
  return result;
}

/** The hunks as the text of a unified diff (without the ---/+++ header). */
export function formatHunks(hs: Hunk[]): string {
  return hs
    .map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.map((l) => `${l.op}${l.text}\n`).join('')}`)
    .join('');
}
