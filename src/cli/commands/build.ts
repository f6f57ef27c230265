/** `asylum-packet build <intakes…>`: builds every matching pipeline of each case into the output folder. */
import path from 'node:path';
import { buildCase, type CaseBuild } from '../../build/build-case.js';
import { problem } from '../../errors/catalogue.js';
import { isIsoDate } from '../../intake/calendar.js';
import { loadPipelines } from '../../pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../paths.js';
import { expandInputs } from '../inputs.js';
import { EXIT, UsageError, paint, type CliIO } from '../io.js';
import { formatProblem } from '../report.js';

export interface BuildFlags {
  out: string;
  templates?: string;
  pipelines?: string;
  today?: string;
}

export async function buildCommand(patterns: string[], flags: BuildFlags, io: CliIO): Promise<number> {
  if (flags.today !== undefined && !isIsoDate(flags.today)) throw new UsageError(problem('usage', { detail: `--today expects a date YYYY-MM-DD, found "${flags.today}"` }, { file: '--today' }));
  const c = paint(io);
  const templatesDir = path.resolve(io.cwd, flags.templates ?? DEFAULT_TEMPLATES_DIR);
  const pipelinesDir = path.resolve(io.cwd, flags.pipelines ?? DEFAULT_PIPELINES_DIR);
  const outDir = path.resolve(io.cwd, flags.out);
  const files = await expandInputs(patterns, io.cwd);

  const loaded = await loadPipelines(pipelinesDir, { templatesDir });
  if (loaded.problems.length) {
    io.stdout(`${c.red('✖ pipelines')} ${shorten(pipelinesDir, io)}: ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; no case was built\n`);
    io.stdout(loaded.problems.map((p) => formatProblem(shortenProblem(p, io), io)).join(''));
    return EXIT.invalid;
  }

  const builds: CaseBuild[] = [];
  const claims = new Map<string, string>();
  for (const file of files) {
    const b = await buildCase(path.resolve(io.cwd, file), { outDir, templatesDir, pipelines: loaded.pipelines, claims, ...(flags.today ? { today: flags.today } : {}) });
    builds.push(b);
    io.stdout(formatBuild({ ...b, file }, io));
  }
  const failed = builds.filter((b) => !b.ok).length;
  const written = builds.reduce((n, b) => n + b.outputs.reduce((m, o) => m + o.files.length, 0), 0);
  io.stdout(`\n${builds.length} case${builds.length === 1 ? '' : 's'}: ${c.green(`${builds.length - failed} built`)}, ${failed ? c.red(`${failed} failed`) : '0 failed'}; ${written} document${written === 1 ? '' : 's'} in ${shorten(outDir, io)}\n`);
  return failed ? EXIT.invalid : EXIT.ok;
}

function formatBuild(b: CaseBuild, io: CliIO): string {
  const c = paint(io);
  const problems = b.problems.map((p) => formatProblem(shortenProblem({ ...p, location: { ...p.location, file: p.location.file === path.resolve(io.cwd, b.file) ? b.file : p.location.file } }, io), io)).join('');
  if (!b.ok) return `${c.red('✖ failed')}  ${b.file}${b.caseId ? `  ${b.caseId}` : ''}  (nothing written)\n${problems}`;
  let s = `${c.green('✔ built')}   ${b.file}  ${b.caseId}  ${c.dim(`${b.ms} ms`)}\n`;
  for (const o of b.outputs) s += `      ${shorten(o.dir, io)}/: ${o.files.join(', ')}\n`;
  return s + problems;
}

function shorten(p: string, io: CliIO): string {
  const rel = path.relative(io.cwd, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function shortenProblem<P extends { location: { file: string } }>(p: P, io: CliIO): P {
  return { ...p, location: { ...p.location, file: shorten(p.location.file, io) } };
}
