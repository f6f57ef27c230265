/**
 * `asylum-packet check`: passes on a clean tree, names the document and the changed text after a
 * one-word template edit, writes the goldens with --update; refuses, naming the install command,
 * where LibreOffice cannot convert the documents the goldens hold. The goldens hold the documents
 * LibreOffice converts, so where it (or python3-uno) is not installed the comparisons are skipped
 * and say why.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import PizZip from 'pizzip';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatHunks, hunks } from '../../src/check/diff.js';
import { normalise } from '../../src/check/normalise.js';
import { forgetSharedOffice, sharedOffice } from '../../src/convert/office.js';
import { forgetTesseract } from '../../src/ocr/tesseract.js';
import { cli, repoRoot } from '../cli/helpers.js';
import { OCR_MISSING, OFFICE_MISSING } from '../helpers/office.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-check-'));
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

const GOLDENS = path.join(repoRoot, 'fixtures/goldens');
/** Documents the samples build (the goldens' count). */
const DOCUMENTS = 41;

const WHY = OFFICE_MISSING ?? OCR_MISSING;
const title = (what: string) => (WHY ? `${what} — skipped: ${WHY} (sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2 tesseract-ocr tesseract-ocr-spa)` : what);
afterAll(async () => sharedOffice().stop());

async function goldenFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe.skipIf(WHY !== undefined)(title('asylum-packet check'), () => {
  it('passes on a clean tree: every document matches its golden', async () => {
    const r = await cli('check');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${DOCUMENTS} documents of the samples built on 2026-11-22: ${DOCUMENTS} unchanged, 0 changed, 0 new, 0 missing`));
    expect(r.stdout).toContain('✔ unchanged  2025-0142-nunez/uscis-affirmative/2025-0142-nunez-exhibits.pdf');
  }, 120_000);

  it('fails after a one-word edit of a text and a Word template, naming the documents and the changed lines', async () => {
    const templates = path.join(tmp, 'templates');
    await cp(path.join(repoRoot, 'templates'), templates, { recursive: true });
    // text template: "have it signed" -> "have it signed and witnessed"
    const checklist = path.join(templates, 'checklist.md.hbs');
    const before = await readFile(checklist, 'utf8');
    expect(before).toContain('Print it, have it signed, scan');
    await writeFile(checklist, before.replace('Print it, have it signed, scan', 'Print it, have it signed and witnessed, scan'));
    // Word template: "declare as follows" -> "state as follows", in word/document.xml
    const declaration = path.join(templates, 'declaration.docx');
    const zip = new PizZip(await readFile(declaration));
    const xml = zip.file('word/document.xml')!.asText();
    expect(xml).toContain('declare as follows');
    zip.file('word/document.xml', xml.replace('declare as follows', 'state as follows'));
    await writeFile(declaration, zip.generate({ type: 'nodebuffer' }));

    const r = await cli('check', '--templates', templates);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    for (const pipeline of ['uscis-affirmative', 'eoir-defensive']) {
      expect(r.stdout).toContain(`✖ changed    2025-0142-nunez/${pipeline}/2025-0142-nunez-filing-checklist.md`);
      expect(r.stdout).toContain(`✖ changed    2025-0142-nunez/${pipeline}/2025-0142-nunez-declaration.docx`);
      expect(r.stdout).toContain(`✔ unchanged  2025-0142-nunez/${pipeline}/2025-0142-nunez-index-of-evidence.docx`);
    }
    // and the declaration and checklist of the two family samples: 8 documents in all
    for (const doc of ['2026-0311-reyes/uscis-affirmative/2026-0311-reyes', '2026-0517-lemus/eoir-defensive/2026-0517-lemus']) {
      expect(r.stdout).toContain(`✖ changed    ${doc}-declaration.docx`);
      expect(r.stdout).toContain(`✖ changed    ${doc}-filing-checklist.md`);
    }
    expect(r.stdout).toMatch(/ {6}-- \[ \] Declaration of José Antonio Núñez Ramírez, with certificate of interpretation \(pages \d+–\d+\): to be signed by José Antonio Núñez Ramírez, and the interpreter \(certificate of interpretation\)\. Print it, have it signed, scan /);
    expect(r.stdout).toMatch(/ {6}\+- \[ \] Declaration of José Antonio Núñez Ramírez, with certificate of interpretation \(pages \d+–\d+\): to be signed by José Antonio Núñez Ramírez, and the interpreter \(certificate of interpretation\)\. Print it, have it signed and witnessed, scan /);
    expect(r.stdout).toContain('      -I, José Antonio Núñez Ramírez, declare as follows:');
    expect(r.stdout).toContain('      +I, José Antonio Núñez Ramírez, state as follows:');
    expect(r.stdout).toMatch(new RegExp(`${DOCUMENTS} documents of the samples built on 2026-11-22: ${DOCUMENTS - 8} unchanged, 8 changed, 0 new, 0 missing`));
    expect(r.stdout).toContain('asylum-packet check --update --templates');
    // the shipped goldens are untouched
    expect(await readFile(path.join(GOLDENS, '2025-0142-nunez/uscis-affirmative/2025-0142-nunez-declaration.docx.txt'), 'utf8')).toContain('declare as follows');
  }, 120_000);

  it('--update into a new goldens folder writes one file per document, equal to the shipped goldens, and check then passes', async () => {
    const goldens = path.join(tmp, 'goldens');
    const u = await cli('check', '--update', '--goldens', goldens);
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(u.stdout).toMatch(new RegExp(`${DOCUMENTS} files changed \\(0 changed, ${DOCUMENTS} new, 0 removed\\), 0 unchanged`));
    const written = await goldenFiles(goldens);
    expect(written).toHaveLength(DOCUMENTS);
    expect(written).toEqual(await goldenFiles(GOLDENS));
    for (const f of written) expect(await readFile(path.join(goldens, f), 'utf8')).toBe(await readFile(path.join(GOLDENS, f), 'utf8'));

    // a golden of a document no longer built is reported missing, and removed by --update
    await writeFile(path.join(goldens, '2025-0142-nunez/uscis-affirmative/gone.docx.txt'), 'old\n');
    const r = await cli('check', '--goldens', goldens);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ missing    2025-0142-nunez/uscis-affirmative/gone.docx');
    const again = await cli('check', '--update', '--goldens', goldens);
    expect(again.stdout).toMatch(new RegExp(`1 file changed \\(0 changed, 0 new, 1 removed\\), ${DOCUMENTS} unchanged`));
    expect(await goldenFiles(goldens)).toHaveLength(DOCUMENTS);
  }, 180_000);
});

/** The helper programs check needs, each made missing by its variable, with what check must then say. */
const HELPERS = [
  { program: 'LibreOffice', variable: 'ASYLUM_PACKET_SOFFICE', code: 'AP3010', says: 'the goldens hold the documents LibreOffice converts', install: 'sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2' },
  { program: 'Tesseract', variable: 'ASYLUM_PACKET_TESSERACT', code: 'AP3013', says: 'the goldens hold the image pages Tesseract reads', install: 'sudo apt-get install tesseract-ocr tesseract-ocr-spa' },
] as const;

/** Forgets what this process found of the helper programs, so that the next build looks again. */
async function forgetHelpers(): Promise<void> {
  await sharedOffice().stop();
  forgetSharedOffice();
  forgetTesseract();
}

describe.each(HELPERS)('asylum-packet check where $program is missing', ({ variable, code, says, install }) => {
  it(`refuses to compare or rewrite the goldens, with ${code} and the install command, and writes nothing`, async () => {
    const saved = process.env[variable];
    await forgetHelpers();
    process.env[variable] = path.join(os.tmpdir(), 'no-such-program');
    try {
      const goldens = path.join(tmp, 'goldens');
      await cp(GOLDENS, goldens, { recursive: true });
      for (const args of [['check', '--goldens', goldens], ['check', '--update', '--goldens', goldens]]) {
        const r = await cli(...args);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stdout + r.stderr).toContain(code);
        expect(r.stdout + r.stderr).toContain(says);
        expect(r.stdout + r.stderr).toContain(install);
      }
      // --update wrote nothing: the goldens are as shipped
      const files = await goldenFiles(goldens);
      expect(files).toEqual(await goldenFiles(GOLDENS));
      for (const f of files) expect(await readFile(path.join(goldens, f), 'utf8'), f).toBe(await readFile(path.join(GOLDENS, f), 'utf8'));
    } finally {
      if (saved === undefined) delete process.env[variable];
      else process.env[variable] = saved;
      await forgetHelpers();
    }
  }, 120_000);
});

describe('line diff', () => {
  it('gives unified hunks with context, removals before additions', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const b = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11'];
    expect(formatHunks(hunks(a, b, 2))).toBe('@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n@@ -9,2 +9,3 @@\n 9\n 10\n+11\n');
    expect(hunks(a, a)).toEqual([]);
    expect(formatHunks(hunks([], ['x']))).toBe('@@ -0,0 +1,1 @@\n+x\n');
  });
});

describe('normal forms', () => {
  it('a text file: its lines, line endings and trailing space evened out', async () => {
    expect(await normalise('a.md', new TextEncoder().encode('\uFEFFone  \r\ntwo\n\n\n'))).toBe('one\ntwo\n');
  });

  it('a PDF form: pages, no outline, every field with its value, no dates', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    const form = doc.getForm();
    form.createTextField('partA.name').setText('José Núñez');
    form.createTextField('partA.empty').addToPage(page);
    const married = form.createCheckBox('partA.married');
    married.addToPage(page, { x: 100, y: 10 });
    married.check();
    const radio = form.createRadioGroup('partA.sex');
    radio.addOptionToPage('M', page, { x: 10, y: 10 });
    radio.addOptionToPage('F', page, { x: 40, y: 10 });
    radio.select('F');
    const bytes = await doc.save();
    expect(await normalise('f.pdf', bytes)).toBe(
      '# pdf: 1 page (size, rotation, content streams, links per page; outline; form fields)\n\n## pages\npage 1: 612 x 792 pt, 0 content streams, 0 links\n\n## outline\n(none)\n\n## form fields\n' +
        'partA.empty: text (empty)\npartA.married: checkbox checked\npartA.name: text "José Núñez"\npartA.sex: radio F\n',
    );
  });
});
