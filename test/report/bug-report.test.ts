/**
 * `asylum-packet report <intake> --redact` (issue 13): a report that can be attached to a bug
 * report. The privacy test: for every sample intake and both shared examples, no string of the
 * intake (3 characters or more), no word of a name (4 letters or more), no date, no run of 4
 * digits of a phone number and no evidence file name is anywhere in the report or its summary,
 * in any case and in NFC or NFD. The command line: refused without --redact, 0600, an invalid
 * intake still reported, a missing file named; --build in an owner-only folder removed afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { fileReferences } from '../../src/intake/files.js';
import { intakeJsonSchema } from '../../src/intake/json-schema.js';
import { bugReport, liveReportDirs, outputNameShown, removeStaleReportDirs, summarise, type BugReport } from '../../src/report/bug-report.js';
import { shortHash, type SchemaNode } from '../../src/report/redact.js';
import { publicWords } from '../helpers/public-words.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.join(ROOT, 'fixtures/samples');
const EXAMPLES = '/work/shared/examples';
const TODAY = '2026-11-22';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
async function tmpRoot(tag: string): Promise<string> {
  const r = await mkdtemp(path.join(os.tmpdir(), `ap-report-${tag}-`));
  roots.push(r);
  return r;
}

/** The command line in-process, run from `cwd`. */
async function cli(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false, cwd });
  return { code, stdout, stderr };
}

// ── the privacy check ──────────────────────────────────────────────────────────

const schema = intakeJsonSchema() as SchemaNode;

const PUBLIC = publicWords(schema);

interface Needle {
  what: string;
  text: string;
  /** Digits of a phone number: found only as a whole run of digits. */
  digits?: boolean;
}

/** What must never be in a report of `intake`: its strings, the words of names, dates, phone digits, file names. */
function needles(intake: unknown): Needle[] {
  const out: Needle[] = [];
  const visit = (v: unknown, path: string[]) => {
    if (typeof v === 'string') {
      const where = path.join('.');
      const t = v.trim();
      if ([...t].length >= 3 && !PUBLIC.has(t.toLowerCase())) out.push({ what: `the value at ${where}`, text: t });
      if (path.some((k) => /name/i.test(k))) {
        for (const w of t.match(/\p{L}{4,}/gu) ?? []) if (!PUBLIC.has(w.toLowerCase())) out.push({ what: `a word of the name at ${where}`, text: w });
      }
      for (const d of v.match(/\d{4}-\d{2}(-\d{2})?/g) ?? []) out.push({ what: `a date in ${where}`, text: d });
      if (path.some((k) => /phone/i.test(k))) for (const d of v.match(/\d{4,}/g) ?? []) out.push({ what: `phone digits at ${where}`, text: d, digits: true });
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(intake, []);
  for (const ref of fileReferences(intake)) {
    out.push({ what: 'an evidence file name', text: path.posix.basename(ref.value.replace(/\\/g, '/')) });
    out.push({ what: 'an evidence path', text: ref.value });
  }
  return out;
}

/** Every string of a value, keys included, unescaped (JSON.stringify escapes quotes and controls). */
function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k), allStrings(x, out);
  return out;
}

/** The needles found in the report's text (its JSON, its strings unescaped, its summary), in any case, NFC or NFD. */
function leaks(report: BugReport, intake: unknown, extraText = ''): string[] {
  const text = [JSON.stringify(report, null, 2), ...allStrings(report), summarise(report), extraText].join('\n');
  const found: string[] = [];
  for (const form of ['NFC', 'NFD'] as const) {
    const hay = text.normalize(form).toLowerCase();
    for (const n of needles(intake)) {
      const needle = n.text.normalize(form).toLowerCase();
      // Whole words only: "English" (a witness's language) is not leaked by the public key "fluentInEnglish".
      const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const hit = n.digits ? new RegExp(`(?<!\\d)${needle}(?!\\d)`).test(hay) : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(hay);
      if (hit) found.push(`${n.what}: ${JSON.stringify(n.text)} (${form})`);
    }
  }
  return [...new Set(found)];
}

/** The sample intakes and the shared examples, copied into one folder with their evidence and history. */
async function intakeCases(): Promise<string[]> {
  const dir = await tmpRoot('cases');
  await cp(path.join(SAMPLES, 'evidence'), path.join(dir, 'evidence'), { recursive: true });
  await cp(path.join(SAMPLES, 'history'), path.join(dir, 'history'), { recursive: true });
  const files: string[] = [];
  for (const n of (await readdir(SAMPLES)).filter((f) => f.endsWith('.json'))) {
    await cp(path.join(SAMPLES, n), path.join(dir, `sample-${n}`));
    files.push(path.join(dir, `sample-${n}`));
  }
  for (const n of (await readdir(EXAMPLES)).filter((f) => f.endsWith('.json'))) {
    await cp(path.join(EXAMPLES, n), path.join(dir, `example-${n}`));
    files.push(path.join(dir, `example-${n}`));
  }
  return files;
}

describe('the privacy of a redacted report', () => {
  it('has nothing of any sample or example intake: no text, name word, date, phone digits or file name', async () => {
    const files = await intakeCases();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const intake = JSON.parse(await readFile(file, 'utf8'));
      const report = await bugReport(file, { today: TODAY });
      // the report is worth attaching: the intake read, valid, its files described
      expect(report.intake.parsed, file).toBe(true);
      expect(report.validation.valid, file).toBe(true);
      expect(report.files.length).toBe(fileReferences(intake).length);
      expect(report.files.every((f) => f.read && f.bytes! > 0 && f.type)).toBe(true);
      expect(needles(intake).length).toBeGreaterThan(50);
      expect(leaks(report, intake), path.basename(file)).toEqual([]);
    }
  });

  it('the check finds a field leaked on purpose, in any case and in NFD', async () => {
    const file = path.join(SAMPLES, 'intake-family.json');
    const intake = JSON.parse(await readFile(file, 'utf8'));
    const report = await bugReport(file, { today: TODAY });
    expect(leaks(report, intake)).toEqual([]);
    const shape = report.intake.shape as { applicant: { name: { family: string }; phone: string; mailingAddress: { inCareOf: string } }; evidence: { file: string }[] };
    const leak = (f: (s: typeof shape) => void) => {
      const copy = structuredClone(report);
      f(copy.intake.shape as typeof shape);
      return leaks(copy, intake);
    };
    expect(leak((s) => (s.applicant.name.family = intake.applicant.name.family.toUpperCase()))).toContain('the value at applicant.name.family: "Reyes Orellana" (NFC)');
    expect(leak((s) => (s.applicant.phone = 'ends in 0163'))).toEqual(expect.arrayContaining([expect.stringContaining('phone digits at applicant.phone')]));
    expect(leak((s) => (s.applicant.mailingAddress.inCareOf = intake.applicant.mailingAddress.inCareOf.normalize('NFD')))).toEqual(expect.arrayContaining([expect.stringContaining('applicant.mailingAddress.inCareOf')]));
    expect(leak((s) => (s.evidence[0]!.file = 'honduras-hrr-2023.pdf'))).toEqual(expect.arrayContaining([expect.stringContaining('an evidence file name')]));
    expect(leak((s) => (s.applicant.name.family = 'Señora Orellana'))).toEqual(expect.arrayContaining([expect.stringContaining('a word of the name')]));
  });

  it('reports the family sample in enough detail to rebuild its shape', async () => {
    const file = path.join(SAMPLES, 'intake-family.json');
    const intake = JSON.parse(await readFile(file, 'utf8'));
    const r = await bugReport(file, { today: TODAY });
    expect(r.tool).toMatchObject({ name: 'asylum-packet', node: process.version, platform: process.platform, arch: process.arch });
    expect(r.options).toMatchObject({ today: TODAY, build: false, templates: 'shipped', pipelines: 'shipped' });
    expect(r.pipelines.names).toEqual(['eoir-defensive', 'eoir-supplemental', 'uscis-affirmative']);
    expect(r.intake.caseIdHash).toBe(shortHash(intake.caseId));
    const shape = r.intake.shape as Record<string, any>;
    expect(Object.keys(shape)).toEqual(Object.keys(intake));
    expect(shape.family).toHaveLength(intake.family.length);
    expect(shape.events).toHaveLength(intake.events.length);
    expect(shape.proceeding.type).toBe('affirmative');
    expect(shape.applicant.dateOfBirth).toBe('‹date›');
    expect(shape.applicant.name.family).toBe('‹text: 14 chars, letters+spaces›');
    expect(r.files[0]).toEqual({ at: 'evidence[0].file', role: 'original', extension: '.pdf', read: true, exhibit: 0, tab: 'A', bytes: expect.any(Number), type: 'PDF', pdf: { pages: expect.any(Number), encrypted: false, repair: 'none' } });
  });
});

// ── the command line ───────────────────────────────────────────────────────────

/** A case folder with the defensive sample as `garcia.json` (a name that must never reach the report). */
async function caseFolder(tag: string, intakeName = 'garcia.json', edit?: (intake: any) => void): Promise<string> {
  const dir = await tmpRoot(tag);
  await cp(path.join(SAMPLES, 'evidence'), path.join(dir, 'intake', 'evidence'), { recursive: true });
  await cp(path.join(SAMPLES, 'history'), path.join(dir, 'intake', 'history'), { recursive: true });
  const intake = JSON.parse(await readFile(path.join(SAMPLES, 'intake-defensive.json'), 'utf8'));
  edit?.(intake);
  await writeFile(path.join(dir, 'intake', intakeName), JSON.stringify(intake, null, 2));
  return dir;
}

describe('asylum-packet report', () => {
  it('without --redact exits 2, says why, and writes nothing', async () => {
    const dir = await caseFolder('no-redact');
    const before = await readdir(dir);
    const r = await cli(dir, 'report', 'intake/garcia.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('add --redact');
    expect(r.stderr).toContain('only a redacted report may leave the office');
    expect(r.stdout).toBe('');
    expect(await readdir(dir)).toEqual(before);
    const withOutput = await cli(dir, 'report', 'intake/garcia.json', '-o', 'out.json');
    expect(withOutput.code).toBe(2);
    expect(await readdir(dir)).toEqual(before);
  });

  it('with --redact writes the report, owner-only whatever the umask, named after the case id hash, and exits 0', async () => {
    const dir = await caseFolder('redact');
    const saved = process.umask(0o000);
    let r;
    try {
      r = await cli(dir, 'report', 'intake/garcia.json', '--redact', '--today', TODAY);
    } finally {
      process.umask(saved);
    }
    expect(r.code).toBe(0);
    const written = (await readdir(dir)).filter((n) => n !== 'intake');
    expect(written).toEqual([`report-${shortHash('2025-0142-nunez')}.redacted.json`]);
    expect((await stat(path.join(dir, written[0]!))).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain(`✔ wrote ${written[0]}`);
    const report = JSON.parse(await readFile(path.join(dir, written[0]!), 'utf8')) as BugReport;
    expect(report.redacted).toBe(true);
    const intake = JSON.parse(await readFile(path.join(dir, 'intake', 'garcia.json'), 'utf8'));
    expect(leaks(report, intake, r.stdout.replace('intake/garcia.json', ''))).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/garcia/i);

    // -o: where the paralegal says; an existing report is replaced, and stays 0600
    await writeFile(path.join(dir, 'mine.json'), 'old', { mode: 0o644 });
    const o = await cli(dir, 'report', 'intake/garcia.json', '--redact', '-o', 'mine.json');
    expect(o.code).toBe(0);
    expect((await stat(path.join(dir, 'mine.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path.join(dir, 'mine.json'), 'utf8')).redacted).toBe(true);
    // never over the intake itself
    const self = await cli(dir, 'report', 'intake/garcia.json', '--redact', '-o', 'intake/garcia.json');
    expect(self.code).toBe(2);
    expect(JSON.parse(await readFile(path.join(dir, 'intake', 'garcia.json'), 'utf8')).caseId).toBe('2025-0142-nunez');
  });

  it('reports an invalid intake: its problems by code, title and path, never their messages', async () => {
    const dir = await caseFolder('invalid', 'garcia.json', (intake) => {
      intake.applicant.dateOfBirth = '17/05/1987';
      intake.applicant['Maria Garcia'] = 'oops';
      intake.evidence[0].file = 'evidence/maria-garcia-passport.pdf';
    });
    const r = await cli(dir, 'report', 'intake/garcia.json', '--redact', '-o', 'r.json', '--today', TODAY);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as BugReport;
    expect(report.validation.valid).toBe(false);
    expect(report.validation.problems).toEqual(
      expect.arrayContaining([
        { code: 'AP1106', name: 'invalid-date', title: expect.any(String), severity: 'error', path: 'applicant.dateOfBirth' },
        expect.objectContaining({ code: 'AP1102', path: 'applicant.‹key 1: 12 chars›' }),
        expect.objectContaining({ code: 'AP1302', path: 'evidence[0].file' }),
      ]),
    );
    expect(report.validation.problems.every((p) => !('message' in p) && !('hint' in p))).toBe(true);
    expect((report.intake.shape as any).applicant.dateOfBirth).toBe('‹date, not YYYY-MM-DD order: 10 chars›');
    expect(report.files[0]).toMatchObject({ at: 'evidence[0].file', read: false, problems: ['AP1302'], extension: '.pdf' });
    const intake = JSON.parse(await readFile(path.join(dir, 'intake', 'garcia.json'), 'utf8'));
    expect(leaks(report, intake)).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/maria|garcia|17.05.1987/i);
    expect(r.stdout).toContain('invalid (');
  });

  it('reports a file that is not JSON at all', async () => {
    const dir = await tmpRoot('not-json');
    await writeFile(path.join(dir, 'garcia.json'), '{"applicant": {"name": "Maria Garcia",');
    const r = await cli(dir, 'report', 'garcia.json', '--redact', '-o', 'r.json');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as BugReport;
    expect(report.intake.parsed).toBe(false);
    expect(report.validation.problems[0]).toMatchObject({ code: 'AP1004', name: 'json-syntax' });
    expect(JSON.stringify(report)).not.toMatch(/maria|garcia/i);
  });

  it('names a missing intake file, exits 2 and writes nothing', async () => {
    const dir = await tmpRoot('missing');
    const r = await cli(dir, 'report', 'intake/nobody.json', '--redact');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"intake/nobody.json": no such file');
    expect(await readdir(dir)).toEqual([]);
  });

  it('the installed command sets the exit codes (needs `npm run build`)', async () => {
    const dir = await caseFolder('bin');
    const bin = path.join(ROOT, 'bin', 'asylum-packet.js');
    const refused = spawnSync(process.execPath, [bin, 'report', 'intake/garcia.json'], { cwd: dir, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--redact');
    const ok = spawnSync(process.execPath, [bin, 'report', 'intake/garcia.json', '--redact', '-o', 'r.json'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect((await stat(path.join(dir, 'r.json'))).mode & 0o777).toBe(0o600);
  });
});

describe('report --build', () => {
  it('builds in an owner-only temporary folder, removed afterwards, and shows output names without the case id', async () => {
    const dir = await caseFolder('build');
    const tmpBefore = (await readdir(os.tmpdir())).filter((n) => n.startsWith(`asylum-packet-report-${process.pid}-`));
    const r = await cli(dir, 'report', 'intake/garcia.json', '--redact', '--build', '-o', 'r.json', '--today', TODAY);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as BugReport;
    expect(report.build?.ok).toBe(true);
    expect(report.build?.pipelines).toEqual([
      { pipeline: 'eoir-defensive', outcome: 'built', files: expect.arrayContaining(['‹caseId›-declaration.docx', '‹caseId›-exhibits.pdf', '‹caseId›-certificate-of-translation-tab-B.docx']) },
      { pipeline: 'eoir-supplemental', outcome: 'built', files: ['‹caseId›-supplemental-exhibits.pdf', '‹caseId›-supplemental-certificate-of-service.docx'] },
    ]);
    expect(report.build?.problems.every((p) => Object.keys(p).every((k) => ['code', 'name', 'title', 'severity', 'path', 'pipeline', 'step', 'kind'].includes(k)))).toBe(true);
    const intake = JSON.parse(await readFile(path.join(dir, 'intake', 'garcia.json'), 'utf8'));
    expect(leaks(report, intake)).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('nunez');
    // nothing left: no temporary folder, no output beside the intake
    expect(liveReportDirs()).toEqual([]);
    expect((await readdir(os.tmpdir())).filter((n) => n.startsWith(`asylum-packet-report-${process.pid}-`))).toEqual(tmpBefore);
    expect((await readdir(dir)).sort()).toEqual(['intake', 'r.json']);
  }, 180_000);

  it('removes its temporary folder when the build fails too', async () => {
    const dir = await caseFolder('build-fails');
    const pipelines = path.join(dir, 'pipelines');
    await mkdir(pipelines);
    await writeFile(path.join(pipelines, 'broken.yaml'), 'name: broken\nsteps:\n  - kind: nonsense\n');
    const r = await cli(dir, 'report', 'intake/garcia.json', '--redact', '--build', '--pipelines', 'pipelines', '-o', 'r.json', '--today', TODAY);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as BugReport;
    expect(report.options.pipelines).toBe('other');
    expect(report.pipelines.problems.length).toBeGreaterThan(0);
    expect(report.build?.ok).toBe(false);
    expect(liveReportDirs()).toEqual([]);
  }, 120_000);
});

describe('report --build, stopped', () => {
  it('removes its temporary folder when SIGTERM stops the build, and the process ends by the signal', async () => {
    const dir = await caseFolder('sigterm');
    const script = path.join(dir, 'run.mjs');
    await writeFile(script, `import { runCli } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/cli/main.ts')).href)};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, script, 'report', 'intake/garcia.json', '--redact', '--build', '-o', 'r.json', '--today', TODAY], { cwd: dir, stdio: 'ignore' });
    const exited = once(child, 'exit');
    const prefix = `asylum-packet-report-${child.pid}-`;
    let folder: string | undefined;
    for (let i = 0; i < 1200 && !folder && child.exitCode === null; i++) {
      folder = (await readdir(os.tmpdir())).find((n) => n.startsWith(prefix));
      if (!folder) await sleep(25);
    }
    expect(folder, 'the build started').toBeDefined();
    expect((await stat(path.join(os.tmpdir(), folder!))).mode & 0o777).toBe(0o700);
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(path.join(os.tmpdir(), folder!))).toBe(false);
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
  }, 120_000);

  it('what a SIGKILL leaves is removed by the next report --build, but the folders of live processes', async () => {
    const tmp = await tmpRoot('stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    await mkdir(path.join(tmp, `asylum-packet-report-${deadPid}-abc`), { recursive: true });
    await writeFile(path.join(tmp, `asylum-packet-report-${deadPid}-abc`, 'declaration.docx'), 'client data');
    await mkdir(path.join(tmp, `asylum-packet-report-${process.pid}-def`));
    await mkdir(path.join(tmp, `asylum-packet-report-1-ghi`));
    expect(await removeStaleReportDirs(tmp)).toEqual([path.join(tmp, `asylum-packet-report-${deadPid}-abc`)]);
    expect((await readdir(tmp)).sort()).toEqual([`asylum-packet-report-${process.pid}-def`, 'asylum-packet-report-1-ghi'].sort());
  });
});

describe('output names', () => {
  const patterns = ['{{caseId}}-declaration.docx', '{{caseId}}-certificate-of-translation-tab-{{item.tab}}.docx', '{{ applicant.name.family }} {{caseId}}.pdf'];
  it('replace the case id, keep a tab, and replace whatever else a template puts in', () => {
    expect(outputNameShown('2025-0142-nunez-declaration.docx', '2025-0142-nunez', patterns)).toBe('‹caseId›-declaration.docx');
    expect(outputNameShown('2025-0142-nunez-certificate-of-translation-tab-AB.docx', '2025-0142-nunez', patterns)).toBe('‹caseId›-certificate-of-translation-tab-AB.docx');
    expect(outputNameShown('Núñez Ramírez 2025-0142-nunez.pdf', '2025-0142-nunez', patterns)).toBe('‹…› ‹caseId›.pdf');
    expect(outputNameShown('jose-nunez.docx', '2025-0142-nunez', patterns)).toBe('‹output: 15 chars, .docx›');
    expect(outputNameShown('x.weird-garcia', undefined, [])).toBe('‹output: 14 chars, other extension›');
  });
});
