/** `asylum-packet build <intakes…>`: builds every matching pipeline of each case into the output folder. */
import os from 'node:os';
import path from 'node:path';
import type { CaseBuild } from '../../builder/build-case.js';
import type { Builder } from '../../builder/builder.js';
import { CaseBuilder } from '../../builder/case-builder.js';
import { MODES, type ModeName } from '../../builder/privacy.js';
import { removeLeftovers } from '../../builder/publish.js';
import { removeStaleTempDirs } from '../../pdf/repair.js';
import { removeStaleHelperFolders } from '../../convert/profiles.js';
import { localToday } from '../../intake/validate.js';
import { expandInputs } from '../inputs.js';
import { EXIT, paint, UsageError, type CliIO } from '../io.js';
import { problem } from '../../errors/catalogue.js';
import { concurrencyOption, foldersOption, limitOption, queueOption, shortPath, todayOption, withShortPath } from '../options.js';
import { PacketError } from '../../errors/problem.js';
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
  /** Permissions of the output folders and files: private (0700/0600, the default) or shared (0750/0640). */
  mode?: ModeName;
  /** Limits changed from their defaults, as `name=value`. */
  limit?: string[];
  /** Queue the cases on this Redis (redis://…) for `asylum-packet worker`s, instead of building them here. */
  queue?: string;
}

export async function buildCommand(patterns: string[], flags: BuildFlags, io: CliIO): Promise<number> {
  todayOption(flags.today);
  const limits = limitOption(flags.limit);
  const c = paint(io);
  const { templatesDir, pipelinesDir } = foldersOption(flags, io);
  const outDir = path.resolve(io.cwd, flags.out);
  const files = await expandInputs(patterns, io.cwd);

  // By default a lane for every 20 cases, at most one a core: a worker process takes a
  // second or two to load and warm up, about what ten cases take (see the README's Performance).
  const byDefault = Math.max(1, Math.min(os.availableParallelism(), Math.ceil(files.length / CASES_PER_WORKER)));
  const concurrency = Math.max(1, Math.min(files.length, concurrencyOption(flags.concurrency, byDefault)));
  // One date for the whole batch, even one that runs past midnight.
  const today = flags.today ?? localToday();
  const modes = MODES[flags.mode ?? 'private'];
  let builder: Builder;
  if (flags.queue) {
    // The workers build, and each removes what a killed build of its case left, once it holds the case.
    const address = queueOption(flags.queue);
    if (flags.concurrency !== undefined) throw new UsageError(problem('usage', { detail: '--concurrency does not apply with --queue: the queue\'s workers build the cases (start more workers to build more at once)' }, { file: '--concurrency' }));
    const { QueuedBuilder } = await import('../../queue/queued-builder.js');
    try {
      // The folders go to the workers only when given: a worker on another machine has its own shipped ones.
      builder = await QueuedBuilder.open({ address, outDir, ...(flags.templates ? { templatesDir } : {}), ...(flags.pipelines ? { pipelinesDir } : {}), force: Boolean(flags.force), today, modes, limits });
    } catch (err) {
      if (!(err instanceof PacketError)) throw err;
      io.stdout(`${c.red('✖ queue')} ${address.shown}: nothing was queued\n${err.problems.map((p) => formatProblem(p, io)).join('')}`);
      return EXIT.invalid;
    }
  } else {
    // What a killed build left: staging folders in the output folder, a qpdf repair's temporary folder.
    await removeLeftovers(outDir);
    await removeStaleTempDirs();
    await removeStaleHelperFolders();
    builder = await CaseBuilder.open({ outDir, templatesDir, pipelinesDir, concurrency, force: Boolean(flags.force), today, modes, limits });
  }
  const builds: CaseBuild[] = new Array(files.length);
  try {
    if (builder.problems.length) {
      io.stdout(`${c.red('✖ pipelines')} ${shortPath(pipelinesDir, io)}: ${builder.problems.length} problem${builder.problems.length === 1 ? '' : 's'}; no case was built\n`);
      io.stdout(builder.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
      return EXIT.invalid;
    }
    let finished = 0;
    await Promise.all(
      files.map(async (file, i) => {
        const b = await builder.build(path.resolve(io.cwd, file));
        builds[i] = { ...b, file };
        if (io.color) io.stdout('\r\u001b[K');
        io.stdout(formatBuild(builds[i]!, io));
        if (io.color) io.stdout(`\r${c.dim(`building ${++finished}/${files.length} …`)}\u001b[K`);
      }),
    );
  } finally {
    await builder.close();
  }
  if (io.color) io.stdout('\r\u001b[K');
  io.stdout(summaryTable(builds, io));
  const failed = builds.filter((b) => !b.ok).length;
  const incomplete = builds.filter(isIncomplete).length;
  const current = builds.filter((b) => b.ok && b.outputs.every((o) => o.upToDate)).length;
  const written = builds.reduce((n, b) => n + b.outputs.filter((o) => !o.upToDate).reduce((m, o) => m + o.files.length, 0), 0);
  io.stdout(
    `\n${builds.length} case${builds.length === 1 ? '' : 's'}: ${c.green(`${builds.length - failed - current} built`)}, ${current} up to date, ${failed ? c.red(`${failed} failed`) : '0 failed'}${incomplete ? `, ${c.red(`${incomplete} with a document missing`)}` : ''}; ${written} document${written === 1 ? '' : 's'} written in ${shortPath(outDir, io)}\n`,
  );
  return failed || incomplete ? EXIT.invalid : EXIT.ok;
}

/** Built, but a step failed alone (a form whose field map does not fit it): a document is missing. */
const isIncomplete = (b: CaseBuild) => b.ok && b.problems.some((p) => p.severity === 'error');

function formatBuild(b: CaseBuild, io: CliIO): string {
  const c = paint(io);
  const problems = b.problems.map((p) => formatProblem(withShortPath({ ...p, location: { ...p.location, file: p.location.file === path.resolve(io.cwd, b.file) ? b.file : p.location.file } }, io), io)).join('');
  if (!b.ok) {
    const kept = b.kept?.length ? `; the previous filing is kept: ${b.kept.map((k) => `${shortPath(k.dir, io)} (${k.files.length})`).join(', ')}` : '';
    return `${c.red('✖ failed')}  ${b.file}${b.caseId ? `  ${b.caseId}` : ''}  (nothing written${kept})\n${problems}`;
  }
  if (b.outputs.every((o) => o.upToDate)) return `${c.dim('• up to date')}  ${b.file}  ${b.caseId}  ${c.dim('(same inputs as the published outputs; --force rebuilds)')}\n`;
  let s = isIncomplete(b)
    ? `${c.red('✖ built, with a document missing')}   ${b.file}  ${b.caseId}  ${c.dim(`${b.ms} ms`)}\n`
    : `${c.green('✔ built')}   ${b.file}  ${b.caseId}  ${c.dim(`${b.ms} ms`)}\n`;
  for (const o of b.outputs) {
    s += `      ${shortPath(o.dir, io)}/: ${o.upToDate ? c.dim('up to date') : o.files.join(', ')}\n`;
    for (const f of o.consistency ?? []) {
      const open = f.differences - f.acknowledged;
      const counts = f.differences ? `${f.differences} difference${f.differences === 1 ? '' : 's'}, ${f.acknowledged} acknowledged` : 'no difference';
      s += `      consistency with the ${f.stage} filing of ${f.filedOn}: ${open ? c.yellow(counts) : counts}${f.report ? c.dim(` (${f.report})`) : ''}\n`;
    }
  }
  return s + problems;
}

/** One line a case: what happened, how many documents, how long. */
function summaryTable(builds: CaseBuild[], io: CliIO): string {
  if (builds.length < 2) return '';
  const rows = builds.map((b) => [
    b.file,
    b.caseId ?? '',
    !b.ok ? 'failed' : isIncomplete(b) ? 'incomplete' : b.outputs.every((o) => o.upToDate) ? 'up to date' : 'built',
    String(b.outputs.filter((o) => !o.upToDate).reduce((n, o) => n + o.files.length, 0)),
    `${b.ms} ms`,
  ]);
  const head = ['intake', 'case', 'result', 'documents', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => '  ' + r.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return '\n' + paint(io).bold(line(head)) + rows.map(line).join('');
}

