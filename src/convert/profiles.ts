/**
 * The private folders of the helper programs this tool starts: LibreOffice's profiles (one per
 * process) and Tesseract's reading folders (one per image). Removed on exit; those a SIGKILL left
 * are removed when build and watch start.
 */
import { createHash } from 'node:crypto';
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
  const profiles = await removeStaleTempDirs(OFFICE_TEMP_PREFIX, o);
  const instancePipes: string[] = [];
  for (const pipe of profiles.map(officeInstancePipeFile)) if (await removeSocket(pipe)) instancePipes.push(pipe);
  return [...profiles, ...instancePipes, ...(await removeStaleTempDirs(OCR_TEMP_PREFIX, o)), ...(await removeStaleOfficePipes())];
}

/** The URL LibreOffice is given for a profile folder (`-env:UserInstallation=`). */
export const profileUrl = (profile: string): string => `file://${profile}`;

/** The name of the pipe an office of this profile folder listens on. */
export const pipeName = (profile: string): string => `asylum-packet-${path.basename(profile)}`;

/** Where LibreOffice makes that pipe: a socket in /tmp, whatever TMPDIR says (its sal/osl pipes). */
export const officePipeFile = (profile: string): string => oslPipe(pipeName(profile));

const OSL_PIPE_DIR = '/tmp';
const oslPipe = (name: string): string => path.join(OSL_PIPE_DIR, `OSL_PIPE_${process.getuid?.() ?? 0}_${name}`);

/**
 * The other socket an office makes in /tmp: its single-instance pipe, named by the MD5 of its
 * profile's URL in UTF-16, each byte in hex without a leading zero (LibreOffice's
 * desktop/source/app/officeipcthread.cxx). It too is left behind when the office is killed.
 */
export function officeInstancePipeFile(profile: string): string {
  const md5 = createHash('md5').update(Buffer.from(profileUrl(profile), 'utf16le')).digest();
  return oslPipe(`SingleOfficeIPC_${[...md5].map((b) => b.toString(16)).join('')}`);
}

/** Every file an office of this profile makes outside it. */
export const officePipeFiles = (profile: string): string[] => [officePipeFile(profile), officeInstancePipeFile(profile)];

async function removeSocket(file: string): Promise<boolean> {
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isSocket()) return false;
  await rm(file, { force: true }).catch(() => undefined);
  return true;
}

/** Removes the pipes of offices whose process is gone (a killed build leaves its office's pipe). */
async function removeStaleOfficePipes(): Promise<string[]> {
  const pattern = new RegExp(`^OSL_PIPE_${process.getuid?.() ?? 0}_asylum-packet-${OFFICE_TEMP_PREFIX}(\\d+)-`);
  const removed: string[] = [];
  for (const name of await readdir(OSL_PIPE_DIR).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    const full = path.join(OSL_PIPE_DIR, name);
    if (await removeSocket(full)) removed.push(full);
  }
  return removed;
}
