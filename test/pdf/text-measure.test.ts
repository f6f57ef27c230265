/**
 * Measuring is fontkit's layout, the biggest cost of a build: wrap measures each word once rather
 * than the whole line per word, and the parsed fonts remember their layouts. Neither may change
 * a line break, a width or the text a document draws.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { PDFDocument, type PDFFont } from '@cantoo/pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { embedFonts, type Fonts } from '../../src/pdf/fonts.js';
import { wrap } from '../../src/pdf/text.js';

/** The algorithm wrap had before: the whole candidate line measured for every word. */
function referenceWrap(text: string, font: Pick<PDFFont, 'widthOfTextAtSize'>, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (rest.length > 1 && font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const PARAGRAPHS = [
  'I, Đặng Thị Hương, declare under penalty of perjury that the following is true and correct to the best of my knowledge. ' +
    'In March 2019 officers of the provincial police came to our house in Nghệ An and took my husband, Nguyễn Văn Thành, away.',
  'Я, Ольга Ивановна Петренко, заявляю, что в октябре 2021 года меня задержали в Минске за участие в мирной демонстрации. ' +
    'Мой брат, Сергей Петренко, был арестован через неделю — mixed with Latin words, "quotes", and numbers 1,234.',
  'A very long word: Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsangestellter and ' +
    'https://example.org/a/really/long/path/that/cannot/break/anywhere/at/all/because/it/has/no/spaces/in/it',
  'Several paragraphs\nwith  double  spaces,  a trailing space \n\n and a leading one, then WAVY Type: AVAY Yo Yo T. Te To.\nJosé Antonio Núñez Ramírez',
];

const KERNED = Array.from({ length: 40 }, (_, i) => `the ${'students’'.slice(i % 5)} Yard’ Avenue’`).join(' ');

const WIDTHS = [40, 90, 156, 300, 468];
const SWEEP = Array.from({ length: 60 }, (_, i) => 40 + i * 7.3);
const SIZES = [9, 10.5, 12];

async function newFonts(): Promise<Fonts> {
  return embedFonts(await PDFDocument.create());
}

/** The fontkit font pdf-lib's embedder lays text out with. */
const parsedFont = (font: PDFFont) =>
  (font as unknown as { embedder: { font: { layout(s: string): { glyphs: unknown[] } } } }).embedder.font;

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const content = await (await pdf.getPage(1)).getTextContent();
    return content.items.map((i) => ('str' in i ? i.str : '')).join('');
  } finally {
    await pdf.destroy();
  }
}

describe('wrap', () => {
  it('breaks lines where measuring the whole line for each word did, and never wider than the width', async () => {
    const fonts = await newFonts();
    const faces: [string, PDFFont, string[]][] = [
      ['regular', fonts.regular, PARAGRAPHS],
      ['bold', fonts.bold, PARAGRAPHS],
      ['italic', fonts.italic, PARAGRAPHS],
      // The standard font kerns, also across a join ("students’ Yard": ’ with the space, the space
      // with Y), so a line is narrower than its words' widths add up to; it writes no Vietnamese.
      ['numbers', fonts.numbers, [...PARAGRAPHS.map((p) => p.replace(/[^\x20-\x7e\n]/g, 'e')), KERNED]],
    ];
    for (const [name, font, paragraphs] of faces) {
      const text = paragraphs.join('\n');
      for (const size of SIZES) {
        for (const width of name === 'numbers' ? SWEEP : WIDTHS) {
          const lines = wrap(text, font, size, width);
          expect(lines, `${name} ${size}pt in ${width}pt`).toEqual(referenceWrap(text, font, size, width));
          for (const line of lines) {
            // Only a single character wider than the column may stick out (it cannot be broken).
            if ([...line].length > 1) expect(font.widthOfTextAtSize(line, size), `${name}: "${line}"`).toBeLessThanOrEqual(width);
          }
        }
      }
    }
  });

  it('keeps the long-word breaking and the empty lines of empty paragraphs', async () => {
    const fonts = await newFonts();
    const lines = wrap('Hương\n\nDonaudampfschifffahrtsgesellschaftskapitän', fonts.regular, 12, 60);
    expect(lines[0]).toBe('Hương');
    expect(lines[1]).toBe('');
    expect(lines.slice(2).join('')).toBe('Donaudampfschifffahrtsgesellschaftskapitän');
    expect(lines.length).toBeGreaterThan(4);
  });

  it('measures exactly when a font is wider across a join than its parts add up to', () => {
    // A made-up font where "q" followed by a space is 30 points wider: adding word widths misjudges.
    const font = {
      widthOfTextAtSize: (s: string, size: number) => (s.length * size) / 2 + (s.match(/q /g)?.length ?? 0) * 30,
    };
    const text = 'aq bq cq dq eq fq gq hq iq jq kq lq mq nq oq pq qq rq sq tq uq vq wq xq yq zq';
    for (const width of [40, 70, 100, 150]) {
      const lines = wrap(text, font as unknown as PDFFont, 10, width);
      expect(lines).toEqual(referenceWrap(text, font, 10, width));
      for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(width);
    }
  });
});

describe('remembered layouts', () => {
  it('measure what a freshly parsed font lays out', async () => {
    const require = createRequire(import.meta.url);
    const bytes = await readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf'));
    const fresh = fontkit.create(bytes);
    const widthOf = (s: string, size: number) =>
      (fresh.layout(s).glyphs as { advanceWidth: number }[]).reduce((w, g) => w + g.advanceWidth, 0) * (size / fresh.unitsPerEm);
    const fonts = await newFonts();
    for (const s of [...PARAGRAPHS, 'Đặng Thị Hương', 'Ольга Петренко', 'office fifty']) {
      for (const size of SIZES) {
        const expected = widthOf(s, size);
        expect(fonts.regular.widthOfTextAtSize(s, size)).toBeCloseTo(expected, 9);
        expect(fonts.regular.widthOfTextAtSize(s, size)).toBeCloseTo(expected, 9); // the remembered layout
      }
    }
  });

  it('are shared by documents and frozen, so that no document can change another one’s text', async () => {
    const parsed = parsedFont((await newFonts()).regular);
    const run = parsed.layout('Đặng Thị Hương');
    expect(parsed.layout('Đặng Thị Hương')).toBe(run);
    expect(Object.isFrozen(run) && Object.isFrozen(run.glyphs)).toBe(true);
    expect(parsedFont((await newFonts()).regular)).toBe(parsed);
  });

  it('are forgotten past a bound, so that a watcher running for days does not grow', async () => {
    const parsed = parsedFont((await newFonts()).regular);
    const first = parsed.layout('Đặng Thị Hương, remembered until the memo is full');
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 210; i++) parsed.layout(`${i} ${filler}`);
    expect(parsed.layout('Đặng Thị Hương, remembered until the memo is full')).not.toBe(first);
  });

  it('still subset each document with the glyphs it draws', async () => {
    const draw = async (text: string) => {
      const doc = await PDFDocument.create();
      const fonts = await embedFonts(doc);
      const page = doc.addPage([612, 792]);
      page.drawText(fonts.safe(text), { x: 40, y: 700, size: 12, font: fonts.regular });
      return doc;
    };
    // Both documents lay out "Đặng Thị Hương" (the second from the memo); the second is saved first.
    const first = await draw('Đặng Thị Hương');
    const second = await draw('Ольга Петренко · Đặng Thị Hương');
    const secondBytes = await second.save();
    const firstBytes = await first.save();
    expect(await textOf(firstBytes)).toBe('Đặng Thị Hương');
    expect(await textOf(secondBytes)).toBe('Ольга Петренко · Đặng Thị Hương');
    // And a third, drawing only text the memo already has, after both were saved.
    expect(await textOf(await (await draw('Ольга Петренко')).save())).toBe('Ольга Петренко');
  });
});
