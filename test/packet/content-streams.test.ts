/**
 * A page's content may be one stream (as LibreOffice and many scanners write it) or an array of
 * streams (as pdf-lib writes it). Placed in a packet, both keep every mark of the page: the
 * page's own content sits between the packet's transform and its restore. A page with one stream
 * once came out blank (its content dropped): found when a LibreOffice-converted declaration was
 * placed after the contents.
 */
import { PDFArray, PDFDocument, PDFName, PDFRef, StandardFonts } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { placePdfPages } from '../../src/packet/place.js';
import { norm, pdfText } from '../helpers/pdf.js';

/** A two-page PDF whose pages say `words`; with `single`, each page's /Contents is one stream, not an array. */
async function source(words: string[], single: boolean): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const w of words) doc.addPage([612, 792]).drawText(w, { x: 72, y: 700, size: 14, font });
  const bytes = await doc.save();
  const loaded = await PDFDocument.load(bytes);
  if (single) {
    for (const page of loaded.getPages()) {
      const contents = page.node.Contents();
      expect(contents).toBeInstanceOf(PDFArray);
      const refs = (contents as PDFArray).asArray();
      expect(refs).toHaveLength(1);
      page.node.set(PDFName.of('Contents'), refs[0] as PDFRef);
    }
    return PDFDocument.load(await loaded.save());
  }
  return loaded;
}

describe('placing a page keeps its content, whatever the shape of its /Contents', () => {
  it.each([
    ['one stream', true],
    ['an array of streams', false],
  ])('%s', async (_, single) => {
    const src = await source(['First page of the declaration', 'Second page, with Núñez'], single);
    if (single) expect(src.getPage(0).node.get(PDFName.of('Contents'))).toBeInstanceOf(PDFRef);
    const out = await PDFDocument.create();
    await placePdfPages(out, src);
    const text = (await pdfText(await out.save())).map(norm);
    expect(text).toEqual(['First page of the declaration', 'Second page, with Núñez']);
  });
});
