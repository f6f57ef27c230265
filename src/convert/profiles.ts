/**
 * The private folders of the helper programs this tool starts: LibreOffice's profiles (one per
 * process) and Tesseract's reading folders (one per image). Removed on exit; those a SIGKILL left
 * are removed when build and watch start.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pidAlive, removeStaleTempDirs } from '../private-temp.js';

export const OFFICE_TEMP_PREFIX = 'asylum-packet-office-';

/** The prefix of the private folders in which Tesseract reads an image (src/ocr/tesseract.ts). */
export const OCR_TEMP_PREFIX = 'asylum-packet-ocr-';

/**
 * Removes what helper programs of a killed build left in the temporary folder: LibreOffice's
 * profiles, and the images Tesseract was reading (evidence: never left behind).
 */
export async function removeStaleHelperFolders(tmp?: string): Promise<string[]> {
  const o = tmp ? { tmp } : {};
  return [...(await removeStaleTempDirs(OFFICE_TEMP_PREFIX, o)), ...(await removeStaleTempDirs(OCR_TEMP_PREFIX, o)), ...(await removeStaleOfficePipes())];
}

/** The name of the pipe an office of this profile folder listens on. */
export const pipeName = (profile: string): string => `asylum-packet-${path.basename(profile)}`;

/** Where LibreOffice makes that pipe: a socket in /tmp, whatever TMPDIR says (its sal/osl pipes). */
export const officePipeFile = (profile: string): string => path.join(OSL_PIPE_DIR, `OSL_PIPE_${process.getuid?.() ?? 0}_${pipeName(profile)}`);

const OSL_PIPE_DIR = '/tmp';

/** Removes the pipes of offices whose process is gone (a killed build leaves its office's pipe). */
async function removeStaleOfficePipes(): Promise<string[]> {
  const pattern = new RegExp(`^OSL_PIPE_${process.getuid?.() ?? 0}_asylum-packet-${OFFICE_TEMP_PREFIX}(\\d+)-`);
  const removed: string[] = [];
  for (const name of await readdir(OSL_PIPE_DIR).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    const full = path.join(OSL_PIPE_DIR, name);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isSocket()) continue;
    await rm(full, { force: true }).catch(() => undefined);
    removed.push(full);
  }
  return removed;
}
