/**
 * Writes the filing: one file when it fits the size limit (ECAS takes at most 25 MB a file), or
 * files `…_Part1.pdf`, `…_Part2.pdf` cut at exhibit boundaries (breakPlanner), each after the first
 * opening on its continuation cover, page numbers continuing. An exhibit larger than the limit on
 * its own is cut at page boundaries.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { addInternalLink } from '../pdf/links.js';
import { writeOutline } from '../pdf/outline.js';
import { LOAD_OPTIONS, SAVE_OPTIONS } from '../pdf/save.js';
import { outlineFor, type AssembledPacket, type Break, type Section } from './assemble.js';

export interface Volume {
  file: string;
  firstPage: number;
  lastPage: number;
  bytes: number;
}

/** `Nunez-exhibits.pdf`, 2 → `Nunez-exhibits_Part2.pdf`. */
export function partName(fileName: string, part: number): string {
  const ext = path.extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)}_Part${part}${ext}`;
}

function linkAndBookmark(doc: PDFDocument, packet: AssembledPacket, from: number, to: number): void {
  const pages = packet.doc.getPages();
  for (const link of packet.tocLinks) {
    // A line of the contents links to its page when both are in this file.
    const index = pages.indexOf(link.page);
    if (index < from || index > to || link.target < from || link.target > to) continue;
    addInternalLink(doc, doc === packet.doc ? link.page : doc.getPage(index - from), link.rect, link.target - from);
  }
  writeOutline(doc, outlineFor(packet.sections, from, to));
}

/** A filing saved as one file, linked and bookmarked. */
export async function saveWhole(packet: AssembledPacket): Promise<Uint8Array> {
  linkAndBookmark(packet.doc, packet, 0, packet.doc.getPageCount() - 1);
  return packet.doc.save(SAVE_OPTIONS);
}

/** How boldly a filing is cut: what its files are assumed to share, and the room kept for a continuation cover. */
export interface CutEstimate {
  /** Bytes each page run measured alone repeats (the embedded fonts), counted once per file. */
  shared: number;
  /** Bytes kept free in each file for its continuation cover. */
  reserve: number;
}

/**
 * Where to cut a filing too large for one file (`whole`, as saved): at exhibit boundaries, each
 * file estimated under `maxBytes`; an exhibit larger than a file on its own is cut at page
 * boundaries. By default the files are assumed to share the fonts a page alone carries; the caller
 * measures the files made and plans again with a larger reserve if one is over. The saved filing
 * is read once, and each run of pages measured once, however many plans are made.
 */
export async function breakPlanner(packet: AssembledPacket, whole: Uint8Array): Promise<(maxBytes: number, estimate?: CutEstimate) => Promise<{ breaks: Break[]; estimate: CutEstimate }>> {
  const source = await PDFDocument.load(whole, LOAD_OPTIONS);
  const sizes = new Map<string, Promise<number>>();
  const measure = (from: number, to: number) => {
    const key = `${from}-${to}`;
    if (!sizes.has(key)) sizes.set(key, sizeOf(source, range(from, to)));
    return sizes.get(key)!;
  };
  const alone = await measure(0, 0);
  return async (maxBytes, estimate) => {
    const e = estimate ?? { shared: Math.floor(alone * 0.8), reserve: alone - Math.floor(alone * 0.8) };
    const room = maxBytes - e.reserve;
    const groups = packUnits(await measureUnits(measure, packet.sections, room), room, e.shared);
    const breaks = groups.slice(1).map((g) => ({ section: g[0]!.section.id, offset: g[0]!.first - g[0]!.section.first }));
    return { breaks, estimate: e };
  };
}

/** The files of a filing assembled with continuation covers, cut where each begins, linked and bookmarked. */
export async function saveVolumes(packet: AssembledPacket, fileName: string): Promise<{ file: string; firstPage: number; lastPage: number; bytes: Uint8Array }[]> {
  // Cut from the saved file, without the contents' links (they would drag their target pages along).
  const source = await PDFDocument.load(await packet.doc.save(SAVE_OPTIONS), LOAD_OPTIONS);
  for (const p of new Set(packet.tocLinks.map((l) => l.page))) source.getPage(packet.doc.getPages().indexOf(p)).node.delete(PDFName.of('Annots'));
  const starts = packet.volumeStarts;
  const out = [];
  for (const [k, from] of starts.entries()) {
    const to = (starts[k + 1] ?? source.getPageCount()) - 1;
    const part = await PDFDocument.create({ updateMetadata: false });
    for (const p of await part.copyPages(source, range(from, to))) part.addPage(p);
    copyInfo(source, part, k + 1, starts.length);
    linkAndBookmark(part, packet, from, to);
    out.push({ file: partName(fileName, k + 1), firstPage: from + 1, lastPage: to + 1, bytes: await part.save(SAVE_OPTIONS) });
  }
  return out;
}

/** Writes the files of a filing. */
export async function writeVolumes(outDir: string, files: readonly { file: string; firstPage: number; lastPage: number; bytes: Uint8Array }[]): Promise<Volume[]> {
  const volumes: Volume[] = [];
  for (const f of files) {
    await writeFile(path.join(outDir, f.file), f.bytes);
    volumes.push({ file: f.file, firstPage: f.firstPage, lastPage: f.lastPage, bytes: f.bytes.length });
  }
  return volumes;
}

interface Unit {
  section: Section;
  first: number;
  last: number;
  bytes: number;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function sizeOf(source: PDFDocument, pages: number[]): Promise<number> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of await doc.copyPages(source, pages)) doc.addPage(p);
  return (await doc.save(SAVE_OPTIONS)).length;
}

/** Each section's size when saved alone; a section over the limit is cut into page runs that fit. */
async function measureUnits(measure: (from: number, to: number) => Promise<number>, sections: Section[], maxBytes: number): Promise<Unit[]> {
  const units: Unit[] = [];
  // The cover and contents that open the filing travel together.
  let n = 0;
  while (n < sections.length && (sections[n]!.kind === 'cover' || sections[n]!.kind === 'contents')) n++;
  const grouped = n > 1 ? [{ ...sections[0]!, last: sections[n - 1]!.last }, ...sections.slice(n)] : sections;
  for (const s of grouped) {
    const bytes = await measure(s.first, s.last);
    // Generated pages (the cover, the contents) are never cut: only an exhibit or a document is.
    if (bytes <= maxBytes || s.first === s.last || s.kind === 'cover' || s.kind === 'contents') {
      units.push({ section: s, first: s.first, last: s.last, bytes });
      continue;
    }
    let start = s.first;
    let size = 0;
    for (let p = s.first; p <= s.last; p++) {
      const one = await measure(p, p);
      if (p > start && size + one > maxBytes) {
        units.push({ section: s, first: start, last: p - 1, bytes: size });
        start = p;
        size = 0;
      }
      size += one;
    }
    units.push({ section: s, first: start, last: s.last, bytes: size });
  }
  return units;
}

/** Consecutive units into files, each under the limit by the measured sizes, less what they share. */
function packUnits(units: Unit[], maxBytes: number, shared: number): Unit[][] {
  const groups: Unit[][] = [];
  let size = 0;
  for (const u of units) {
    const more = Math.max(u.bytes - shared, 0);
    if (groups.length === 0 || size + more > maxBytes) {
      groups.push([u]);
      size = u.bytes;
    } else {
      groups.at(-1)!.push(u);
      size += more;
    }
  }
  return groups;
}

function copyInfo(source: PDFDocument, part: PDFDocument, k: number, n: number): void {
  const title = source.getTitle();
  if (title) part.setTitle(`${title} (part ${k} of ${n})`);
  part.setCreator(source.getCreator() ?? 'asylum-packet');
  part.setProducer(source.getProducer() ?? 'asylum-packet');
  const created = source.getCreationDate();
  if (created) {
    part.setCreationDate(created);
    part.setModificationDate(created);
  }
}
