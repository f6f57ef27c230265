/**
 * The embedded Unicode fonts of generated pages (DejaVu Serif, shipped by an npm package), subset
 * on save. The standard PDF fonts cannot write "Đặng" or Cyrillic; these can. A character the
 * font lacks is never dropped or turned into "?" silently: it is drawn as □ and reported.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { StandardFonts, type PDFDocument, type PDFFont } from '@cantoo/pdf-lib';

const require = createRequire(import.meta.url);
const FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf',
  italic: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf',
} as const;
export type FontStyle = keyof typeof FILES;

/** Drawn in place of a character the font does not have. */
export const MISSING_GLYPH = '□';

const bytesCache = new Map<FontStyle, Promise<Uint8Array>>();
const fontBytes = (style: FontStyle) => {
  let p = bytesCache.get(style);
  if (!p) bytesCache.set(style, (p = readFile(require.resolve(FILES[style]))));
  return p;
};

export interface Fonts {
  /** The standard Times font (not embedded, no shaping), for plain ASCII such as page numbers. */
  numbers: PDFFont;
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  /** Text made drawable: characters the font lacks become □ and are recorded. */
  safe(text: string, style?: FontStyle): string;
  /** Characters that were replaced so far, each once, in order of appearance. */
  missing(): string[];
}

/**
 * fontkit with its parsed fonts kept: pdf-lib asks it to parse the same font bytes for every
 * document, and parsing DejaVu three times per packet was most of the garbage a build makes.
 * A parsed font is only read from (each document makes its own subset of it).
 */
const parsed = new WeakMap<Uint8Array, unknown>();
const cachingFontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) parsed.set(data, (font = fontkit.create(data)));
    return font;
  },
};

export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(cachingFontkit as never);
  const [regular, bold, italic] = await Promise.all(
    (Object.keys(FILES) as FontStyle[]).map(async (s) => doc.embedFont(await fontBytes(s), { subset: true })),
  ) as [PDFFont, PDFFont, PDFFont];
  const fonts = { regular, bold, italic };
  const numbers = await doc.embedFont(StandardFonts.TimesRoman);
  const charsets = new Map<FontStyle, Set<number>>();
  const missing = new Set<string>();
  const charset = (style: FontStyle) => {
    let s = charsets.get(style);
    if (!s) charsets.set(style, (s = new Set(fonts[style].getCharacterSet())));
    return s;
  };
  return {
    ...fonts,
    numbers,
    safe(text, style = 'regular') {
      const set = charset(style);
      let out = '';
      for (const ch of text.normalize('NFC')) {
        const cp = ch.codePointAt(0)!;
        if (set.has(cp) || ch === '\n') out += ch;
        else if (/\s/.test(ch)) out += ' ';
        else {
          missing.add(ch);
          out += MISSING_GLYPH;
        }
      }
      return out;
    },
    missing: () => [...missing],
  };
}
