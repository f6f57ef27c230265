/** `asylum-packet build <intakes…>`: builds every matching pipeline of each case into the output folder. */
import os from 'node:os';
import path from 'node:path';
import { buildCase, claimIntake, type CaseBuild } from '../../builder/build-case.js';
import { BuildPool } from '../../builder/pool.js';
import { localToday } from '../../intake/validate.js';
import { loadPipelines } from '../../pipeline/load.js';
import { expandInputs } from '../inputs.js';
import { EXIT, paint, type CliIO } from '../io.js';
import { concurrencyOption, foldersOption, shortPath, todayOption, withShortPath } from '../options.js';
import { formatProblem } from '../report.js';

/** Cases that make starting one more worker process worth it, when --concurrency is not given. */
const CASES_PER_WORKER = 20;

export interface BuildFlags {
  out: string;
  templates?: string;
  pipelines?: string;
  today?: string;
  force?: boolean;
  /** Cases built at once (default: the number of cores). */
  concurrency?: string;
}

export async function buildCommand(patterns: string[], flags: BuildFlags, io: CliIO): Promise<number> {
  todayOption(flags.today);
  const c = paint(io);
  const { templatesDir, pipelinesDir } = foldersOption(flags, io);
  const outDir = path.resolve(io.cwd, flags.out);
  const files = await expandInputs(patterns, io.cwd);

  const loaded = await loadPipelines(pipelinesDir, { templatesDir });
  if (loaded.problems.length) {
    io.stdout(`${c.red('✖ pipelines')} ${shortPath(pipelinesDir, io)}: ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; no case was built\n`);
    io.stdout(loaded.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
    return EXIT.invalid;
  }

  // By default a lane for every 20 cases, at most one a core: a worker process takes a
  // second or two to load and warm up, about what ten cases take (see the README's Performance).
  const concurrency = concurrencyOption(flags.concurrency, Math.max(1, Math.min(os.availableParallelism(), Math.ceil(files.length / CASES_PER_WORKER))));
  const builds: CaseBuild[] = new Array(files.length);
  const claims = new Map<string, string>();
  const progress = io.color ? (n: number) => io.stdout(`\r${c.dim(`building ${n}/${files.length} …`)}\u001b[K`) : () => undefined;
  let next = 0;
  let finished = 0;
  // This process builds too (its code is loaded and warmed up already); each further lane is a
  // worker process, which takes a second or two to load before its first case.
  const lanes = Math.min(concurrency, files.length);
  const pool = lanes > 1 ? new BuildPool({ size: lanes - 1, templatesDir, pipelinesDir }) : undefined;
  const today = flags.today ?? localToday();
  const buildOne = async (abs: string, lane: number): Promise<CaseBuild> => {
    if (!pool || lane === 0) return buildCase(abs, { outDir, templatesDir, pipelines: loaded.pipelines, claims, force: Boolean(flags.force), today });
    return (await claimIntake(abs, loaded.pipelines, claims, today)) ?? pool.build({ file: abs, outDir, today, force: Boolean(flags.force) });
  };
  const lane = async (n: number) => {
    if (n > 0) await pool!.whenReady(n);
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      const b = await buildOne(path.resolve(io.cwd, file), n);
      builds[i] = { ...b, file };
      if (io.color) io.stdout('\r\u001b[K');
      io.stdout(formatBuild(builds[i]!, io));
      progress(++finished);
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
  } finally {
    await pool?.close();
  }
  if (io.color) io.stdout('\r\u001b[K');
  io.stdout(summaryTable(builds, io));
  const failed = builds.filter((b) => !b.ok).length;
  const current = builds.filter((b) => b.ok && b.outputs.every((o) => o.upToDate)).length;
  const written = builds.reduce((n, b) => n + b.outputs.filter((o) => !o.upToDate).reduce((m, o) => m + o.files.length, 0), 0);
  io.stdout(
    `\n${builds.length} case${builds.length === 1 ? '' : 's'}: ${c.green(`${builds.length - failed - current} built`)}, ${current} up to date, ${failed ? c.red(`${failed} failed`) : '0 failed'}; ${written} document${written === 1 ? '' : 's'} written in ${shortPath(outDir, io)}\n`,
  );
  return failed ? EXIT.invalid : EXIT.ok;
}

function formatBuild(b: CaseBuild, io: CliIO): string {
  const c = paint(io);
  const problems = b.problems.map((p) => formatProblem(withShortPath({ ...p, location: { ...p.location, file: p.location.file === path.resolve(io.cwd, b.file) ? b.file : p.location.file } }, io), io)).join('');
  if (!b.ok) return `${c.red('✖ failed')}  ${b.file}${b.caseId ? `  ${b.caseId}` : ''}  (nothing written)\n${problems}`;
  if (b.outputs.every((o) => o.upToDate)) return `${c.dim('• up to date')}  ${b.file}  ${b.caseId}  ${c.dim('(same inputs as the published outputs; --force rebuilds)')}\n`;
  let s = `${c.green('✔ built')}   ${b.file}  ${b.caseId}  ${c.dim(`${b.ms} ms`)}\n`;
  for (const o of b.outputs) s += `      ${shortPath(o.dir, io)}/: ${o.upToDate ? c.dim('up to date') : o.files.join(', ')}\n`;
  return s + problems;
}

/** One line a case: what happened, how many documents, how long. */
function summaryTable(builds: CaseBuild[], io: CliIO): string {
  if (builds.length < 2) return '';
  const rows = builds.map((b) => [
    b.file,
    b.caseId ?? '',
    !b.ok ? 'failed' : b.outputs.every((o) => o.upToDate) ? 'up to date' : 'built',
    String(b.outputs.filter((o) => !o.upToDate).reduce((n, o) => n + o.files.length, 0)),
    `${b.ms} ms`,
  ]);
  const head = ['intake', 'case', 'result', 'documents', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => '  ' + r.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return '\n' + paint(io).bold(line(head)) + rows.map(line).join('');
}

