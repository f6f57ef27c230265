/**
 * Issue 12, part 1: the `convert` step, Word to PDF through a real LibreOffice started once per
 * process. Every shipped Word template rendered from both samples converts, with the name's
 * accents and every exhibit title in the PDF's text and the same page count on every run; the
 * packet places the converted declaration after its contents; a LibreOffice killed in the middle
 * of a batch fails only the case being converted, and the next case converts; LibreOffice missing
 * is a warning for an optional step and an error otherwise, with the install command.
 * Where LibreOffice or python3-uno is not installed, the tests that need it say so and are skipped.
 */
import { cp, lstat, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase, type CaseBuild } from '../../src/builder/build-case.js';
import { sharedOffice } from '../../src/convert/office.js';
import { officeInstancePipeFile } from '../../src/convert/profiles.js';
import { livePrivateTempDirs } from '../../src/private-temp.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { withConvertSteps } from '../helpers/convert-steps.js';
import { norm, pdfPageCount, pdfText } from '../helpers/pdf.js';
import { OFFICE_MISSING, officeTitle } from '../helpers/office.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-08-10';

const WHY = OFFICE_MISSING;
const title = officeTitle;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-convert-'));
});
afterAll(async () => {
  await sharedOffice().stop();
  await rm(tmp, { recursive: true, force: true });
});

/** The shipped pipelines (the declaration converted and placed in the filing) with a convert step after every other docx step. */
async function convertingPipelines(extra: (yaml: string) => string = (y) => y): Promise<Pipeline[]> {
  const dir = await mkdtemp(path.join(tmp, 'pipelines-'));
  await cp(DEFAULT_PIPELINES_DIR, dir, { recursive: true });
  for (const name of ['uscis-affirmative.yaml', 'eoir-defensive.yaml']) {
    const file = path.join(dir, name);
    await writeFile(file, extra(withConvertSteps(await readFile(file, 'utf8'))));
  }
  await rm(path.join(dir, 'eoir-supplemental.yaml'));
  const { pipelines, problems } = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  return pipelines;
}

const build = async (pipelines: Pipeline[], sample: string, outDir: string, file = path.join(SAMPLES, `intake-${sample}.json`)) =>
  buildCase(file, { outDir, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines, today: TODAY, force: true });

describe.skipIf(WHY !== undefined)(title('converting the Word documents of both samples'), () => {
  const builds: Record<string, CaseBuild> = {};
  let outDir: string;
  beforeAll(async () => {
    const pipelines = await convertingPipelines();
    outDir = path.join(tmp, 'out');
    for (const sample of ['affirmative', 'defensive']) builds[sample] = await build(pipelines, sample, outDir);
  }, 240_000);

  it('every Word document becomes a PDF beside it, with the name\'s accents in its text', async () => {
    for (const [sample, b] of Object.entries(builds)) {
      expect(b.ok, JSON.stringify(b.problems)).toBe(true);
      for (const o of b.outputs) {
        const docx = o.files.filter((f) => f.endsWith('.docx'));
        expect(docx.length, `${sample} ${o.pipeline}`).toBeGreaterThan(3);
        for (const d of docx) {
          const pdf = d.replace(/\.docx$/, '.pdf');
          expect(o.files, `${sample}: ${pdf}`).toContain(pdf);
          const text = (await pdfText(await readFile(path.join(o.dir, pdf)))).map(norm).join('\n');
          // In the caption it is in capitals: JOSÉ ANTONIO NÚÑEZ RAMÍREZ.
          if (!/certificate-of-translation/.test(d)) expect(text.toUpperCase(), pdf).toContain('JOSÉ ANTONIO NÚÑEZ RAMÍREZ'.normalize('NFC'));
        }
      }
    }
  });

  it('the index of evidence in PDF names every exhibit', async () => {
    for (const sample of ['affirmative', 'defensive']) {
      const intake = JSON.parse(await readFile(path.join(SAMPLES, `intake-${sample}.json`), 'utf8')) as { evidence: { title: string }[] };
      const o = builds[sample]!.outputs[0]!;
      const text = norm((await pdfText(await readFile(path.join(o.dir, '2025-0142-nunez-index-of-evidence.pdf')))).join(' '));
      for (const e of intake.evidence) expect(text, e.title).toContain(norm(e.title));
    }
  });

  it('the packet places the declaration after its contents, under its title, with the pages it has', async () => {
    const o = builds.defensive!.outputs[0]!;
    const declarationPages = await pdfPageCount(await readFile(path.join(o.dir, '2025-0142-nunez-declaration.pdf')));
    const pages = (await pdfText(await readFile(path.join(o.dir, '2025-0142-nunez-exhibits.pdf')))).map(norm);
    const contents = pages[1]!;
    expect(contents).toContain('Declaration of José Antonio Núñez Ramírez');
    const range = declarationPages === 1 ? '3' : `3–${2 + declarationPages}`;
    expect(contents).toContain(`${range} Declaration of José Antonio Núñez Ramírez, with certificate of interpretation`);
    expect(pages[2]).toContain('DECLARATION OF');
  });

  it('leaves neither socket of its office in /tmp once stopped (LibreOffice makes them there, whatever TMPDIR says)', async () => {
    const ours = async () => (await readdir('/tmp')).filter((n) => n.startsWith('OSL_PIPE_') && n.includes(`asylum-packet-office-${process.pid}-`));
    const office = sharedOffice();
    await office.convert(path.join(builds.defensive!.outputs[0]!.dir, '2025-0142-nunez-declaration.docx'), path.join(tmp, 'pipe-check.pdf'), 60_000);
    expect(await ours()).toHaveLength(1);
    // Its single-instance socket, named from the profile: there while it runs, so the name is LibreOffice's own.
    const [profile] = livePrivateTempDirs('asylum-packet-office-');
    const instance = officeInstancePipeFile(profile!);
    expect((await lstat(instance)).isSocket()).toBe(true);
    await office.stop();
    expect(await ours()).toEqual([]);
    expect(await lstat(instance).catch(() => 'gone')).toBe('gone');
  }, 120_000);

  it('the same page counts on every run', async () => {
    const again = await build(await convertingPipelines(), 'defensive', path.join(tmp, 'again'));
    expect(again.ok).toBe(true);
    const counts = async (b: CaseBuild) =>
      Promise.all(b.outputs[0]!.files.filter((f) => f.endsWith('.pdf')).map(async (f) => `${f} ${await pdfPageCount(await readFile(path.join(b.outputs[0]!.dir, f)))}`));
    expect(await counts(again)).toEqual(await counts(builds.defensive!));
  }, 120_000);
});

describe.skipIf(WHY !== undefined)(title('LibreOffice killed in the middle of a batch'), () => {
  it('fails only the case being converted, with a clear message; the next case converts', async () => {
    const pipelines = await convertingPipelines();
    const outDir = path.join(tmp, 'killed');
    const office = sharedOffice();
    expect((await build(pipelines, 'family', outDir)).ok).toBe(true);
    // Kill the office as soon as a conversion of the next case is under way.
    let killed = false;
    const watch = setInterval(() => {
      void office.pids().then((p) => {
        const pid = p?.office;
        if (!killed && pid && office.converting) {
          killed = true;
          process.kill(pid, 'SIGKILL');
        }
      });
    }, 1);
    const second = await build(pipelines, 'defensive', outDir);
    clearInterval(watch);
    expect(killed).toBe(true);
    expect(second.ok).toBe(false);
    const failed = second.problems.find((p) => p.code === 'AP3012');
    expect(failed?.message).toMatch(/^2025-0142-nunez-[\w-]+\.docx could not be converted to PDF: LibreOffice (stopped while converting it \(it crashed or was killed|ended)/);
    expect(failed?.location).toMatchObject({ pipeline: 'eoir-defensive', kind: 'convert', caseId: '2025-0142-nunez' });
    const third = await build(pipelines, 'affirmative', outDir);
    expect(third.ok, JSON.stringify(third.problems)).toBe(true);
    expect(third.outputs[0]!.files).toContain('2025-0142-nunez-declaration.pdf');
  }, 240_000);
});

describe.skipIf(WHY !== undefined)(title('the bridge to LibreOffice killed'), () => {
  it('between documents, the next document starts a new office and converts; nothing fails', async () => {
    const office = sharedOffice();
    const out = await mkdtemp(path.join(tmp, 'bridge-'));
    const docx = path.join(out, 'a.docx');
    const b = await build(await convertingPipelines(), 'family', path.join(out, 'built'));
    expect(b.ok).toBe(true);
    await cp(path.join(b.outputs[0]!.dir, '2026-0311-reyes-declaration.docx'), docx);
    const before = await office.pids();
    expect(before).toBeDefined();
    process.kill(before!.bridge, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await office.convert(docx, path.join(out, 'a.pdf'), 60_000);
    expect(await pdfPageCount(await readFile(path.join(out, 'a.pdf')))).toBeGreaterThan(0);
    const after = await office.pids();
    expect(after!.bridge).not.toBe(before!.bridge);
    expect(() => process.kill(before!.office, 0)).toThrow();
  }, 120_000);
});

describe.skipIf(WHY !== undefined)(title('the office\'s profile folder'), () => {
  it('is owner-only while the office runs, and removed when it stops; the office is gone', async () => {
    const office = sharedOffice();
    const out = path.join(tmp, 'profile-check');
    const b = await build(await convertingPipelines(), 'family', out);
    expect(b.ok).toBe(true);
    const dirs = livePrivateTempDirs('asylum-packet-office-');
    expect(dirs).toHaveLength(1);
    expect((await stat(dirs[0]!)).mode & 0o777).toBe(0o700);
    const pid = (await office.pids())?.office;
    expect(pid).toBeGreaterThan(0);
    await office.stop();
    expect(livePrivateTempDirs('asylum-packet-office-')).toEqual([]);
    expect(await stat(dirs[0]!).catch(() => 'gone')).toBe('gone');
    expect(() => process.kill(pid!, 0)).toThrow();
  }, 120_000);
});

describe('LibreOffice not installed', () => {
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.ASYLUM_PACKET_SOFFICE;
    await sharedOffice().stop();
    // A fresh office of this process, which looks for soffice where there is none.
    (await import('../../src/convert/office.js')).forgetSharedOffice();
    process.env.ASYLUM_PACKET_SOFFICE = path.join(os.tmpdir(), 'no-such-soffice');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ASYLUM_PACKET_SOFFICE;
    else process.env.ASYLUM_PACKET_SOFFICE = saved;
    return import('../../src/convert/office.js').then((m) => m.forgetSharedOffice());
  });

  it('an optional conversion is skipped with one warning giving the install command; the rest is built', async () => {
    // Every convert step optional (the shipped ones are; those the test adds are not).
    const optional = (y: string) => y.split(/\n(?=  - kind: )/).map((s) => (s.startsWith('  - kind: convert') && !/\n    optional: /.test(s) ? `${s.trimEnd()}\n    optional: true\n` : s)).join('\n');
    const pipelines = await convertingPipelines(optional);
    const b = await build(pipelines, 'affirmative', path.join(tmp, 'missing-optional'));
    expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    const skipped = b.problems.filter((p) => p.code === 'AP3011');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.severity).toBe('warning');
    expect(skipped[0]!.message).toContain('LibreOffice is not installed');
    expect(skipped[0]!.hint).toContain('sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2');
    const files = b.outputs[0]!.files;
    expect(files).toContain('2025-0142-nunez-declaration.docx');
    expect(files).toContain('2025-0142-nunez-exhibits.pdf');
    expect(files.filter((f) => f.endsWith('.pdf'))).toEqual(['2025-0142-nunez-exhibits.pdf']);
  });

  it('a required conversion fails the case with the same message, and nothing is published', async () => {
    const outDir = path.join(tmp, 'missing-required');
    const b = await build(await convertingPipelines(), 'affirmative', outDir);
    expect(b.ok).toBe(false);
    const e = b.problems.find((p) => p.code === 'AP3010');
    expect(e?.message).toContain('LibreOffice is not installed');
    expect(e?.hint).toContain('sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2');
    expect(b.outputs).toEqual([]);
  });
});
