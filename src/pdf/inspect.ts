/**
 * Checks a PDF that pdf-lib has parsed against what the file says it contains, since pdf-lib
 * silently drops what it cannot read: walks the page tree and each page's content and images
 * (inspect), reads the cross-reference data pdf-lib ignores (xrefProblems), and tells whether the
 * raw bytes declare encryption (looksEncrypted). Reports what is lost and what was damaged but
 * recovered; deciding what to do about it is load-pdf.ts's job.
 */
import {
  PDFArray,
  PDFDict,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFStream,
} from '@cantoo/pdf-lib';
import type { PDFDocument } from '@cantoo/pdf-lib';

/** What pdf-lib's parse produced, checked against what the file says it contains. */
export interface Inspection {
  pages: number;
  /** Content that is referenced but absent: pages, content streams, images. Non-empty → incomplete. */
  lost: string[];
  /** Signs that the file was damaged although everything needed was recovered. */
  notes: string[];
  /** Pages the page tree refers to (found + missing): a lower bound for a repaired copy. */
  expectedPages: number;
}

/** Walks the page tree and each page's content and images, as a reader would need them. */
export function inspect(doc: PDFDocument): Inspection {
  const { context } = doc;
  const lost: string[] = [];
  const notes: string[] = [];
  let leaves = 0;
  let missingKids = 0;

  const invalid = context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFInvalidObject && !isXRefStream(o)).length;
  if (invalid > 0) notes.push(`${invalid} object${invalid === 1 ? '' : 's'} could not be parsed`);

  const root = context.lookup(doc.catalog.get(PDFName.of('Pages')));
  if (!(root instanceof PDFPageTree)) throw new Error('the document catalog has no page tree');
  const seen = new Set<PDFPageTree>();

  const checkStream = (value: unknown, what: string) => {
    const resolved = context.lookup(value as Parameters<typeof context.lookup>[0]);
    if (!(resolved instanceof PDFStream)) lost.push(what);
  };

  const checkLeaf = (leaf: PDFPageLeaf, n: number) => {
    const contents = leaf.get(PDFName.of('Contents'));
    if (contents !== undefined) {
      const resolved = context.lookup(contents);
      if (resolved instanceof PDFArray) {
        for (let i = 0; i < resolved.size(); i++) checkStream(resolved.get(i), `page ${n}: part of its content is missing`);
      } else if (!(resolved instanceof PDFStream)) {
        lost.push(`page ${n}: its content is missing`);
      }
    }
    const resources = leaf.Resources();
    const xobjects = resources?.lookup(PDFName.of('XObject'));
    if (xobjects instanceof PDFDict) {
      for (const [key, value] of xobjects.entries()) checkStream(value, `page ${n}: image or form ${key.asString()} is missing`);
    }
  };

  const walk = (node: PDFPageTree, depth: number) => {
    if (seen.has(node)) throw new Error('the page tree loops back on itself');
    if (depth > 64) throw new Error('the page tree is too deep');
    seen.add(node);
    const kids = node.lookup(PDFName.of('Kids'));
    if (!(kids instanceof PDFArray)) {
      lost.push('a branch of the page tree has no list of pages');
      return;
    }
    for (let i = 0; i < kids.size(); i++) {
      const kid = context.lookup(kids.get(i));
      if (kid instanceof PDFPageLeaf) {
        leaves += 1;
        checkLeaf(kid, leaves);
      } else if (kid instanceof PDFPageTree) {
        walk(kid, depth + 1);
      } else {
        missingKids += 1;
        lost.push(`page ${leaves + missingKids} is missing`);
      }
    }
  };
  walk(root, 0);

  // pdf-lib's own view must agree, and every page must have a size
  const pages = doc.getPages();
  if (pages.length !== leaves) throw new Error(`page tree walk found ${leaves} pages, pdf-lib ${pages.length}`);
  for (const page of pages) {
    const { width, height } = page.getSize();
    if (!(width > 0 && height > 0)) throw new Error(`a page has the size ${width}×${height}`);
    page.getRotation();
  }

  const count = root.lookup(PDFName.of('Count'));
  if (count instanceof PDFNumber && count.asNumber() !== leaves + missingKids) {
    notes.push(`the page tree says ${count.asNumber()} pages, but lists ${leaves + missingKids}`);
  }
  return { pages: leaves, lost, notes, expectedPages: leaves + missingKids };
}

/**
 * When it decrypts, pdf-lib also "decrypts" the xref stream (which the spec leaves unencrypted),
 * fails to parse it and keeps it as a PDFInvalidObject. It does not need xref streams, so that
 * object is no sign of damage.
 */
function isXRefStream(o: PDFInvalidObject): boolean {
  const raw = new Uint8Array(o.sizeInBytes());
  o.copyBytesInto(raw, 0);
  const head = Buffer.from(raw.buffer, 0, Math.min(raw.length, 4096)).toString('latin1');
  return /\/Type\s*\/XRef\b/.test(head.includes('stream') ? head.slice(0, head.indexOf('stream')) : head);
}

/**
 * Checks the cross-reference data that pdf-lib ignores: `startxref` must point at an xref table or
 * stream, and each in-use entry of a table at its object. Each problem found is a sign that the
 * file is damaged (pdf-lib then read it by scanning, i.e. it recovered).
 */
export function xrefProblems(bytes: Buffer): string[] {
  const at = bytes.lastIndexOf('startxref');
  if (at < 0) return ['no startxref: the end of the file is missing'];
  const m = /^startxref\s+(\d+)/.exec(bytes.subarray(at, at + 40).toString('latin1'));
  if (!m) return ['startxref has no offset'];
  // offsets should count from the start of the file, but some writers count from the header when junk precedes it
  const header = Math.max(0, bytes.indexOf('%PDF-'));
  const bases = (offset: number) => (header > 0 ? [offset, offset + header] : [offset]);
  /** Position of `n g obj` at the offset (object number `num` if given), or -1. */
  const objectAt = (offset: number, num?: number): number => {
    for (const base of bases(offset)) {
      const mm = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(bytes.subarray(base, base + 40).toString('latin1'));
      if (mm && (num === undefined || Number(mm[1]) === num)) return base;
    }
    return -1;
  };
  /** Position of the keyword at the offset (after whitespace), or -1. */
  const keywordAt = (offset: number, word: string): number => {
    for (const base of bases(offset)) {
      const s = bytes.subarray(base, base + 40).toString('latin1');
      const lead = s.length - s.trimStart().length;
      if (s.startsWith(word, lead)) return base + lead;
    }
    return -1;
  };
  const prevIn = (dict: string): number | undefined => {
    const prev = /\/Prev\s+(\d+)/.exec(dict);
    return prev ? Number(prev[1]) : undefined;
  };
  const until = (s: string, word: string) => (s.includes(word) ? s.slice(0, s.indexOf(word)) : s);

  const problems: string[] = [];
  const visited = new Set<number>();
  let offset: number | undefined = Number(m[1]);
  while (offset !== undefined && !visited.has(offset) && visited.size < 64) {
    visited.add(offset);
    const table = keywordAt(offset, 'xref');
    const stream = table < 0 ? objectAt(offset) : -1;
    if (table >= 0) {
      const trailer = bytes.indexOf('trailer', table);
      if (trailer < 0) {
        problems.push('the xref table has no trailer');
        break;
      }
      const tokens = bytes.subarray(table + 4, trailer).toString('latin1').trim().split(/\s+/).filter(Boolean);
      let bad = 0;
      let malformed = false;
      for (let t = 0; t < tokens.length && !malformed; ) {
        const first = Number(tokens[t]);
        const n = Number(tokens[t + 1]);
        if (!Number.isInteger(first) || !Number.isInteger(n) || n < 0 || t + 2 + 3 * n > tokens.length) {
          malformed = true;
          break;
        }
        t += 2;
        for (let k = 0; k < n; k++, t += 3) {
          const type = tokens[t + 2];
          if (type === 'n') {
            if (objectAt(Number(tokens[t]), first + k) < 0) bad += 1;
          } else if (type !== 'f') {
            malformed = true;
            break;
          }
        }
      }
      if (malformed) problems.push('the xref table is malformed');
      if (bad > 0) problems.push(`${bad} xref entr${bad === 1 ? 'y points' : 'ies point'} to the wrong place`);
      offset = prevIn(until(bytes.subarray(trailer, trailer + 4096).toString('latin1'), 'startxref'));
    } else if (stream >= 0) {
      // an xref stream: its entries are compressed (and pdf-lib does not need them); check its type, follow /Prev
      const dict = until(bytes.subarray(stream, stream + 4096).toString('latin1'), 'stream');
      if (!/\/Type\s*\/XRef\b/.test(dict)) {
        problems.push('startxref points to an object that is not a cross-reference stream');
        break;
      }
      offset = prevIn(dict);
    } else {
      problems.push(visited.size === 1 ? 'startxref does not point to the cross-reference table' : 'a /Prev offset does not point to a cross-reference section');
      break;
    }
  }
  return problems;
}

export function looksEncrypted(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('/Encrypt'); at >= 0; at = bytes.indexOf('/Encrypt', at + 8)) {
    if (/^\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(bytes.subarray(at, at + 40).toString('latin1'))) return true;
  }
  return false;
}
