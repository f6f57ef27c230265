/** `asylum-packet record-filing <intake> --stage … --date …`: keeps the intake as filed, and what was filed, in history/. */
import path from 'node:path';
import { problem } from '../../errors/catalogue.js';
import { PacketError } from '../../errors/problem.js';
import { isIsoDate } from '../../intake/calendar.js';
import { FILING_STAGES, recordFiling, type FilingStage } from '../../history/record-filing.js';
import { EXIT, UsageError, paint, type CliIO } from '../io.js';
import { foldersOption, shortPath, todayOption, withShortPath } from '../options.js';
import { formatProblem } from '../report.js';

export interface RecordFilingFlags {
  stage: string;
  date: string;
  out: string;
  templates?: string;
  pipelines?: string;
  today?: string;
}

export async function recordFilingCommand(file: string, flags: RecordFilingFlags, io: CliIO): Promise<number> {
  todayOption(flags.today);
  if (!FILING_STAGES.includes(flags.stage as FilingStage)) throw new UsageError(problem('usage', { detail: `--stage expects ${FILING_STAGES.join(', ')}, found "${flags.stage}"` }, { file: '--stage' }));
  if (!isIsoDate(flags.date)) throw new UsageError(problem('usage', { detail: `--date expects the date of the filing, YYYY-MM-DD, found "${flags.date}"` }, { file: '--date' }));
  const c = paint(io);
  const intake = path.resolve(io.cwd, file);
  try {
    const r = await recordFiling(intake, { stage: flags.stage as FilingStage, date: flags.date, outDir: path.resolve(io.cwd, flags.out), ...foldersOption(flags, io), ...(flags.today ? { today: flags.today } : {}) });
    const docs = r.recorded.filings.flatMap((f) => f.documents);
    const tabs = r.recorded.filings.flatMap((f) => f.exhibits.map((x) => x.tab)).filter(Boolean);
    const changed = docs.filter((d) => d.changedSinceBuilt);
    io.stdout(`${c.green('✔ recorded')}  the ${flags.stage} filing of ${flags.date}  (${r.recorded.caseId})\n`);
    io.stdout(`      ${shortPath(r.snapshot, io)}: the intake as filed\n`);
    io.stdout(`      ${shortPath(r.record, io)}: ${docs.length} document${docs.length === 1 ? '' : 's'} (sha256)${tabs.length ? `, exhibits at tabs ${tabs[0]}–${tabs.at(-1)} with their pages` : ''}\n`);
    for (const d of changed) io.stdout(`      ${c.yellow('note:')} ${d.file} differs from what the build wrote (signed or edited since): it is recorded as it is now\n`);
    io.stdout(`      ${file}: proceeding.priorFilings[${r.entry}] names the snapshot\n`);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof PacketError)) throw err;
    io.stdout(`${c.red('✖ not recorded')}  ${file}\n`);
    for (const p of err.problems) io.stdout(formatProblem(withShortPath(p, io), io));
    return EXIT.invalid;
  }
}
