/**
 * Document outline ("bookmarks") for a pdf-lib document, which pdf-lib has
 * no API for. Writes the objects of ISO 32000-1 §12.3.3 directly:
 *
 *   Catalog /Outlines -> << /Type /Outlines /First /Last /Count >>
 *   item              -> << /Title /Parent /Prev /Next /First /Last /Count /Dest >>
 *
 * Knows nothing of what the document is about.
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
} from '@cantoo/pdf-lib';
import type { PDFDocument } from '@cantoo/pdf-lib';

export interface OutlineItem {
  title: string;
  /** Zero-based index of the page the item goes to (its top). */
  pageIndex: number;
  children?: OutlineItem[];
  /** Whether the item's children are shown expanded. Default true; ignored without children. */
  open?: boolean;
}

const OUTLINES = PDFName.of('Outlines');
const PAGE_MODE = PDFName.of('PageMode');
const USE_OUTLINES = PDFName.of('UseOutlines');
const FIRST = PDFName.of('First');
const NEXT = PDFName.of('Next');

/**
 * An explicit destination to the top of page `pageIndex` of `doc`:
 * `[page /XYZ null top null]`, where top is the top edge of the page's
 * CropBox (default user space), keeping the current left and zoom. For a
 * rotated page the visual top is not the top in user space, so that gets
 * `[page /Fit]` instead.
 *
 * Throws a RangeError if `pageIndex` is not a page of `doc`; `what` names the
 * caller's item in that message.
 */
export function topOfPageDestination(doc: PDFDocument, pageIndex: number, what = 'destination'): PDFArray {
  const count = doc.getPageCount();
  if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= count) {
    throw new RangeError(
      `${what}: pageIndex ${String(pageIndex)} is outside the document ` +
        (count === 0 ? '(it has no pages)' : `(pages 0–${count - 1})`),
    );
  }
  const page = doc.getPage(pageIndex);
  const rotation = (((page.getRotation().angle % 360) + 360) % 360);
  if (rotation !== 0) {
    return doc.context.obj([page.ref, PDFName.of('Fit')]);
  }
  const box = page.getCropBox();
  const top = box.y + box.height;
  return doc.context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(top), PDFNull]);
}

/** Number of items shown under `items` when their parent is open (§12.3.3, Count). */
function visibleCount(items: readonly OutlineItem[]): number {
  let n = 0;
  for (const item of items) {
    n += 1;
    const children = item.children ?? [];
    if (children.length > 0 && item.open !== false) n += visibleCount(children);
  }
  return n;
}

/** Checks every pageIndex up front so a bad item leaves the document untouched. */
function validate(doc: PDFDocument, items: readonly OutlineItem[], path: string): void {
  items.forEach((item, i) => {
    const where = `outline item ${path}${i + 1} "${item.title}"`;
    if (typeof item.title !== 'string') throw new TypeError(`${where}: title must be a string`);
    topOfPageDestination(doc, item.pageIndex, where);
    if (item.children) validate(doc, item.children, `${path}${i + 1}.`);
  });
}

/**
 * Removes the objects of an existing outline tree (the /Outlines dictionary
 * and its items, found through /First and /Next) so that replacing an outline
 * does not leave orphans in the saved file. Destinations and actions the
 * items point to are left alone: they may be shared.
 */
function deleteOutlineTree(doc: PDFDocument, root: PDFRef): void {
  const { context } = doc;
  const seen = new Set<PDFRef>();
  const stack: PDFRef[] = [root];
  while (stack.length > 0) {
    const ref = stack.pop()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const dict = context.lookup(ref);
    if (dict instanceof PDFDict) {
      for (const key of [FIRST, NEXT]) {
        const next = dict.get(key);
        if (next instanceof PDFRef) stack.push(next);
      }
    }
    context.delete(ref);
  }
}

/** Drops the catalog's outline, deleting its objects when it is indirect. */
function removeOutline(doc: PDFDocument): void {
  const existing = doc.catalog.get(OUTLINES);
  if (existing instanceof PDFRef) deleteOutlineTree(doc, existing);
  doc.catalog.delete(OUTLINES);
}

/**
 * Replaces the document's outline with `items` (nested), each pointing at the
 * top of its page. Sets the catalog's /PageMode to /UseOutlines so viewers
 * open the bookmarks pane. An empty `items` removes the outline (and a
 * /PageMode /UseOutlines). Titles are written as UTF-16BE hex strings, so any
 * Unicode survives.
 *
 * Throws a RangeError naming the item if a pageIndex is not a page of the
 * document; the document is then left unchanged.
 */
export function writeOutline(doc: PDFDocument, items: OutlineItem[]): void {
  validate(doc, items, '');
  removeOutline(doc);

  if (items.length === 0) {
    if (doc.catalog.get(PAGE_MODE) === USE_OUTLINES) doc.catalog.delete(PAGE_MODE);
    return;
  }

  const { context } = doc;
  const rootRef = context.nextRef();

  /** Writes `list` as the children of `parentRef`; returns [firstRef, lastRef]. */
  const writeLevel = (list: readonly OutlineItem[], parentRef: PDFRef): [PDFRef, PDFRef] => {
    const refs = list.map(() => context.nextRef());
    list.forEach((item, i) => {
      const ref = refs[i]!;
      const dict = context.obj({});
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parentRef);
      const prev = refs[i - 1];
      const next = refs[i + 1];
      if (prev) dict.set(PDFName.of('Prev'), prev);
      if (next) dict.set(NEXT, next);
      const children = item.children ?? [];
      if (children.length > 0) {
        const [first, last] = writeLevel(children, ref);
        dict.set(FIRST, first);
        dict.set(PDFName.of('Last'), last);
        const n = visibleCount(children);
        dict.set(PDFName.of('Count'), PDFNumber.of(item.open === false ? -n : n));
      }
      dict.set(PDFName.of('Dest'), topOfPageDestination(doc, item.pageIndex));
      context.assign(ref, dict);
    });
    return [refs[0]!, refs[refs.length - 1]!];
  };

  const [first, last] = writeLevel(items, rootRef);
  context.assign(
    rootRef,
    context.obj({
      Type: 'Outlines',
      First: first,
      Last: last,
      Count: visibleCount(items),
    }),
  );
  doc.catalog.set(OUTLINES, rootRef);
  doc.catalog.set(PAGE_MODE, USE_OUTLINES);
}
