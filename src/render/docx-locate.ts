/**
 * Maps a docxtemplater text offset (a position in the concatenated text of a part's <w:t>
 * elements) to the paragraph it falls in, so a template problem can say "paragraph 12" and
 * quote the paragraph, as a person reading the document in Word sees it.
 */
export interface ParagraphPosition {
  /** 1-based, counting every paragraph of the part, table cells included. */
  paragraph: number;
  text: string;
}

const PARAGRAPH = /<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g;
const TEXT = /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g;

function paragraphs(xml: string): string[] {
  return [...xml.matchAll(PARAGRAPH)].map((m) => [...m[0].matchAll(TEXT)].map((t) => decodeXml(t[1] ?? '')).join(''));
}

/** Reads the part's paragraphs once; the function it returns places any number of offsets. */
export function paragraphLocator(xml: string): (offset: number) => ParagraphPosition | undefined {
  const all = paragraphs(xml);
  return (offset) => {
    let seen = 0;
    for (let i = 0; i < all.length; i++) {
      const text = all[i]!;
      if (offset < seen + text.length || (i === all.length - 1 && offset <= seen + text.length)) return { paragraph: i + 1, text };
      seen += text.length;
    }
    return undefined;
  };
}

export function paragraphAt(xml: string, offset: number): ParagraphPosition | undefined {
  return paragraphLocator(xml)(offset);
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
}
