/**
 * Privacy of what the tool writes (issue 13): output folders 0700 and files 0600 by default, or
 * 0750/0640 with the `shared` modes, whatever the umask (checked under umask 000); status files
 * too; and no client data (a name, a date of birth, a phone number, narrative, the glyphs of a
 * name) in the files that persist beside the documents: manifest.json, the status files and the
 * watcher's log lines.
 */
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseBuild } from '../../src/builder/build-case.js';
import { CaseBuilder } from '../../src/builder/case-builder.js';
import type { Manifest } from '../../src/builder/manifest.js';
import { MODES, persistedProblem, type OutputModes } from '../../src/builder/privacy.js';
import { problem } from '../../src/errors/catalogue.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';
import { startWatching } from '../../src/watch/watcher.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.join(ROOT, 'fixtures/samples');
const TODAY = '2026-11-22';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
async function tmpRoot(tag: string): Promise<string> {
  const r = await mkdtemp(path.join(os.tmpdir(), `ap-privacy-${tag}-`));
  roots.push(r);
  return r;
}

// A permissive umask, so that only the tool's own modes can make the outputs private.
let savedUmask: number;
beforeEach(() => {
  savedUmask = process.umask(0o000);
});
afterEach(() => {
  process.umask(savedUmask);
});

/** Every folder and file under `dir` (itself included), with its permission bits. */
async function modesUnder(dir: string): Promise<{ path: string; kind: 'dir' | 'file'; mode: number }[]> {
  const out: { path: string; kind: 'dir' | 'file'; mode: number }[] = [];
  const walk = async (p: string) => {
    const s = await lstat(p);
    if (s.isDirectory()) {
      out.push({ path: p, kind: 'dir', mode: s.mode & 0o777 });
      for (const n of await readdir(p)) await walk(path.join(p, n));
    } else if (s.isFile()) out.push({ path: p, kind: 'file', mode: s.mode & 0o777 });
  };
  await walk(dir);
  return out;
}

function expectModes(entries: { path: string; kind: 'dir' | 'file'; mode: number }[], modes: OutputModes): void {
  expect(entries.length).toBeGreaterThan(3);
  for (const e of entries) expect(`${e.path} ${e.mode.toString(8)}`).toBe(`${e.path} ${(e.kind === 'dir' ? modes.dir : modes.file).toString(8)}`);
}

async function buildSamples(outDir: string, modes?: OutputModes): Promise<CaseBuild[]> {
  const builder = await CaseBuilder.open({ outDir, concurrency: 1, today: TODAY, force: true, ...(modes ? { modes } : {}) });
  try {
    return await Promise.all(['intake-affirmative.json', 'intake-family.json'].map((f) => builder.build(path.join(SAMPLES, f))));
  } finally {
    await builder.close();
  }
}

describe('permissions of the outputs, under umask 000', () => {
  it('by default: every output folder 0700 (the output folder it creates too) and every file 0600', async () => {
    const outDir = path.join(await tmpRoot('modes'), 'not-yet', 'out');
    const builds = await buildSamples(outDir);
    for (const b of builds) expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    const entries = await modesUnder(path.dirname(outDir));
    expect(entries.some((e) => e.path.endsWith('manifest.json'))).toBe(true);
    expect(entries.some((e) => e.path.endsWith('-exhibits.pdf'))).toBe(true);
    expectModes(entries, MODES.private);
    // A case folder an older version left wider is narrowed even when every pipeline is up to date.
    await chmod(path.join(outDir, '2026-0311-reyes'), 0o755);
    const builder = await CaseBuilder.open({ outDir, concurrency: 1, today: TODAY });
    const again = await builder.build(path.join(SAMPLES, 'intake-family.json')).finally(() => builder.close());
    expect(again.outputs.every((o) => o.upToDate)).toBe(true);
    expect(((await lstat(path.join(outDir, '2026-0311-reyes'))).mode & 0o777).toString(8)).toBe('700');
  });

  it('shared: 0750 and 0640; a rebuild narrows an older, wider case folder', async () => {
    const outDir = path.join(await tmpRoot('shared'), 'out');
    await mkdir(path.join(outDir, '2026-0311-reyes'), { recursive: true, mode: 0o777 });
    const builds = await buildSamples(outDir, MODES.shared);
    for (const b of builds) expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    expectModes((await modesUnder(outDir)).filter((e) => e.path !== outDir), MODES.shared);
  });

  it('with worker processes too (they inherit nothing: the modes are sent with each case)', async () => {
    const outDir = path.join(await tmpRoot('workers'), 'out');
    const builder = await CaseBuilder.open({ outDir, concurrency: 3, today: TODAY, force: true, modes: MODES.shared });
    try {
      const builds = await Promise.all(['intake-affirmative.json', 'intake-family.json'].map((f) => builder.build(path.join(SAMPLES, f))));
      for (const b of builds) expect(b.ok, JSON.stringify(b.problems)).toBe(true);
    } finally {
      await builder.close();
    }
    expectModes(await modesUnder(outDir), MODES.shared);
  });
});

// ── no client data in the files that persist ────────────────────────────────────────────────

interface Intake {
  caseId: string;
  applicant: { name: { family: string; given: string; middle?: string }; dateOfBirth: string; phone?: string; mailingAddress?: { phone?: string } };
  events: { narrative: string }[];
  evidence: { title: string }[];
  proceeding: { priorFilings?: { snapshot?: string }[] };
}

/** What must never be in a manifest, a status file or a log line: the client's own values. */
function needles(d: Intake, extra: string[] = []): string[] {
  const a = d.applicant;
  const n = a.name;
  const out = [n.family, n.given, `${n.given} ${n.middle ?? ''}`.trim(), a.dateOfBirth, ...extra];
  for (const phone of [a.phone, a.mailingAddress?.phone]) {
    if (!phone) continue;
    out.push(phone, phone.replace(/\D/g, '').slice(-7)); // as written, and its last seven digits however written
  }
  for (const e of d.events) out.push(e.narrative, e.narrative.slice(0, 40));
  return out.filter((s) => s && s.length >= 3);
}

/** The files that persist beside the documents: manifests and any other non-document file in the output, and status files. */
async function persistedFiles(outDir: string, inDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const e of await modesUnder(outDir)) {
    if (e.kind !== 'file') continue;
    // The documents themselves (.docx, .pdf, the checklist) carry the client's data by design.
    if (/\.(docx|pdf|md)$/.test(e.path)) continue;
    files.push(e.path);
  }
  for (const n of await readdir(inDir)) if (n.endsWith('.status.json')) files.push(path.join(inDir, n));
  return files;
}

describe('no client data in manifests, status files and logs', () => {
  it('building the sample cases (and a glyph warning, a rejected date of birth and phone) through the watcher', async () => {
    const root = await tmpRoot('data');
    const inDir = path.join(root, 'in');
    const outDir = path.join(root, 'out');
    await mkdir(inDir);
    for (const d of ['evidence', 'history']) await cp(path.join(SAMPLES, d), path.join(inDir, d), { recursive: true });

    const all: { name: string; data: Intake; extra: string[] }[] = [];
    for (const f of ['intake-affirmative.json', 'intake-defensive.json', 'intake-family.json']) {
      all.push({ name: f, data: JSON.parse(await readFile(path.join(SAMPLES, f), 'utf8')) as Intake, extra: [] });
    }
    // Characters the packet's font lacks, in the applicant's name and an exhibit title: the warning
    // (AP4101) used to quote them in manifest.json.
    const glyphs = structuredClone(all[1]!.data);
    glyphs.caseId = '2025-0999-glyphs';
    glyphs.applicant.name.given = 'José 李伟';
    glyphs.evidence[0]!.title = 'Letter from Pastor Li Wei (李伟)';
    // Another person than the sample's, so not compared with the sample's filing as recorded.
    for (const f of glyphs.proceeding.priorFilings ?? []) delete f.snapshot;
    all.push({ name: 'glyphs.json', data: glyphs, extra: ['李', '伟', '674E', '4F1F'] });
    // A date of birth and a phone number in the wrong form: the status used to quote them.
    const wrong = structuredClone(all[0]!.data);
    wrong.caseId = '2025-0998-wrong';
    wrong.applicant.dateOfBirth = '17/05/1990';
    wrong.applicant.phone = 'call 7185550199 after six';
    all.push({ name: 'wrong.json', data: wrong, extra: ['17/05/1990', '1990-05-17', 'after six', '5550199'] });
    for (const x of all) await writeFile(path.join(inDir, x.name), JSON.stringify(x.data, null, 2) + '\n');

    const logs: string[] = [];
    const logger = pino({ base: null }, new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString('utf8')), cb()) }));
    const builds: { file: string; result: CaseBuild }[] = [];
    const watching = startWatching({
      inDir,
      outDir,
      templatesDir: DEFAULT_TEMPLATES_DIR,
      pipelinesDir: DEFAULT_PIPELINES_DIR,
      concurrency: 1,
      logger,
      today: TODAY,
      onBuild: (file, result) => builds.push({ file, result }),
    });
    try {
      await watching.ready;
      const end = Date.now() + 90_000;
      while (new Set(builds.map((b) => path.basename(b.file))).size < all.length) {
        if (Date.now() > end) throw new Error(`timed out: built ${builds.map((b) => b.file).join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await watching.stop();
    }

    // The builds did meet the values that must not persist: the messages quote them on the terminal.
    const of = (n: string) => builds.find((b) => path.basename(b.file) === n)!.result;
    expect(of('glyphs.json').ok, JSON.stringify(of('glyphs.json').problems)).toBe(true);
    expect(of('glyphs.json').problems.find((p) => p.code === 'AP4101')?.message).toContain('李');
    expect(of('wrong.json').ok).toBe(false);
    expect(of('wrong.json').problems.map((p) => p.message).join('\n')).toContain('17/05/1990');

    const files = await persistedFiles(outDir, inDir);
    expect(files.filter((f) => f.endsWith('manifest.json')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.endsWith('.status.json')).length).toBe(all.length);
    const texts = await Promise.all(files.map(async (f) => ({ f, text: await readFile(f, 'utf8') })));
    texts.push({ f: 'the watcher log', text: logs.join('') });
    for (const x of all) {
      for (const needle of needles(x.data, x.extra)) {
        for (const { f, text } of texts) expect(text.includes(needle), `${path.relative(root, f)} contains ${JSON.stringify(needle)} (from ${x.name})`).toBe(false);
      }
    }

    // What they keep instead: codes, names, titles, JSON paths; and every status file is 0600.
    const glyphManifest = JSON.parse(await readFile(path.join(outDir, '2025-0999-glyphs', 'eoir-defensive', 'manifest.json'), 'utf8')) as Manifest;
    expect(glyphManifest.warnings).toContainEqual({ code: 'AP4101', name: 'missing-glyphs', severity: 'warning', title: expect.any(String), hint: expect.any(String) });
    const status = JSON.parse(await readFile(path.join(inDir, 'wrong.status.json'), 'utf8')) as { status: string; problems: { code: string; path: string; title: string }[] };
    expect(status.status).toBe('rejected');
    expect(status.problems).toContainEqual(expect.objectContaining({ code: 'AP1106', path: 'applicant.dateOfBirth', title: 'Not a date', hint: null }));
    for (const f of files.filter((x) => x.endsWith('.status.json'))) expect(((await lstat(f)).mode & 0o777).toString(8), f).toBe('600');
  }, 120_000);
});

describe('persistedProblem', () => {
  it('keeps code, name, severity and title, and a hint only when the catalogue\'s hint quotes nothing', () => {
    const date = problem('invalidDate', { found: '"17/05/1990"', example: '1990-05-17' }, { file: 'x.json', path: 'applicant.dateOfBirth' });
    expect(date.message + (date.hint ?? '')).toContain('1990');
    expect(persistedProblem(date)).toEqual({ code: 'AP1106', name: 'invalid-date', severity: 'error', title: 'Not a date' });
    const missing = problem('fileMissing', { found: 'evidence/x.pdf', resolved: '/a/evidence/x.pdf' } as never, { file: 'x.json' });
    expect(persistedProblem(missing)).toMatchObject({ code: missing.code, title: expect.any(String), hint: expect.any(String) });
    expect(JSON.stringify(persistedProblem(missing))).not.toContain('evidence/x.pdf');
    // A message made of file names and ids only is kept: the status of a refused intake names the owner.
    const twice = problem('caseBuiltTwice', { caseId: '2025-0142-nunez', pipeline: 'uscis-affirmative', other: 'intake/first.json', published: false }, { file: 'x.json' });
    expect(persistedProblem(twice).message).toContain('intake/first.json');
  });
});
