/**
 * npm run bench (second part): a case in a new process, batch throughput and watch latency, in one
 * run on the same inputs.
 *  - A new process: `validate` of the sample case against `node -e ''` (10 runs each, interleaved,
 *    medians), and `build` of the sample case with one worker (median of 5 runs).
 *  - 100 copies of the sample affirmative case built by `asylum-packet build --force` with
 *    --concurrency 1 and 2: wall time, cases per second, CPU use and peak RSS (GNU time), and the
 *    speed-up; then the ceiling of any two-worker design here: two separate one-worker builds of
 *    half the cases each, side by side; two workers are judged against that ceiling.
 *  - Watch latency: 20 drops of the sample case into a watched folder (written under a .tmp name,
 *    then renamed, as a careful copier does), from the rename to its status file saying "built":
 *    median and worst. Targets: 2 workers ≥ 90 % of the ceiling; median latency ≤ 1.5 s.
 * Prints figures only; asserts nothing. What the Summary needs is recorded in bench/results.ts.
 *
 * Environment: BENCH_CASES=100 (cases in the batch), BENCH_DROPS=20 (watch drops), BENCH_NO_BUILD=1
 * (use dist/ as it is, as bench/run.ts does after bench/packet.ts has just built it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median as medianOf, results, TARGETS } from './results.js';
import { sampleCopies } from './sample-copies.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'bin', 'asylum-packet.js');
const CASES = Number(process.env.BENCH_CASES ?? 100);
const DROPS = Number(process.env.BENCH_DROPS ?? 20);
const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;
const TODAY = '2026-11-22';
const SAMPLE = 'fixtures/samples/intake-affirmative.json';
const VALIDATE_RUNS = 10;
const SINGLE_RUNS = 5;

const work = await mkdtemp(path.join(os.tmpdir(), 'batch-bench-'));
try {
  if (process.env.BENCH_NO_BUILD !== '1') spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, stdio: 'inherit' });
  const sample = JSON.parse(await readFile(path.join(repo, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
  const inDir = path.join(work, 'in');
  const files = await sampleCopies(inDir, CASES, 'bench');

  console.log(`Machine: ${os.cpus()[0]?.model ?? '?'} · ${os.cpus().length} cores · Node ${process.version}`);

  // A new process, from the repository folder: wall time of the whole process, output ignored.
  let failed = 0;
  const wallOf = (argv: string[]): number => {
    const started = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (r.status !== 0) failed++;
    if (r.status !== 0) console.log(`  (exit ${r.status ?? r.signal}: node ${argv.join(' ')}) ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    return wall;
  };
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nA new process: the sample affirmative case (${SAMPLE}), from ${repo}`);
  const validateArgs = ['bin/asylum-packet.js', 'validate', '--today', TODAY, SAMPLE];
  const validateS: number[] = [];
  const nodeS: number[] = [];
  for (let k = 0; k < VALIDATE_RUNS; k++) {
    validateS.push(wallOf(validateArgs));
    nodeS.push(wallOf(['-e', '']));
  }
  results.validate = { medianS: medianOf(validateS), nodeMedianS: medianOf(nodeS), runs: VALIDATE_RUNS, failed };
  failed = 0;
  console.log(`  node ${validateArgs.join(' ')}: median ${results.validate.medianS.toFixed(2)} s of ${VALIDATE_RUNS} (${list(validateS)})`);
  console.log(`  node -e '', interleaved with it: median ${results.validate.nodeMedianS.toFixed(2)} s of ${VALIDATE_RUNS} (${list(nodeS)})`);
  const singleS: number[] = [];
  for (let k = 0; k < SINGLE_RUNS; k++) {
    singleS.push(wallOf(['bin/asylum-packet.js', 'build', '--force', '--today', TODAY, '--concurrency', '1', '--out', path.join(work, `out-single-${k}`), SAMPLE]));
  }
  results.single = { medianS: medianOf(singleS), runs: SINGLE_RUNS, failed };
  console.log(`  node bin/asylum-packet.js build --force --today ${TODAY} --concurrency 1 --out <new tmp folder each run> ${SAMPLE}: median ${results.single.medianS.toFixed(2)} s of ${SINGLE_RUNS} (${list(singleS)})`);
  console.log(`\nBatch: ${CASES} copies of the sample affirmative case (declaration, cover letter, exhibit packet, index, 3 certificates, checklist), build --force`);
  const rows: { workers: number; wall: number; rssMB: number | null; cpu: string }[] = [];
  const timed = (argv: string[]) => {
    const started = performance.now();
    const r = hasGnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M %P', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      : spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wall = (performance.now() - started) / 1000;
    const [rssKB, cpu] = hasGnuTime ? r.stderr.trim().split('\n').at(-1)!.split(' ') : [];
    if (r.status !== 0) console.log(`  (exit ${r.status})`);
    return { wall, rssMB: Number.isFinite(Number(rssKB)) ? Number(rssKB) / 1024 : null, cpu: cpu ?? 'n/a' };
  };
  const buildArgs = (workers: number, out: string, cases: string[]) => [bin, 'build', '--force', '--today', '2026-11-22', '--concurrency', String(workers), '--out', path.join(work, out), ...cases];
  for (const workers of [1, 2]) rows.push({ workers, ...timed(buildArgs(workers, `out-${workers}`, files)) });
  for (const row of rows) console.log(`  ${row.workers} worker${row.workers === 1 ? ' ' : 's'}: ${row.wall.toFixed(2)} s · ${(CASES / row.wall).toFixed(1)} cases/s · CPU ${row.cpu} · peak RSS ${row.rssMB === null ? 'n/a' : `${row.rssMB.toFixed(0)} MB`} (largest process)`);
  const perCase = rows[0]!.wall / CASES;
  const warmPerCase = CASES > 1 ? (rows[0]!.wall - results.single.medianS) / (CASES - 1) : undefined;
  console.log(
    `  1 worker, per case: ${perCase.toFixed(3)} s (wall / ${CASES}, start-up included)` +
      (warmPerCase === undefined ? '' : ` · ${warmPerCase.toFixed(3)} s excluding start-up ((wall − ${results.single.medianS.toFixed(2)} s of 1 case in a new process) / ${CASES - 1})`),
  );

  // What any two-worker design could give on this machine: two separate one-worker builds of
  // half the cases each, at the same time, sharing nothing but the machine.
  const half = Math.ceil(files.length / 2);
  const started = performance.now();
  await Promise.all(
    [files.slice(0, half), files.slice(half)].map(
      (cases, i) => new Promise<void>((resolve) => spawn(process.execPath, buildArgs(1, `out-half-${i}`, cases), { stdio: 'ignore' }).on('exit', () => resolve())),
    ),
  );
  const apart = (performance.now() - started) / 1000;
  console.log(`  ceiling here: two separate one-worker builds of ${half} cases each, side by side: ${apart.toFixed(2)} s → ${(rows[0]!.wall / apart).toFixed(2)}× one worker`);
  const efficiency = apart / rows[1]!.wall;
  console.log(
    `  2 workers against the ceiling: ${apart.toFixed(2)} s / ${rows[1]!.wall.toFixed(2)} s = ${(100 * efficiency).toFixed(0)}% (2 workers are ${(rows[0]!.wall / rows[1]!.wall).toFixed(2)}× one worker)` +
      ` · target ≥ ${100 * TARGETS.efficiency}% → ${efficiency >= TARGETS.efficiency ? 'meets' : 'MISSES'}`,
  );
  results.batch = { cases: CASES, oneWorkerS: rows[0]!.wall, twoWorkersS: rows[1]!.wall, ceilingS: apart, half };

  // Watch latency.
  const watchIn = path.join(work, 'watch-in');
  await mkdir(watchIn, { recursive: true });
  await cp(path.join(repo, 'fixtures/samples/evidence'), path.join(watchIn, 'evidence'), { recursive: true });
  const watcher = spawn(process.execPath, [bin, 'watch', '--in', watchIn, '--out', path.join(work, 'watch-out'), '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => watcher.stdout.on('data', (d: Buffer) => d.toString().includes('"event":"watching"') && resolve()));
  const latencies: number[] = [];
  for (let i = 1; i <= DROPS; i++) {
    const final = path.join(watchIn, `drop-${i}.json`);
    const tmp = `${final}.tmp`;
    await writeFile(tmp, JSON.stringify({ ...sample, caseId: `drop-${i}` }, null, 2));
    const t0 = performance.now();
    await rename(tmp, final);
    const status = final.replace(/\.json$/, '.status.json');
    for (;;) {
      const s = await readFile(status, 'utf8').catch(() => '');
      if (s.includes('"status": "built"') || s.includes('"status": "rejected"')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    latencies.push((performance.now() - t0) / 1000);
  }
  watcher.kill('SIGTERM');
  await new Promise((r) => watcher.on('exit', r));
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)]!;
  console.log(`\nWatch latency: ${DROPS} drops of the sample affirmative case (full pipeline, no document conversion), from the rename into the folder to the status file saying "built"`);
  console.log(`  median ${median.toFixed(2)} s · worst ${latencies.at(-1)!.toFixed(2)} s · target median ≤ 1.5 s → ${median <= 1.5 ? 'meets' : 'MISSES'}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
