/**
 * Writes the packet: one file when it fits the size limit (ECAS takes at most 25 MB a file), or
 * volumes `…_Part1.pdf`, `…_Part2.pdf` split at exhibit boundaries, page numbers continuing. An
 * exhibit larger than the limit on its own is split at page boundaries, and the caller is told.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { addInternalLink } from '../pdf/links.js';
import { writeOutline } from '../pdf/outline.js';
import { LOAD_OPTIONS, SAVE_OPTIONS } from '../pdf/save.js';
import { outlineFor, type AssembledPacket, type Section } from './assemble.js';

export interface Volume {
  file: string;
  firstPage: number;
  lastPage: number;
  bytes: number;
}

export interface WriteResult {
  volumes: Volume[];
  /** Exhibits that had to be split across volumes, with the volumes they span. */
  splitExhibits: { section: Section; files: string[] }[];
}

// Object streams would save about 4 % of the size at a quarter of the saving time.

/** `Nunez-exhibits.pdf`, 2 → `Nunez-exhibits_Part2.pdf`. */
export function partName(fileName: string, part: number): string {
  const ext = path.extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)}_Part${part}${ext}`;
}

function linkAndBookmark(doc: PDFDocument, packet: AssembledPacket, from: number, to: number): void {
  for (const link of packet.tocLinks) {
    const at = doc === packet.doc ? link.page : doc.getPage(packet.doc.getPages().indexOf(link.page) - from);
    if (link.target >= from && link.target <= to) addInternalLink(doc, at, link.rect, link.target - from);
  }
  writeOutline(doc, outlineFor(packet.sections, from, to));
}

export async function writePacket(packet: AssembledPacket, outDir: string, fileName: string, maxBytes: number): Promise<WriteResult> {
  const pages = packet.doc.getPageCount();
  const tocPages = packet.tocLinks.map((l) => l.page);
  linkAndBookmark(packet.doc, packet, 0, pages - 1);
  const whole = await packet.doc.save(SAVE_OPTIONS);
  if (whole.length <= maxBytes) {
    await writeFile(path.join(outDir, fileName), whole);
    return { volumes: [{ file: fileName, firstPage: 1, lastPage: pages, bytes: whole.length }], splitExhibits: [] };
  }

  // Split from the saved file, without the contents' links (they would drag their target pages along).
  const source = await PDFDocument.load(whole, LOAD_OPTIONS);
  for (const p of new Set(tocPages)) source.getPage(packet.doc.getPages().indexOf(p)).node.delete(PDFName.of('Annots'));
  const units = await measureUnits(source, packet.sections, maxBytes);
  const groups = packUnits(units, maxBytes);
  const volumes: Volume[] = [];
  const splitExhibits = new Map<Section, string[]>();
  for (const [k, group] of groups.entries()) {
    const from = group[0]!.first;
    const to = group.at(-1)!.last;
    const part = await PDFDocument.create({ updateMetadata: false });
    const copied = await part.copyPages(source, range(from, to));
    for (const p of copied) part.addPage(p);
    copyInfo(source, part, k + 1, groups.length);
    linkAndBookmark(part, { ...packet, tocLinks: k === 0 ? packet.tocLinks : [] }, from, to);
    const bytes = await part.save(SAVE_OPTIONS);
    const file = partName(fileName, k + 1);
    await writeFile(path.join(outDir, file), bytes);
    volumes.push({ file, firstPage: from + 1, lastPage: to + 1, bytes: bytes.length });
    for (const u of group) if (u.piece) splitExhibits.set(u.section, [...(splitExhibits.get(u.section) ?? []), file]);
  }
  return { volumes, splitExhibits: [...splitExhibits].map(([section, files]) => ({ section, files })) };
}

interface Unit {
  section: Section;
  first: number;
  last: number;
  bytes: number;
  /** Set when this is a page run of an exhibit too large for one volume. */
  piece?: boolean;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function sizeOf(source: PDFDocument, pages: number[]): Promise<number> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of await doc.copyPages(source, pages)) doc.addPage(p);
  return (await doc.save(SAVE_OPTIONS)).length;
}

/** Each section's size when saved alone; a section over the limit is cut into page runs that fit. */
async function measureUnits(source: PDFDocument, sections: Section[], maxBytes: number): Promise<Unit[]> {
  const units: Unit[] = [];
  // The cover and contents travel together at the front.
  const front = sections.filter((s) => s.id === 'cover' || s.id === 'contents');
  const rest = sections.filter((s) => !front.includes(s));
  const frontSection: Section = { ...front[0]!, last: front.at(-1)!.last };
  for (const s of [frontSection, ...rest]) {
    const bytes = await sizeOf(source, range(s.first, s.last));
    if (bytes <= maxBytes || s.first === s.last) {
      units.push({ section: s, first: s.first, last: s.last, bytes });
      continue;
    }
    let start = s.first;
    let size = 0;
    for (let p = s.first; p <= s.last; p++) {
      const one = await sizeOf(source, [p]);
      if (p > start && size + one > maxBytes) {
        units.push({ section: s, first: start, last: p - 1, bytes: size, piece: true });
        start = p;
        size = 0;
      }
      size += one;
    }
    units.push({ section: s, first: start, last: s.last, bytes: size, piece: true });
  }
  return units;
}

/** Consecutive units into volumes, each under the limit by the measured sizes. */
function packUnits(units: Unit[], maxBytes: number): Unit[][] {
  const groups: Unit[][] = [];
  let size = 0;
  for (const u of units) {
    // Sizes measured alone count shared resources (fonts) each time: a safe overestimate.
    if (groups.length === 0 || size + u.bytes > maxBytes) {
      groups.push([u]);
      size = u.bytes;
    } else {
      groups.at(-1)!.push(u);
      size += u.bytes;
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
