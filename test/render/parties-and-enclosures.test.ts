/**
 * Who is in the caption, what the cover letter says it encloses, and the hearing lists.
 *  - A family in one removal proceeding: every captioned document, and the packet's cover page,
 *    name the lead respondent first and each derivative in the proceeding, with their A-numbers.
 *  - The USCIS cover letter lists only what the build made (the form, when the form step filled
 *    it) or the intake declares (a signed G-28), the exhibits proving relationships and the last
 *    arrival by tab, and an address only from the dated table (else a clear blank).
 *  - The witness list and the proposed exhibit list of the court filing, with their tabs as the
 *    packet placed them.
 * The court family is built whole with the shipped pipelines; the packet is read with pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { validateIntakeFile, type Case } from '../../src/intake/validate.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { renderDocx } from '../../src/render/docx.js';
import { lookupIn } from '../../src/render/filing-addresses.js';
import { buildModel, type Model } from '../../src/render/model.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';

const root = path.resolve(import.meta.dirname, '../..');
const samples = path.join(root, 'fixtures/samples');
const TODAY = '2026-11-22';

async function loadCase(name: string): Promise<Case> {
  const r = await validateIntakeFile(path.join(samples, name), { today: TODAY });
  if (!r.ok) throw new Error(`${name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.case;
}

/** A shipped template rendered with `m`: its paragraphs' text (table cells included, in order). */
async function render(template: string, m: Model): Promise<string[]> {
  const bytes = new Uint8Array(await readFile(path.join(DEFAULT_TEMPLATES_DIR, template)));
  return docxParagraphs(openDocx(renderDocx(template, bytes, m)));
}

const RESPONDENTS = [
  ['ANA BEATRIZ LEMUS PAZ', 'A-246-810-357'],
  ['ÓSCAR ARMANDO ZELAYA CRUZ', 'A-246-810-358'],
  ['CAMILA ANDREA ZELAYA LEMUS', 'A-246-810-359'],
] as const;

describe('a family in one removal proceeding: every caption names each respondent', () => {
  let court: Case;
  let out: string;
  let build: CaseBuild;
  beforeAll(async () => {
    court = await loadCase('intake-court-family.json');
    out = await mkdtemp(path.join(os.tmpdir(), 'ap-parties-'));
    const { pipelines, problems } = await loadPipelines(DEFAULT_PIPELINES_DIR, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(problems).toEqual([]);
    build = await buildCase(path.join(samples, 'intake-court-family.json'), { outDir: out, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY });
    expect(build.ok, JSON.stringify(build.problems, null, 2)).toBe(true);
  }, 120_000);
  afterAll(async () => rm(out, { recursive: true, force: true }));

  test('the model lists the lead respondent first, then the derivatives in the proceeding, with their A-numbers', () => {
    const m = buildModel(court, { today: TODAY });
    expect(m.respondents.map((r) => [r.name.toUpperCase(), r.aNumber, r.lead])).toEqual(RESPONDENTS.map(([n, a], i) => [n, a, i === 0]));
    expect(m.hasCoRespondents).toBe(true);
  });

  test('the matter in one line, for the certificate of translation: each respondent with the A-number', () => {
    expect(buildModel(court, { today: TODAY }).matterOf).toBe(
      'Ana Beatriz Lemus Paz, A-246-810-357; Óscar Armando Zelaya Cruz, A-246-810-358; and Camila Andrea Zelaya Lemus, A-246-810-359',
    );
  });

  test('a derivative not in the proceeding, or any derivative of a USCIS filing, is not a respondent', async () => {
    const intake = structuredClone(court.intake);
    intake.family![1]!.inCourtProceedings = false;
    expect(buildModel({ ...court, intake }, { today: TODAY }).respondents.map((r) => r.aNumber)).toEqual(['A-246-810-357', 'A-246-810-358']);
    const family = buildModel(await loadCase('intake-family.json'), { today: TODAY });
    expect(family.respondents).toHaveLength(1);
    expect(family.hasCoRespondents).toBe(false);
  });

  test.each(['declaration.docx', 'index-of-evidence.docx', 'certificate-of-service.docx', 'exhibit-list.docx'])('%s: "Respondents", every name and A-number, in the court\'s order', async (template) => {
    const ps = (await render(template, buildModel(court, { today: TODAY }))).map((p) => p.trim());
    const names = RESPONDENTS.map(([n]) => ps.indexOf(`${n},`));
    expect(names.every((i) => i > 0)).toBe(true);
    expect([...names].sort((a, b) => a - b)).toEqual(names);
    const numbers = RESPONDENTS.map(([, a]) => ps.indexOf(a));
    expect(numbers.every((i) => i > 0)).toBe(true);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(ps).toContain('Respondents.');
    expect(ps).toContain('File Nos.:');
  });

  test.each([
    ['index-of-evidence.docx', 'Index of Evidence'],
    ['witness-list.docx', 'Witness List'],
    ['exhibit-list.docx', 'Proposed Exhibit List'],
    ['declaration.docx', 'Declaration'],
    ['certificate-of-service.docx', 'Certificate of Service'],
  ])('%s: the pages after the first carry the short caption; the first has the full one', async (template, what) => {
    const bytes = new Uint8Array(await readFile(path.join(DEFAULT_TEMPLATES_DIR, template)));
    const zip = openDocx(renderDocx(template, bytes, buildModel(court, { today: TODAY })));
    const text = (part: string) => [...zip.file(part)!.asText().matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text('word/header1.xml')).toBe(`Ana Beatriz Lemus Paz et al. · A-246-810-357 · ${what}`);
    expect(text('word/header2.xml')).toBe('');
    const sectPr = zip.file('word/document.xml')!.asText().match(/<w:sectPr>.*<\/w:sectPr>/)![0];
    expect(sectPr).toContain('<w:headerReference w:type="first" r:id="rIdHeader2"/>');
    expect(sectPr).toContain('<w:footerReference w:type="first" r:id="rIdFooter1"/>');
    expect(sectPr).toContain('<w:titlePg/>');
  });

  test('the packet\'s cover page, as printed: each respondent and each A-number, lead first', () => {
    const packet = path.join(out, '2026-0517-lemus', 'eoir-defensive', '2026-0517-lemus-exhibits.pdf');
    // In reading order (not -layout): a name wrapped in the caption's column reads as one.
    const page1 = spawnSync('pdftotext', ['-f', '1', '-l', '1', packet, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    let at = -1;
    for (const [name] of RESPONDENTS) {
      const i = page1.indexOf(`${name},`);
      expect(i, name).toBeGreaterThan(at);
      at = i;
    }
    at = -1;
    for (const [, a] of RESPONDENTS) {
      const i = page1.indexOf(a);
      expect(i, a).toBeGreaterThan(at);
      at = i;
    }
    expect(page1).toContain('Respondents.');
    expect(page1).toContain('File Nos.:');
  });

  test('no witnesses and a master calendar hearing next: neither hearing list is made', async () => {
    const files = await readdir(path.join(out, '2026-0517-lemus', 'eoir-defensive'));
    expect(files).toContain('2026-0517-lemus-certificate-of-service.docx');
    expect(files.filter((f) => /witness-list|exhibit-list/.test(f))).toEqual([]);
  });

  test('one respondent: "Respondent." and "File No.:" as before', async () => {
    const ps = (await render('certificate-of-service.docx', buildModel(await loadCase('intake-defensive.json'), { today: TODAY }))).map((p) => p.trim());
    expect(ps).toContain('Respondent.');
    expect(ps).toContain('File No.: A-220-418-553');
    expect(ps).not.toContain('File Nos.:');
  });
});

describe('the USCIS cover letter lists only what the build made or the intake declares', () => {
  let family: Case;
  beforeAll(async () => {
    family = await loadCase('intake-family.json');
  });

  const letter = async (c: Case, extra: Partial<Model> = {}) => (await render('uscis-cover-letter.docx', { ...buildModel(c, { today: TODAY }), ...extra })).map((p) => p.trim()).join('\n');

  test('the form only when the form step filled it; a note to enclose it otherwise', async () => {
    const filled = await letter(family, { made: { i589: true } });
    expect(filled).toContain('• Form I-589, Application for Asylum and for Withholding of Removal, signed by the applicant');
    expect(filled).not.toContain('REVIEW BEFORE FILING: the build did not fill Form I-589');
    const missing = await letter(family, { made: { i589: false } });
    expect(missing).not.toContain('• Form I-589');
    expect(missing).toContain('[REVIEW BEFORE FILING: the build did not fill Form I-589');
  });

  test('the G-28 only when the intake says one is signed', async () => {
    expect(await letter(family)).toContain('Form G-28, Notice of Entry of Appearance');
    const intake = structuredClone(family.intake);
    intake.representative!.g28Signed = false;
    expect(await letter({ ...family, intake })).not.toContain('G-28');
    delete intake.representative!.g28Signed;
    expect(await letter({ ...family, intake })).not.toContain('G-28');
  });

  test('the exhibits proving the children\'s relationship and the last arrival, by tab', async () => {
    const text = await letter(family);
    expect(text).toContain('Proof of the relationship of Yesenia Marisol Martínez Reyes, Dilan Martínez Reyes, Ashley Nayeli Martínez Reyes and Jostin Ariel Martínez Reyes (children): Tab B.');
    expect(text).toContain('Proof of the last arrival, December 10, 2025: Tab A.');
    // Without proof in the intake, the letter claims none, and the checklist asks for it.
    const intake = structuredClone(family.intake);
    for (const m of intake.family!) delete m.relationshipEvidence;
    const m = buildModel({ ...family, intake }, { today: TODAY });
    expect(m.unprovenRelationships).toEqual(['Yesenia Marisol Martínez Reyes', 'Dilan Martínez Reyes', 'Ashley Nayeli Martínez Reyes', 'Jostin Ariel Martínez Reyes']);
    expect(await letter({ ...family, intake })).not.toContain('Proof of the relationship');
  });

  test('no row in the table for the state: a clear blank, never the asylum office', async () => {
    const text = await letter(family);
    expect(text).toContain('[FILL IN BEFORE MAILING: no checked USCIS filing address for NY is in this tool’s table');
    expect(text).not.toContain('Newark Asylum Office');
  });

  test('a row in the table: its lines, its source and date, and the warning to verify it', async () => {
    const row = {
      filing: 'i-589-affirmative' as const,
      states: ['NY'],
      addressee: ['USCIS', 'Attn: Test'],
      lines: ['P.O. Box 1', 'Testville, NY 10001'],
      source: 'https://www.uscis.gov/i-589',
      sourceDated: null,
      checked: '2026-11-30',
    };
    const found = lookupIn([row], 'i-589-affirmative', 'ny');
    expect(found.kind).toBe('found');
    const text = await letter(family, { filingAddress: { lines: [...row.addressee, ...row.lines].map((line) => ({ line })), source: row.source, checked: row.checked } });
    expect(text).toContain('USCIS\nAttn: Test\nP.O. Box 1\nTestville, NY 10001');
    expect(text).toContain('[VERIFY BEFORE MAILING: USCIS changes its filing addresses. This one was copied from https://www.uscis.gov/i-589 and checked on November 30, 2026');
    expect(text).not.toContain('FILL IN BEFORE MAILING');
  });
});

describe('the hearing lists of the defensive sample', () => {
  let m: Model;
  beforeAll(async () => {
    m = buildModel(await loadCase('intake-defensive.json'), { today: TODAY });
  });

  test('the witness list: each witness with role, language and interpreter, subject, time and manner; the total; its certificate of service', async () => {
    const text = (await render('witness-list.docx', m)).join('\n');
    expect(text).toContain('RESPONDENT’S WITNESS LIST');
    expect(text).toContain('The respondent intends to call the following witnesses at the individual hearing on September 15, 2026.');
    for (const w of ['José Antonio Núñez Ramírez\nThe respondent', 'Rosa Amaya\nLay witness: Neighbour in Colonia Villa Adela, Comayagüela', 'Dr. Lena Hofmann, Psy.D.\nExpert witness: Licensed clinical psychologist']) expect(text).toContain(w);
    expect(text).toContain('Spanish; interpreter: Yes (Spanish)');
    expect(text).toContain('English; interpreter: No');
    expect(text).toMatch(/what she saw after it \(See Tab\u00a0E\.\)/);
    expect(text).toMatch(/effect on his memory of dates \(See Tab\u00a0G\.\)/);
    expect(text).toContain('Estimated time of all testimony: 140 minutes.');
    expect(text).toContain('CERTIFICATE OF SERVICE');
    expect(text).toContain('consisting of the respondent’s witness list, on the Department of Homeland Security');
  });

  test.each(['certificate-of-service.docx', 'witness-list.docx', 'exhibit-list.docx'])('%s without DHS service details: a note to complete the certificate, and no statement', async (template) => {
    const c = await loadCase('intake-defensive.json');
    const intake = structuredClone(c.intake);
    delete intake.proceeding.dhsService;
    const text = (await render(template, buildModel({ ...c, intake }, { today: TODAY }))).join('\n');
    expect(text).toContain('[REVIEW BEFORE FILING: the intake has no DHS service details (proceeding.dhsService). Complete this certificate before filing.]');
    expect(text).not.toContain('I served a copy');
    // with them, the statement and no note
    const served = (await render(template, m)).join('\n');
    expect(served).toContain('I served a copy of this filing');
    expect(served).not.toContain('REVIEW BEFORE FILING');
  });

  test('the proposed exhibit list: every tab in the packet\'s order, with the pages as stamped and the court\'s columns', async () => {
    const pages = new Map(m.exhibits.map((x, i) => [x.id, { firstPage: 10 + i * 3, lastPage: 12 + i * 3 }]));
    const withPages = { ...m, exhibits: m.exhibits.map((x) => ({ ...x, pages: `${pages.get(x.id)!.firstPage}–${pages.get(x.id)!.lastPage}` })), hasPageRanges: true };
    const ps = (await render('exhibit-list.docx', withPages)).map((p) => p.trim());
    expect(ps).toContain('RESPONDENT’S PROPOSED EXHIBIT LIST');
    for (const h of ['Tab', 'Exhibit', 'Pages', 'Offered', 'Admitted']) expect(ps).toContain(h);
    let at = 0;
    for (const x of withPages.exhibits) {
      const i = ps.indexOf(x.tab, at);
      expect(i, x.tab).toBeGreaterThan(at);
      expect(ps[i + 1]).toBe(x.title);
      expect(ps.slice(i, i + 4)).toContain(x.pages);
      at = i;
    }
    expect(ps.join('\n')).toContain('consisting of the respondent’s proposed exhibit list');
  });
});
