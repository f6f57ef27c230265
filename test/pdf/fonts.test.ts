/** The packet's font writes accented, Vietnamese and Cyrillic names; a character it lacks is shown as □ and reported. */
import { PDFDocument } from '@cantoo/pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { embedFonts, MISSING_GLYPH } from '../../src/pdf/fonts.js';

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const page = await pdf.getPage(1);
  const content = await page.getTextContent();
  return content.items.map((i) => ('str' in i ? i.str : '')).join('');
}

describe('embedFonts', () => {
  it('draws Spanish, Vietnamese and Cyrillic names that survive text extraction', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    const page = doc.addPage([612, 792]);
    const names = 'José Antonio Núñez Ramírez · Đặng Thị Hương · Ольга Ивановна Петренко';
    page.drawText(fonts.safe(names), { x: 40, y: 700, size: 12, font: fonts.regular });
    expect(fonts.missing()).toEqual([]);
    expect(await textOf(await doc.save())).toBe(names);
  });

  it('replaces characters the font lacks with □ and names them, never a silent "?"', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    expect(fonts.safe('Li Wei 李伟 😀')).toBe(`Li Wei ${MISSING_GLYPH}${MISSING_GLYPH} ${MISSING_GLYPH}`);
    expect(fonts.missing()).toEqual(['李', '伟', '😀']);
  });

  it('subsets the fonts: a page of text stays small', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    doc.addPage([612, 792]).drawText(fonts.safe('Núñez'), { x: 40, y: 700, size: 12, font: fonts.bold });
    expect((await doc.save()).length).toBeLessThan(60_000);
  });
});
