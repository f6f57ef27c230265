/**
 * What loading an exhibit yields: the loaded document or image (LoadedExhibit), or an
 * ExhibitLoadError whose `reason` (an ExhibitFailure) the caller maps to an entry of the error
 * catalogue, with a hint for the user. Shared by load.ts and the files that read each kind of
 * file (file-type.ts, load-image.ts, load-pdf.ts); knows nothing of asylum cases.
 */
import type { PDFDocument } from '@cantoo/pdf-lib';

export type LoadedExhibit =
  | {
      kind: 'pdf';
      doc: PDFDocument;
      pageCount: number;
      /** Which tool had to recover the file: null when it was read as it is. */
      repairedWith: null | 'pdf-lib' | 'qpdf';
      /** What was wrong with the file, when it had to be repaired (for logs). */
      repairNotes?: string[];
      wasEncrypted: boolean;
      /** The image file its pages were made from (a TIFF scan), for OCR. */
      images?: Uint8Array;
    }
  | {
      kind: 'image';
      format: 'jpeg' | 'png';
      bytes: Uint8Array;
      /** Pixel size as stored in the file, before any EXIF orientation is applied. */
      width: number;
      height: number;
      /** EXIF Orientation tag (1–8) of a JPEG, when present: the caller rotates/mirrors accordingly. */
      orientation?: number;
    };

export type ExhibitFailure =
  | 'empty'
  | 'not-a-document'
  | 'type-mismatch'
  | 'password-required'
  | 'wrong-password'
  | 'damaged'
  | 'no-pages'
  | 'unsupported-image'
  | 'unreadable'
  // not the file that was checked: a link swapped, the file replaced or rewritten since
  | 'changed'
  // over a limit of limits.ts (the error's `limit` says which, and by how much)
  | 'too-many-pixels'
  | 'stream-too-large'
  | 'too-many-pages';

/** Which limit a file is over: the limit and what the file has (pixels, bytes or pages). */
export interface OverLimit {
  limit: number;
  actual: number;
}

export class ExhibitLoadError extends Error {
  /** For 'type-mismatch': what the file name claims, e.g. "a PDF". */
  readonly claimed?: string;
  /** For 'type-mismatch' and 'not-a-document': what the content really is, e.g. "a JPEG image". */
  readonly actual?: string;
  /** For the reasons over a limit: the limit and the file's figure. */
  readonly over?: OverLimit;

  constructor(
    readonly reason: ExhibitFailure,
    message: string,
    readonly hint: string,
    extra: { cause?: unknown; claimed?: string; actual?: string; over?: OverLimit } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ExhibitLoadError';
    if (extra.claimed !== undefined) this.claimed = extra.claimed;
    if (extra.actual !== undefined) this.actual = extra.actual;
    if (extra.over !== undefined) this.over = extra.over;
  }
}

/** The first line of an error's message, for the messages of ExhibitLoadErrors and repair notes. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

const megapixels = (n: number) => `${Number((n / 1e6).toFixed(n < 1e7 ? 1 : 0))} megapixels`;

/** An image over the pixel limit, refused from its header, before anything decodes it. */
export function tooManyPixels(what: string, width: number, height: number, limit: number): ExhibitLoadError {
  const pixels = width * height;
  return new ExhibitLoadError(
    'too-many-pixels',
    `${what} is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels (${megapixels(pixels)}), more than the limit of ${megapixels(limit)}`,
    'scan the document again at 300 dpi (or take the photo again at a normal size), or reduce the image to under the limit and use that copy',
    { over: { limit, actual: pixels } },
  );
}

/** A file with more pages than one exhibit may have, refused before its pages are copied. */
export function tooManyPages(what: string, pages: number, limit: number): ExhibitLoadError {
  return new ExhibitLoadError(
    'too-many-pages',
    `${what} has ${pages.toLocaleString('en-US')} pages, more than the limit of ${limit.toLocaleString('en-US')} pages for one exhibit`,
    'file only the pages that matter (extract them into a new PDF), or split the document into several exhibits',
    { over: { limit, actual: pages } },
  );
}
