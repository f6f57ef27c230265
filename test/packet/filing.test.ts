/**
 * Issue 12, part 2: the whole filing in one numbered PDF, built with the SHIPPED pipelines, the real
 * Form I-589 in the templates and a real LibreOffice converting the Word documents, read back with
 * pdf.js:
 * - the court's order (cover page, contents, I-589, declaration, exhibits, certificate of service)
 *   and USCIS's (cover letter, I-589, declaration, index, exhibits);
 * - page numbers consecutive over the whole filing, and every contents line's range the pages its
 *   part really has (counted from the documents the steps wrote and from the evidence files);
 * - the certificate of service naming exactly the parts in the filing, and the Word certificate the
 *   same words;
 * - a pipeline that files the declaration as an exhibit: Tab A, the evidence from Tab B, the
 *   declaration's own citations following.
 * Where LibreOffice or python3-uno is missing, the tests say so and are skipped.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { sharedOffice } from '../../src/convert/office.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { shippedPipelinesAs } from '../helpers/convert-steps.js';
import { docxParagraphs, openDocx } from '../helpers/docx.js';
import { REAL_FORM } from '../helpers/i589.js';
import { evidencePages, norm, pdfOutline, pdfPageCount, pdfPages, withPdf, type EvidenceEntry, type FlatOutlineItem, type PageInfo } from '../helpers/pdf.js';
import { OFFICE_MISSING, officeTitle } from '../helpers/office.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';

const WHY = OFFICE_MISSING;
const title = officeTitle;

interface Filing {
  build: CaseBuild;
  dir: string;
  pages: PageInfo[];
  outline: FlatOutlineItem[];
  evidence: EvidenceEntry[];
}

let tmp: string;
let templatesDir: string;

async function build(sample: string, transform: (yaml: string) => string = (y) => y, name = sample): Promise<Filing> {
  const pipelinesDir = await shippedPipelinesAs(path.join(tmp, `pipelines-${name}`), transform);
  const { pipelines, problems } = await loadPipelines(pipelinesDir, { templatesDir });
  expect(problems).toEqual([]);
  const file = path.join(SAMPLES, `intake-${sample}.json`);
  const b = await buildCase(file, { outDir: path.join(tmp, `out-${name}`), templatesDir, pipelines, today: TODAY, force: true });
  expect(b.ok, JSON.stringify(b.problems, null, 2)).toBe(true);
  // Only the samples' known warnings: the filing rules on past dates, the summary the declaration does not
  // support, and the form's (its edition, the questions the samples leave unanswered, an answer continued).
  expect(b.problems.filter((p) => !['AP6102', 'AP6007', 'AP5102', 'AP5103', 'AP5106'].includes(p.code)).map((p) => `${p.code} ${p.message}`)).toEqual([]);
  const output = b.outputs.find((o) => !o.pipeline.includes('supplemental'))!;
  const bytes = await readFile(path.join(output.dir, '2025-0142-nunez-exhibits.pdf'));
  const read = await withPdf(bytes, async (doc) => ({ pages: await pdfPages(doc), outline: await pdfOutline(doc) }));
  const evidence = (JSON.parse(await readFile(file, 'utf8')) as { evidence: EvidenceEntry[] }).evidence;
  return { build: b, dir: output.dir, ...read, evidence };
}

/** Pages of a PDF the build wrote beside the filing. */
const pagesOf = async (f: Filing, file: string) => pdfPageCount(await readFile(path.join(f.dir, file)));

/** The pages, in order, each part of the filing should take, counted without the packet's code. */
async function expectedParts(f: Filing, order: { title: string; pages: number }[]): Promise<{ title: string; first: number; last: number }[]> {
  let next = 0;
  return order.map((p) => {
    const first = next;
    next += p.pages;
    return { title: p.title, first, last: next - 1 };
  });
}

/** Each exhibit's pages: its tab page, its own pages, its translation and certificate. */
async function exhibitPages(f: Filing): Promise<{ title: string; pages: number }[]> {
  const out = [];
  for (const e of f.evidence) {
    let pages = 1 + (await evidencePages(path.join(SAMPLES, e.file), e.password));
    if (e.translation) pages += (await evidencePages(path.join(SAMPLES, e.translation.file))) + 1;
    out.push({ title: e.title, pages });
  }
  return out;
}

/** How many pages the contents take: those headed TABLE OF CONTENTS. */
const contentsPages = (f: Filing) => f.pages.filter((p) => p.text.startsWith('TABLE OF CONTENTS')).length;

/** The contents' text, one string. */
const contentsText = (f: Filing) => norm(f.pages.filter((p) => p.text.startsWith('TABLE OF CONTENTS')).map((p) => p.text).join(' '));

const range = (first: number, last: number) => (first === last ? `${first + 1}` : `${first + 1}–${last + 1}`);

beforeAll(async () => {
  if (WHY) return;
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-filing-'));
  templatesDir = path.join(tmp, 'templates');
  await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
  await cp(REAL_FORM, path.join(templatesDir, 'forms', 'i-589.pdf'));
});
afterAll(async () => {
  await sharedOffice().stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(WHY !== undefined)(title('the court filing of the defensive sample, in one PDF'), () => {
  let f: Filing;
  let parts: { title: string; first: number; last: number }[];
  beforeAll(async () => {
    f = await build('defensive');
    const form = await pagesOf(f, '2025-0142-nunez-I-589.pdf');
    const declaration = await pagesOf(f, '2025-0142-nunez-declaration.pdf');
    parts = await expectedParts(f, [
      { title: 'Cover page', pages: 1 },
      { title: 'Table of contents', pages: contentsPages(f) },
      { title: 'Form I-589', pages: form },
      { title: 'Declaration of José Antonio Núñez Ramírez, with certificate of interpretation', pages: declaration },
      ...(await exhibitPages(f)),
      { title: 'Certificate of service', pages: 1 },
    ]);
  }, 240_000);

  it('holds cover, contents, I-589, declaration, exhibits and certificate of service, in that order, and nothing else', () => {
    expect(f.pages).toHaveLength(parts.at(-1)!.last + 1);
    const top = f.outline.filter((o) => o.depth === 0);
    expect(top.map((o) => o.pageIndex)).toEqual(parts.map((p) => p.first));
    expect(top.map((o) => o.title.replace(/^Tab [A-Z]+: /, ''))).toEqual(parts.map((p) => p.title));
    const form = parts[2]!;
    const declaration = parts[3]!;
    expect(norm(f.pages[form.first]!.text)).toMatch(/APPLICATION FOR ASYLUM AND FOR WITHHOLDING OF REMOVAL/i);
    expect(norm(f.pages[declaration.first]!.text)).toContain('DECLARATION OF JOSÉ ANTONIO NÚÑEZ RAMÍREZ');
    expect(norm(f.pages[declaration.last]!.text)).toContain('CERTIFICATE OF INTERPRETATION');
    expect(norm(f.pages[declaration.last + 1]!.text)).toMatch(/^TAB A /);
    expect(norm(f.pages.at(-1)!.text)).toMatch(/^CERTIFICATE OF SERVICE /);
  });

  it('numbers every page consecutively at its foot, the form and the declaration too', () => {
    for (const p of f.pages) {
      const foot = p.items.filter((i) => i.y < 34).map((i) => i.str);
      expect(foot, `page ${p.index + 1}`).toEqual([String(p.index + 1)]);
    }
  });

  it('lists every part in the contents with the pages it really has', () => {
    const text = contentsText(f);
    let at = -1;
    for (const p of parts.filter((x) => x.title !== 'Table of contents')) {
      const where = text.indexOf(norm(p.title), at + 1);
      expect(where, p.title).toBeGreaterThan(at);
      // the range follows the title's line(s) on the same row, before the next row
      expect(text.slice(0, where + norm(p.title).length + 60), p.title).toMatch(new RegExp(`${range(p.first, p.last)}`));
      at = where;
    }
    // and the ranges, in order, are exactly the parts' (read as the rows' Pages cells)
    const cells = f.pages
      .filter((pg) => pg.text.startsWith('TABLE OF CONTENTS'))
      .flatMap((pg) => pg.items.filter((i) => /^\d+(–\d+)?$/.test(i.str) && i.x > 450 && i.y > 40).map((i) => i.str));
    expect(cells).toEqual(parts.filter((x) => x.title !== 'Table of contents').map((p) => range(p.first, p.last)));
  });

  it('has a certificate of service naming exactly what the filing holds, in the Word certificate in the same words', async () => {
    const certificate = norm(f.pages.at(-1)!.text);
    expect(certificate).toContain(
      'consisting of the table of contents; Form I-589; the declaration of José Antonio Núñez Ramírez, with certificate of interpretation; and the exhibits at Tabs A through H, on the Department of Homeland Security',
    );
    const word = docxParagraphs(openDocx(await readFile(path.join(f.dir, '2025-0142-nunez-certificate-of-service.docx')))).map(norm).join(' ');
    const statement = /On [A-Z][a-z]+ \d+, \d{4}, I served .*? when the filing was submitted\./.exec(certificate)![0];
    expect(word).toContain(statement);
  });

  it('keeps the Word documents beside the PDF, for editing', () => {
    const files = f.build.outputs.find((o) => o.pipeline === 'eoir-defensive')!.files;
    for (const d of ['declaration', 'index-of-evidence', 'certificate-of-service']) expect(files).toContain(`2025-0142-nunez-${d}.docx`);
    expect(files).toContain('2025-0142-nunez-declaration.pdf');
  });
});

describe.skipIf(WHY !== undefined)(title('the USCIS filing of the affirmative sample, in one PDF'), () => {
  it('holds the cover letter, the I-589, the declaration, the index and the exhibits, in that order, numbered throughout', async () => {
    const f = await build('affirmative');
    const parts = await expectedParts(f, [
      { title: 'Cover letter', pages: await pagesOf(f, '2025-0142-nunez-cover-letter.pdf') },
      { title: 'Form I-589', pages: await pagesOf(f, '2025-0142-nunez-I-589.pdf') },
      { title: 'Declaration of José Antonio Núñez Ramírez, with certificate of interpretation', pages: await pagesOf(f, '2025-0142-nunez-declaration.pdf') },
      { title: 'Table of contents', pages: contentsPages(f) },
      ...(await exhibitPages(f)),
    ]);
    expect(f.pages).toHaveLength(parts.at(-1)!.last + 1);
    expect(f.outline.filter((o) => o.depth === 0).map((o) => o.pageIndex)).toEqual(parts.map((p) => p.first));
    expect(norm(f.pages[0]!.text)).toContain('Dear Sir or Madam');
    expect(f.pages[parts[3]!.first]!.text).toMatch(/^TABLE OF CONTENTS/);
    for (const p of f.pages) expect(p.items.filter((i) => i.y < 34).map((i) => i.str), `page ${p.index + 1}`).toEqual([String(p.index + 1)]);
    const cells = f.pages
      .filter((pg) => pg.text.startsWith('TABLE OF CONTENTS'))
      .flatMap((pg) => pg.items.filter((i) => /^\d+(–\d+)?$/.test(i.str) && i.x > 450 && i.y > 40).map((i) => i.str));
    expect(cells).toEqual(parts.filter((x) => x.title !== 'Table of contents').map((p) => range(p.first, p.last)));
  }, 240_000);
});

describe.skipIf(WHY !== undefined)(title('a pipeline that files the declaration as an exhibit'), () => {
  it('puts it at Tab A behind its tab page, the evidence from Tab B, and the declaration cites the tabs it is filed with', async () => {
    const asExhibit = (yaml: string) =>
      yaml.includes('name: eoir-defensive')
        ? yaml.replace('\nrules:', '\nexhibits:\n  documents: [declaration-pdf]\nrules:').replace('parts: [cover, contents, i-589, declaration-pdf, exhibits, certificate-of-service]', 'parts: [cover, contents, i-589, exhibits, certificate-of-service]')
        : yaml;
    const f = await build('defensive', asExhibit, 'declaration-as-exhibit');
    const top = f.outline.filter((o) => o.depth === 0).map((o) => o.title);
    expect(top.slice(0, 5)).toEqual(['Cover page', 'Table of contents', 'Form I-589', 'Tab A: Declaration of José Antonio Núñez Ramírez, with certificate of interpretation', `Tab B: ${f.evidence[0]!.title}`]);
    const tabA = f.outline.find((o) => o.title.startsWith('Tab A:'))!;
    expect(norm(f.pages[tabA.pageIndex]!.text)).toMatch(/^TAB A Declaration of/);
    expect(norm(f.pages[tabA.pageIndex + 1]!.text)).toContain('DECLARATION OF JOSÉ ANTONIO NÚÑEZ RAMÍREZ');
    expect(f.outline.filter((o) => o.depth === 0).at(-2)!.title).toMatch(/^Tab I: /);
    // The declaration was written with the tabs it is filed with: its first citation of Tab B's exhibit is now Tab C.
    const declaration = norm(docxParagraphs(openDocx(await readFile(path.join(f.dir, '2025-0142-nunez-declaration.docx')))).join(' '));
    expect(declaration).toContain('(See Tab C.)');
    expect(declaration).not.toContain('(See Tab A.)');
    expect(contentsText(f)).toMatch(/ A (\d+–\d+ )?Declaration of José Antonio Núñez Ramírez,/);
    expect(norm(f.pages.at(-1)!.text)).toContain('the declaration of José Antonio Núñez Ramírez, with certificate of interpretation, at Tab A; and the exhibits at Tabs B through I');
  }, 240_000);
});

describe('the packet\'s parts, as a pipeline names them', () => {
  it('refuses a part named twice and a filing without its exhibits, naming the place', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ap-parts-'));
    try {
      await writeFile(
        path.join(dir, 'p.yaml'),
        'name: p\nsteps:\n  - kind: packet\n    id: packet\n    output: "{{caseId}}-filing.pdf"\n    parts: [cover, contents, cover, nothing-here]\n',
      );
      const { problems } = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
      const got = problems.map((p) => `${p.code} ${p.location.path} ${p.message}`);
      expect(got).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^AP\d+ steps\[0\]\.parts\[3\] .*"nothing-here", which is not the id of any step/),
          expect.stringMatching(/^AP\d+ steps\[0\]\.parts\[2\] .*"cover" is already part 1/),
          expect.stringMatching(/^AP\d+ steps\[0\]\.parts .*do not include "exhibits"/),
        ]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
