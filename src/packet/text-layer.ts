/**
 * The searchable text of the packet's image pages (photos, TIFF scans): each image exhibit read by
 * Tesseract (src/ocr/tesseract.ts) in its own language and English, and its text-only page drawn
 * over the image where the image is. Tesseract missing, a language's data missing, or a reading
 * that fails: the page keeps no text, the build goes on, and it says so once.
 */
import { PDFDocument, type Degrees, type PDFPage } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import type { LoadedExhibit } from '../pdf/exhibit.js';
import { LOAD_OPTIONS } from '../pdf/save.js';
import type { Exhibit } from '../render/model.js';
import { installedLanguages, languagePackage, ocrImage, OcrMissing, tesseractLanguage, type OcrResult } from '../ocr/tesseract.js';
import { languageName } from '../intake/codes.js';

/** The image bytes of a loaded exhibit that OCR reads: a photo, or a TIFF's pages. */
export function imageBytes(loaded: LoadedExhibit): Uint8Array | undefined {
  if (loaded.kind === 'image') return loaded.bytes;
  return loaded.images;
}

/** Reads the image pages of the case's exhibits, a few notices for the whole case. */
export class TextLayers {
  private missing: string | undefined;
  private readonly noLanguage = new Map<string, number>();
  readonly warnings: Problem[] = [];

  constructor(private readonly intakeFile: string) {}

  /** The text layer of one exhibit file's image pages (undefined when it has none, or it cannot be read). */
  async read(loaded: LoadedExhibit, x: Exhibit, role: 'file' | 'translation', name: string): Promise<OcrResult | undefined> {
    const bytes = imageBytes(loaded);
    if (!bytes || this.missing) return undefined;
    try {
      const installed = await installedLanguages();
      const iso = role === 'file' ? x.language : 'en';
      const code = tesseractLanguage(iso);
      if (code && code !== 'eng' && !installed.has(code)) this.noLanguage.set(iso, (this.noLanguage.get(iso) ?? 0) + 1);
      // Its language and English, those installed (English alone, whatever is installed, at least).
      const langs = [...new Set([code, 'eng'])].filter((l): l is string => Boolean(l) && installed.has(l!));
      return await ocrImage(bytes, langs.length ? langs : ['eng']);
    } catch (err) {
      if (err instanceof OcrMissing) {
        this.missing = err.message;
        return undefined;
      }
      this.warnings.push(problem('ocrFailed', { exhibit: name, detail: (err as Error).message }, { file: this.intakeFile }));
      return undefined;
    }
  }

  /** The notices of the whole case: Tesseract missing, languages without data. */
  notices(imagePages: number): Problem[] {
    const out = [...this.warnings];
    if (this.missing && imagePages > 0) out.push(problem('ocrSkipped', { pages: imagePages, detail: this.missing }, { file: this.intakeFile }));
    for (const [iso, files] of this.noLanguage) {
      const code = tesseractLanguage(iso)!;
      out.push(problem('ocrLanguageMissing', { language: languageName(iso), files, install: `sudo apt-get install ${languagePackage(code)}` }, { file: this.intakeFile }));
    }
    return out;
  }
}

/** Draws the text-only pages of `ocr` over the pages of a TIFF turned into PDF, each over its image. */
export async function overlayTiffText(doc: PDFDocument, ocr: OcrResult): Promise<void> {
  const text = await PDFDocument.load(ocr.pdf, LOAD_OPTIONS);
  const count = Math.min(text.getPageCount(), doc.getPageCount());
  if (count === 0) return;
  const embedded = await doc.embedPdf(text, Array.from({ length: count }, (_, i) => i));
  embedded.forEach((page, i) => {
    const target = doc.getPage(i);
    const { width, height } = target.getSize();
    target.drawPage(page, { x: 0, y: 0, width, height });
  });
}

/** Draws the text-only page of a photo over it: the same box, the same turn. */
export async function overlayImageText(out: PDFDocument, page: PDFPage, ocr: OcrResult, at: { x: number; y: number; width: number; height: number; rotate: Degrees }): Promise<void> {
  const [embedded] = await out.embedPdf(ocr.pdf, [0]);
  if (embedded) page.drawPage(embedded, at);
}
