/**
 * Whether the helper programs can run here, for the tests whose output they change: LibreOffice
 * (soffice and Debian's python3-uno) converting Word documents, Tesseract reading image pages.
 * Why not, or undefined; and a test title that says it was skipped and why.
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

/** Why Tesseract cannot read image pages here (with its Spanish data, which the samples need), or undefined when it can. */
export const OCR_MISSING = ((): string | undefined => {
  const named = process.env.ASYLUM_PACKET_TESSERACT;
  if (named && spawnSync('test', ['-x', named]).status !== 0) return `Tesseract is not at ASYLUM_PACKET_TESSERACT=${named}`;
  if (!named && spawnSync('sh', ['-c', 'command -v tesseract']).status !== 0) return 'Tesseract is not installed';
  return undefined;
})();
