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

export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(PARAGRAPH)].map((m) => [...m[0].matchAll(TEXT)].map((t) => decodeXml(t[1] ?? '')).join(''));
}

export function paragraphAt(xml: string, offset: number): ParagraphPosition | undefined {
  let seen = 0;
  const all = paragraphs(xml);
  for (let i = 0; i < all.length; i++) {
    const text = all[i]!;
    if (offset < seen + text.length || (i === all.length - 1 && offset <= seen + text.length)) return { paragraph: i + 1, text };
    seen += text.length;
  }
  return undefined;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
}
