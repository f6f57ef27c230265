/**
 * Adds a filing to an intake's `proceeding.priorFilings[]` as a person would have written it: the
 * file keeps its key order, its indentation and everything else byte for byte (jsonc-parser's
 * edits touch only the entry they add or the `snapshot` they set).
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';

export interface PriorFiling {
  stage: string;
  filedOn: string;
  snapshot: string;
}

/** The indentation the file uses (its first indented line), so added lines look like the others. */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * The intake's text with the filing recorded: an entry of the same stage and date without a
 * snapshot gets `snapshot` (it was written by hand before the record), otherwise a new entry is
 * appended. Undefined when an entry of that stage and date already names a snapshot.
 */
export function withPriorFiling(text: string, filing: PriorFiling): string | undefined {
  const root = parseTree(text);
  const list = root ? findNodeAtLocation(root, ['proceeding', 'priorFilings']) : undefined;
  const entries = (list?.type === 'array' ? list.children ?? [] : []).map((node) => {
    const value = (key: string) => {
      const n = findNodeAtLocation(node, [key]);
      return typeof n?.value === 'string' ? n.value : undefined;
    };
    return { stage: value('stage'), filedOn: value('filedOn'), snapshot: value('snapshot') };
  });
  const formattingOptions = formattingOf(text);
  const same = entries.findIndex((e) => e.stage === filing.stage && e.filedOn === filing.filedOn);
  if (same >= 0) {
    if (entries[same]!.snapshot) return undefined;
    return applyEdits(text, modify(text, ['proceeding', 'priorFilings', same, 'snapshot'], filing.snapshot, { formattingOptions }));
  }
  const at = list?.type === 'array' ? entries.length : undefined;
  const edits =
    at === undefined
      ? modify(text, ['proceeding', 'priorFilings'], [{ ...filing }], { formattingOptions })
      : modify(text, ['proceeding', 'priorFilings', at], { ...filing }, { formattingOptions, isArrayInsertion: true });
  return applyEdits(text, edits);
}
