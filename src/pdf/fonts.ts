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
 * Glyphs a font's layout memo holds before it starts again (a watcher runs for days). A laid-out
 * glyph takes about 80 bytes, so this is some 16 MB a font; one packet's text is about 3,000.
 */
const LAYOUT_MEMO_GLYPHS = 200_000;

interface GlyphRun { glyphs: unknown[]; positions: unknown[] }
interface LayoutFont { layout(text: unknown, ...args: unknown[]): GlyphRun }

/**
 * Remembers a parsed font's OpenType layout of each string. pdf-lib lays the string out again for
 * every widthOfTextAtSize and every drawText (and a drawn line is first measured), which was the
 * biggest single cost of a batch. pdf-lib calls `layout(text, fontFeatures)` and only reads the
 * run's `glyphs` (id, advanceWidth; a subset keeps the Glyph objects, which fontkit already shares
 * per font), so one run can serve every document; it is frozen so that a change would throw rather
 * than alter other documents' text.
 */
function memoiseLayout(font: LayoutFont): void {
  const layout = font.layout.bind(font);
  const memo = new Map<string, GlyphRun>();
  let glyphs = 0;
  font.layout = (text, ...args) => {
    if (typeof text !== 'string') return layout(text, ...args);
    // pdf-lib passes no features: the text is the key; otherwise the arguments are part of it.
    const key = args.every((a) => a === undefined) ? `\0${text}` : `${JSON.stringify(args)}\0${text}`;
    let run = memo.get(key);
    if (!run) {
      run = layout(text, ...args);
      Object.freeze(run.glyphs);
      Object.freeze(run.positions);
      Object.freeze(run);
      if ((glyphs += run.glyphs.length) > LAYOUT_MEMO_GLYPHS) {
        memo.clear();
        glyphs = run.glyphs.length;
      }
      memo.set(key, run);
    }
    return run;
  };
}

/**
 * fontkit with its parsed fonts kept: pdf-lib asks it to parse the same font bytes for every
 * document, and parsing DejaVu three times per packet was most of the garbage a build makes.
 * A parsed font is only read from (each document makes its own subset of it), so its layouts
 * are kept too.
 */
const parsed = new WeakMap<Uint8Array, unknown>();
const cachingFontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data);
      memoiseLayout(font as LayoutFont);
      parsed.set(data, font);
    }
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
