/**
 * Whether LibreOffice can convert here (soffice and Debian's python3-uno), for the tests whose
 * documents it converts: why not, or undefined; and a test title that says it was skipped and why.
 */
import { spawnSync } from 'node:child_process';

function whyNot(): string | undefined {
  // The program the office starts, as src/convert/office.ts finds it: ASYLUM_PACKET_SOFFICE first.
  const named = process.env.ASYLUM_PACKET_SOFFICE;
  if (named && spawnSync('test', ['-x', named]).status !== 0) return `LibreOffice is not at ASYLUM_PACKET_SOFFICE=${named}`;
  if (!named && spawnSync('sh', ['-c', 'command -v soffice']).status !== 0) return 'LibreOffice (soffice) is not installed';
  if (spawnSync('/usr/bin/python3', ['-c', 'import uno']).status !== 0) return 'python3-uno is not installed';
  return undefined;
}

/** Why LibreOffice cannot convert here, or undefined when it can. */
export const OFFICE_MISSING = whyNot();

/** A describe's title, saying when it is skipped, why, and what to install. */
export const officeTitle = (what: string): string =>
  OFFICE_MISSING ? `${what} — skipped: ${OFFICE_MISSING} (sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2)` : what;
