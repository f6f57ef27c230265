/** pdf.js, loaded only on the filing page. Same-origin worker, no eval, data files from assets/pdfjs/. */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PDFDocumentProxy } from 'pdfjs-dist';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

function dataUrl(dir: string): string {
  return new URL(`assets/pdfjs/${dir}/`, document.baseURI).href;
}

export type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';

export function openPdf(url: string): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const task = pdfjs.getDocument({
    url: new URL(url, document.baseURI).href,
    isEvalSupported: false,
    withCredentials: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
    enableXfa: false,
  });
  return { promise: task.promise, destroy: () => task.destroy() };
}

export interface OutlineEntry {
  title: string;
  page: number | null;
  depth: number;
}

/** The PDF's own bookmarks, flattened, each with its 1-based page when the destination resolves. */
export async function outlineOf(doc: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const outline = await doc.getOutline();
  if (!outline) return [];
  const out: OutlineEntry[] = [];
  type Item = (typeof outline)[number];
  const walk = async (items: Item[], depth: number) => {
    for (const item of items) {
      let page: number | null = null;
      try {
        let dest: unknown = item.dest;
        if (typeof dest === 'string') dest = await doc.getDestination(dest);
        if (Array.isArray(dest) && dest.length > 0) {
          const ref = dest[0];
          if (typeof ref === 'number') page = ref + 1;
          else if (ref && typeof ref === 'object') page = (await doc.getPageIndex(ref as Parameters<PDFDocumentProxy['getPageIndex']>[0])) + 1;
        }
      } catch {
        page = null;
      }
      out.push({ title: item.title, page, depth });
      if (item.items?.length) await walk(item.items as Item[], depth + 1);
    }
  };
  await walk(outline, 0);
  return out;
}
