/**
 * The signed scans of a case: a paralegal drops each into `signed/` beside the intake, named after
 * the page the build lists in its checklist ("2025-0142-nunez-declaration.pdf"), and the next
 * build puts it in place of the generated page, at the same place and with the same numbers.
 * Checked like the exhibits (inside the case folder, of the type its name says, opened once), so
 * the packet reads only what was checked, and the fingerprint rebuilds the case when one arrives.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { checkFileAt, isExhibitFileName, type CheckedFile } from './files.js';

/** The folder beside the intake that holds the signed scans. */
export const SIGNED_FOLDER = 'signed';

export interface SignedScans {
  /** Each scan as checked, by full path. */
  checked: Map<string, CheckedFile>;
  /** The scans by the name of the page they sign (the file name without its extension): their path relative to the case folder. */
  byPage: Map<string, string>;
  problems: Problem[];
}

/**
 * The beginning of the full path of every signed scan of a case, "<caseDir>/signed/<caseId>-":
 * listed among the files a case reads, so that a watcher rebuilds the case when a scan of it
 * arrives (isSignedScanOf), and only that case.
 */
export const signedScanPrefix = (caseDir: string, caseId: string): string => path.join(caseDir, SIGNED_FOLDER, `${caseId}-`);

/** Whether `file` is a scan in a signed/ folder whose name begins as `prefix` (signedScanPrefix) says. */
export const isSignedScanOf = (file: string, prefix: string): boolean =>
  path.basename(path.dirname(file)) === SIGNED_FOLDER && prefix.endsWith('-') && path.dirname(file) === path.dirname(prefix) && file.startsWith(prefix);

/**
 * The scans in `<caseDir>/signed/` of the case `caseId` (named "<caseId>-…": intakes that share
 * a folder share it, and never read each other's scans), checked; none when there is no such folder.
 */
export async function checkSignedScans(caseDir: string, caseId: string): Promise<SignedScans> {
  const found: SignedScans = { checked: new Map(), byPage: new Map(), problems: [] };
  const dir = path.join(caseDir, SIGNED_FOLDER);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return found;
  const names = (await readdir(dir)).filter((n) => n.startsWith(`${caseId}-`) && isExhibitFileName(n)).sort();
  for (const name of names) {
    const rel = `${SIGNED_FOLDER}/${name}`;
    const page = name.slice(0, name.length - path.extname(name).length);
    const location = { file: path.join(dir, name) };
    const other = found.byPage.get(page);
    if (other) {
      found.problems.push(problem('signedScanTwice', { page, first: other, second: rel }, location));
      continue;
    }
    const r = await checkFileAt(rel, 'exhibit', caseDir, location);
    found.problems.push(...r.problems);
    if (!r.checked) continue;
    found.checked.set(path.join(caseDir, rel), r.checked);
    found.byPage.set(page, rel);
  }
  return found;
}
