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
  | 'unreadable';

export class ExhibitLoadError extends Error {
  /** For 'type-mismatch': what the file name claims, e.g. "a PDF". */
  readonly claimed?: string;
  /** For 'type-mismatch' and 'not-a-document': what the content really is, e.g. "a JPEG image". */
  readonly actual?: string;

  constructor(
    readonly reason: ExhibitFailure,
    message: string,
    readonly hint: string,
    extra: { cause?: unknown; claimed?: string; actual?: string } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ExhibitLoadError';
    if (extra.claimed !== undefined) this.claimed = extra.claimed;
    if (extra.actual !== undefined) this.actual = extra.actual;
  }
}

/** The first line of an error's message, for the messages of ExhibitLoadErrors and repair notes. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
