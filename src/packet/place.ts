/**
 * Puts exhibit content on US Letter pages. Every page of an exhibit PDF is drawn, scaled to fit,
 * onto a Letter page in the orientation the reader sees (its /Rotate applied), above the band
 * kept for the page number — so A4, legal and rotated pages arrive upright and nothing is
 * covered. A photo (JPEG, PNG) becomes a full page fitted to the margins, turned as its EXIF
 * orientation says.
 */
import { degrees, type PDFDocument, type PDFEmbeddedPage, type PDFPage } from '@cantoo/pdf-lib';
import { EXHIBIT_MARGIN, IMAGE_MARGIN, contentArea, fit, letterFor, type Box, type Size } from './geometry.js';

/** How content of natural size `size`, turned clockwise by `turn` degrees, is drawn into `box`. */
function placement(size: Size, turn: number, box: Box & { scale: number }) {
  const s = box.scale;
  switch (((turn % 360) + 360) % 360) {
    case 90:
      return { x: box.x, y: box.y + size.width * s, rotate: degrees(-90) };
    case 180:
      return { x: box.x + size.width * s, y: box.y + size.height * s, rotate: degrees(180) };
    case 270:
      return { x: box.x + size.height * s, y: box.y, rotate: degrees(90) };
    default:
      return { x: box.x, y: box.y, rotate: degrees(0) };
  }
}

const turned = (size: Size, turn: number): Size => (turn % 180 === 0 ? size : { width: size.height, height: size.width });

/** Draws every page of `src` onto new Letter pages of `out`, in order; returns them. */
export async function placePdfPages(out: PDFDocument, src: PDFDocument): Promise<PDFPage[]> {
  const pages = src.getPages();
  const boxes = pages.map((p) => p.getCropBox());
  const embedded: PDFEmbeddedPage[] = await out.embedPages(pages, boxes.map((b) => ({ left: b.x, bottom: b.y, right: b.x + b.width, top: b.y + b.height })));
  return embedded.map((e, i) => {
    const turn = pages[i]!.getRotation().angle;
    const size = { width: e.width, height: e.height };
    const shown = turned(size, turn);
    const letter = letterFor(shown);
    const page = out.addPage([letter.width, letter.height]);
    const box = fit(shown, contentArea(letter, EXHIBIT_MARGIN));
    const at = placement(size, turn, box);
    page.drawPage(e, { x: at.x, y: at.y, xScale: box.scale, yScale: box.scale, rotate: at.rotate });
    return page;
  });
}

/** EXIF orientation → clockwise turn needed to show the photo upright (mirrored forms as their turn). */
const EXIF_TURN: Record<number, number> = { 1: 0, 2: 0, 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 };

export async function placeImage(out: PDFDocument, img: { format: 'jpeg' | 'png'; bytes: Uint8Array; width: number; height: number; orientation?: number }): Promise<PDFPage> {
  const image = img.format === 'jpeg' ? await out.embedJpg(img.bytes) : await out.embedPng(img.bytes);
  const turn = EXIF_TURN[img.orientation ?? 1] ?? 0;
  const size = { width: image.width, height: image.height };
  const shown = turned(size, turn);
  const letter = letterFor(shown);
  const page = out.addPage([letter.width, letter.height]);
  const box = fit(shown, contentArea(letter, IMAGE_MARGIN), true);
  const at = placement(size, turn, box);
  page.drawImage(image, { x: at.x, y: at.y, width: size.width * box.scale, height: size.height * box.scale, rotate: at.rotate });
  return page;
}
