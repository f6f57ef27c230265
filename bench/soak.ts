/**
 * npm run soak (issue 13): builds through the watcher, black-box through the command line
 * (`asylum-packet watch --in <dir> --out <dir> --concurrency N`), with invalid intakes, broken
 * exhibits, decompression bombs and FIFOs, duplicate caseIds, re-saved intakes, slow writes and a
 * restart of the watcher every --restart-every builds. Reports builds, rejections, crashes, lost
 * intakes, partial outputs, cross-case overwrites, wrong outcomes, memory (the watcher and its
 * worker processes, from /proc) and time; exits 0 only when every target holds.
 *
 *   npm run soak -- [--builds 1000] [--restart-every 200] [--seed 1] [--concurrency 2] [--wave 20]
 *                   [--max-rss-mb 1536] [--report <file.json>] [--keep] [--status-timeout-s 180]
 *                   [--bin <path of asylum-packet.js>] [--quiet]
 *
 * A "build" is one intake version the watcher reported on (a status file that reflects it, or for
 * a FIFO dropped as an intake, the log line that says it was ignored). Per 100 builds: 5 invalid
 * intakes, 5 with a broken exhibit, 1 bomb or FIFO, 1 duplicate caseId, 4 re-saves, the rest new
 * valid intakes. Everything is fictional and made from the samples; the soak prints case ids,
 * file names and codes only.
 *
 * Intakes are dropped in waves (written under a .tmp name and renamed; one in ten written in three
 * chunks under its own name; re-saves half in place), and each wave is waited for. A restart drops
 * the next wave, sends SIGTERM 1.2 s later (builds are under way), times the exit (10 s at most,
 * then SIGKILL and a failure) and starts a new watcher on the same folders.
 *
 * Memory: VmRSS summed over the watcher and its descendants every 500 ms; "start" after the first
 * wave, "middle" at half the builds, "end" once the watcher is quiet, and one sample just before
 * each restart. A watcher's workers grow as they warm up (their first 100–200 cases: code,
 * fonts, the form), so memory is compared at the same point of each watcher's life: flat means
 * every sample taken just before a restart, and the end (as many builds after the last restart),
 * within 20 % of the first of them. The cold start is reported beside them. The peak must stay
 * under --max-rss-mb.
 *
 * The JSON report goes to output/soak/soak-<date>.json (output/ is git-ignored), or --report, with
 * the watcher's log beside it (<report>.watch.log: case ids, file names and codes).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, lstatSync, rmSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BROKEN_KINDS, brokenExhibit, INVALID_KINDS, invalidIntake, nameToken, shuffle, type BrokenKind, type InvalidKind } from './soak/files.js';
import { prng } from '../fixtures/make-evidence.js';
import { pngBomb } from '../test/helpers/bombs.js';
import { treeMemory } from './soak/memory.js';
import { checkPublished, findLeftovers, sha256, type Owner } from './soak/verify.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    builds: { type: 'string', default: '1000' },
    'restart-every': { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    wave: { type: 'string', default: '20' },
    'max-rss-mb': { type: 'string', default: '1536' },
    'status-timeout-s': { type: 'string', default: '180' },
    report: { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    /** The command to soak (default: this repository's); a copy keeps a long run safe from rebuilds of dist/ meanwhile. */
    bin: { type: 'string' },
  },
});
const bin = args.bin ? path.resolve(args.bin) : path.join(repo, 'bin', 'asylum-packet.js');
const BUILDS = Number(args.builds);
const RESTART_EVERY = Number(args['restart-every']);
const SEED = Number(args.seed);
const CONCURRENCY = Number(args.concurrency);
const WAVE = Number(args.wave);
const MAX_RSS_MB = Number(args['max-rss-mb']);
const STATUS_TIMEOUT_MS = Number(args['status-timeout-s']) * 1000;
const STOP_LIMIT_MS = 10_000;
for (const [k, v] of Object.entries({ BUILDS, RESTART_EVERY, SEED, CONCURRENCY, WAVE, MAX_RSS_MB, STATUS_TIMEOUT_MS })) {
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`soak: ${k} must be a positive number`);
    process.exit(2);
  }
}
const say = (s: string) => {
  if (!args.quiet) console.log(s);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = performance.now();
const elapsed = () => Math.round(performance.now() - t0) / 1000;

// --- the mix ------------------------------------------------------------------------------------

type Special = 'bomb-png' | 'fifo-intake' | 'fifo-evidence';
const SPECIALS: Special[] = ['bomb-png', 'fifo-intake', 'fifo-evidence'];
type Kind = 'valid' | 'resave' | 'duplicate' | 'invalid' | 'broken' | 'special';

/** The deck of kinds for `n` builds, shuffled 100 at a time: every kind appears even in a short run. */
function deck(n: number, random: () => number): Kind[] {
  const out: Kind[] = [];
  for (let start = 0; start < n; start += 100) {
    const size = Math.min(100, n - start);
    const count = (per100: number) => (size === 100 ? per100 : Math.max(size >= 10 ? 1 : 0, Math.round((per100 * size) / 100)));
    const part: Kind[] = [];
    const add = (k: Kind, c: number) => {
      for (let i = 0; i < c; i++) part.push(k);
    };
    add('invalid', count(5));
    add('broken', count(5));
    add('special', count(1));
    add('duplicate', count(1));
    add('resave', count(4));
    add('valid', size - part.length);
    shuffle(part, random);
    out.push(...part);
  }
  return out;
}

// --- bookkeeping --------------------------------------------------------------------------------

type Expect = 'built' | 'rejected' | 'ignored';

interface Intake {
  n: number;
  /** File name in the watched folder. */
  name: string;
  kind: Exclude<Kind, 'resave'>;
  sub?: string;
  caseId: string;
  token: string;
  /** Latest bytes we wrote (undefined for a FIFO). */
  bytes?: Buffer;
  sha?: string;
  expect: Expect;
  /** Codes one of which the rejection must carry (any rejection when empty). */
  expectCodes: string[];
  /** For a duplicate: the intake that owns the case. */
  original?: Intake;
  /** An original that has a duplicate: never re-saved (the duplicate is a copy of this version). */
  hasDuplicate?: boolean;
  versions: number;
}

interface Version {
  intake: Intake;
  version: number;
  writtenAt: number; // Date.now() when the write was complete
  reportedAt?: number;
  status?: StatusFile;
  /** For a duplicate: the owner's published folder's hashes before the duplicate was dropped. */
  ownerBefore?: string;
}

interface StatusFile {
  status: 'built' | 'rejected' | 'retrying';
  caseId: string | null;
  at: string;
  intake: string;
  outputs: { pipeline: string; folder: string; files: string[]; upToDate: boolean }[];
  problems: { code: string; name: string; severity: string }[];
}

interface Failure {
  target: string;
  caseId?: string;
  intake?: string;
  kind?: string;
  evidence: string;
}

const failures: Failure[] = [];
const notes: string[] = [];
const fail = (f: Failure) => {
  failures.push(f);
  say(`  ✖ ${f.target}: ${f.caseId ?? ''} ${f.intake ?? ''} ${f.kind ? `(${f.kind})` : ''} ${f.evidence}`);
};

// --- the work folder ---------------------------------------------------------------------------

const work = await mkdtemp(path.join(os.tmpdir(), 'soak-'));
await chmod(work, 0o700);
let watcher: ChildProcess | undefined;
// Interrupted or failing: the watcher we started is stopped, and the folder removed unless --keep.
const cleanUp = () => {
  if (watcher && watcher.exitCode === null && watcher.signalCode === null) watcher.kill('SIGTERM');
  if (!args.keep) rmSync(work, { recursive: true, force: true });
};
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
process.once('uncaughtException', (err) => {
  console.error(`soak: ${err.stack ?? String(err)}`);
  cleanUp();
  process.exit(2);
});
process.once('unhandledRejection', (err) => {
  console.error(`soak: ${(err as Error)?.stack ?? String(err)}`);
  cleanUp();
  process.exit(2);
});
const inDir = path.join(work, 'in');
const outDir = path.join(work, 'out');
const tmpDir = path.join(work, 'tmp'); // the watcher's TMPDIR: qpdf's repair folders must not stay
await mkdir(inDir, { mode: 0o700 });
await mkdir(tmpDir, { mode: 0o700 });

const sampleDir = path.join(repo, 'fixtures', 'samples');
for (const sub of await readdir(sampleDir, { withFileTypes: true })) if (sub.isDirectory()) await cp(path.join(sampleDir, sub.name), path.join(inDir, sub.name), { recursive: true });
const samples = await Promise.all(['intake-affirmative.json', 'intake-defensive.json', 'intake-family.json'].map(async (f) => JSON.parse(await readFile(path.join(sampleDir, f), 'utf8')) as Record<string, any>));
const pdfSample = await readFile(path.join(sampleDir, 'evidence', 'passport.pdf'));
const jpegSample = await readFile(path.join(sampleDir, 'evidence', 'hospital-photo.jpg'));
const bomb = pngBomb();

const random = prng(SEED);
const kinds = deck(BUILDS, random);
const intakes: Intake[] = [];
const versions: Version[] = [];
const byName = new Map<string, Intake>();
let nextN = 1;
let invalidTurn = 0;
let brokenTurn = 0;
let specialTurn = SEED % SPECIALS.length;

function validIntake(n: number): { json: Record<string, any>; token: string; caseId: string } {
  const base = structuredClone(samples[Math.floor(random() * samples.length)]!);
  const token = nameToken(n);
  const caseId = `soak-${String(n).padStart(4, '0')}`;
  base.caseId = caseId;
  base.applicant.name.family = `${String(base.applicant.name.family).split(' ')[0]} ${token}`;
  base.applicant.name.given = `${base.applicant.name.given}`;
  // Another fictional person: the sample's filing as recorded (its snapshot) is not this one's, and
  // its new name would be a difference from it that the court filing stops on (AP6004).
  for (const f of base.proceeding.priorFilings ?? []) delete f.snapshot;
  return { json: base, token, caseId };
}
const jsonBytes = (j: unknown) => Buffer.from(JSON.stringify(j, null, 2) + '\n', 'utf8');

/** Makes the next intake of a kind (and any evidence it needs); returns what to write. */
async function makeIntake(kind: Exclude<Kind, 'resave' | 'duplicate'>): Promise<Intake> {
  const n = nextN++;
  const name = `case-${String(n).padStart(4, '0')}.json`;
  const { json, token, caseId } = validIntake(n);
  const it: Intake = { n, name, kind, caseId, token, expect: 'built', expectCodes: [], versions: 0 };
  if (kind === 'valid') it.bytes = jsonBytes(json);
  else if (kind === 'invalid') {
    const sub: InvalidKind = INVALID_KINDS[invalidTurn++ % INVALID_KINDS.length]!;
    it.sub = sub;
    it.bytes = invalidIntake(sub, json);
    it.expect = 'rejected';
  } else if (kind === 'broken') {
    const sub: BrokenKind = BROKEN_KINDS[brokenTurn++ % BROKEN_KINDS.length]!;
    const { name: file, bytes } = brokenExhibit(sub, { pdf: pdfSample, jpeg: jpegSample }, random);
    const folder = `broken-${String(n).padStart(4, '0')}`;
    await mkdir(path.join(inDir, folder), { mode: 0o700 });
    await writeFile(path.join(inDir, folder, file), bytes);
    json.evidence[0].file = `${folder}/${file}`;
    it.sub = sub;
    it.bytes = jsonBytes(json);
    it.expect = 'rejected';
  } else {
    const sub: Special = SPECIALS[specialTurn++ % SPECIALS.length]!;
    it.sub = sub;
    const folder = `${sub}-${String(n).padStart(4, '0')}`;
    if (sub === 'bomb-png') {
      await mkdir(path.join(inDir, folder), { mode: 0o700 });
      await writeFile(path.join(inDir, folder, 'photo.png'), bomb);
      json.evidence[0].file = `${folder}/photo.png`;
      it.bytes = jsonBytes(json);
      it.expect = 'rejected';
      it.expectCodes = ['AP4002'];
    } else if (sub === 'fifo-evidence') {
      await mkdir(path.join(inDir, folder), { mode: 0o700 });
      execFileSync('mkfifo', ['-m', '600', path.join(inDir, folder, 'exhibit.pdf')]);
      json.evidence[0].file = `${folder}/exhibit.pdf`;
      it.bytes = jsonBytes(json);
      it.expect = 'rejected';
    } else {
      it.expect = 'ignored'; // a FIFO named x.json in the watched folder
    }
  }
  return it;
}

// --- the watcher ------------------------------------------------------------------------------

interface LogLine {
  level?: number;
  time?: string;
  event?: string;
  intake?: string;
  caseId?: string | null;
  outcome?: string;
  errors?: string[];
  msg?: string;
}

const logLines: LogLine[] = [];
let lastLogAt = Date.now();
const stderrLines: string[] = [];
const logFile = createWriteStream(path.join(work, 'watch.log'));
const events = new Map<string, number>();
let watcherPid = 0;
let stopping = false;
let readyResolve: (() => void) | undefined;
const stopTimes: number[] = [];
const startTimes: number[] = [];
let instances = 0;

/** Lines that may carry what is not ours to print are reduced to codes and event names. */
const redact = (s: string) =>
  s
    .replace(/vel(?:[a-z]{2}){3}/gi, '<name>')
    .replace(/Núñez|Ramírez|Reyes|Orellana|José|Marta/g, '<name>')
    .slice(0, 300);

function onLog(line: string) {
  if (!line.trim()) return;
  logFile.write(line + '\n');
  lastLogAt = Date.now();
  let l: LogLine;
  try {
    l = JSON.parse(line) as LogLine;
  } catch {
    fail({ target: 'crashes', evidence: `a line on standard output that is not JSON: ${redact(line)}` });
    return;
  }
  logLines.push(l);
  const key = l.event === 'build' ? `build:${l.outcome}` : String(l.event ?? l.msg);
  events.set(key, (events.get(key) ?? 0) + 1);
  if (l.event === 'watching') readyResolve?.();
  if ((l.level ?? 0) >= 50 && l.event !== 'build') fail({ target: 'crashes', evidence: `log line at level ${l.level}: event ${l.event ?? '?'} ${redact(JSON.stringify({ ...l, msg: undefined, time: undefined }))}` });
}

async function startWatcher(): Promise<void> {
  const started = performance.now();
  const ready = new Promise<void>((r) => (readyResolve = r));
  const child = spawn(process.execPath, [bin, 'watch', '--in', inDir, '--out', outDir, '--concurrency', String(CONCURRENCY)], {
    cwd: work,
    env: { ...process.env, TMPDIR: tmpDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  watcher = child;
  watcherPid = child.pid!;
  instances++;
  let outBuf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    outBuf += d;
    let i;
    while ((i = outBuf.indexOf('\n')) >= 0) {
      onLog(outBuf.slice(0, i));
      outBuf = outBuf.slice(i + 1);
    }
  });
  let errBuf = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    errBuf += d;
    let i;
    while ((i = errBuf.indexOf('\n')) >= 0) {
      const line = errBuf.slice(0, i);
      errBuf = errBuf.slice(i + 1);
      stderrLines.push(redact(line));
      if (/Error|Uncaught|^\s+at |FATAL|Abort|heap out of memory/i.test(line)) fail({ target: 'crashes', evidence: `standard error: ${redact(line)}` });
      else if (line.trim()) notes.push(`standard error: ${redact(line)}`);
    }
  });
  child.on('exit', (code, signal) => {
    if (watcher !== child) return;
    if (!stopping) {
      fail({ target: 'crashes', evidence: `the watcher (pid ${child.pid}) exited by itself: code ${code}, signal ${signal}` });
      watcher = undefined;
      // Keep going with a new watcher, so that the rest of the run still tells something.
      void startWatcher();
    }
  });
  await Promise.race([ready, sleep(120_000)]);
  startTimes.push(Math.round(performance.now() - started));
}

/** SIGTERM; the time the watcher takes to exit (SIGKILL after 10 s, counted as a failure). */
async function stopWatcher(): Promise<number> {
  const child = watcher!;
  stopping = true;
  const started = performance.now();
  const linesBefore = logLines.length;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  child.kill('SIGTERM');
  const timer = sleep(STOP_LIMIT_MS).then(() => undefined);
  let r = await Promise.race([exited, timer]);
  const ms = Math.round(performance.now() - started);
  if (!r) {
    fail({ target: 'stop within 10 s', evidence: `the watcher (pid ${child.pid}) had not exited ${STOP_LIMIT_MS / 1000} s after SIGTERM: killed` });
    child.kill('SIGKILL');
    r = await exited;
  } else if (r.code !== 0) {
    const after = logLines.slice(linesBefore);
    const stoppedLogged = after.some((l) => l.event === 'stopped');
    const lastBuilds = logLines
      .slice(Math.max(0, linesBefore - 6))
      .filter((l) => l.event === 'build')
      .map((l) => `${l.intake} ${l.outcome}${l.errors?.length ? ` ${l.errors.join(' ')}` : ''} @${l.time?.slice(11, 23)}`);
    fail({
      target: 'crashes',
      evidence: `the watcher (pid ${child.pid}) exited with code ${r.code} signal ${r.signal} ${ms} ms after SIGTERM (at ${new Date(Date.now() - ms).toISOString().slice(11, 23)}); "stopped" ${stoppedLogged ? 'was' : 'was not'} logged; ${after.length} lines after SIGTERM; last builds logged: ${lastBuilds.join(', ') || 'none'}; stderr: ${stderrLines.slice(-3).join(' | ') || 'empty'}`,
    });
  }
  stopTimes.push(ms);
  watcher = undefined;
  stopping = false;
  return ms;
}

// --- memory --------------------------------------------------------------------------------------

interface MemSample {
  t: number;
  builds: number;
  rssMb: number;
  hwmMb: number;
  processes: number;
}
const memSamples: MemSample[] = [];
let peakRss = 0;
let peakHwm = 0;
let builds = 0;
/** Every process seen under the watcher (its workers, qpdf, …): a worker that dies and is replaced shows here. */
const pidsSeen = new Map<number, Map<number, string>>();
const sampler = setInterval(() => {
  if (!watcher || stopping) return;
  const { pids: _pids, comms, ...m } = treeMemory(watcherPid);
  if (m.processes === 0 || m.rssMb === 0) return;
  if (!pidsSeen.has(watcherPid)) pidsSeen.set(watcherPid, new Map());
  for (const [p, c] of comms) pidsSeen.get(watcherPid)!.set(p, c);
  memSamples.push({ t: elapsed(), builds, ...m });
  peakRss = Math.max(peakRss, m.rssMb);
  peakHwm = Math.max(peakHwm, m.hwmMb);
}, 500);
const memNow = () => {
  if (!watcher) return { rssMb: 0, hwmMb: 0, processes: 0, rootRssMb: 0 };
  const { pids: _pids, comms: _comms, ...m } = treeMemory(watcherPid);
  return m;
};
type Mark = ReturnType<typeof memNow> & { builds: number };
const memMarks: Record<string, Mark> = {};
const preRestart: Mark[] = [];

// --- writing ------------------------------------------------------------------------------------

/** Writes an intake: atomically (temporary name, then rename), in place, or slowly in chunks. */
async function writeIntake(file: string, bytes: Buffer, how: 'atomic' | 'in-place' | 'slow'): Promise<void> {
  if (how === 'atomic') {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, file);
  } else if (how === 'in-place') {
    await writeFile(file, bytes, { mode: 0o600 });
  } else {
    const h = await open(file, 'w', 0o600);
    try {
      const parts = 3;
      const size = Math.ceil(bytes.length / parts);
      for (let i = 0; i < parts; i++) {
        await h.write(bytes.subarray(i * size, (i + 1) * size));
        await h.sync();
        if (i < parts - 1) await sleep(300 + Math.floor(random() * 500));
      }
    } finally {
      await h.close();
    }
  }
}

const statusPath = (name: string) => path.join(inDir, name.replace(/\.json$/i, '.status.json'));

async function readStatus(name: string): Promise<StatusFile | undefined> {
  try {
    return JSON.parse(await readFile(statusPath(name), 'utf8')) as StatusFile;
  } catch {
    return undefined;
  }
}

async function manifestIntake(folder: string): Promise<{ path?: string; sha256?: string } | undefined> {
  try {
    return (JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as { inputs?: { intake?: { path?: string; sha256?: string } } }).inputs?.intake;
  } catch {
    return undefined;
  }
}

/** Hashes of everything in a case's published folders (to show a duplicate left it alone). */
async function folderHash(caseId: string): Promise<string> {
  const dir = path.join(outDir, caseId);
  const parts: string[] = [];
  const walk = async (rel: string) => {
    for (const e of (await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) await walk(r);
      else parts.push(`${r}:${sha256(await readFile(path.join(dir, r)))}`);
    }
  };
  await walk('');
  return sha256(Buffer.from(parts.join('\n')));
}

/** Does the status file reflect this version? (For a built one: its manifest holds this version's hash.) */
async function reflects(v: Version, s: StatusFile): Promise<boolean> {
  if (Date.parse(s.at) < v.writtenAt) return false;
  // 'retrying' (the output folder refused the case for a while) is not an answer yet: wait on.
  if (s.status !== 'built' && s.status !== 'rejected') return false;
  if (s.status !== 'built') return true;
  for (const o of s.outputs) {
    const m = await manifestIntake(o.folder);
    if (m?.sha256 !== v.intake.sha) return false;
  }
  return true;
}

function judge(v: Version, s: StatusFile | undefined, when: string): void {
  const it = v.intake;
  const codes = (s?.problems ?? []).filter((p) => p.severity === 'error').map((p) => p.code);
  const base = { caseId: it.caseId, intake: it.name, kind: it.sub ? `${it.kind}/${it.sub}` : it.kind };
  if (it.expect === 'ignored') return;
  if (!s) return fail({ target: 'lost intakes', ...base, evidence: `${when}: no status file` });
  if (codes.includes('AP3002') || codes.includes('AP3003')) notes.push(`${it.name} (${base.kind}) ${when}: ${codes.join(' ')}`);
  if (it.expect === 'built') {
    if (s.status !== 'built') return fail({ target: 'wrong outcome', ...base, evidence: `${when}: valid intake ${s.status}, codes ${codes.join(' ') || '(none)'}` });
    if (s.caseId !== it.caseId) return fail({ target: 'wrong outcome', ...base, evidence: `${when}: status names case ${s.caseId}` });
  } else {
    if (s.status !== 'rejected') return fail({ target: 'wrong outcome', ...base, evidence: `${when}: built, expected rejected${it.expectCodes.length ? ` with ${it.expectCodes.join('/')}` : ''}` });
    if (it.expectCodes.length && !it.expectCodes.some((c) => codes.includes(c))) return fail({ target: 'wrong outcome', ...base, evidence: `${when}: rejected with ${codes.join(' ') || '(no error code)'}, expected ${it.expectCodes.join('/')}` });
    if (!codes.length) return fail({ target: 'wrong outcome', ...base, evidence: `${when}: rejected without an error code` });
  }
}

/** Waits until every version has been reported on (or the time limit), judging each. */
async function waitFor(pending: Version[]): Promise<void> {
  const left = new Set(pending);
  while (left.size) {
    for (const v of [...left]) {
      const it = v.intake;
      if (it.expect === 'ignored') {
        if (logLines.some((l) => l.event === 'not-a-file' && l.intake === it.name && Date.parse(l.time ?? '') >= v.writtenAt - 5)) {
          v.reportedAt = Date.now();
          left.delete(v);
        }
      } else {
        const s = await readStatus(it.name);
        if (s && (await reflects(v, s))) {
          v.reportedAt = Date.now();
          v.status = s;
          left.delete(v);
          judge(v, s, 'first report');
          if (v.ownerBefore !== undefined && it.original) {
            const after = await folderHash(it.original.caseId);
            if (after !== v.ownerBefore) fail({ target: 'cross-case overwrites', caseId: it.caseId, intake: it.name, kind: 'duplicate', evidence: `the published output of ${it.original.name} changed when its duplicate was dropped` });
          }
        }
      }
      if (left.has(v) && Date.now() - v.writtenAt > STATUS_TIMEOUT_MS) {
        left.delete(v);
        fail({ target: 'lost intakes', caseId: it.caseId, intake: it.name, kind: it.sub ? `${it.kind}/${it.sub}` : it.kind, evidence: `no report ${STATUS_TIMEOUT_MS / 1000} s after it was written` });
      }
    }
    if (left.size) await sleep(100);
  }
}

// --- the run -------------------------------------------------------------------------------------

say(`soak: ${BUILDS} builds, restart every ${RESTART_EVERY}, seed ${SEED}, concurrency ${CONCURRENCY}, waves of ${WAVE}; ${os.cpus().length} cores, Node ${process.version}`);
await startWatcher();
say(`  watcher ready in ${startTimes[0]} ms`);

let nextRestart = RESTART_EVERY;
let k = 0;
let wave = 0;
let middleTaken = false;
let restarts = 0;
while (k < BUILDS) {
  // A wave ends where a restart is due, so that restarts fall on exact multiples of --restart-every.
  const take = kinds.slice(k, k + Math.min(WAVE, nextRestart - builds > 0 ? nextRestart - builds : WAVE));
  k += take.length;
  wave++;
  const restartThisWave = builds >= nextRestart && k <= BUILDS;
  const pending: Version[] = [];
  const writes: Promise<void>[] = [];
  for (const kind of take) {
    const built = intakes.filter((i) => i.kind === 'valid' && i.expect === 'built' && i.versions > 0 && !i.hasDuplicate && versions.some((v) => v.intake === i && v.reportedAt));
    let it: Intake;
    let bytes: Buffer | undefined;
    let how: 'atomic' | 'in-place' | 'slow' = random() < 0.1 ? 'slow' : 'atomic';
    let ownerBefore: string | undefined;
    if (kind === 'resave' && built.length) {
      it = built[Math.floor(random() * built.length)]!;
      if (pending.some((p) => p.intake === it)) it = await makeIntake('valid');
      else {
        const json = JSON.parse(it.bytes!.toString('utf8')) as Record<string, any>;
        json.claim.summary = `${String(json.claim.summary).replace(/ \(revision \d+\)$/, '')} (revision ${it.versions + 1})`;
        it.bytes = jsonBytes(json);
        how = random() < 0.5 ? 'in-place' : 'atomic';
      }
    } else if (kind === 'duplicate' && built.length) {
      const original = built[Math.floor(random() * built.length)]!;
      if (pending.some((p) => p.intake === original)) it = await makeIntake('valid');
      else {
        original.hasDuplicate = true;
        const n = nextN++;
        it = { n, name: original.name.replace(/\.json$/, '-copy.json'), kind: 'duplicate', caseId: original.caseId, token: original.token, bytes: original.bytes, expect: 'rejected', expectCodes: ['AP3004'], original, versions: 0 };
        ownerBefore = await folderHash(original.caseId);
      }
    } else it = await makeIntake(kind === 'resave' || kind === 'duplicate' ? 'valid' : kind);
    if (it.versions === 0) {
      intakes.push(it);
      byName.set(it.name, it);
    }
    it.versions++;
    bytes = it.bytes;
    it.sha = bytes ? sha256(bytes) : undefined;
    const v: Version = { intake: it, version: it.versions, writtenAt: 0, ...(ownerBefore !== undefined ? { ownerBefore } : {}) };
    versions.push(v);
    pending.push(v);
    const file = path.join(inDir, it.name);
    if (!bytes) {
      writes.push(
        (async () => {
          execFileSync('mkfifo', ['-m', '600', file]);
          v.writtenAt = Date.now();
        })(),
      );
    } else {
      writes.push(writeIntake(file, bytes, how).then(() => void (v.writtenAt = Date.now())));
    }
  }
  // Some builds are under way when the watcher is told to stop: they must finish and publish, and
  // what was not yet built must be built by the next watcher.
  if (restartThisWave) {
    await sleep(1200);
    const m = memNow();
    preRestart.push({ builds, ...m });
    const ms = await stopWatcher();
    restarts++;
    nextRestart += RESTART_EVERY;
    await startWatcher();
    say(`  restart ${restarts} at ${builds} builds: stopped in ${ms} ms (RSS before ${m.rssMb} MB, ${m.processes} processes), ready in ${startTimes.at(-1)} ms`);
  }
  await Promise.all(writes);
  await waitFor(pending);
  builds += pending.length;
  if (wave === 1) memMarks.start = { builds, ...memNow() };
  if (!middleTaken && builds >= BUILDS / 2) {
    memMarks.middle = { builds, ...memNow() };
    middleTaken = true;
  }
  const rejected = versions.filter((v) => v.status?.status === 'rejected').length;
  say(`  ${String(builds).padStart(5)} builds  ${rejected} rejected  ${failures.length} failures  RSS ${memNow().rssMb} MB  ${elapsed()} s`);
}

// Quiet: nothing logged for 5 s (a restart's look at every intake is over), then the final state.
while (Date.now() - lastLogAt < 5000) await sleep(250);
memMarks.end = { builds, ...memNow() };
const runSeconds = elapsed();

// Every intake's final status reflects its last version, and is the right outcome.
for (const it of intakes) {
  const last = versions.filter((v) => v.intake === it).at(-1)!;
  if (it.expect === 'ignored') continue;
  const s = await readStatus(it.name);
  if (s && s.status === 'built' && !(await reflects({ ...last, writtenAt: 0 }, s))) fail({ target: 'lost intakes', caseId: it.caseId, intake: it.name, kind: it.kind, evidence: 'final status is built, but not from the last version of the intake' });
  judge(last, s, 'final status');
  if (it.kind === 'duplicate' && s && !s.problems.some((p) => p.code === 'AP3004')) fail({ target: 'cross-case overwrites', caseId: it.caseId, intake: it.name, kind: 'duplicate', evidence: `final status ${s.status} ${s.problems.map((p) => p.code).join(' ')}: the duplicate is no longer refused` });
}
const finalStopMs = await stopWatcher();
clearInterval(sampler);
logFile.end();

// Intakes: every file we wrote is still there with our last bytes (FIFOs still FIFOs).
for (const it of intakes) {
  const file = path.join(inDir, it.name);
  const info = (() => {
    try {
      return lstatSync(file);
    } catch {
      return undefined;
    }
  })();
  const base = { caseId: it.caseId, intake: it.name, kind: it.sub ? `${it.kind}/${it.sub}` : it.kind };
  if (!info) fail({ target: 'lost intakes', ...base, evidence: 'the intake file is gone' });
  else if (!it.bytes) {
    if (!info.isFIFO()) fail({ target: 'lost intakes', ...base, evidence: 'the FIFO is no longer a FIFO' });
    if (await readStatus(it.name)) fail({ target: 'wrong outcome', ...base, evidence: 'a FIFO intake got a status file' });
  } else if (!info.isFile() || sha256(await readFile(file)) !== it.sha) fail({ target: 'lost intakes', ...base, evidence: 'the intake file was changed' });
}

// Published outputs: whole, owned, no other case's name inside.
const owners = new Map<string, Owner>();
for (const it of intakes) if (!owners.has(it.caseId) && it.sha && it.kind !== 'duplicate') owners.set(it.caseId, { intake: it.name, sha256: it.sha, token: it.token.toLowerCase() });
say('  checking the published outputs …');
const published = await checkPublished(outDir, owners, { scanText: true });
for (const f of published.partial) fail({ target: 'partial outputs', caseId: f.caseId, evidence: `${f.pipeline ?? ''}/${f.file ?? ''}: ${f.what}` });
for (const f of published.crossCase) fail({ target: 'cross-case overwrites', caseId: f.caseId, evidence: `${f.pipeline ?? ''}/${f.file ?? ''}: ${f.what}` });
for (const f of published.unexpected) fail({ target: 'wrong outcome', caseId: f.caseId, evidence: f.what });
for (const l of published.leftovers) fail({ target: 'partial outputs', evidence: `leftover in the output folder after the final stop: ${l}` });
const publishedIds = new Set((await readdir(outDir)).filter((n) => !n.startsWith('.') && !published.emptyCaseFolders.includes(n)));
if (published.emptyCaseFolders.length) notes.push(`${published.emptyCaseFolders.length} empty case folders in the output folder (cases whose first build was rejected), e.g. ${published.emptyCaseFolders.slice(0, 3).join(', ')}`);
for (const it of intakes) {
  if (it.kind === 'duplicate') continue;
  const base = { caseId: it.caseId, intake: it.name, kind: it.sub ? `${it.kind}/${it.sub}` : it.kind };
  if (it.expect === 'built' && !publishedIds.has(it.caseId)) fail({ target: 'lost intakes', ...base, evidence: 'valid intake, nothing published' });
  if (it.expect !== 'built' && publishedIds.has(it.caseId)) fail({ target: 'wrong outcome', ...base, evidence: 'published, expected rejected' });
}
const tmpLeft = await findLeftovers(tmpDir);
for (const l of tmpLeft) fail({ target: 'partial outputs', evidence: `temporary file or folder left in the watcher's TMPDIR: ${l}` });
const inLeft = (await readdir(inDir)).filter((n) => /\.(tmp|part)$/i.test(n));
for (const l of inLeft) fail({ target: 'partial outputs', evidence: `temporary file left in the watched folder: ${l}` });
if (published.textChecked > 0 && published.ownNameFound === 0) notes.push('no document holds its own case name: the text extraction may not work, so the name check proves little');

// --- the report --------------------------------------------------------------------------------

const reported = versions.filter((v) => v.reportedAt);
const waits = reported.map((v) => v.reportedAt! - v.writtenAt);
const count = (target: string) => failures.filter((f) => f.target === target).length;
const byKind: Record<string, { versions: number; built: number; rejected: number; ignored: number; codes: Record<string, number> }> = {};
for (const v of versions) {
  const key = v.intake.sub ? `${v.intake.kind}/${v.intake.sub}` : v.version > 1 ? 'valid/re-saved' : v.intake.kind;
  const k2 = (byKind[key] ??= { versions: 0, built: 0, rejected: 0, ignored: 0, codes: {} });
  k2.versions++;
  if (v.intake.expect === 'ignored' && v.reportedAt) k2.ignored++;
  if (v.status?.status === 'built') k2.built++;
  if (v.status?.status === 'rejected') {
    k2.rejected++;
    for (const p of v.status.problems.filter((p) => p.severity === 'error')) k2.codes[p.code] = (k2.codes[p.code] ?? 0) + 1;
  }
}
const end = memMarks.end?.rssMb ?? 0;
// Warm: just before the first restart (without restarts, the cold start is all there is).
const start = preRestart[0]?.rssMb ?? memMarks.start?.rssMb ?? 0;
const endVsStart = start ? (end - start) / start : 0;
const preVsFirst = preRestart.map((p) => (start ? (p.rssMb - start) / start : 0));
const flat = Math.abs(endVsStart) <= 0.2 && preVsFirst.every((x) => Math.abs(x) <= 0.2);
const targets = {
  crashes: count('crashes') === 0,
  lostIntakes: count('lost intakes') === 0,
  partialOutputs: count('partial outputs') === 0,
  crossCaseOverwrites: count('cross-case overwrites') === 0,
  wrongOutcomes: count('wrong outcome') === 0,
  stopWithin10s: count('stop within 10 s') === 0,
  memoryFlat: flat,
  peakUnderLimit: peakRss < MAX_RSS_MB,
};
const ok = Object.values(targets).every(Boolean);
const report = {
  soakVersion: 1,
  date: new Date().toISOString(),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', node: process.version, loadAverage: os.loadavg() },
  options: { bin: args.bin ? 'snapshot' : 'repository', builds: BUILDS, restartEvery: RESTART_EVERY, seed: SEED, concurrency: CONCURRENCY, wave: WAVE, maxRssMb: MAX_RSS_MB },
  ok,
  targets,
  figures: {
    builds,
    intakes: intakes.length,
    rejections: versions.filter((v) => v.status?.status === 'rejected').length,
    ignoredFifos: versions.filter((v) => v.intake.expect === 'ignored' && v.reportedAt).length,
    crashes: count('crashes'),
    lostIntakes: count('lost intakes'),
    partialOutputs: count('partial outputs'),
    crossCaseOverwrites: count('cross-case overwrites'),
    wrongOutcomes: count('wrong outcome'),
    stopFailures: count('stop within 10 s'),
    restarts,
    watcherInstances: instances,
    stopMs: { max: Math.max(0, ...stopTimes), all: stopTimes, final: finalStopMs },
    startMs: startTimes,
    /** Per watcher instance: how many processes were ever seen in its tree (itself, its workers, qpdf children). */
    processesSeenPerInstance: [...pidsSeen.values()].map((x) => {
      const byComm: Record<string, number> = {};
      for (const c of x.values()) byComm[c] = (byComm[c] ?? 0) + 1;
      return byComm;
    }),
    publishedCases: published.cases,
    publishedPipelines: published.pipelines,
    documents: published.documents,
    documentsTextChecked: published.textChecked,
    documentsWithOwnName: published.ownNameFound,
    emptyCaseFolders: published.emptyCaseFolders.length,
    time: {
      totalSeconds: elapsed(),
      runSeconds,
      buildsPerSecond: Math.round((builds / runSeconds) * 100) / 100,
      longestWaitSeconds: Math.round(Math.max(0, ...waits) / 100) / 10,
      medianWaitSeconds: Math.round((waits.sort((a, b) => a - b)[Math.floor(waits.length / 2)] ?? 0) / 100) / 10,
    },
    memory: { ...memMarks, peakRssMb: peakRss, peakHwmSumMb: peakHwm, limitMb: MAX_RSS_MB, endVsStart: Math.round(endVsStart * 1000) / 1000, preRestart, preRestartVsFirst: preVsFirst.map((x) => Math.round(x * 1000) / 1000) },
  },
  byKind,
  logEvents: Object.fromEntries(events),
  failures,
  notes,
  stderr: stderrLines.slice(0, 50),
  memorySamples: memSamples,
};

const reportFile = args.report ? path.resolve(args.report) : path.join(repo, 'output', 'soak', `soak-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
await mkdir(path.dirname(reportFile), { recursive: true });
await writeFile(reportFile, JSON.stringify(report, null, 2) + '\n');
// The watcher's log beside it (case ids, file names, codes: no client data), the evidence of any failure.
await new Promise<void>((r) => (logFile.closed ? r() : logFile.once('close', () => r())));
await cp(path.join(work, 'watch.log'), reportFile.replace(/\.json$/, '') + '.watch.log');

const f = report.figures;
const row = (label: string, value: string | number, target = '', pass?: boolean) => console.log(`  ${label.padEnd(34)} ${String(value).padStart(12)}  ${target.padEnd(18)} ${pass === undefined ? '' : pass ? '✔' : '✖'}`);
console.log('');
console.log(`soak ${ok ? 'PASSED' : 'FAILED'}: ${builds} builds, ${restarts} restarts, seed ${SEED}`);
row('builds', f.builds);
row('rejections', f.rejections);
row('FIFO intakes ignored', f.ignoredFifos);
row('crashes', f.crashes, '0', targets.crashes);
row('lost intakes', f.lostIntakes, '0', targets.lostIntakes);
row('partial outputs', f.partialOutputs, '0', targets.partialOutputs);
row('cross-case overwrites', f.crossCaseOverwrites, '0', targets.crossCaseOverwrites);
row('wrong outcomes', f.wrongOutcomes, '0', targets.wrongOutcomes);
row('slowest stop on SIGTERM (ms)', f.stopMs.max, '≤ 10000', targets.stopWithin10s);
row('RSS cold start (MB)', memMarks.start?.rssMb ?? '-', `at ${memMarks.start?.builds ?? '-'} builds`);
row('RSS middle (MB)', memMarks.middle?.rssMb ?? '-', `at ${memMarks.middle?.builds ?? '-'} builds`);
row('RSS end: watcher / workers (MB)', `${memMarks.end?.rootRssMb ?? '-'} / ${Math.round((end - (memMarks.end?.rootRssMb ?? 0)) * 10) / 10}`);
row('RSS before each restart (MB)', preRestart.map((p) => p.rssMb).join(' / ') || '-', 'within 20% of 1st', preVsFirst.every((x) => Math.abs(x) <= 0.2));
row('RSS end (MB)', end, `${(endVsStart * 100).toFixed(1)}% of the 1st`, Math.abs(endVsStart) <= 0.2);
row('peak RSS, sampled (MB)', peakRss, `< ${MAX_RSS_MB}`, targets.peakUnderLimit);
row('peak of VmHWM sums (MB)', peakHwm);
row('total time (s)', f.time.totalSeconds);
row('builds per second', f.time.buildsPerSecond);
row('longest wait for a status (s)', f.time.longestWaitSeconds);
row('median wait for a status (s)', f.time.medianWaitSeconds);
row('processes seen per watcher', f.processesSeenPerInstance.map((x) => Object.entries(x).map(([c, n]) => `${c}×${n}`).join(' ')).join(' / '));
row('published cases / documents', `${f.publishedCases} / ${f.documents}`);
row('documents holding own name', `${f.documentsWithOwnName} / ${f.documentsTextChecked}`);
console.log('');
console.log('  by kind: versions, built, rejected (error codes)');
for (const [key, x] of Object.entries(byKind).sort()) console.log(`    ${key.padEnd(30)} ${String(x.versions).padStart(5)} ${String(x.built).padStart(5)} ${String(x.rejected + x.ignored).padStart(5)}  ${Object.entries(x.codes).map(([c, n]) => `${c}×${n}`).join(' ')}`);
if (failures.length) {
  console.log('');
  console.log(`  failures (${failures.length}, first 40):`);
  for (const x of failures.slice(0, 40)) console.log(`    ${x.target}: ${x.caseId ?? ''} ${x.intake ?? ''} ${x.kind ? `(${x.kind})` : ''} ${x.evidence}`);
}
for (const n of notes.slice(0, 20)) console.log(`  note: ${n}`);
console.log(`  report: ${path.relative(repo, reportFile)} (and the watcher's log beside it)`);

if (args.keep) console.log(`  kept: ${work}`);
else await rm(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
