/** Page geometry of the packet: US Letter (8 CFR 1003.32(b)), margins, the page-number band. */
export const LETTER = { width: 612, height: 792 } as const;
/** Margin of generated pages (cover, contents, tabs, certificates): one inch. */
export const MARGIN = 72;
/** Height kept free at the foot of every page for the page number, so it never covers content. */
export const NUMBER_BAND = 36;
/** Margin around an exhibit page drawn onto a Letter page (other than the number band). */
export const EXHIBIT_MARGIN = 18;
/** Margin around an exhibit photo or scan (JPEG, PNG): fitted to the one-inch margins. */
export const IMAGE_MARGIN = 72;

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Size {
  x: number;
  y: number;
}

/** A Letter page in the orientation that suits content of this shape. */
export function letterFor(content: Size): Size {
  return content.width > content.height ? { width: LETTER.height, height: LETTER.width } : { ...LETTER };
}

/** The area of a page where exhibit content may go: inside the margin, above the number band. */
export function contentArea(page: Size, margin: number): Box {
  const bottom = Math.max(margin, NUMBER_BAND);
  return { x: margin, y: bottom, width: page.width - 2 * margin, height: page.height - margin - bottom };
}

/** The largest box of `content`'s shape inside `area`, centred; enlarged only when `enlarge` (photos). */
export function fit(content: Size, area: Box, enlarge = false): Box & { scale: number } {
  const scale = Math.min(area.width / content.width, area.height / content.height, enlarge ? Infinity : 1);
  const width = content.width * scale;
  const height = content.height * scale;
  return { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height, scale };
}
