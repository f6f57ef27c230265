/**
 * `asylum-packet report <intake> --redact [-o <file>] [--build]`: writes a report that can be
 * attached to a bug report (src/report/bug-report.ts), owner-only (0600), and prints a summary.
 * Only a redacted report may leave the office: without --redact nothing is written.
 */
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../../errors/catalogue.js';
import { bugReport, summarise } from '../../report/bug-report.js';
import { shortHash } from '../../report/redact.js';
import { EXIT, paint, UsageError, type CliIO } from '../io.js';
import { todayOption } from '../options.js';

export interface ReportFlags {
  redact?: boolean;
  output?: string;
  build?: boolean;
  today?: string;
  templates?: string;
  pipelines?: string;
}

/** Shown escaped: a file name typed on the command line is printed, never a control character. */
const shown = (s: string) => JSON.stringify(s);

export async function reportCommand(file: string, flags: ReportFlags, io: CliIO): Promise<number> {
  if (!flags.redact) {
    throw new UsageError(
      problem('usage', { detail: 'report writes only a redacted report: add --redact (only a redacted report may leave the office, and the intake holds a client\'s name, dates, narrative and file names)' }, { file: 'report' }),
    );
  }
  const today = todayOption(flags.today);
  const intake = path.resolve(io.cwd, file);
  const info = await stat(intake).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    const why = info.code === 'ENOENT' ? 'no such file' : info.code === 'EACCES' ? 'permission denied' : info.code ?? 'cannot be read';
    throw new UsageError(problem('usage', { detail: `cannot report on the intake file ${shown(file)}: ${why}` }, { file }));
  }
  if (!info.isFile()) throw new UsageError(problem('usage', { detail: `cannot report on ${shown(file)}: it is not a file` }, { file }));

  const report = await bugReport(intake, {
    ...(today ? { today } : {}),
    build: Boolean(flags.build),
    ...(flags.templates ? { templatesDir: path.resolve(io.cwd, flags.templates) } : {}),
    ...(flags.pipelines ? { pipelinesDir: path.resolve(io.cwd, flags.pipelines) } : {}),
  });

  // The default name carries the case id's hash, never the intake's name (which may be the client's).
  const defaultName = `report-${report.intake.caseIdHash ?? shortHash(path.basename(intake))}.redacted.json`;
  const out = path.resolve(io.cwd, flags.output ?? defaultName);
  if (out === intake) throw new UsageError(problem('usage', { detail: `-o ${shown(flags.output ?? '')} is the intake file itself; name another file` }, { file: '-o' }));
  const outInfo = await stat(out).catch(() => undefined);
  if (outInfo && !outInfo.isFile()) throw new UsageError(problem('usage', { detail: `cannot write the report to ${shown(flags.output ?? defaultName)}: it is not a file` }, { file: '-o' }));

  // Written whole or not at all, owner-only whatever the umask.
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, JSON.stringify(report, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(problem('usage', { detail: `cannot write the report to ${shown(path.relative(io.cwd, out) || out)}: ${e.code ?? e.message}` }, { file: '-o' }));
  }

  const c = paint(io);
  const rel = path.relative(io.cwd, out);
  io.stdout(`${c.green('✔ wrote')} ${rel && !rel.startsWith('..') ? rel : out}  (redacted report of ${file}, mode 0600)\n`);
  io.stdout(summarise(report));
  io.stdout(c.dim('  None of the intake\'s texts, numbers or file names is in it: each is a placeholder such as ‹text: 14 chars, letters+spaces›.\n  Read it before you attach it to a bug report.\n'));
  return EXIT.ok;
}
