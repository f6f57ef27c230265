/**
 * The exhibit files of a packet, loaded once: each read only as validation checked it, within the
 * limits, a repaired one reported; and the pages they will take, checked against the packet's
 * limit before any is copied.
 */
import type { PDFDocument, PDFPage } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { ExhibitLoadError, type LoadedExhibit } from '../pdf/exhibit.js';
import { loadExhibit } from '../pdf/load.js';
import type { Exhibit, Model } from '../render/model.js';
import { resolveReference, type CheckedFiles } from '../intake/files.js';
import type { CaseDeadline } from '../builder/deadline.js';
import { limitsWith, type Limits } from '../limits.js';
import { placeImage, placePdfPages } from './place.js';
import type { OcrResult } from '../ocr/tesseract.js';
import { imageBytes, overlayTiffText, TextLayers } from './text-layer.js';

/** Where the exhibit files are and how they may be read. */
export interface SourceOptions {
  /** Folder of the intake file: exhibit paths are relative to it. */
  caseDir: string;
  /** The intake file, to locate problems. */
  intakeFile: string;
  /**
   * The exhibit files as validation checked them (Case.checked): each is read only when it is
   * still the file checked; one that changed fails the case (AP1306), one never checked is not read.
   */
  checked: CheckedFiles;
  /** Index in evidence[] of each exhibit id, to locate problems. */
  evidenceIndex: ReadonlyMap<string, number>;
  /** Limits on pixels, inflated bytes and pages (limits.ts); the defaults unless replaced. */
  limits?: Partial<Limits>;
  /** The case's time limit, looked at before each exhibit is loaded and placed. */
  deadline?: CaseDeadline;
  /** Read the image pages' words by OCR where Tesseract is installed (default: yes). */
  ocr?: boolean;
}

export interface ExhibitSources {
  /** The original and its translation, by exhibit id. */
  byId: Map<string, Sources>;
  /** Repaired files and the like: reported, not fatal. */
  warnings: Problem[];
}

export interface Sources {
  original: LoadedExhibit;
  translation?: LoadedExhibit;
  /** What OCR read of their image pages, when they are images and it could. */
  text?: { original?: OcrResult; translation?: OcrResult };
}

/** Which catalogue entry reports an exhibit that could not be used: a limit's own, or AP4001. */
const FAILURE_ENTRY = {
  'too-many-pixels': 'imageTooLarge',
  'stream-too-large': 'streamTooLarge',
  'too-many-pages': 'exhibitTooManyPages',
} as const;

/** A file of the case (an exhibit, a signed scan), read only when validation checked it, and only as it was checked. */
export async function loadChecked(full: string, checked: CheckedFiles, limits: Limits, password?: string | null): Promise<LoadedExhibit> {
  const file = checked.get(full);
  if (!file) throw new ExhibitLoadError('unreadable', 'the file was not checked when the intake was validated, so it is not read', 'validate the intake with its files (not --schema-only), then build again');
  return loadExhibit(full, { ...(password ? { password } : {}), limits, checked: file });
}

/** Puts a loaded file's pages into the filing: a PDF's pages, or a photo (with its text layer) on a page. */
export async function placeLoaded(out: PDFDocument, loaded: LoadedExhibit, limits: Limits, text?: OcrResult): Promise<PDFPage[]> {
  return loaded.kind === 'pdf' ? placePdfPages(out, loaded.doc, limits.maxStreamBytes) : [await placeImage(out, loaded, limits, text)];
}

/** The located problem of an exhibit file that could not be used. */
export function exhibitProblem(err: unknown, exhibit: string, file: string, location: { file: string; path?: string }): Problem {
  if (err instanceof ExhibitLoadError && err.reason === 'changed') {
    return problem('fileChanged', { exhibit, file, detail: err.message.replace(/^the file changed after it was checked: /, '') }, location);
  }
  if (err instanceof ExhibitLoadError && err.reason in FAILURE_ENTRY) {
    return problem(FAILURE_ENTRY[err.reason as keyof typeof FAILURE_ENTRY], { exhibit, file, detail: err.message }, location);
  }
  const detail = err instanceof ExhibitLoadError ? err.message : `cannot be read: ${(err as Error).message}`;
  const hint = err instanceof ExhibitLoadError ? err.hint : undefined;
  return problem('exhibitUnreadable', { exhibit, file, detail }, location, hint);
}

/** What names an exhibit file in a problem: its tab and title, the file as the intake writes it, and where. */
function describe(x: Exhibit, role: 'file' | 'translation', opts: SourceOptions) {
  const index = opts.evidenceIndex.get(x.id) ?? 0;
  return {
    index,
    rel: role === 'file' ? x.file : x.translation!.file,
    name: `Tab ${x.tab}, "${x.title}"${role === 'translation' ? ' (English translation)' : ''}`,
    location: { file: opts.intakeFile, path: role === 'file' ? `evidence[${index}].file` : `evidence[${index}].translation.file` },
  };
}

const pagesOf = (l: LoadedExhibit | undefined) => (l === undefined ? 0 : l.kind === 'pdf' ? l.pageCount : 1);

async function loadAll(model: Model, opts: SourceOptions): Promise<{ sources: Map<string, Sources>; problems: Problem[]; warnings: Problem[] }> {
  const sources = new Map<string, Sources>();
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const evidence = model.evidence ?? [];
  const limits = limitsWith(opts.limits);
  const load = async (x: Exhibit, role: 'file' | 'translation'): Promise<LoadedExhibit | undefined> => {
    const { index, rel, name, location } = describe(x, role, opts);
    const e = evidence[index];
    opts.deadline?.check(`before loading ${name}`);
    try {
      const loaded = await loadChecked(resolveReference(opts.caseDir, rel), opts.checked, limits, role === 'file' ? e?.password : undefined);
      if (loaded.kind === 'pdf' && loaded.repairedWith) warnings.push(problem('exhibitRepaired', { exhibit: name, file: rel, tool: loaded.repairedWith === 'qpdf' ? 'qpdf' : "pdf-lib's tolerant reader" }, location));
      return loaded;
    } catch (err) {
      problems.push(exhibitProblem(err, name, rel, location));
      return undefined;
    }
  };
  const layers = new TextLayers(opts.intakeFile);
  let imagePages = 0;
  /** The words of an exhibit file's image pages; a TIFF's are drawn over its pages at once. */
  const read = async (loaded: LoadedExhibit | undefined, x: Exhibit, role: 'file' | 'translation'): Promise<OcrResult | undefined> => {
    if (!loaded || !imageBytes(loaded)) return undefined;
    imagePages += pagesOf(loaded);
    if (opts.ocr === false) return undefined;
    const ocr = await layers.read(loaded, x, role, describe(x, role, opts).name);
    if (ocr && loaded.kind === 'pdf') await overlayTiffText(loaded.doc, ocr);
    return ocr;
  };
  // A few at a time: enough to overlap file reads, few enough to bound memory.
  const queue = [...model.exhibits];
  const worker = async () => {
    for (let x = queue.shift(); x; x = queue.shift()) {
      const [original, translation] = await Promise.all([load(x, 'file'), x.translation ? load(x, 'translation') : undefined]);
      if (!original || (x.translation && !translation)) continue;
      const [o, t] = await Promise.all([read(original, x, 'file'), read(translation, x, 'translation')]);
      const text = { ...(o ? { original: o } : {}), ...(t ? { translation: t } : {}) };
      sources.set(x.id, { original, ...(translation ? { translation } : {}), ...(o || t ? { text } : {}) });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  if (opts.ocr !== false) warnings.push(...layers.notices(imagePages));
  return { sources, problems, warnings };
}

/** Places an exhibit file's pages; a content stream over the limit fails the case with a problem naming the exhibit. */
export async function placeExhibit(out: PDFDocument, loaded: LoadedExhibit, x: Exhibit, role: 'file' | 'translation', opts: SourceOptions, limits: Limits, text?: OcrResult): Promise<PDFPage[]> {
  try {
    return await placeLoaded(out, loaded, limits, text);
  } catch (err) {
    if (!(err instanceof ExhibitLoadError)) throw err;
    const { rel, name, location } = describe(x, role, opts);
    throw new PacketError(exhibitProblem(err, name, rel, location), { cause: err });
  }
}

/** Refuses a packet whose exhibits and documents together have more pages than the limit, before any is copied. */
function checkPacketPages(model: Model, sources: Map<string, Sources>, documents: readonly { title: string; doc: PDFDocument }[], opts: SourceOptions, limits: Limits): void {
  const sizes = model.exhibits.map((x) => {
    const s = sources.get(x.id);
    return { label: `Tab ${x.tab} (${x.file})`, pages: pagesOf(s?.original) + pagesOf(s?.translation) };
  });
  for (const d of documents) sizes.push({ label: d.title, pages: d.doc.getPageCount() });
  const pages = sizes.reduce((sum, s) => sum + s.pages, 0);
  if (pages <= limits.maxPagesPerPacket) return;
  const largest = [...sizes].sort((a, b) => b.pages - a.pages).slice(0, 3).map((s) => `${s.label}, ${s.pages.toLocaleString('en-US')} pages`).join('; ');
  throw new PacketError(problem('packetTooManyPages', { pages, limit: limits.maxPagesPerPacket, largest }, { file: opts.intakeFile, path: 'evidence' }));
}

/**
 * Loads every exhibit of the model, and refuses a packet that would pass the page limit with the
 * `documents` placed beside them; every unusable file is reported at once.
 */
export async function loadSources(model: Model, documents: readonly { title: string; doc: PDFDocument }[], opts: SourceOptions): Promise<ExhibitSources> {
  const { sources, problems, warnings } = await loadAll(model, opts);
  if (problems.length) throw new PacketError(problems);
  checkPacketPages(model, sources, documents, opts, limitsWith(opts.limits));
  return { byId: sources, warnings };
}
