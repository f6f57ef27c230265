import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, degrees } from '@cantoo/pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { addInternalLink } from '../../src/pdf/links.js';
import { writeOutline } from '../../src/pdf/outline.js';
import type { OutlineItem } from '../../src/pdf/outline.js';

type PdfjsDoc = Awaited<ReturnType<typeof getDocument>['promise']>;

const VIETNAMESE = 'Đặng Thị Hương — Tuyên bố';
const CYRILLIC = 'Свидетельство о рождении (Ёлкина)';
const SPANISH = 'Declaración de Núñez';
const EMOJI = 'Photos 📷 & ✓ 中文';

const hasQpdf = spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'outline-links-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const opened: PdfjsDoc[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.destroy()));
});

/** A document of `n` US-letter pages, each labelled with its index. */
async function makeDoc(n: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`page ${i}`, { x: 72, y: 700, size: 12 });
  }
  return doc;
}

async function openWithPdfjs(bytes: Uint8Array): Promise<PdfjsDoc> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  opened.push(doc);
  return doc;
}

/** Page index that a pdf.js dest (explicit array or name) points to. */
async function destPageIndex(pdf: PdfjsDoc, dest: unknown): Promise<number> {
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
  if (!Array.isArray(explicit)) throw new Error(`unresolvable dest ${JSON.stringify(dest)}`);
  return pdf.getPageIndex(explicit[0]);
}

let qpdfRun = 0;
/** `qpdf --check` passes without errors or warnings (exit 0); no-op without qpdf. */
function expectQpdfClean(bytes: Uint8Array): void {
  if (!hasQpdf) return;
  const file = join(tmp, `check-${qpdfRun++}.pdf`);
  writeFileSync(file, bytes);
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toMatch(/No syntax or stream encoding errors/);
}

interface Shape {
  title: string;
  page: number;
  count: number | undefined;
  items: Shape[];
}
type PdfjsOutline = Awaited<ReturnType<PdfjsDoc['getOutline']>>;

/** The outline as pdf.js reads it: titles, target page indices, counts and nesting. */
async function shapeOf(pdf: PdfjsDoc, nodes: PdfjsOutline): Promise<Shape[]> {
  const out: Shape[] = [];
  for (const node of nodes) {
    out.push({
      title: node.title,
      page: await destPageIndex(pdf, node.dest),
      count: node.count,
      items: await shapeOf(pdf, node.items as PdfjsOutline),
    });
  }
  return out;
}

/** Indirect objects of a (reloaded) document that look like outline items or roots. */
function outlineObjectCount(doc: PDFDocument): number {
  return doc.context
    .enumerateIndirectObjects()
    .filter(
      ([, obj]) =>
        obj instanceof PDFDict &&
        (obj.has(PDFName.of('Title')) || obj.get(PDFName.of('Type')) === PDFName.of('Outlines')),
    ).length;
}

/**
 * Structural check of the outline in a parsed file, for what pdf.js does not
 * read: every item's /Parent, /Prev and /Last agree with the /First-/Next
 * chains, and /Count is present exactly when an item has children.
 */
function expectOutlineLinkage(doc: PDFDocument): void {
  const N = (s: string) => PDFName.of(s);
  const rootRef = doc.catalog.get(N('Outlines'));
  expect(rootRef).toBeInstanceOf(PDFRef);
  const walk = (parentRef: PDFRef): void => {
    const parent = doc.context.lookup(parentRef, PDFDict);
    let ref = parent.get(N('First'));
    let prev: PDFRef | undefined;
    while (ref !== undefined) {
      expect(ref).toBeInstanceOf(PDFRef);
      const item = doc.context.lookup(ref, PDFDict);
      expect(item.get(N('Parent'))).toBe(parentRef);
      expect(item.get(N('Prev'))).toBe(prev);
      expect(item.has(N('Count'))).toBe(item.has(N('First')));
      expect(item.has(N('Last'))).toBe(item.has(N('First')));
      if (item.has(N('First'))) walk(ref as PDFRef);
      prev = ref as PDFRef;
      ref = item.get(N('Next'));
    }
    expect(parent.get(N('Last'))).toBe(prev);
  };
  walk(rootRef as PDFRef);
}

const ITEMS: OutlineItem[] = [
  { title: 'Index of Evidence', pageIndex: 0 },
  {
    title: SPANISH,
    pageIndex: 1,
    children: [
      { title: VIETNAMESE, pageIndex: 2 },
      {
        title: CYRILLIC,
        pageIndex: 3,
        open: false,
        children: [
          { title: EMOJI, pageIndex: 4 },
          { title: 'Certified translation', pageIndex: 5 },
        ],
      },
    ],
  },
  { title: 'Country conditions', pageIndex: 6 },
];

describe('writeOutline', () => {
  it('writes a nested outline that pdf.js reads back with exact Unicode titles and page targets', async () => {
    const doc = await makeDoc(7);
    writeOutline(doc, ITEMS);
    const bytes = await doc.save();

    const pdf = await openWithPdfjs(bytes);
    expect(await pdf.getPageMode()).toBe('UseOutlines');
    const outline = await pdf.getOutline();
    expect(await shapeOf(pdf, outline)).toEqual([
      { title: 'Index of Evidence', page: 0, count: undefined, items: [] },
      {
        title: SPANISH,
        page: 1,
        // open: its 2 children are visible; the closed grandchild level is not
        count: 2,
        items: [
          { title: VIETNAMESE, page: 2, count: undefined, items: [] },
          {
            title: CYRILLIC,
            page: 3,
            count: -2,
            items: [
              { title: EMOJI, page: 4, count: undefined, items: [] },
              { title: 'Certified translation', page: 5, count: undefined, items: [] },
            ],
          },
        ],
      },
      { title: 'Country conditions', page: 6, count: undefined, items: [] },
    ]);

    // Each dest is "top of page": [ref /XYZ null 792 null].
    const dest = outline[0]!.dest as unknown[];
    expect(dest.slice(1)).toEqual([{ name: 'XYZ' }, null, 792, null]);

    // pdf-lib parses its own output, and the root's Count is right.
    const reloaded = await PDFDocument.load(bytes);
    expect(reloaded.getPageCount()).toBe(7);
    const root = reloaded.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    expect(root.get(PDFName.of('Count'))?.toString()).toBe('5');
    expect(outlineObjectCount(reloaded)).toBe(1 + 7);
    expectOutlineLinkage(reloaded);

    expectQpdfClean(bytes);
  });

  it('replaces an existing outline instead of adding to it, leaving no orphans', async () => {
    const doc = await makeDoc(3);
    writeOutline(doc, ITEMS.slice(0, 1));
    writeOutline(doc, [
      { title: 'Second A', pageIndex: 2 },
      { title: 'Second B', pageIndex: 1, children: [{ title: 'Second B.1', pageIndex: 0 }] },
    ]);
    const bytes = await doc.save();

    // Also replace an outline that came from a parsed file.
    const reloaded = await PDFDocument.load(bytes);
    expect(outlineObjectCount(reloaded)).toBe(1 + 3);
    expectOutlineLinkage(reloaded);
    writeOutline(reloaded, [{ title: CYRILLIC, pageIndex: 1 }]);
    const bytes2 = await reloaded.save();

    for (const [b, expected] of [
      [bytes, [['Second A', 2, [] as unknown[]], ['Second B', 1, [['Second B.1', 0, []]]]]],
      [bytes2, [[CYRILLIC, 1, []]]],
    ] as const) {
      const pdf = await openWithPdfjs(b);
      const shape = await shapeOf(pdf, await pdf.getOutline());
      const simple = (s: Shape[]): unknown[] => s.map((x) => [x.title, x.page, simple(x.items)]);
      expect(simple(shape)).toEqual(expected);
      expectQpdfClean(b);
    }
    expect(outlineObjectCount(await PDFDocument.load(bytes2))).toBe(1 + 1);
  });

  it('removes the outline and the outline page mode for an empty list', async () => {
    const doc = await makeDoc(2);
    writeOutline(doc, [{ title: 'x', pageIndex: 1 }]);
    writeOutline(doc, []);
    const bytes = await doc.save();
    const pdf = await openWithPdfjs(bytes);
    expect(await pdf.getOutline()).toBeNull();
    expect(await pdf.getPageMode()).toBe('UseNone');
    expect(outlineObjectCount(await PDFDocument.load(bytes))).toBe(0);
    expectQpdfClean(bytes);
  });

  it('throws a RangeError naming the item for a pageIndex outside the document, changing nothing', async () => {
    const doc = await makeDoc(3);
    writeOutline(doc, [{ title: 'Kept', pageIndex: 0 }]);
    const bad = (pageIndex: number): OutlineItem[] => [
      { title: 'Fine', pageIndex: 0, children: [{ title: 'Tab Ž', pageIndex }] },
    ];
    for (const pageIndex of [3, -1, 1.5, Number.NaN]) {
      expect(() => writeOutline(doc, bad(pageIndex))).toThrow(RangeError);
      expect(() => writeOutline(doc, bad(pageIndex))).toThrow(/"Tab Ž".*pageIndex/);
    }
    const pdf = await openWithPdfjs(await doc.save());
    expect((await pdf.getOutline()).map((n) => n.title)).toEqual(['Kept']);
  });

  it('points at the CropBox top, and uses /Fit on a rotated page', async () => {
    const doc = await makeDoc(2);
    doc.getPage(0).setCropBox(0, 100, 612, 500);
    doc.getPage(1).setRotation(degrees(90));
    writeOutline(doc, [
      { title: 'cropped', pageIndex: 0 },
      { title: 'rotated', pageIndex: 1 },
    ]);
    const bytes = await doc.save();
    const pdf = await openWithPdfjs(bytes);
    const [cropped, rotated] = await pdf.getOutline();
    expect((cropped!.dest as unknown[]).slice(1)).toEqual([{ name: 'XYZ' }, null, 600, null]);
    expect((rotated!.dest as unknown[]).slice(1)).toEqual([{ name: 'Fit' }]);
    expect(await destPageIndex(pdf, rotated!.dest)).toBe(1);
    expectQpdfClean(bytes);
  });
});

describe('addInternalLink', () => {
  it('adds borderless /Link annotations whose dests resolve to the target pages', async () => {
    const doc = await makeDoc(5);
    const index = doc.getPage(0);
    addInternalLink(doc, index, { x: 72, y: 600, width: 300, height: 14 }, 3);
    addInternalLink(doc, index, { x: 72, y: 580, width: 300, height: 14 }, 4);
    // A negative width/height is normalised into a proper rectangle.
    addInternalLink(doc, doc.getPage(4), { x: 500, y: 60, width: -100, height: -20 }, 0);
    writeOutline(doc, [{ title: VIETNAMESE, pageIndex: 3 }]);
    const bytes = await doc.save();

    const pdf = await openWithPdfjs(bytes);
    const annots = await (await pdf.getPage(1)).getAnnotations();
    expect(annots).toHaveLength(2);
    const expected = [
      { rect: [72, 600, 372, 614], page: 3 },
      { rect: [72, 580, 372, 594], page: 4 },
    ];
    for (const [i, want] of expected.entries()) {
      const a = annots[i];
      expect(a.subtype).toBe('Link');
      expect(Array.from(a.rect as number[])).toEqual(want.rect);
      expect(a.url).toBeUndefined();
      expect(await destPageIndex(pdf, a.dest)).toBe(want.page);
      expect((a.dest as unknown[]).slice(1)).toEqual([{ name: 'XYZ' }, null, 792, null]);
      expect(a.borderStyle.width).toBe(0);
    }
    const back = await (await pdf.getPage(5)).getAnnotations();
    expect(back).toHaveLength(1);
    expect(Array.from(back[0].rect as number[])).toEqual([400, 40, 500, 60]);
    expect(await destPageIndex(pdf, back[0].dest)).toBe(0);
    expect(await (await pdf.getPage(2)).getAnnotations()).toEqual([]);

    const reloaded = await PDFDocument.load(bytes);
    expect(reloaded.getPage(0).node.Annots()?.size()).toBe(2);
    expectQpdfClean(bytes);
  });

  it('appends to an existing /Annots array held by indirect reference, keeping it indirect', async () => {
    const doc = await makeDoc(3);
    const page = doc.getPage(1);
    const existingLink = doc.context.register(
      doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], Border: [0, 0, 0], Dest: [doc.getPage(0).ref, 'Fit'] }),
    );
    const annotsRef = doc.context.register(doc.context.obj([existingLink]));
    page.node.set(PDFName.of('Annots'), annotsRef);

    addInternalLink(doc, page, { x: 100, y: 100, width: 50, height: 20 }, 2);
    const bytes = await doc.save();

    const reloaded = await PDFDocument.load(bytes);
    const raw = reloaded.getPage(1).node.get(PDFName.of('Annots'));
    expect(raw).toBeInstanceOf(PDFRef);
    expect(reloaded.context.lookup(raw, PDFArray).size()).toBe(2);

    const pdf = await openWithPdfjs(bytes);
    const annots = await (await pdf.getPage(2)).getAnnotations();
    expect(annots.map((a) => a.subtype)).toEqual(['Link', 'Link']);
    expect(await destPageIndex(pdf, annots[0].dest)).toBe(0);
    expect(await destPageIndex(pdf, annots[1].dest)).toBe(2);
    expect(Array.from(annots[1].rect as number[])).toEqual([100, 100, 150, 120]);
    expectQpdfClean(bytes);
  });

  it('rejects a target outside the document, a non-finite rect and a page of another document', async () => {
    const doc = await makeDoc(2);
    const other = await makeDoc(1);
    const rect = { x: 0, y: 0, width: 10, height: 10 };
    expect(() => addInternalLink(doc, doc.getPage(0), rect, 2)).toThrow(RangeError);
    expect(() => addInternalLink(doc, doc.getPage(0), rect, -1)).toThrow(RangeError);
    expect(() => addInternalLink(doc, doc.getPage(0), { ...rect, width: Number.NaN }, 1)).toThrow(RangeError);
    expect(() => addInternalLink(doc, other.getPage(0), rect, 0)).toThrow(/another document/);
    expect(doc.getPage(0).node.Annots()?.size() ?? 0).toBe(0);
  });
});
