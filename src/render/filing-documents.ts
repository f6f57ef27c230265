/**
 * The filing's documents as the index of evidence lists them: every part in order, but each run
 * of exhibits in one file as a single row ("Exhibits at Tabs A through H", their pages), since the
 * exhibit table below lists them one by one. The packet's own table of contents lists every part.
 */
import type { Model } from './model.js';
import { tabsPhrase } from './wording.js';

type Part = Model['filingParts'][number];

/** "12–15" → ["12", "15"]; "7" → ["7", "7"] (the numbers as stamped). */
const ends = (pages: string): [string, string] => {
  const [first, last] = pages.split('–');
  return [first!, last ?? first!];
};

/** `listed`: the tabs the index's exhibit table lists (the evidence; a document filed as Tab A keeps its own row). */
export function filingDocuments(parts: readonly Part[], listed: ReadonlySet<string>): Part[] {
  const out: (Part & { firstTab?: string })[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    const tab = p.tab !== undefined && listed.has(p.tab) ? p.tab : undefined;
    if (tab && prev?.firstTab && prev.volume === p.volume) {
      prev.tab = `${prev.firstTab}–${tab}`;
      prev.title = `Exhibits at ${tabsPhrase(prev.firstTab, tab)} (listed below)`;
      prev.pages = `${ends(prev.pages)[0]}–${ends(p.pages)[1]}`;
      continue;
    }
    out.push(tab ? { ...p, firstTab: tab, title: `Exhibit at Tab ${tab} (listed below)` } : { ...p });
  }
  return out.map(({ firstTab: _, ...p }) => p);
}
