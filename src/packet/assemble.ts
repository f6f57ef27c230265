/**
 * Assembles the exhibit packet: the first page, the table of contents, and each exhibit behind
 * its tab divider (with its translation and certificate of translation), the certificate of
 * service last for the court; then numbers every page, links the contents to the tabs and writes
 * the bookmarks. Knows the case only through the template model.
 */
import { PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { ExhibitLoadError, type LoadedExhibit } from '../pdf/exhibit.js';
import { embedFonts, type Fonts } from '../pdf/fonts.js';
import { loadExhibit } from '../pdf/load.js';
import type { OutlineItem } from '../pdf/outline.js';
import type { Exhibit, Model } from '../render/model.js';
import { matterCaption, tabsPhrase } from '../render/wording.js';
import { drawTranslationCertificate, drawServiceCertificate } from './certificates.js';
import { Composer } from './compose.js';
import { drawEoirCover, drawUscisCover } from './cover.js';
import { drawTabPage } from './divider.js';
import { LETTER } from './geometry.js';
import { pageLabel, stampPageNumbers, type PageNumberStyle } from './numbers.js';
import { placeImage, placePdfPages } from './place.js';
import { drawToc, layoutToc, type TocEntry, type TocLink } from './toc.js';
import { resolveReference, type CheckedFiles } from '../intake/files.js';
import type { CaseDeadline } from '../builder/deadline.js';
import { limitsWith, type Limits } from '../limits.js';

export interface PacketOptions {
  /** Folder of the intake file: exhibit paths are relative to it. */
  caseDir: string;
  /** The intake file, to locate problems. */
  intakeFile: string;
  title: string;
  pageNumbers: PageNumberStyle;
  certificateOfService: boolean;
  /**
   * The exhibit files as validation checked them (Case.checked): each is read only when it is
   * still the file checked; one that changed fails the case (AP1306), one never checked is not read.
   */
  checked: CheckedFiles;
  /** Index in evidence[] of each exhibit id, to locate problems. */
  evidenceIndex: ReadonlyMap<string, number>;
  /** Documents placed after the contents, before the tabs (a filled Form I-589 …). */
  documents?: { id: string; title: string; doc: PDFDocument }[];
  /** Limits on pixels, inflated bytes and pages (limits.ts); the defaults unless replaced. */
  limits?: Partial<Limits>;
  /** The case's time limit, looked at before each exhibit is loaded and placed. */
  deadline?: CaseDeadline;
}

/** A contiguous run of pages: what a bookmark and a contents line point at. */
export interface Section {
  /** Id of the exhibit, or the kind of generated part. */
  id: string;
  title: string;
  /** Page indexes (0-based), first and last. */
  first: number;
  last: number;
  /** Sub-parts (translation, certificate) shown as child bookmarks. */
  children: { title: string; first: number }[];
  exhibit?: Exhibit;
}

export interface AssembledPacket {
  doc: PDFDocument;
  fonts: Fonts;
  sections: Section[];
  tocLinks: TocLink[];
  warnings: Problem[];
}

interface Sources {
  original: LoadedExhibit;
  translation?: LoadedExhibit;
}

/** Which catalogue entry reports an exhibit that could not be used: a limit's own, or AP4001. */
const FAILURE_ENTRY = {
  'too-many-pixels': 'imageTooLarge',
  'stream-too-large': 'streamTooLarge',
  'too-many-pages': 'exhibitTooManyPages',
} as const;

/** The located problem of an exhibit file that could not be used. */
function exhibitProblem(err: unknown, exhibit: string, file: string, location: { file: string; path: string }): Problem {
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
function describe(x: Exhibit, role: 'file' | 'translation', opts: PacketOptions) {
  const index = opts.evidenceIndex.get(x.id) ?? 0;
  return {
    index,
    rel: role === 'file' ? x.file : x.translation!.file,
    name: `Tab ${x.tab}, "${x.title}"${role === 'translation' ? ' (English translation)' : ''}`,
    location: { file: opts.intakeFile, path: role === 'file' ? `evidence[${index}].file` : `evidence[${index}].translation.file` },
  };
}

const pagesOf = (l: LoadedExhibit | undefined) => (l === undefined ? 0 : l.kind === 'pdf' ? l.pageCount : 1);

async function loadAll(model: Model, opts: PacketOptions): Promise<{ sources: Map<string, Sources>; problems: Problem[]; warnings: Problem[] }> {
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
      const full = resolveReference(opts.caseDir, rel);
      const checked = opts.checked.get(full);
      // Only a file validation checked is read, and only as it was checked.
      if (!checked) throw new ExhibitLoadError('unreadable', 'the file was not checked when the intake was validated, so it is not read', 'validate the intake with its files (not --schema-only), then build again');
      const loaded = await loadExhibit(full, { ...(role === 'file' && e?.password ? { password: e.password } : {}), limits, checked });
      if (loaded.kind === 'pdf' && loaded.repairedWith) warnings.push(problem('exhibitRepaired', { exhibit: name, file: rel, tool: loaded.repairedWith === 'qpdf' ? 'qpdf' : "pdf-lib's tolerant reader" }, location));
      return loaded;
    } catch (err) {
      problems.push(exhibitProblem(err, name, rel, location));
      return undefined;
    }
  };
  // A few at a time: enough to overlap file reads, few enough to bound memory.
  const queue = [...model.exhibits];
  const worker = async () => {
    for (let x = queue.shift(); x; x = queue.shift()) {
      const [original, translation] = await Promise.all([load(x, 'file'), x.translation ? load(x, 'translation') : undefined]);
      if (original && (!x.translation || translation)) sources.set(x.id, { original, ...(translation ? { translation } : {}) });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { sources, problems, warnings };
}

/** Places an exhibit file's pages; a content stream over the limit fails the case with a problem naming the exhibit. */
async function placeExhibit(out: PDFDocument, loaded: LoadedExhibit, x: Exhibit, role: 'file' | 'translation', opts: PacketOptions, limits: Limits): Promise<PDFPage[]> {
  try {
    return loaded.kind === 'pdf' ? await placePdfPages(out, loaded.doc, limits.maxStreamBytes) : [await placeImage(out, loaded, limits)];
  } catch (err) {
    if (!(err instanceof ExhibitLoadError)) throw err;
    const { rel, name, location } = describe(x, role, opts);
    throw new PacketError(exhibitProblem(err, name, rel, location), { cause: err });
  }
}

/** Refuses a packet whose exhibits and documents together have more pages than the limit, before any is copied. */
function checkPacketPages(model: Model, sources: Map<string, Sources>, opts: PacketOptions, limits: Limits): void {
  const sizes = model.exhibits.map((x) => {
    const s = sources.get(x.id);
    return { label: `Tab ${x.tab} (${x.file})`, pages: pagesOf(s?.original) + pagesOf(s?.translation) };
  });
  for (const d of opts.documents ?? []) sizes.push({ label: d.title, pages: d.doc.getPageCount() });
  const pages = sizes.reduce((sum, s) => sum + s.pages, 0);
  if (pages <= limits.maxPagesPerPacket) return;
  const largest = [...sizes].sort((a, b) => b.pages - a.pages).slice(0, 3).map((s) => `${s.label}, ${s.pages.toLocaleString('en-US')} pages`).join('; ');
  throw new PacketError(problem('packetTooManyPages', { pages, limit: limits.maxPagesPerPacket, largest }, { file: opts.intakeFile, path: 'evidence' }));
}

export async function assemblePacket(model: Model, opts: PacketOptions): Promise<AssembledPacket> {
  const limits = limitsWith(opts.limits);
  const { sources, problems, warnings } = await loadAll(model, opts);
  if (problems.length) throw new PacketError(problems);
  checkPacketPages(model, sources, opts, limits);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const sections: Section[] = [];
  const pageCount = () => doc.getPageCount();
  const compose = (draw: (c: Composer) => void) => {
    const c = new Composer(doc, fonts);
    draw(c);
    return c.pages;
  };

  // 1. First page.
  const contentsLine = model.hasExhibits ? tabsPhrase(model.firstTab!, model.lastTab!) : 'No exhibits';
  compose((c) => (model.isDefensive ? drawEoirCover : drawUscisCover)(c, model, { title: opts.title, contents: contentsLine }));
  sections.push({ id: 'cover', title: model.isDefensive ? 'Cover page' : 'Cover sheet', first: 0, last: pageCount() - 1, children: [] });

  // 2. Table of contents: laid out now, drawn once the pages are known.
  const documents = opts.documents ?? [];
  const entries: TocEntry[] = [
    ...documents.map((d) => ({ tab: '', title: d.title, date: '' })),
    ...model.exhibits.map((x) => ({ tab: x.tab, title: x.title, ...(x.translated ? { note: 'with certified English translation' } : {}), date: x.dateText ?? 'Undated' })),
  ];
  if (opts.certificateOfService) entries.push({ tab: '', title: 'Certificate of service', date: '' });
  const layout = layoutToc(entries, fonts);
  const tocFirst = pageCount();
  const tocPages = layout.pages.map(() => doc.addPage([LETTER.width, LETTER.height]));
  sections.push({ id: 'contents', title: 'Table of contents', first: tocFirst, last: pageCount() - 1, children: [] });

  // 3. Documents filed with the evidence (a filled form), after the contents.
  for (const [i, d] of documents.entries()) {
    const first = pageCount();
    await placePdfPages(doc, d.doc);
    sections.push({ id: `document-${d.id}`, title: d.title, first, last: pageCount() - 1, children: [] });
    entries[i]!.target = first;
  }

  // 4. Exhibits behind their tabs; translations and certificates after each original.
  for (const [i, x] of model.exhibits.entries()) {
    const src = sources.get(x.id)!;
    opts.deadline?.check(`before placing the pages of Tab ${x.tab}`);
    const first = pageCount();
    compose((c) => drawTabPage(c, `TAB ${x.tab}`, x.title, x.translated ? `${x.languageName} original, with certified English translation` : undefined));
    await placeExhibit(doc, src.original, x, 'file', opts, limits);
    const children: Section['children'] = [];
    if (src.translation) {
      const t = model.translations.find((tr) => tr.tab === x.tab)!;
      children.push({ title: 'English translation', first: pageCount() });
      await placeExhibit(doc, src.translation, x, 'translation', opts, limits);
      children.push({ title: 'Certificate of translation', first: pageCount() });
      compose((c) => drawTranslationCertificate(c, model, t));
    }
    sections.push({ id: x.id, title: `Tab ${x.tab}: ${x.title}`, first, last: pageCount() - 1, children, exhibit: x });
    entries[documents.length + i]!.target = first;
  }

  // 5. Certificate of service last (the court does not consider a filing without one).
  if (opts.certificateOfService) {
    const first = pageCount();
    compose((c) => drawServiceCertificate(c, model));
    sections.push({ id: 'certificate-of-service', title: 'Certificate of service', first, last: pageCount() - 1, children: [] });
    entries.at(-1)!.target = first;
  }

  // 6. Number, then fill in the contents with the page ranges.
  const total = pageCount();
  const number = (index: number) => pageLabel(opts.pageNumbers, index + 1);
  for (const s of sections) {
    const entry = entries.find((e) => e.target === s.first);
    if (entry) entry.pages = s.first === s.last ? number(s.first) : `${number(s.first)}–${number(s.last)}`;
  }
  const tocLinks = drawToc(layout, tocPages, fonts, { title: 'TABLE OF CONTENTS', caption: matterCaption(model.derived.fullName, model.derived.aNumber) });
  stampPageNumbers(doc.getPages(), fonts, opts.pageNumbers, total, model);

  const missing = fonts.missing();
  if (missing.length) warnings.push(problem('missingGlyphs', { chars: missing.map((ch) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', '), where: 'names or titles on the generated pages' }, { file: opts.intakeFile }));
  return { doc, fonts, sections, tocLinks, warnings };
}

/**
 * The bookmarks of a packet, or of the volume holding pages `from`…`to` (indexes relative to it).
 * A section that began in an earlier volume (an exhibit split across volumes) is bookmarked again
 * where this volume picks it up, marked "(continued)".
 */
export function outlineFor(sections: Section[], from = 0, to = Infinity): OutlineItem[] {
  return sections
    .filter((s) => s.first <= to && s.last >= from)
    .map((s) => ({
      title: s.first < from ? `${s.title} (continued)` : s.title,
      pageIndex: Math.max(s.first, from) - from,
      children: s.children.filter((ch) => ch.first >= from && ch.first <= to).map((ch) => ({ title: ch.title, pageIndex: ch.first - from })),
      open: false,
    }));
}
