/**
 * Benchmark of the `packet` step against a plain merge of the same PDFs (qpdf, and pdfunite when
 * installed). Prints figures measured in one run on the same generated inputs; asserts nothing and
 * always exits 0 once the figures are printed.
 *
 *   npm run bench
 *
 * Environment:
 *   BENCH_RUNS=3      runs per tool on the 500-page set (the median wall time is reported)
 *   BENCH_QUICK=1     skip the 2,000-page run
 *   BENCH_PROFILE=1   one extra, untimed packet run under `node --cpu-prof`: prints the top functions
 *   BENCH_NO_BUILD=1  use dist/ as it is instead of running `npm run build` first
 *   BENCH_KEEP=1      keep the temporary folder (inputs, outputs, profiles) and print its path
 *
 * qpdf's median on the 500-page set is recorded in bench/results.ts: the reference of two of the
 * Summary's figures, printed by bench/run.ts (npm run bench) after bench/batch.ts.
 *
 * How it measures: the packet is built by a child `node` process that imports the compiled
 * library (dist/) and builds with its CaseBuilder, with a pipeline holding a
 * single `kind: packet` step. Its wall time is the whole process — node start-up, imports, intake
 * validation, the packet, writing the file — as qpdf's and pdfunite's are theirs. Peak RSS is GNU
 * time's %M (the child's maxrss); the node child also reports process.resourceUsage().maxRSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeJpeg, makeTextPdf, type PageSize } from '../fixtures/make-evidence.js';
import { results } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_INDEX = path.join(ROOT, 'dist', 'index.js');
const TEMPLATES_DIR = path.join(ROOT, 'templates');
const SAMPLE_INTAKE = path.join(ROOT, 'fixtures', 'samples', 'intake-affirmative.json');
const TODAY = '2026-11-22'; // fixed, as in the tests: the same validation on every run

const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '3', 10) || 3);
const QUICK = process.env.BENCH_QUICK === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
const NO_BUILD = process.env.BENCH_NO_BUILD === '1';
const KEEP = process.env.BENCH_KEEP === '1';

const TARGET_RATIO = 3;
const TARGET_RSS_MB = 400;
const TARGET_BIG_RSS_MB = 1536;

const PAGES_PER_PDF = 10;
const JPEGS = 5;

// ─────────────────────────────────────────────────────────────── tools

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined;
const HAS_QPDF = has('qpdf', ['--version']);
const HAS_PDFUNITE = has('pdfunite', ['-v']);

/** The child's environment: no NODE_OPTIONS inherited from tsx or the shell, so the node child is plain node. */
const childEnv = (() => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
})();

interface Measured {
  wallS: number;
  /** Peak RSS in KB (GNU time %M, else the child's own report); undefined when neither is known. */
  rssKB?: number;
  stdout: string;
}

/** Runs a command to completion; wall time from here, peak RSS from GNU time. Throws when it fails. */
function measure(cmd: string, args: string[], work: string): Measured {
  const timeFile = path.join(work, `time-${process.pid}.txt`);
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%e %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const started = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', env: childEnv, maxBuffer: 64 * 1024 * 1024 });
  const wallS = (performance.now() - started) / 1000;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-4000)}`);
  let rssKB: number | undefined;
  if (hasGnuTime) {
    const m = /(\S+)\s+(\d+)\s*$/.exec(readFileSync(timeFile, 'utf8'));
    if (m) rssKB = Number(m[2]);
  }
  return { wallS, ...(rssKB !== undefined ? { rssKB } : {}), stdout: r.stdout };
}

function pageCount(files: string[]): number {
  let n = 0;
  for (const f of files) {
    const r = spawnSync('qpdf', ['--show-npages', f], { encoding: 'utf8' });
    n += Number.parseInt(r.stdout, 10);
  }
  return n;
}

// ─────────────────────────────────────────────────────────────── inputs

/** Mostly Letter, some A4 and legal: 7 in 10 Letter, 2 A4, 1 legal. */
const sizeOf = (i: number): PageSize => (i % 10 === 9 ? 'legal' : i % 10 >= 7 ? 'a4' : 'letter');
const CATEGORIES = ['identity', 'persecution', 'medical', 'witness', 'country-conditions', 'other'] as const;
const pdfName = (i: number) => `evidence/doc-${String(i + 1).padStart(3, '0')}.pdf`;
const jpegName = (j: number) => `evidence/photo-${j + 1}.jpg`;

async function generateEvidence(dir: string, pdfs: number): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  await mkdir(path.join(dir, 'evidence'), { recursive: true });
  let bytes = 0;
  for (let i = 0; i < pdfs; i++) {
    const pdf = await makeTextPdf({ title: `Bench exhibit ${i + 1} (${sizeOf(i)})`, pages: PAGES_PER_PDF, size: sizeOf(i), seed: 1000 + i });
    await writeFile(path.join(dir, pdfName(i)), pdf);
    bytes += pdf.length;
  }
  for (let j = 0; j < JPEGS; j++) {
    const jpg = makeJpeg({ width: 1200, height: 1600, seed: 5000 + j, quality: 75 });
    await writeFile(path.join(dir, jpegName(j)), jpg);
    bytes += jpg.length;
  }
  return { seconds: (performance.now() - started) / 1000, bytes };
}

/** The sample affirmative intake with `evidence` replaced by `pdfs` PDFs and the JPEGs (one after every tenth PDF). */
async function writeIntake(dir: string, name: string, pdfs: number): Promise<string> {
  const intake = JSON.parse(await readFile(SAMPLE_INTAKE, 'utf8')) as Record<string, unknown> & { events?: { evidence?: string[] }[] };
  const files: string[] = [];
  for (let i = 0; i < pdfs; i++) {
    files.push(pdfName(i));
    const j = Math.floor(i / 10);
    if (i % 10 === 9 && j < JPEGS) files.push(jpegName(j));
  }
  for (let j = Math.ceil(pdfs / 10); j < JPEGS; j++) files.push(jpegName(j));
  const evidence = files.map((file, k) => ({
    id: `ex-${String(k + 1).padStart(3, '0')}`,
    title: file.endsWith('.jpg') ? `Photograph ${k + 1} of a document` : `Supporting document ${k + 1}`,
    category: CATEGORIES[k % CATEGORIES.length],
    file,
    ...(k % 3 === 0 ? { date: `2023-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}` } : {}),
    language: 'en',
  }));
  intake.evidence = evidence;
  // Each event cites one of the new exhibits, so every reference resolves.
  intake.events = (intake.events ?? []).map((e, k) => ({ ...e, evidence: [evidence[k]!.id] }));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(intake, null, 2));
  return file;
}

const PIPELINE_YAML = `name: bench-packet
description: The exhibit packet only, as the shipped pipelines configure it
steps:
  - kind: packet
    id: packet
    output: "{{caseId}}-exhibits.pdf"
    pageNumbers:
      format: "{{page}}"
      position: bottom-center
    maxFileSizeMB: 25
`;

/** Plain ESM run by plain node: import the built library, build the one-step pipeline, report. */
const RUNNER_MJS = `import path from 'node:path';
const AGAIN = 5;
const [dist, intake, pipelinesDir, templatesDir, outDir, today, again] = process.argv.slice(2);
const t0 = performance.now();
const lib = await import(dist);
const t1 = performance.now();
const builder = await lib.CaseBuilder.open({ outDir, templatesDir, pipelinesDir, today });
if (builder.problems.length) { console.error(JSON.stringify(builder.problems, null, 1)); process.exit(2); }
const t2 = performance.now();
const r = await builder.build(intake);
const t3 = performance.now();
if (!r.ok) { console.error(JSON.stringify(r.problems.filter((p) => p.severity !== 'warning'), null, 1)); process.exit(3); }
const files = r.outputs.flatMap((o) => o.files.map((f) => path.join(o.dir, f)));
// With "again": the same case AGAIN more times in the same process, the code loaded and warmed
// up, as in a batch or watch run that builds many cases; the first of them and their median.
let againS, warmS;
if (again) {
  const warm = await lib.CaseBuilder.open({ outDir: outDir + '-again', templatesDir, pipelinesDir, today, force: true });
  const times = [];
  for (let k = 0; k < AGAIN; k++) {
    const t = performance.now();
    const r2 = await warm.build(intake);
    if (!r2.ok) process.exit(3);
    times.push((performance.now() - t) / 1000);
  }
  againS = times[0];
  warmS = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
process.stdout.write(JSON.stringify({ importS: (t1 - t0) / 1000, pipelinesS: (t2 - t1) / 1000, buildS: (t3 - t2) / 1000, againS, warmS, files, maxRssKB: process.resourceUsage().maxRSS }) + '\\n');
`;

interface Case {
  label: string;
  intake: string;
  pdfs: string[];
  exhibitPages: number;
}

// ─────────────────────────────────────────────────────────────── runs

interface Sample {
  wallS: number;
  rssKB?: number;
  pages: number;
  bytes: number;
  files: number;
  child?: { importS: number; pipelinesS: number; buildS: number; againS?: number; warmS?: number; maxRssKB: number };
}

async function sizeOfFiles(files: string[]): Promise<number> {
  let n = 0;
  for (const f of files) n += (await stat(f)).size;
  return n;
}

async function runPacket(work: string, c: Case, tag: string, nodeFlags: string[] = [], again = false): Promise<Sample> {
  const out = path.join(work, 'out', tag);
  await rm(out, { recursive: true, force: true });
  const m = measure(process.execPath, [...nodeFlags, path.join(work, 'runner.mjs'), pathToFileURL(DIST_INDEX).href, c.intake, path.join(work, 'pipelines'), TEMPLATES_DIR, out, TODAY, ...(again ? ['again'] : [])], work);
  const child = JSON.parse(m.stdout.trim().split('\n').at(-1)!) as Sample['child'] & { files: string[] };
  const sample: Sample = {
    wallS: m.wallS,
    rssKB: m.rssKB ?? child.maxRssKB,
    pages: pageCount(child.files),
    bytes: await sizeOfFiles(child.files),
    files: child.files.length,
    child: { importS: child.importS, pipelinesS: child.pipelinesS, buildS: child.buildS, ...(child.againS !== undefined ? { againS: child.againS } : {}), ...(child.warmS !== undefined ? { warmS: child.warmS } : {}), maxRssKB: child.maxRssKB },
  };
  await rm(out, { recursive: true, force: true });
  await rm(`${out}-again`, { recursive: true, force: true });
  return sample;
}

async function runMerge(work: string, tool: 'qpdf' | 'pdfunite', c: Case, tag: string): Promise<Sample> {
  const out = path.join(work, 'out', `${tag}.pdf`);
  await mkdir(path.dirname(out), { recursive: true });
  const args = tool === 'qpdf' ? ['--empty', '--pages', ...c.pdfs, '--', out] : [...c.pdfs, out];
  const m = measure(tool, args, work);
  const sample: Sample = { wallS: m.wallS, ...(m.rssKB !== undefined ? { rssKB: m.rssKB } : {}), pages: pageCount([out]), bytes: (await stat(out)).size, files: 1 };
  await rm(out, { force: true });
  return sample;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : (kb / 1024).toFixed(1));
const secs = (s: number) => s.toFixed(2);

interface Row {
  tool: string;
  samples: Sample[];
}

function summarise(r: Row) {
  const rss = r.samples.map((s) => s.rssKB).filter((x): x is number => x !== undefined);
  return {
    pages: r.samples[0]!.pages,
    wall: median(r.samples.map((s) => s.wallS)),
    rssKB: rss.length ? Math.max(...rss) : undefined,
    bytes: r.samples[0]!.bytes,
    files: r.samples[0]!.files,
  };
}

function printTable(rows: Row[]): { ratio?: number; packet: ReturnType<typeof summarise> } {
  const qpdf = rows.find((r) => r.tool === 'qpdf');
  const qWall = qpdf ? summarise(qpdf).wall : undefined;
  const head = ['tool', 'pages', 'wall s (median)', 'peak RSS MB', 'output MB', 'vs qpdf', 'all runs, s'];
  const body = rows.map((r) => {
    const s = summarise(r);
    return [
      r.tool,
      String(s.pages),
      secs(s.wall),
      mb(s.rssKB),
      `${(s.bytes / 1024 / 1024).toFixed(1)}${s.files > 1 ? ` (${s.files} files)` : ''}`,
      qWall ? `${(s.wall / qWall).toFixed(1)}×` : 'n/a',
      r.samples.map((x) => secs(x.wallS)).join(' '),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(head));
  console.log('  ' + widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  const packet = summarise(rows.find((r) => r.tool === 'packet')!);
  return { ...(qWall ? { ratio: packet.wall / qWall } : {}), packet };
}

function printChild(samples: Sample[]): void {
  const c = samples.map((s) => s.child!);
  console.log(
    `  packet child, median: import dist ${secs(median(c.map((x) => x.importS)))} s · load pipeline ${secs(median(c.map((x) => x.pipelinesS)))} s · build ${secs(median(c.map((x) => x.buildS)))} s` +
      ` · maxRSS by resourceUsage ${mb(Math.max(...c.map((x) => x.maxRssKB)))} MB`,
  );
}

const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');

// ─────────────────────────────────────────────────────────────── profile

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives, shortly: `pdf-lib/cjs/core/…` for packages, `dist/…` for the project. */
function shortUrl(url: string): string {
  if (!url) return '(native)';
  const p = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 'node_modules/'.length).replace(/^@cantoo\//, '');
  return p.startsWith(ROOT) ? p.slice(ROOT.length) : p;
}
const groupOf = (url: string): string => {
  const s = shortUrl(url);
  if (s === '(native)' || s.startsWith('node:')) return s === '(native)' ? '(native, GC, idle)' : 'node internals';
  if (s.startsWith('dist/')) return s.split('/').slice(0, 2).join('/');
  return s.split('/')[0]!;
};

async function printProfile(dir: string): Promise<void> {
  const name = (await readdir(dir)).find((n) => n.endsWith('.cpuprofile'));
  if (!name) return console.log('  (no profile written)');
  const prof = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const g = f.functionName === '(garbage collector)' ? '(garbage collector)' : f.functionName === '(idle)' ? '(idle)' : groupOf(f.url);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`  profile ${(total / 1e6).toFixed(2)} s of samples; self time by package / folder:`);
  for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${pct(us)}  ${g}`);
  console.log('  top functions by self time:');
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${pct(us)}  ${k}`);
}

// ─────────────────────────────────────────────────────────────── main

async function main(): Promise<void> {
  const cpu = os.cpus();
  console.log(
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${cpu.length} cores · ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM · ${os.type()} ${os.release()} · Node ${process.version}`,
  );
  console.log(`Load average (1 min) at start: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores (other work running alongside inflates the figures)`);
  const tools = [`qpdf ${HAS_QPDF ? spawnSync('qpdf', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!.replace(/^qpdf version /, '') : 'not installed'}`, HAS_PDFUNITE ? 'pdfunite present' : 'pdfunite not installed'];
  console.log(`Tools: ${tools.join(' · ')} · peak RSS from ${hasGnuTime ? 'GNU time %M' : "the node child's resourceUsage (GNU time missing: apt-get install -y time)"}`);
  if (!HAS_QPDF) console.log('qpdf is needed for the reference and for counting pages: apt-get install -y qpdf');

  if (!NO_BUILD) {
    const t = performance.now();
    const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
    console.log(`Built dist/ with npm run build in ${secs((performance.now() - t) / 1000)} s (not part of any figure)`);
  } else if (!existsSync(DIST_INDEX)) {
    throw new Error('dist/ is missing: run npm run build, or drop BENCH_NO_BUILD');
  }

  const work = await mkdtemp(path.join(os.tmpdir(), 'packet-bench-'));
  try {
    const pdfCount = QUICK ? 50 : 200;
    const gen = await generateEvidence(work, pdfCount);
    await mkdir(path.join(work, 'pipelines'));
    await writeFile(path.join(work, 'pipelines', 'bench.yaml'), PIPELINE_YAML);
    await writeFile(path.join(work, 'runner.mjs'), RUNNER_MJS);
    const mix = (n: number) => {
      const sizes = Array.from({ length: n }, (_, i) => sizeOf(i));
      return `${sizes.filter((s) => s === 'letter').length} Letter, ${sizes.filter((s) => s === 'a4').length} A4, ${sizes.filter((s) => s === 'legal').length} legal`;
    };
    const makeCase = async (n: number, label: string): Promise<Case> => ({
      label,
      intake: await writeIntake(work, `intake-${n}.json`, n),
      pdfs: Array.from({ length: n }, (_, i) => path.join(work, pdfName(i))),
      exhibitPages: n * PAGES_PER_PDF + JPEGS,
    });
    console.log(
      `Inputs: generated ${pdfCount} PDFs × ${PAGES_PER_PDF} pages and ${JPEGS} JPEGs 1200×1600 (${(gen.bytes / 1024 / 1024).toFixed(1)} MB) in ${secs(gen.seconds)} s, under ${work}`,
    );

    // ── 500 pages
    const small = await makeCase(50, '500-page set');
    console.log('');
    console.log(`${small.label}: 50 PDFs × ${PAGES_PER_PDF} pages (${mix(50)}) + ${JPEGS} JPEGs = ${small.exhibitPages} exhibit pages; ${RUNS} run${RUNS === 1 ? '' : 's'} per tool, interleaved`);
    console.log('  packet = node + dist/ building a one-step pipeline (cover, contents, tab pages, page numbers, bookmarks); qpdf/pdfunite merge the 50 PDFs only');
    const rows: Row[] = [{ tool: 'packet', samples: [] }, ...(HAS_QPDF ? [{ tool: 'qpdf', samples: [] }] : []), ...(HAS_PDFUNITE ? [{ tool: 'pdfunite', samples: [] }] : [])];
    for (let k = 0; k < RUNS; k++) {
      for (const row of rows) {
        row.samples.push(row.tool === 'packet' ? await runPacket(work, small, `packet-500-${k}`) : await runMerge(work, row.tool as 'qpdf' | 'pdfunite', small, `${row.tool}-500-${k}`));
      }
    }
    const { ratio, packet } = printTable(rows);
    printChild(rows[0]!.samples);
    const again = (await runPacket(work, small, 'packet-500-warm', [], true)).child;
    const qpdfRow = rows.find((r) => r.tool === 'qpdf');
    // The reference of figures 2 and 3 in the Summary (bench/results.ts): this median, not a second set timed again.
    if (qpdfRow) results.qpdf500 = { medianS: median(qpdfRow.samples.map((x) => x.wallS)), runs: qpdfRow.samples.length };
    if (again?.againS !== undefined && again.warmS !== undefined) {
      const q = qpdfRow ? median(qpdfRow.samples.map((x) => x.wallS)) : undefined;
      const vs = (t: number) => (q ? ` · ${(t / q).toFixed(1)}× qpdf` : '');
      console.log(`  the same case built again in the same process (code loaded, as in a batch or watch run): first time ${secs(again.againS)} s${vs(again.againS)}; median of 5, warmed up, ${secs(again.warmS)} s${vs(again.warmS)}`);
      if (q) console.log(`  in a process that has warmed up, packet/qpdf ≤ ${TARGET_RATIO}× → ${(again.warmS / q).toFixed(1)}× ${verdict(again.warmS / q <= TARGET_RATIO)}`);
    }
    const rssMB = packet.rssKB === undefined ? undefined : packet.rssKB / 1024;
    console.log(
      `  targets: packet/qpdf ≤ ${TARGET_RATIO}× → ${ratio === undefined ? 'n/a' : `${ratio.toFixed(1)}× ${verdict(ratio <= TARGET_RATIO)}`}` +
        ` · peak RSS ≤ ${TARGET_RSS_MB} MB → ${rssMB === undefined ? 'n/a' : `${rssMB.toFixed(1)} MB ${verdict(rssMB <= TARGET_RSS_MB)}`}`,
    );

    // ── 2,000 pages
    if (!QUICK) {
      const big = await makeCase(200, '2,000-page set');
      console.log('');
      console.log(`${big.label}: 200 PDFs × ${PAGES_PER_PDF} pages (${mix(200)}) + ${JPEGS} JPEGs = ${big.exhibitPages} exhibit pages; 1 run per tool`);
      const bigRows: Row[] = [{ tool: 'packet', samples: [] }, ...(HAS_QPDF ? [{ tool: 'qpdf', samples: [] }] : [])];
      let failed: string | undefined;
      try {
        bigRows[0]!.samples.push(await runPacket(work, big, 'packet-2000'));
      } catch (err) {
        failed = (err as Error).message;
      }
      if (failed) {
        console.log(`  packet did not complete: ${failed.split('\n')[0]} → target "completes under 1.5 GB" MISSES`);
      } else {
        if (HAS_QPDF) bigRows[1]!.samples.push(await runMerge(work, 'qpdf', big, 'qpdf-2000'));
        const { packet: p } = printTable(bigRows);
        printChild(bigRows[0]!.samples);
        const bigMB = p.rssKB === undefined ? undefined : p.rssKB / 1024;
        console.log(`  target: completes under ${(TARGET_BIG_RSS_MB / 1024).toFixed(1)} GB → completed, peak ${bigMB === undefined ? 'n/a' : `${bigMB.toFixed(1)} MB ${verdict(bigMB < TARGET_BIG_RSS_MB)}`}`);
      }
    }

    // ── where the time goes
    if (PROFILE) {
      console.log('');
      console.log('CPU profile of one extra packet run on the 500-page set (node --cpu-prof on the whole child, imports included; not timed):');
      const dir = path.join(work, 'profile');
      await runPacket(work, small, 'packet-profile', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      await printProfile(dir);
    }
    console.log('');
    console.log(`Load average (1 min) at end: ${os.loadavg()[0]!.toFixed(2)} (includes this benchmark's own runs)`);
  } finally {
    if (KEEP) console.log(`\nKept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
