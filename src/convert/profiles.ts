/**
 * The private folders of the helper programs this tool starts: LibreOffice's profiles (one per
 * process) and Tesseract's reading folders (one per image). Removed on exit; those a SIGKILL left
 * are removed when build and watch start.
 */
import { removeStaleTempDirs } from '../private-temp.js';

export const OFFICE_TEMP_PREFIX = 'asylum-packet-office-';

/** The prefix of the private folders in which Tesseract reads an image (src/ocr/tesseract.ts). */
export const OCR_TEMP_PREFIX = 'asylum-packet-ocr-';

/**
 * Removes what helper programs of a killed build left in the temporary folder: LibreOffice's
 * profiles, and the images Tesseract was reading (evidence: never left behind).
 */
export async function removeStaleHelperFolders(tmp?: string): Promise<string[]> {
  const o = tmp ? { tmp } : {};
  return [...(await removeStaleTempDirs(OFFICE_TEMP_PREFIX, o)), ...(await removeStaleTempDirs(OCR_TEMP_PREFIX, o))];
}
