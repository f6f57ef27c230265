/**
 * Assembles the filing in one PDF, part by part in the pipeline's order: the cover page, the table
 * of contents, whole documents of earlier steps (the filled Form I-589, the converted declaration),
 * the exhibits behind their tab dividers (with their translations and certificates of
 * translation), the certificate of service. A filing written in several files gets a
 * continuation cover where each file after the first begins. Then every page is numbered, the
 * contents are filled in with the page ranges and linked, and the bookmarks written. Knows the
 * case only through the template model.
 */
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import type { LoadedExhibit } from '../pdf/exhibit.js';
import { embedFonts, type Fonts } from '../pdf/fonts.js';
import type { OutlineItem } from '../pdf/outline.js';
import { serviceStatementNaming, type Exhibit, type Model } from '../render/model.js';
import { exhibitsPhrase, matterCaption, tabsPhrase } from '../render/wording.js';
import { limitsWith } from '../limits.js';
import { drawTranslationCertificate, drawServiceCertificate } from './certificates.js';
import { Composer } from './compose.js';
import { drawEoirCover, drawUscisCover } from './cover.js';
import { drawTabPage } from './divider.js';
import { LETTER } from './geometry.js';
import { pageRange, stampPageNumbers, type PageNumberStyle } from './numbers.js';
import { placePdfPages } from './place.js';
import { placeExhibit, placeLoaded, type ExhibitSources, type SourceOptions } from './sources.js';
import { imageBytes } from './text-layer.js';
import { documentPageName, signedPageName, type SignaturePage, type SignedScan } from './signatures.js';
import { drawToc, layoutToc, type TocEntry, type TocLink } from './toc.js';

/** A whole PDF an earlier step wrote, placed as one part of the filing (or as an exhibit, under `tab`). */
export interface PacketDocument {
  /** The id of the step that wrote it. */
  id: string;
  title: string;
  doc: PDFDocument;
  /** Its tab, when the pipeline files it as an exhibit (exhibits.documents). */
  tab?: string;
  /** The PDF's file name in the output folder: a signed scan of it is named the same. */
  file: string;
  /** Who signs it by hand (the step's signedBy): a signed scan may take its place. */
  signedBy?: string;
}

/** One part of the filing, in the pipeline's order. */
export type PartPlan =
  | { kind: 'cover' | 'contents' | 'certificate-of-service' }
  | { kind: 'document'; document: PacketDocument }
  /** The evidence behind its tabs, after the documents filed as the first exhibits. */
  | { kind: 'exhibits'; documents: PacketDocument[] };

/** Where a file of the filing after the first begins: at page `offset` (from 0) of a section. */
export interface Break {
  section: string;
  offset: number;
}

export interface AssembleOptions {
  title: string;
  pageNumbers: PageNumberStyle;
  parts: PartPlan[];
  sources: ExhibitSources;
  sourceOptions: SourceOptions;
  /** The filing in several files: where each after the first begins, a continuation cover before it. */
  breaks?: Break[];
  /** The signed scans found, by the name of the page they sign (signedPageName). */
  signed?: ReadonlyMap<string, SignedScan>;
}

/** A run of image pages with no searchable text, and why. */
export interface ImagePagesWithoutText {
  what: string;
  first: number;
  last: number;
  why: string;
}

/** A contiguous run of pages: what a bookmark and a contents line point at. */
export interface Section {
  /** Id of the exhibit or document, or the kind of generated part. */
  id: string;
  kind: 'cover' | 'contents' | 'document' | 'exhibit' | 'certificate-of-service' | 'continuation';
  title: string;
  /** Page indexes (0-based), first and last. */
  first: number;
  last: number;
  /** Sub-parts (translation, certificate) shown as child bookmarks. */
  children: { title: string; first: number }[];
  exhibit?: Exhibit;
  /** The tab of an exhibit, or of a document filed as one. */
  tab?: string;
  /** The files of the filing (from 1) that hold it, when it is written in several. */
  volumes?: { first: number; last: number };
}

export interface AssembledPacket {
  doc: PDFDocument;
  fonts: Fonts;
  sections: Section[];
  tocLinks: TocLink[];
  /** Page index where each file of the filing begins: [0] for one file. */
  volumeStarts: number[];
  /** The documents served, in words and in order, as the certificate of service names them. */
  served: string[];
  /** Every page a person signs, in order. */
  signatures: SignaturePage[];
  /** The image pages (photos, scans) with no searchable text. */
  noText: ImagePagesWithoutText[];
  warnings: Problem[];
}

/** What a planned section is before its pages exist: enough to lay out the contents. */
interface Planned {
  id: string;
  kind: Section['kind'];
  title: string;
  tab?: string;
  exhibit?: Exhibit;
  document?: PacketDocument;
  /** Listed in the contents (every part but the contents itself). */
  entry?: TocEntry;
}

function plan(model: Model, opts: AssembleOptions): Planned[] {
  const planned: Planned[] = [];
  for (const part of opts.parts) {
    if (part.kind === 'cover') planned.push({ id: 'cover', kind: 'cover', title: model.isDefensive ? 'Cover page' : 'Cover sheet' });
    else if (part.kind === 'contents') planned.push({ id: 'contents', kind: 'contents', title: 'Table of contents' });
    else if (part.kind === 'certificate-of-service') planned.push({ id: 'certificate-of-service', kind: 'certificate-of-service', title: 'Certificate of service' });
    else if (part.kind === 'document') planned.push({ id: `document-${part.document.id}`, kind: 'document', title: part.document.title, document: part.document });
    else if (part.kind === 'exhibits') {
      for (const d of part.documents) planned.push({ id: `document-${d.id}`, kind: 'exhibit', title: `Tab ${d.tab}: ${d.title}`, tab: d.tab!, document: d });
      for (const x of model.exhibits) planned.push({ id: x.id, kind: 'exhibit', title: `Tab ${x.tab}: ${x.title}`, tab: x.tab, exhibit: x });
    }
  }
  for (const p of planned) {
    if (p.kind === 'contents') continue;
    const x = p.exhibit;
    p.entry = x
      ? { tab: x.tab, title: x.title, ...(x.translated ? { note: 'with certified English translation' } : {}), date: x.dateText ?? 'Undated' }
      : { tab: p.tab ?? '', title: p.document?.title ?? p.title, date: '' };
  }
  return planned;
}

/** Which files hold each planned section, from the breaks; a section a break cuts spans two. */
function volumesOf(planned: Planned[], breaks: readonly Break[]): Map<string, { first: number; last: number }> {
  const order = new Map(planned.map((p, i) => [p.id, i]));
  const out = new Map<string, { first: number; last: number }>();
  for (const [i, p] of planned.entries()) {
    const before = breaks.filter((b) => order.get(b.section)! < i || (b.section === p.id && b.offset === 0)).length;
    const inside = breaks.filter((b) => b.section === p.id && b.offset > 0).length;
    out.set(p.id, { first: before + 1, last: before + 1 + inside });
  }
  return out;
}

/** "In Part 2 of 3", "In Parts 2–3 of 3". */
const volumeNote = (v: { first: number; last: number }, of: number) => (v.first === v.last ? `In Part ${v.first} of ${of}` : `In Parts ${v.first}–${v.last} of ${of}`);

/**
 * A document's title inside the certificate's sentence: "Declaration of …" → "the declaration of
 * …", "Cover letter" → "the cover letter"; a form ("Form I-589") or a title in capitals as it is.
 */
export function asServed(title: string): string {
  const first = title.split(/\s/, 1)[0] ?? '';
  if (/^Form$/i.test(first) || first === first.toUpperCase()) return title;
  return `the ${first[0]!.toLowerCase()}${title.slice(1)}`;
}

/** The documents served, in words, in the filing's order (the cover and the certificate itself are not served documents). */
function servedDocuments(model: Model, planned: Planned[]): string[] {
  const served: string[] = [];
  for (const p of planned) {
    if (p.kind === 'contents') served.push('the table of contents');
    else if (p.kind === 'document') served.push(asServed(p.title));
    else if (p.document) served.push(`${asServed(p.document.title)}, at Tab ${p.tab}`);
    // The evidence as one run of tabs, where its first exhibit is.
    else if (p.exhibit && p.exhibit === model.exhibits[0]) served.push(exhibitsPhrase(p.exhibit.tab, model.exhibits.at(-1)!.tab));
  }
  return served;
}

export async function assemblePacket(model: Model, opts: AssembleOptions): Promise<AssembledPacket> {
  const limits = limitsWith(opts.sourceOptions.limits);
  const breaks = opts.breaks ?? [];
  const volumeCount = breaks.length + 1;
  const planned = plan(model, opts);
  const volumes = volumeCount > 1 ? volumesOf(planned, breaks) : undefined;
  if (volumes) {
    for (const p of planned) {
      if (p.entry) p.entry.note = [p.entry.note, volumeNote(volumes.get(p.id)!, volumeCount)].filter(Boolean).join('; ');
    }
  }
  const served = servedDocuments(model, planned);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const sections: Section[] = [];
  const pageCount = () => doc.getPageCount();
  const compose = (draw: (c: Composer) => void) => {
    const c = new Composer(doc, fonts);
    draw(c);
    return c.pages;
  };
  const tabs = model.firstTab && model.lastTab ? tabsPhrase(model.firstTab, model.lastTab) : 'No exhibits';
  const drawCover = (c: Composer, contents: string, part?: string) => (model.isDefensive ? drawEoirCover : drawUscisCover)(c, model, { title: opts.title, contents, ...(part ? { part } : {}) });
  const signatures: SignaturePage[] = [];
  const noText: ImagePagesWithoutText[] = [];
  const signed = opts.signed ?? new Map<string, SignedScan>();
  /** Places a signed scan, which must have as many pages as the page(s) it signs. */
  const placeScan = async (scan: SignedScan, page: string, pages: number) => {
    const got = scan.loaded.kind === 'pdf' ? scan.loaded.pageCount : 1;
    if (got !== pages) throw new PacketError(problem('signedScanPages', { file: scan.rel, page, got, pages }, { file: path.join(opts.sourceOptions.caseDir, scan.rel) }));
    await placeLoaded(doc, scan.loaded, limits);
  };
  /** A document, or its signed scan when the document is signed by hand and the scan is there. */
  const placeDocument = async (d: PacketDocument) => {
    const first = pageCount();
    const name = documentPageName(d.file);
    const scan = d.signedBy ? signed.get(name) : undefined;
    if (scan) await placeScan(scan, d.title, d.doc.getPageCount());
    else await placePdfPages(doc, d.doc);
    if (d.signedBy) signatures.push({ name, page: d.title, signer: d.signedBy, first, last: pageCount() - 1, signed: Boolean(scan), ...(scan ? { scan: scan.rel } : {}), electronic: false });
  };
  /** A generated page signed by hand, or its signed scan when it is there (as many pages as drawn). */
  const composeSigned = async (name: string, page: string, signer: string, draw: (c: Composer) => void) => {
    const first = pageCount();
    const scan = signed.get(name);
    if (scan) {
      // Counted on a scratch document: the generated pages are not left in the filing's file.
      const scratch = await PDFDocument.create({ updateMetadata: false });
      const c = new Composer(scratch, await embedFonts(scratch));
      draw(c);
      await placeScan(scan, page, c.pages.length);
    } else compose(draw);
    signatures.push({ name, page, signer, first, last: pageCount() - 1, signed: Boolean(scan), ...(scan ? { scan: scan.rel } : {}), electronic: false });
  };
  const entries = planned.flatMap((p) => (p.entry ? [p.entry] : []));
  const layout = layoutToc(entries, fonts);
  let tocPages: ReturnType<PDFDocument['addPage']>[] = [];

  for (const p of planned) {
    const first = pageCount();
    const children: Section['children'] = [];
    if (p.kind === 'cover') compose((c) => drawCover(c, tabs, volumeCount > 1 ? `Part 1 of ${volumeCount}` : undefined));
    else if (p.kind === 'contents') tocPages = layout.pages.map(() => doc.addPage([LETTER.width, LETTER.height]));
    else if (p.kind === 'document') await placeDocument(p.document!);
    else if (p.kind === 'certificate-of-service') {
      const statement = serviceStatementNaming(model, served);
      const draw = (c: Composer) => drawServiceCertificate(c, model, statement);
      const signer = model.representative?.name ?? model.derived.fullName;
      if (model.electronicSignature) {
        compose(draw);
        signatures.push({ name: signedPageName(model, 'certificate-of-service'), page: 'Certificate of service', signer, first, last: pageCount() - 1, signed: true, electronic: true });
      } else await composeSigned(signedPageName(model, 'certificate-of-service'), 'Certificate of service', signer, draw);
    } else if (p.document) {
      compose((c) => drawTabPage(c, `TAB ${p.tab}`, p.document!.title));
      await placeDocument(p.document);
    } else {
      const x = p.exhibit!;
      const src = opts.sources.byId.get(x.id)!;
      opts.sourceOptions.deadline?.check(`before placing the pages of Tab ${x.tab}`);
      compose((c) => drawTabPage(c, `TAB ${x.tab}`, x.title, x.translated ? `${x.languageName} original, with certified English translation` : undefined));
      const placed = async (loaded: LoadedExhibit, role: 'file' | 'translation') => {
        const at = pageCount();
        const text = role === 'file' ? src.text?.original : src.text?.translation;
        await placeExhibit(doc, loaded, x, role, opts.sourceOptions, limits, text);
        if (imageBytes(loaded) && !text?.hasText) {
          const what = `Tab ${x.tab}: ${x.title}${role === 'translation' ? ' (English translation)' : ''}`;
          noText.push({ what, first: at, last: pageCount() - 1, why: text ? 'OCR found no words on it' : opts.sourceOptions.ocr === false ? 'OCR is turned off for this filing' : 'it was not read by OCR' });
        }
      };
      await placed(src.original, 'file');
      if (src.translation) {
        children.push({ title: 'English translation', first: pageCount() });
        await placed(src.translation, 'translation');
        // None when the translation carries its translator's own certificate.
        const t = model.translations.find((tr) => tr.tab === x.tab);
        if (t) {
          children.push({ title: 'Certificate of translation', first: pageCount() });
          await composeSigned(signedPageName(model, { translationTab: x.tab }), `Certificate of translation, Tab ${x.tab}`, t.translator.name, (c) => drawTranslationCertificate(c, model, t));
        }
      }
    }
    sections.push({
      id: p.id,
      kind: p.kind,
      title: p.title,
      first,
      last: pageCount() - 1,
      children,
      ...(p.exhibit ? { exhibit: p.exhibit } : {}),
      ...(p.tab ? { tab: p.tab } : {}),
      ...(volumes ? { volumes: volumes.get(p.id)! } : {}),
    });
  }

  // Continuation covers where the files after the first begin, last first so earlier indexes hold.
  const starts = breaks.map((b) => sections.find((x) => x.id === b.section)!.first + b.offset).sort((a, b) => a - b);
  for (const [k, at] of [...starts.entries()].reverse()) {
    const part = `Part ${k + 2} of ${volumeCount}`;
    const cover = new Composer(doc, fonts, doc.insertPage(at, [LETTER.width, LETTER.height]));
    drawCover(cover, 'Continued from the previous part', part);
    if (cover.pages.length > 1) throw new Error('a continuation cover took more than one page');
    for (const s of [...sections, ...signatures, ...noText]) {
      if (s.first >= at) s.first++;
      if (s.last >= at) s.last++;
    }
    for (const s of sections) for (const ch of s.children) if (ch.first >= at) ch.first++;
    sections.push({ id: `continuation-${k + 2}`, kind: 'continuation', title: part, first: at, last: at, children: [] });
  }
  const volumeStarts = [0];
  sections.sort((a, b) => a.first - b.first);
  for (const s of sections) if (s.kind === 'continuation') volumeStarts.push(s.first);

  // Number, then fill in the contents with the page ranges.
  const total = pageCount();
  for (const p of planned) {
    const s = sections.find((x) => x.id === p.id)!;
    if (!p.entry) continue;
    // A section a continuation cover cuts starts again after it: the range runs over the cover.
    p.entry.pages = pageRange(opts.pageNumbers, s.first, s.last);
    p.entry.target = s.first;
  }
  const tocLinks = drawToc(layout, tocPages, fonts, { title: 'TABLE OF CONTENTS', caption: matterCaption(model.derived.fullName, model.derived.aNumber) });
  stampPageNumbers(doc.getPages(), fonts, opts.pageNumbers, total, model);

  const warnings = [...opts.sources.warnings];
  const missing = fonts.missing();
  if (missing.length) warnings.push(problem('missingGlyphs', { chars: missing.map((ch) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', '), where: 'names or titles on the generated pages' }, { file: opts.sourceOptions.intakeFile }));
  return { doc, fonts, sections, tocLinks, volumeStarts, served, signatures, noText, warnings };
}

/**
 * The bookmarks of a packet, or of the file holding pages `from`…`to` (indexes relative to it).
 * A section that began in an earlier file (an exhibit split across files) is bookmarked again
 * where this file picks it up, after its continuation cover, marked "(continued)".
 */
export function outlineFor(sections: Section[], from = 0, to = Infinity): OutlineItem[] {
  const opensWithCover = sections.some((s) => s.kind === 'continuation' && s.first === from);
  return sections
    .filter((s) => s.first <= to && s.last >= from)
    .map((s) => ({
      title: s.first < from ? `${s.title} (continued)` : s.title,
      pageIndex: (s.first < from ? from + (opensWithCover ? 1 : 0) : s.first) - from,
      children: s.children.filter((ch) => ch.first >= from && ch.first <= to).map((ch) => ({ title: ch.title, pageIndex: ch.first - from })),
      open: false,
    }))
    // In page order: a file's continuation cover before the exhibit it continues.
    .sort((a, b) => a.pageIndex - b.pageIndex);
}
