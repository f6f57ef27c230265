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
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { FileChangedError, readChecked, type CheckedFile } from '../intake/files.js';
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
  /**
   * The file as it was checked (src/intake/files.ts): its real path is opened without following a
   * link, and the bytes are read only when the handle is that same regular file; otherwise the
   * load fails with reason 'changed'. Without it, `file` is opened as given (links followed), and
   * only a regular file is read.
   */
  checked?: CheckedFile;
}

const CHANGED_HINT =
  'a file of the case folder was replaced, moved or rewritten (or a link in it pointed elsewhere) while the case was being built: check that the file is the right one, then build again; put the file itself in the folder rather than a link to it';

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
    bytes = opts.checked ? await readChecked(opts.checked) : await readRegularFile(file);
  } catch (err) {
    if (err instanceof ExhibitLoadError) throw err;
    if (err instanceof FileChangedError) throw new ExhibitLoadError('changed', err.message, CHANGED_HINT, { cause: err });
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

/** A file given by path, read only when it is a regular file (O_NONBLOCK: a named pipe never blocks the open). */
async function readRegularFile(file: string): Promise<Buffer> {
  const fh = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await fh.stat();
    if (!info.isFile()) {
      const what = info.isDirectory() ? 'it is a folder, not a file' : info.isFIFO() ? 'it is a named pipe (FIFO), not a file' : info.isSocket() ? 'it is a socket, not a file' : 'it is a device, not a file';
      throw new ExhibitLoadError('unreadable', `the file cannot be read: ${what}`, 'check the path: name the document file itself');
    }
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}
