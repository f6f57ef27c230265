/** Exhibits named by their tabs, once each and in filing order: "Tab C", "Tabs B, C and D". */
import { FILTERS } from './filters.js';

/** An exhibit as a document names it: its tab and its place in the filing. */
export interface Cited {
  tab: string;
  number: number;
}

/** The tabs of `ids` (unknown ids left out), or undefined when none is known. `space` joins "Tab" and the letters. */
export function tabsCited(ids: readonly string[], exhibits: ReadonlyMap<string, Cited>, space = ' '): string | undefined {
  const cited = [...new Set(ids)].flatMap((id) => (exhibits.has(id) ? [exhibits.get(id)!] : [])).sort((a, b) => a.number - b.number);
  if (!cited.length) return undefined;
  return `Tab${cited.length > 1 ? 's' : ''}${space}${FILTERS.joinAnd(cited.map((c) => c.tab))}`;
}

/** "(See Tab C.)", "(See Tabs C and D.)", or undefined: the exhibits' tabs once each, in filing order. */
export function citationOf(ids: readonly string[], exhibits: ReadonlyMap<string, Cited>): string | undefined {
  const tabs = tabsCited(ids, exhibits, '\u00a0');
  return tabs ? `(See ${tabs}.)` : undefined;
}
