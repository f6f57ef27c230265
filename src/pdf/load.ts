/**
 * Loads one exhibit file (a PDF, or a JPEG, PNG or TIFF image) and says precisely why when it
 * cannot.
 *
 * Knows nothing of asylum cases: it returns a loaded document or image, or throws an
 * ExhibitLoadError whose `reason` the caller maps to an entry of the error catalogue.
 *
 * Reads the file, asks file-type.ts what it really is, and hands it to the loader of that kind:
 * load-pdf.ts for PDFs, load-image.ts for JPEG, PNG and TIFF images. What it returns and throws is
 * defined in exhibit.ts.
 */
import { readFile } from 'node:fs/promises';
import { describeError, ExhibitLoadError, type LoadedExhibit } from './exhibit.js';
import { exhibitType } from './file-type.js';
import { loadJpeg, loadPng, loadTiff } from './load-image.js';
import { loadPdf } from './load-pdf.js';
import { findQpdf } from './repair.js';
import { limitsWith, type Limits } from '../limits.js';

export interface LoadExhibitOptions {
  /** Password of an encrypted PDF (user or owner password). Ignored for other files. */
  password?: string;
  /**
   * qpdf executable used to repair PDFs that pdf-lib cannot read completely. Default: `qpdf` found
   * on PATH (see findQpdf); `false` never runs qpdf.
   */
  qpdf?: string | false;
  /** Limits on pixels, inflated stream bytes and pages (limits.ts); the defaults unless replaced. */
  limits?: Partial<Limits>;
}

/**
 * Reads one exhibit file. Resolves with the loaded PDF or image; rejects only with an
 * ExhibitLoadError (any other exception is wrapped as 'unreadable', with the original as `cause`).
 */
export async function loadExhibit(file: string, opts: LoadExhibitOptions = {}): Promise<LoadedExhibit> {
  try {
    return await loadUnchecked(file, opts);
  } catch (err) {
    if (err instanceof ExhibitLoadError) throw err;
    throw new ExhibitLoadError(
      'unreadable',
      `the file could not be read: ${describeError(err)}`,
      'open the file to check it; if it opens, save or print it again as a new PDF (or JPEG/PNG) and use that copy',
      { cause: err },
    );
  }
}

async function loadUnchecked(file: string, opts: LoadExhibitOptions): Promise<LoadedExhibit> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder, not a file'
      : describeError(err);
    throw new ExhibitLoadError('unreadable', `the file cannot be read: ${why}`, 'check the path and the file permissions, or copy the file again', { cause: err });
  }
  const limits = limitsWith(opts.limits);
  switch (exhibitType(file, bytes)) {
    case 'pdf':
      return loadPdf(file, bytes, opts.password, opts.qpdf === false ? false : (opts.qpdf ?? findQpdf()), limits);
    case 'jpeg':
      return loadJpeg(bytes, limits);
    case 'png':
      return loadPng(bytes, limits);
    case 'tiff':
      return loadTiff(bytes, limits);
  }
}
