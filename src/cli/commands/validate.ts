/** `asylum-packet validate <files or globs…>`: checks intake files and reports every problem. */
import path from 'node:path';
import { validateIntakeFile, type IntakeResult } from '../../intake/validate.js';
import { expandInputs } from '../inputs.js';
import { EXIT, type CliIO } from '../io.js';
import { todayOption } from '../options.js';
import { formatResult, formatSummary, resultsToJson } from '../report.js';

export interface ValidateFlags {
  json?: boolean;
  schemaOnly?: boolean;
  today?: string;
}

export async function validateCommand(patterns: string[], flags: ValidateFlags, io: CliIO): Promise<number> {
  todayOption(flags.today);
  const files = await expandInputs(patterns, io.cwd);
  const opts = { schemaOnly: Boolean(flags.schemaOnly), ...(flags.today ? { today: flags.today } : {}) };
  const results: IntakeResult[] = [];
  for (const file of files) {
    const r = await validateIntakeFile(path.resolve(io.cwd, file), opts);
    // Report the file as the user named it, not as an absolute path.
    const shown = { ...r, file, problems: r.problems.map((p) => ({ ...p, location: { ...p.location, file } })) } as IntakeResult;
    results.push(shown);
    if (!flags.json) io.stdout(formatResult(shown, io));
  }
  if (flags.json) io.stdout(JSON.stringify(resultsToJson(results), null, 2) + '\n');
  else io.stdout(formatSummary(results, io));
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.invalid;
}
