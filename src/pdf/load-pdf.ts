/**
 * A PDF exhibit, read by pdf-lib with the password given and checked (inspect.ts); when pdf-lib
 * throws, finds no pages or finds pages with parts missing, repaired with qpdf (repair.ts) and
 * checked again. Tells a missing or wrong password and an unsupported protection scheme apart from
 * damage, and refuses a document that nothing could read completely.
 *
 * How @cantoo/pdf-lib 2.11 signals the failures this module tells apart (read from its source):
 *
 * - `PDFDocument.load` throws `EncryptedPDFError` (an exported class) only when the file is
 *   encrypted and `password` is `undefined`. This module always passes a string, so pdf-lib
 *   always tries to decrypt.
 * - Decryption is set up in the constructor of `CipherTransformFactory` (src/core/crypto.ts), which
 *   throws plain `Error`s with fixed messages: 'NEEDS PASSWORD' (the empty user password does not
 *   open the file and no password was given), 'Password incorrect' (the password given is neither
 *   the user nor the owner password), and 'unknown encryption method' / 'unsupported encryption
 *   algorithm' / 'invalid key length: …' for protection schemes it cannot open (certificate
 *   security, DRM plug-ins). There is no error class or code, so these exact messages are the
 *   signal; they are listed in PDF_LIB_CRYPTO_MESSAGES below and pinned by test/pdf/load.test.ts.
 * - Parsing never uses the cross-reference table: pdf-lib scans the file from start to end for
 *   `n g obj … endobj`, so wrong xref offsets, a wrong `startxref` or a missing trailer do not stop
 *   it (it even finds the catalog without a trailer). Objects it cannot parse become
 *   `PDFInvalidObject`s. A file cut short therefore "opens" with the pages that were before the
 *   cut, silently: inspect.ts walks the page tree and refuses a document with missing pages,
 *   missing content streams or missing images rather than put half an exhibit into a filing.
 * - A broken catalog or page-tree dictionary makes `getPages()` throw (TypeError or
 *   UnexpectedObjectTypeError); qpdf, which reads objects through the xref table and tolerates
 *   stray tokens in dictionaries, can often repair those.
 */
import { EncryptedPDFError, PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { describeError, ExhibitLoadError, tooManyPages, type LoadedExhibit } from './exhibit.js';
import { inspect, looksEncrypted, xrefProblems, type Inspection } from './inspect.js';
import { repairWithQpdf } from './repair.js';
import { LOAD_OPTIONS } from './save.js';
import { checkStreamSizes } from './streams.js';

/** Exact messages of the plain Errors thrown by @cantoo/pdf-lib's CipherTransformFactory (src/core/crypto.ts). */
const PDF_LIB_CRYPTO_MESSAGES = {
  needsPassword: 'NEEDS PASSWORD',
  incorrectPassword: 'Password incorrect',
  unsupported: [/^unknown encryption method$/, /^unsupported encryption algorithm$/, /^invalid key length/],
};

type PdfResult = Extract<LoadedExhibit, { kind: 'pdf' }>;

const PASSWORD_HINT = 'ask the client or the issuing office for the password and add it to the exhibit in the intake ("password"), or open the file and print it to a new PDF';
const PROTECTION_HINT = 'the file uses a protection scheme (certificate or DRM) that cannot be opened here: ask the sender for an unprotected copy, or print it to PDF on a computer that can open it';

function damagedHint(qpdfTried: boolean): string {
  return qpdfTried
    ? 'open it in a PDF viewer and save or print it as a new PDF, or get a fresh copy from the sender'
    : 'open it in a PDF viewer and save or print it as a new PDF, or get a fresh copy from the sender; with qpdf installed, asylum-packet can repair more damaged files';
}

async function parseWithPdfLib(bytes: Uint8Array, password: string): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { ...LOAD_OPTIONS, ignoreEncryption: false, password, throwOnInvalidObject: false });
}

type Classified = { kind: 'password-required' } | { kind: 'wrong-password' } | { kind: 'unsupported-protection' } | { kind: 'parse' };

function classify(err: unknown): Classified {
  if (err instanceof EncryptedPDFError) return { kind: 'password-required' };
  const message = err instanceof Error ? err.message : '';
  if (message === PDF_LIB_CRYPTO_MESSAGES.needsPassword) return { kind: 'password-required' };
  if (message === PDF_LIB_CRYPTO_MESSAGES.incorrectPassword) return { kind: 'wrong-password' };
  if (PDF_LIB_CRYPTO_MESSAGES.unsupported.some((re) => re.test(message))) return { kind: 'unsupported-protection' };
  return { kind: 'parse' };
}

function passwordError(kind: 'password-required' | 'wrong-password', cause?: unknown): ExhibitLoadError {
  return kind === 'password-required'
    ? new ExhibitLoadError('password-required', 'the PDF is protected with a password', PASSWORD_HINT, { cause })
    : new ExhibitLoadError('wrong-password', 'the PDF is protected with a password, and the password given does not open it', 'check the password (upper/lower case, spaces); ' + PASSWORD_HINT, { cause });
}

/** Reads a PDF exhibit with the password given, if any; `qpdf` is the executable to repair it with, or false. */
export async function loadPdf(file: string, bytes: Buffer, password: string | undefined, qpdf: string | false, limits: Limits = DEFAULT_LIMITS): Promise<PdfResult> {
  const given = password ?? '';
  // 0. limits before anything decodes: no stream may inflate past the limit (decompression bombs)
  await checkStreamSizes(bytes, limits.maxStreamBytes);
  const checkPages = (pages: number) => {
    if (pages > limits.maxPagesPerExhibit) throw tooManyPages('the PDF', pages, limits.maxPagesPerExhibit);
  };

  // 1. pdf-lib, with the password given (or the empty user password of "open" encrypted files)
  let doc: PDFDocument | undefined;
  let failure: unknown;
  let effectivePassword = given;
  try {
    doc = await parseWithPdfLib(bytes, given);
  } catch (err) {
    let c = classify(err);
    if (c.kind === 'wrong-password' && given !== '') {
      // a password was given but the file may not need one (encrypted with an empty user password)
      try {
        doc = await parseWithPdfLib(bytes, '');
        effectivePassword = '';
        c = { kind: 'parse' };
      } catch {
        // keep the first verdict
      }
    }
    if (!doc) {
      if (c.kind === 'password-required' || c.kind === 'wrong-password') throw passwordError(c.kind, err);
      if (c.kind === 'unsupported-protection') {
        throw new ExhibitLoadError('unreadable', `the PDF is protected in a way that cannot be opened (${describeError(err)})`, PROTECTION_HINT, { cause: err });
      }
      failure = err;
    }
  }

  // 2. check what pdf-lib found: first the page count it declares (walking 50,000 pages costs seconds), then the pages
  let inspection: Inspection | undefined;
  if (doc) {
    checkPages(declaredPages(doc));
    try {
      inspection = inspect(doc);
      inspection.notes.unshift(...xrefProblems(bytes));
    } catch (err) {
      failure = err;
      inspection = undefined;
    }
  }
  if (inspection) checkPages(inspection.pages);
  if (doc && inspection && inspection.pages > 0 && inspection.lost.length === 0) {
    const repaired = inspection.notes.length > 0;
    return {
      kind: 'pdf',
      doc,
      pageCount: inspection.pages,
      repairedWith: repaired ? 'pdf-lib' : null,
      ...(repaired ? { repairNotes: inspection.notes } : {}),
      wasEncrypted: doc.context.isDecrypted,
    };
  }
  const pdfLibWasClean = !!inspection && inspection.notes.length === 0 && inspection.lost.length === 0;

  // 3. pdf-lib threw, found no pages, or found pages with parts missing: let qpdf try
  let best = inspection;
  let qpdfFailure: unknown;
  if (qpdf) {
    const repaired = await repairWithQpdf(qpdf, bytes, doc ? effectivePassword : password);
    if (repaired.ok) {
      let fixed: PDFDocument | undefined;
      let check: Inspection | undefined;
      try {
        fixed = await parseWithPdfLib(repaired.bytes, '');
        check = inspect(fixed);
      } catch (err) {
        qpdfFailure = err;
      }
      if (fixed && check) {
        checkPages(check.pages);
        if (check.pages > 0 && check.lost.length === 0 && check.pages >= (inspection?.expectedPages ?? 0)) {
          return {
            kind: 'pdf',
            doc: fixed,
            pageCount: check.pages,
            repairedWith: 'qpdf',
            repairNotes: [
              ...(failure ? [`pdf-lib: ${describeError(failure)}`] : []),
              ...(inspection ? [...inspection.notes, ...inspection.lost] : []),
              ...repaired.warnings,
            ],
            wasEncrypted: doc ? doc.context.isDecrypted : looksEncrypted(bytes),
          };
        }
        // qpdf's copy is incomplete too; keep whichever view says more about what is missing
        if (!best || (best.lost.length === 0 && check.lost.length > 0)) best = check;
      }
    } else if (repaired.password) {
      throw passwordError(password ? 'wrong-password' : 'password-required', repaired.error);
    } else {
      qpdfFailure = repaired.error;
    }
  }

  // 4. nothing read the whole document
  if (pdfLibWasClean && inspection && inspection.pages === 0) throw noPages();
  const cause = failure ?? qpdfFailure;
  if (best && best.lost.length > 0) {
    const total = Math.max(best.expectedPages, best.pages, inspection?.expectedPages ?? 0);
    const summary = total > best.pages ? `only ${best.pages} of its ${total} pages could be read` : 'parts of its pages are missing';
    throw new ExhibitLoadError(
      'damaged',
      `the PDF is incomplete: ${summary} (${best.lost.slice(0, 3).join('; ')}${best.lost.length > 3 ? '; …' : ''})`,
      'the file was probably cut short while it was copied, downloaded or attached: copy it again from the original, or ask the sender for it again',
      { cause },
    );
  }
  // The parser's own words ("Cannot read properties of undefined …") say nothing to a paralegal:
  // they stay in `cause`, for logs.
  const detail = failure ? 'its structure cannot be read' : 'no pages could be found in it';
  throw new ExhibitLoadError('damaged', `the PDF is damaged and could not be repaired: ${detail}`, damagedHint(!!qpdf), { cause });
}

function noPages(): ExhibitLoadError {
  return new ExhibitLoadError('no-pages', 'the PDF has no pages', 'export or scan the document again; check that the right file was chosen');
}

/** The page count the page tree's root declares (0 when it says nothing usable): may lie, so the walk checks again. */
function declaredPages(doc: PDFDocument): number {
  try {
    const count = doc.catalog.Pages().get(PDFName.of('Count'));
    return count instanceof PDFNumber ? count.asNumber() : 0;
  } catch {
    return 0;
  }
}
