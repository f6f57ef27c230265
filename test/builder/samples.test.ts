/**
 * The bundled sample cases built end to end with the shipped pipelines and templates: the
 * affirmative set and the EOIR set, every .docx a valid package whose text carries the names
 * with their accents, every event in date order and every exhibit title.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { assertWellFormed, docxParagraphs, docxText, openDocx } from '../helpers/docx.js';
import { OCR_MISSING, OFFICE_MISSING } from '../helpers/office.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
let out: string;
const builds: Record<string, CaseBuild> = {};
const intakes: Record<string, { events: { date: string; narrative: string }[]; evidence: { title: string }[] }> = {};

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'ap-samples-'));
  const { pipelines, problems } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  for (const kind of ['affirmative', 'defensive']) {
    const file = path.join(samples, `intake-${kind}.json`);
    builds[kind] = await buildCase(file, { outDir: out, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
    intakes[kind] = JSON.parse(await readFile(file, 'utf8'));
  }
});
afterAll(async () => rm(out, { recursive: true, force: true }));

const docx = async (kind: string, name: string) => openDocx(await readFile(path.join(out, '2025-0142-nunez', kind === 'affirmative' ? 'uscis-affirmative' : 'eoir-defensive', `2025-0142-nunez-${name}`)));

describe('npm start on the sample cases', () => {
  it('builds both cases without problems, but the warnings: the cover letter\'s statements the declaration does not support, the official I-589 not there to fill, the filing rules\' findings', () => {
    // (and, where LibreOffice is not installed, the Word documents not converted)
    // (and, where Tesseract is not installed, the image pages without text)
    const converted = OFFICE_MISSING ? ['warning AP3011'] : [];
    const read = OCR_MISSING ? ['warning AP4106'] : [];
    for (const b of Object.values(builds)) expect(b.problems.map((p) => `${p.severity} ${p.code}`), JSON.stringify(b.problems, null, 2)).toEqual(['warning AP6007', ...converted, 'warning AP5101', ...read, 'warning AP6102']);
    expect(builds.affirmative!.ok && builds.defensive!.ok).toBe(true);
  });

  it('writes the USCIS set for the affirmative case and the EOIR set for the defensive case', async () => {
    // The Word documents LibreOffice converted, beside them (where it is installed).
    const pdfs = (name: string) => (OFFICE_MISSING ? [] : [name]);
    expect((await readdir(path.join(out, '2025-0142-nunez', 'uscis-affirmative'))).sort()).toEqual(
      [...['certificate-of-translation-tab-B.docx', 'certificate-of-translation-tab-C.docx', 'certificate-of-translation-tab-D.docx', 'consistency-report.html', 'consistency-report.md', 'cover-letter.docx', ...pdfs('cover-letter.pdf'), 'declaration.docx', ...pdfs('declaration.pdf'), 'exhibits.pdf', 'filing-checklist.md', 'index-of-evidence.docx'].map((n) => `2025-0142-nunez-${n}`), 'manifest.json'],
    );
    expect((await readdir(path.join(out, '2025-0142-nunez', 'eoir-defensive'))).sort()).toEqual(
      [...['certificate-of-service.docx', 'certificate-of-translation-tab-B.docx', 'certificate-of-translation-tab-C.docx', 'certificate-of-translation-tab-D.docx', 'consistency-report.html', 'consistency-report.md', 'declaration.docx', ...pdfs('declaration.pdf'), 'exhibit-list.docx', 'exhibits.pdf', 'filing-checklist.md', 'index-of-evidence.docx', 'witness-list.docx'].map((n) => `2025-0142-nunez-${n}`), 'manifest.json'],
    );
    expect(await readdir(path.join(out, '2025-0142-nunez'))).toEqual(expect.not.arrayContaining([expect.stringMatching(/^\.staging/)]));
  });

  it.each(['affirmative', 'defensive'])('every .docx of the %s case re-opens, is well formed and names the applicant with accents', async (kind) => {
    const dir = path.join(out, '2025-0142-nunez', kind === 'affirmative' ? 'uscis-affirmative' : 'eoir-defensive');
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.docx'))) {
      const zip = openDocx(await readFile(path.join(dir, name)));
      assertWellFormed(zip);
      const text = docxText(zip);
      expect(text, name).toMatch(/José Antonio Núñez Ramírez|JOSÉ ANTONIO NÚÑEZ RAMÍREZ/);
      expect(text, name).not.toMatch(/undefined|\[object Object\]|NaN/);
    }
  });

  it.each(['affirmative', 'defensive'])('the %s declaration tells every event, in date order, in numbered paragraphs', async (kind) => {
    const paragraphs = docxParagraphs(await docx(kind, 'declaration.docx'));
    const events = [...intakes[kind]!.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    // The narrative continues a sentence after its date and place ("…, four men beat me"): all but its first letter is as written.
    const where = events.map((e) => paragraphs.findIndex((p) => p.includes(e.narrative.slice(1))));
    expect(where.every((i) => i >= 0), JSON.stringify(where)).toBe(true);
    expect([...where].sort((a, b) => a - b)).toEqual(where);
    // Numbered consecutively: the events follow the background and the family, each one number more than the last.
    const numbers = where.map((i) => Number(/^(\d+)\./.exec(paragraphs[i]!)?.[1]));
    expect(numbers.every((n) => n > 1)).toBe(true);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    // Partial dates are written in words, as a person remembers them.
    expect(paragraphs[where[0]!]).toContain('In January 2023');
    // 28 U.S.C. § 1746(2): the declaration made within the United States.
    expect(paragraphs.join('\n')).toContain('I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct.');
    expect(paragraphs.join('\n')).toMatch(/CERTIFICATE OF INTERPRETATION/);
  });

  it.each(['affirmative', 'defensive'])('the %s index of evidence lists every exhibit title with its tab, in order', async (kind) => {
    const text = docxText(await docx(kind, 'index-of-evidence.docx'));
    const titles = intakes[kind]!.evidence.map((e) => e.title);
    const at = titles.map((t) => text.indexOf(t));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('the cover letter lists the enclosures and states the one-year deadline position', async () => {
    const text = docxText(await docx('affirmative', 'cover-letter.docx'));
    for (const e of intakes.affirmative!.evidence) expect(text).toContain(e.title);
    // Addressed to USCIS where the I-589 is mailed (the address table has no checked row: a blank to fill), never the asylum office.
    expect(text).not.toContain('Newark Asylum Office');
    expect(text).toContain('[FILL IN BEFORE MAILING: no checked USCIS filing address for NY');
    expect(text).toContain('June 2, 2025');
    expect(text).toMatch(/day 352 of 365/);
    expect(text).toContain('María Elena Castillo Mejía');
  });

  it('each certificate of translation names the document, the languages and the translator', async () => {
    const text = docxText(await docx('affirmative', 'certificate-of-translation-tab-C.docx'));
    expect(text).toContain('Police report (denuncia) filed with the National Police');
    expect(text).toContain('Spanish');
    expect(text).toContain('Ana Lucía Torres');
    expect(text).toContain('88 Court Street, Brooklyn, NY 11201');
    expect(text).toContain('+1 718 555 0199');
    expect(text).toMatch(/competent to translate/);
  });

  it('the certificate of service states service on DHS through ECAS', async () => {
    const text = docxText(await docx('defensive', 'certificate-of-service.docx'));
    expect(text).toContain('Office of the Principal Legal Advisor - New York');
    expect(text).toContain('Service was completed through ECAS');
    expect(text).toContain('Tabs A through H');
    expect(text).toContain('August 10, 2026');
  });

  it('the checklist gives the deadlines and days left', async () => {
    const md = await readFile(path.join(out, '2025-0142-nunez', 'eoir-defensive', '2025-0142-nunez-filing-checklist.md'), 'utf8');
    expect(md).toContain('**Court filing deadline:** August 14, 2026, 4 days from the filing date');
    expect(md).toContain('- [ ] Tab H: U.S. Department of State, Honduras 2024 Human Rights Report (excerpts)');
  });
});
