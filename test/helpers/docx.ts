/** Reads a .docx the way the tests need: its parts, whether each XML part is well formed, its text by paragraph. */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import PizZip from 'pizzip';

export function openDocx(bytes: Uint8Array): PizZip {
  return new PizZip(bytes);
}

/** Throws when any XML part of the package is not well-formed XML. */
export function assertWellFormed(zip: PizZip): void {
  for (const name of Object.keys(zip.files)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(zip.file(name)!.asText(), 'text/xml');
    if (errors.length) throw new Error(`${name} is not well-formed XML: ${errors.join('; ')}`);
  }
}

/** The text of word/document.xml, one string per paragraph, in reading order (tabs and breaks as spaces). */
export function docxParagraphs(zip: PizZip): string[] {
  const xml = zip.file('word/document.xml')!.asText();
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const out: string[] = [];
  const ps = doc.getElementsByTagNameNS(W, 'p');
  for (let i = 0; i < ps.length; i++) {
    let text = '';
    const walk = (n: Node) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const el = c as Element;
        if (el.namespaceURI === W && el.localName === 't') text += el.textContent ?? '';
        else if (el.namespaceURI === W && (el.localName === 'tab' || el.localName === 'br')) text += ' ';
        else if (!(el.namespaceURI === W && el.localName === 'p')) walk(el);
      }
    };
    walk(ps[i]!);
    out.push(text);
  }
  return out;
}

export function docxText(zip: PizZip): string {
  return docxParagraphs(zip).join('\n');
}
