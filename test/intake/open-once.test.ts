/**
 * Open once (issue 13, "a file checked, then opened again later"): validation checks each evidence
 * file on its real path and records which file it was (dev, ino, size, mtime); the readers after
 * it (the fingerprint of the inputs, the packet) open that real path with O_NOFOLLOW and read only
 * when the handle is the same regular file. A link swapped, a file replaced, a folder on the way
 * swapped for a link, or a file replaced by a FIFO between the check and the read fails the case
 * with AP1306 naming the exhibit, and nothing of the file swapped in reaches any output.
 *
 * The swap is made deterministic: validateIntakeFile is wrapped so that a test can change the
 * case folder right after validation returns, inside buildCase; and the packet step is also run
 * directly with a case validated before the change.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import { caseInputs } from '../../src/builder/fingerprint.js';
import { PacketError, type Problem } from '../../src/errors/problem.js';
import { validateIntakeFile, type Case } from '../../src/intake/validate.js';
import { loadExhibit } from '../../src/pdf/load.js';
import { loadPipelines, type Pipeline } from '../../src/pipeline/load.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { buildModel } from '../../src/render/model.js';
import { pdfText } from '../helpers/pdf.js';

/** Runs after validateIntakeFile returns (a full validation, not schemaOnly), when a test sets it. */
const hooks = vi.hoisted(() => ({ afterValidate: undefined as undefined | (() => Promise<void>) }));
vi.mock('../../src/intake/validate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/intake/validate.js')>();
  return {
    ...real,
    validateIntakeFile: async (...args: Parameters<typeof real.validateIntakeFile>) => {
      const r = await real.validateIntakeFile(...args);
      if (hooks.afterValidate && !args[1]?.schemaOnly) await hooks.afterValidate();
      return r;
    },
  };
});

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
const INSIDE = 'INSIDE-CASE-EXHIBIT-7731';
const OUTSIDE = 'OTHER-CLIENT-SECRET-4409';

let root: string;
let outside: string;
let pipeline: Pipeline;
let n = 0;

/**
 * A one-page PDF showing `marker`, padded with newlines after %%EOF to 16 KiB: every file of these
 * tests has the same size, so only the file's identity (or the path) can tell them apart.
 */
async function textPdf(marker: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([612, 792]).drawText(marker, { x: 72, y: 700, size: 14, font });
  const bytes = await doc.save();
  const padded = new Uint8Array(16 * 1024).fill(0x0a);
  padded.set(bytes);
  return padded;
}

/** A case folder with one exhibit, `evidence/<file>`, and `prepare` run to put it there. */
async function writeCase(file: string, prepare: (dir: string) => Promise<void>): Promise<{ intake: string; dir: string; out: string }> {
  const dir = path.join(root, `case-${++n}`);
  await cp(samples, dir, { recursive: true });
  await prepare(dir);
  const doc = JSON.parse(await readFile(path.join(dir, 'intake-affirmative.json'), 'utf8')) as { events: { evidence: string[] }[]; evidence: unknown[] };
  for (const e of doc.events) e.evidence = [];
  doc.evidence = [{ id: 'ex-1', category: 'identity', language: 'en', title: 'Identity document', file: `evidence/${file}` }];
  const intake = path.join(dir, 'intake.json');
  await writeFile(intake, JSON.stringify(doc, null, 2));
  return { intake, dir, out: path.join(root, `out-${n}`) };
}

/** Every file under `dir` (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Whether the outside file's text is in any file under `dir`: in its bytes, or in a PDF's text. */
async function leaked(dir: string, marker = OUTSIDE): Promise<string[]> {
  const found: string[] = [];
  for (const f of await filesUnder(dir)) {
    const bytes = await readFile(f);
    if (bytes.includes(marker) || (f.endsWith('.pdf') && (await pdfText(bytes).catch(() => [])).some((t) => t.includes(marker)))) found.push(f);
  }
  return found;
}

const build = (intake: string, out: string) => buildCase(intake, { outDir: out, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines: [pipeline], today: TODAY });

async function validated(intake: string): Promise<Case> {
  const v = await validateIntakeFile(intake, { today: TODAY });
  expect(v.ok, JSON.stringify(v.problems, null, 2)).toBe(true);
  return (v as { case: Case }).case;
}

/** The packet step alone, for a case validated earlier: its problems when it fails. */
async function runPacket(c: Case, out: string): Promise<Problem[]> {
  await mkdir(out, { recursive: true });
  try {
    await runPipeline(pipeline, c, buildModel(c, { today: TODAY }), { outDir: out });
    return [];
  } catch (err) {
    if (err instanceof PacketError) return err.problems;
    throw err;
  }
}

function expectChanged(problems: Problem[]): Problem {
  const p = problems.find((x) => x.code === 'AP1306');
  expect(p, JSON.stringify(problems, null, 2)).toBeDefined();
  expect(p!.name).toBe('file-changed');
  expect(p!.message).toContain('changed after it was checked');
  expect(p!.message).toContain('evidence/');
  expect(p!.location.path).toBe('evidence[0].file');
  return p!;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-open-once-'));
  // Another client's folder, beside the case folder.
  outside = path.join(root, 'other-client');
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.pdf'), await textPdf(OUTSIDE));
  const pipelines = path.join(root, 'pipelines');
  await mkdir(pipelines);
  await writeFile(path.join(pipelines, 'packet.yaml'), 'name: packet-only\nsteps:\n  - kind: packet\n    output: "{{caseId}}-exhibits.pdf"\n');
  const loaded = await loadPipelines(pipelines, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(loaded.problems).toEqual([]);
  pipeline = loaded.pipelines[0]!;
}, 30_000);
afterAll(async () => rm(root, { recursive: true, force: true }));
afterEach(() => {
  hooks.afterValidate = undefined;
});

/** A case whose exhibit `evidence/link.pdf` is a link to `evidence/real.pdf`, inside the folder. */
const linkedCase = () =>
  writeCase('link.pdf', async (dir) => {
    await writeFile(path.join(dir, 'evidence', 'real.pdf'), await textPdf(INSIDE));
    await symlink('real.pdf', path.join(dir, 'evidence', 'link.pdf'));
  });

/** Points `evidence/link.pdf` at the other client's file instead. */
const swapLink = (dir: string) => async () => {
  await rm(path.join(dir, 'evidence', 'link.pdf'));
  await symlink(path.join(outside, 'secret.pdf'), path.join(dir, 'evidence', 'link.pdf'));
};

describe('open once: evidence is read only as it was checked', () => {
  it('a link inside the folder to a file inside it builds as before, with that file in the packet', async () => {
    const c = await linkedCase();
    const r = await build(c.intake, c.out);
    expect(r.ok, JSON.stringify(r.problems, null, 2)).toBe(true);
    const packet = (await filesUnder(c.out)).find((f) => f.endsWith('-exhibits.pdf'))!;
    expect((await pdfText(await readFile(packet))).join('\n')).toContain(INSIDE);
  }, 30_000);

  it('a link swapped to another client\'s file after validation, within the build, fails the case (AP1306) and reads nothing of it', async () => {
    const c = await linkedCase();
    hooks.afterValidate = swapLink(c.dir);
    const r = await build(c.intake, c.out);
    expect(r.ok).toBe(false);
    expectChanged(r.problems);
    expect(await filesUnder(c.out)).toEqual([]);
    expect(await leaked(c.out)).toEqual([]);
  }, 30_000);

  it('the packet, given a case validated before the link was swapped, fails with AP1306 naming the tab, and writes nothing of the other file', async () => {
    const c = await linkedCase();
    const validatedCase = await validated(c.intake);
    await swapLink(c.dir)();
    const problems = await runPacket(validatedCase, c.out);
    const p = expectChanged(problems);
    expect(p.message).toMatch(/^Tab A, "Identity document" \(evidence\/link\.pdf\)/);
    expect(await leaked(c.out)).toEqual([]);
    // the fingerprint, which hashes the inputs, refuses it too
    const err = await caseInputs(validatedCase).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(PacketError);
    expectChanged((err as PacketError).problems);
  }, 30_000);

  it('a file replaced by another one (renamed over it) after the check is refused', async () => {
    const c = await writeCase('plain.pdf', async (dir) => writeFile(path.join(dir, 'evidence', 'plain.pdf'), await textPdf(INSIDE)));
    const validatedCase = await validated(c.intake);
    await cp(path.join(outside, 'secret.pdf'), path.join(c.dir, 'evidence', 'incoming.pdf'));
    await rename(path.join(c.dir, 'evidence', 'incoming.pdf'), path.join(c.dir, 'evidence', 'plain.pdf'));
    expectChanged(await runPacket(validatedCase, c.out));
    expect(await leaked(c.out)).toEqual([]);
  }, 30_000);

  it('a folder on the way swapped for a link to another client\'s folder after the check is refused', async () => {
    const c = await writeCase('scans/doc.pdf', async (dir) => {
      await mkdir(path.join(dir, 'evidence', 'scans'));
      await writeFile(path.join(dir, 'evidence', 'scans', 'doc.pdf'), await textPdf(INSIDE));
    });
    const other = path.join(root, `other-scans-${n}`);
    await mkdir(other);
    await cp(path.join(outside, 'secret.pdf'), path.join(other, 'doc.pdf'));
    hooks.afterValidate = async () => {
      await rename(path.join(c.dir, 'evidence', 'scans'), path.join(c.dir, 'evidence', 'scans-old'));
      await symlink(other, path.join(c.dir, 'evidence', 'scans'));
    };
    const r = await build(c.intake, c.out);
    expect(r.ok).toBe(false);
    expectChanged(r.problems);
    expect(await filesUnder(c.out)).toEqual([]);
  }, 30_000);

  it('a file replaced by a named pipe (FIFO) after the check is refused at once, never read', async () => {
    const c = await writeCase('pipe.pdf', async (dir) => writeFile(path.join(dir, 'evidence', 'pipe.pdf'), await textPdf(INSIDE)));
    const validatedCase = await validated(c.intake);
    await rm(path.join(c.dir, 'evidence', 'pipe.pdf'));
    execFileSync('mkfifo', [path.join(c.dir, 'evidence', 'pipe.pdf')]);
    const started = Date.now();
    const p = expectChanged(await runPacket(validatedCase, c.out));
    expect(p.message).toContain('named pipe');
    // and through the whole build: the fingerprint refuses it before the packet would read it
    hooks.afterValidate = async () => undefined;
    const r = await build(c.intake, path.join(c.out, 'second'));
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);

  it('a FIFO swapped in within the build fails the case without blocking', async () => {
    const c = await writeCase('late-pipe.pdf', async (dir) => writeFile(path.join(dir, 'evidence', 'late-pipe.pdf'), await textPdf(INSIDE)));
    hooks.afterValidate = async () => {
      await rm(path.join(c.dir, 'evidence', 'late-pipe.pdf'));
      execFileSync('mkfifo', [path.join(c.dir, 'evidence', 'late-pipe.pdf')]);
    };
    const started = Date.now();
    const r = await build(c.intake, c.out);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.ok).toBe(false);
    expectChanged(r.problems);
  }, 30_000);

  it('loadExhibit given a path (no checked file) refuses a FIFO without blocking', async () => {
    const fifo = path.join(root, 'loose-pipe.pdf');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const err = await loadExhibit(fifo).then(() => undefined, (e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((err as Error).message).toContain('named pipe');
  });
});
