/**
 * Reads PDFs the way the tests need, with an independent reader (Mozilla's pdf.js, legacy build):
 * the text of each page, the page sizes as displayed, the outline flattened with page indexes, and
 * the link annotations of each page with the page they go to.
 */
import { tabLetter } from '../../src/render/tabs.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfjsDoc = Awaited<ReturnType<typeof getDocument>['promise']>;

/** Opens `bytes` with pdf.js (a copy: pdf.js detaches the buffer it is given). */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<PdfjsDoc> {
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false, ...(password ? { password } : {}) }).promise;
}

/** Opens, runs `read`, and always destroys the pdf.js document. */
export async function withPdf<T>(bytes: Uint8Array, read: (doc: PdfjsDoc) => Promise<T>, password?: string): Promise<T> {
  const doc = await openPdf(bytes, password);
  try {
    return await read(doc);
  } finally {
    await doc.destroy();
  }
}

/** Whitespace runs as one space, trimmed; NFC, so that composed and decomposed accents compare equal. */
export const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

export interface TextItem {
  str: string;
  /** Origin of the item in the page's user space (points, bottom-left origin). */
  x: number;
  y: number;
  /** Advance width in user space. */
  width: number;
  /** Origin as displayed, as a fraction of the displayed page: 0,0 top left, 1,1 bottom right. */
  shownX: number;
  shownY: number;
  /** Direction of the baseline as displayed, as the reader sees it: 'right' for upright text, 'down' for text turned clockwise, … */
  direction: Direction;
}

export type Direction = 'right' | 'down' | 'left' | 'up';

/** The nearest of the four directions of a vector in display space (y growing downwards). */
function directionOf(dx: number, dy: number): Direction {
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? 'right' : 'left';
  return dy >= 0 ? 'down' : 'up';
}

export interface PageInfo {
  /** Page index (0-based). */
  index: number;
  /** Size as displayed (the page's /Rotate applied), in points. */
  width: number;
  height: number;
  /** The page's /Rotate. */
  rotate: number;
  /** Non-empty text items in content-stream order. */
  items: TextItem[];
  /** The items' text, a line break after each line, a space between items of a line. */
  text: string;
}

/** Every page: size, rotation and text. */
export async function pdfPages(doc: PdfjsDoc): Promise<PageInfo[]> {
  const pages: PageInfo[] = [];
  for (let i = 0; i < doc.numPages; i++) {
    const page = await doc.getPage(i + 1);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    let text = '';
    // viewport.transform maps user space to display space (y down), the page's /Rotate applied
    const [va, vb, vc, vd, ve, vf] = viewport.transform as [number, number, number, number, number, number];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : ' ');
      if (!item.str.trim()) continue;
      const [a, b, , , x, y] = item.transform as [number, number, number, number, number, number];
      items.push({
        str: item.str,
        x,
        y,
        width: item.width,
        shownX: (va * x + vc * y + ve) / viewport.width,
        shownY: (vb * x + vd * y + vf) / viewport.height,
        direction: directionOf(va * a + vc * b, vb * a + vd * b),
      });
    }
    pages.push({ index: i, width: Math.round(viewport.width * 100) / 100, height: Math.round(viewport.height * 100) / 100, rotate: page.rotate, items, text });
    page.cleanup();
  }
  return pages;
}

/** The text of every page (see PageInfo.text). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  return withPdf(bytes, async (doc) => (await pdfPages(doc)).map((p) => p.text));
}

/** The page index an explicit or named destination goes to. */
export async function destPageIndex(doc: PdfjsDoc, dest: unknown): Promise<number> {
  const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
  if (!Array.isArray(explicit) || explicit.length === 0) throw new Error(`unresolvable destination ${JSON.stringify(dest)}`);
  return doc.getPageIndex(explicit[0]);
}

export interface FlatOutlineItem {
  title: string;
  /** 0 for top-level items, 1 for their children, … */
  depth: number;
  /** Title of the parent item, for children. */
  parent?: string;
  pageIndex: number;
}

/** The outline (bookmarks), depth first, each item with the page index its destination goes to. */
export async function pdfOutline(doc: PdfjsDoc): Promise<FlatOutlineItem[]> {
  const out: FlatOutlineItem[] = [];
  type Node = Awaited<ReturnType<PdfjsDoc['getOutline']>>[number];
  const walk = async (items: Node[], depth: number, parent?: string) => {
    for (const item of items) {
      out.push({ title: item.title, depth, ...(parent !== undefined ? { parent } : {}), pageIndex: await destPageIndex(doc, item.dest) });
      await walk(item.items ?? [], depth + 1, item.title);
    }
  };
  await walk((await doc.getOutline()) ?? [], 0);
  return out;
}

export interface PdfLink {
  /** [x1, y1, x2, y2] in the page's user space. */
  rect: number[];
  /** Page the link goes to, or undefined for a link that is not an internal go-to. */
  target?: number;
}

/** The link annotations of each page, in order. */
export async function pdfLinks(doc: PdfjsDoc): Promise<PdfLink[][]> {
  const pages: PdfLink[][] = [];
  for (let i = 0; i < doc.numPages; i++) {
    const page = await doc.getPage(i + 1);
    const links: PdfLink[] = [];
    for (const a of await page.getAnnotations()) {
      if (a.subtype !== 'Link') continue;
      links.push({ rect: Array.from(a.rect as number[]), ...(a.dest ? { target: await destPageIndex(doc, a.dest) } : {}) });
    }
    pages.push(links);
  }
  return pages;
}

/** Number of pages of a PDF, read by pdf.js. */
export async function pdfPageCount(bytes: Uint8Array, password?: string): Promise<number> {
  return withPdf(bytes, async (doc) => doc.numPages, password);
}

/** The document information dictionary's Title, as pdf.js reads it. */
export async function pdfTitle(doc: PdfjsDoc): Promise<string | undefined> {
  const { info } = await doc.getMetadata();
  const title = (info as { Title?: unknown }).Title;
  return typeof title === 'string' ? title : undefined;
}

/** Where an image is painted: the current transformation matrix [a b c d e f] mapping the unit square onto the page. */
export type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

/** The matrices images are painted with on page `index` (0-based), following q/Q and cm (not inside form XObjects). */
export async function imagePlacements(doc: PdfjsDoc, index: number): Promise<Matrix[]> {
  const page = await doc.getPage(index + 1);
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const out: Matrix[] = [];
  fnArray.forEach((fn, i) => {
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) ctm = multiply(argsArray[i] as Matrix, ctm);
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) out.push(ctm);
  });
  return out;
}

// ─────────────────────────────────────────────────────────────────── the expected packet

/** An exhibit as the intake has it (the fields the packet's layout depends on). */
export interface EvidenceEntry {
  id: string;
  title: string;
  file: string;
  date?: string | null;
  password?: string | null;
  translation?: { file: string } | null;
}

export interface ExpectedExhibit {
  id: string;
  /** "A", "B", … in intake order. */
  tab: string;
  title: string;
  date?: string;
  /** 0-based page indexes in the packet: the tab page, and the last page (certificate of translation, if any). */
  first: number;
  last: number;
  /** Pages of the exhibit file (1 for an image). */
  originalPages: number;
  translation?: { first: number; pages: number };
  /** Index of the certificate of translation page. */
  certificate?: number;
}

export interface ExpectedPacket {
  exhibits: ExpectedExhibit[];
  contents: { first: number; last: number };
  /** Index of the certificate of service page, when there is one. */
  certificateOfService?: number;
  pages: number;
}

/** Tab labels A … Z, AA, AB, … (the labelling itself is tested in test/render/tabs.test.ts). */
export const tabLabel = tabLetter;

/** Pages of an evidence file counted independently: pdf.js for a PDF, 1 for a JPEG or PNG. */
export async function evidencePages(file: string, password?: string | null): Promise<number> {
  if (/\.(jpe?g|png)$/i.test(file)) return 1;
  return pdfPageCount(await readFile(file), password ?? undefined);
}

/**
 * Where everything should be in the packet, from the intake's evidence alone: the cover (1 page),
 * the contents (`contentsPages`), then per exhibit its tab page, its pages, its translation's pages
 * and one certificate of translation, then one certificate of service when there is one.
 */
export async function expectedPacket(caseDir: string, evidence: EvidenceEntry[], o: { contentsPages: number; certificateOfService: boolean }): Promise<ExpectedPacket> {
  let next = 1 + o.contentsPages;
  const exhibits: ExpectedExhibit[] = [];
  for (const [i, e] of evidence.entries()) {
    const first = next;
    const originalPages = await evidencePages(path.join(caseDir, e.file), e.password);
    next += 1 + originalPages;
    const x: ExpectedExhibit = { id: e.id, tab: tabLabel(i), title: e.title, ...(e.date ? { date: e.date } : {}), first, last: next - 1, originalPages };
    if (e.translation) {
      const pages = await evidencePages(path.join(caseDir, e.translation.file));
      x.translation = { first: next, pages };
      next += pages;
      x.certificate = next;
      next += 1;
      x.last = next - 1;
    }
    exhibits.push(x);
  }
  const certificateOfService = o.certificateOfService ? next++ : undefined;
  return { exhibits, contents: { first: 1, last: o.contentsPages }, ...(certificateOfService !== undefined ? { certificateOfService } : {}), pages: next };
}

/** "3–4", or "3" for one page, from 0-based indexes (as the contents and the index of evidence print them). */
export const pageRange = (first: number, last: number): string => (first === last ? String(first + 1) : `${first + 1}–${last + 1}`);

/** A date of the intake ("2019-02-11") as the documents write it ("February 11, 2019"). */
export const longDate = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
