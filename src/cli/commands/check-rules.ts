/**
 * `asylum-packet check-rules <intake…>`: runs the filing rules (src/filing-rules) on each valid
 * intake and prints, per intake, a table of rule, result, message and source. An invalid intake
 * prints its validation problems instead.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkRules, FILING_RULES, hasRuleErrors, type BuiltFiling, type RuleResult, type RuleSeverity } from '../../filing-rules/engine.js';
import { localToday, validateIntakeFile, type IntakeResult } from '../../intake/validate.js';
import { expandInputs } from '../inputs.js';
import { EXIT, paint, type CliIO } from '../io.js';
import { todayOption } from '../options.js';
import { formatResult } from '../report.js';

export interface CheckRulesFlags {
  json?: boolean;
  today?: string;
  /** Where the cases were built: their manifests give the built PDFs' sizes. */
  out?: string;
}

interface Checked {
  file: string;
  validation: IntakeResult;
  results: RuleResult[] | null;
}

const RULE_WIDTH = Math.max(4, ...FILING_RULES.map((r) => r.id.length));
const RESULT_WIDTH = 7;
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function checkRulesCommand(patterns: string[], flags: CheckRulesFlags, io: CliIO): Promise<number> {
  const today = todayOption(flags.today) ?? localToday();
  const files = await expandInputs(patterns, io.cwd);
  const checked: Checked[] = [];
  for (const file of files) {
    const r = await validateIntakeFile(path.resolve(io.cwd, file), { today });
    const validation = { ...r, file, problems: r.problems.map((p) => ({ ...p, location: { ...p.location, file } })) } as IntakeResult;
    let results: RuleResult[] | null = null;
    if (validation.ok) {
      const built = flags.out === undefined ? undefined : await builtFilings(flags.out, validation.case.intake.caseId, io);
      results = checkRules(validation.case, { today, ...(built ? { built } : {}) });
    }
    const one: Checked = { file, validation, results };
    checked.push(one);
    if (!flags.json) io.stdout(formatChecked(one, today, io));
  }
  if (flags.json) io.stdout(JSON.stringify(toJson(checked, today), null, 2) + '\n');
  else io.stdout(formatSummary(checked, io));
  return checked.every((c) => c.results !== null && !hasRuleErrors(c.results)) ? EXIT.ok : EXIT.invalid;
}

/** The pipelines published for a case under `out` (their manifest.json), as the user would name their folders. */
async function builtFilings(out: string, caseId: string, io: CliIO): Promise<BuiltFiling[]> {
  const { readManifest } = await import('../../builder/manifest.js');
  const caseDir = path.join(out, caseId);
  const entries = await readdir(path.resolve(io.cwd, caseDir), { withFileTypes: true }).catch(() => []);
  const built: BuiltFiling[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(caseDir, e.name);
    const manifest = await readManifest(path.resolve(io.cwd, dir));
    if (manifest && manifest.caseId === caseId) built.push({ pipeline: manifest.pipeline, dir, outputs: manifest.outputs.map((o) => ({ file: o.file, bytes: o.bytes })) });
  }
  return built;
}

function severityLabel(s: RuleSeverity, io: CliIO): string {
  const c = paint(io);
  const text = s.padEnd(RESULT_WIDTH);
  return s === 'error' ? c.red(text) : s === 'warning' ? c.yellow(text) : s === 'pass' ? c.green(text) : text;
}

function formatChecked(one: Checked, today: string, io: CliIO): string {
  const c = paint(io);
  const v = one.validation;
  if (!v.ok || !one.results) return `${formatResult(v, io)}  ${c.dim('the filing rules are checked once the intake is valid')}\n\n`;
  const { intake, derived } = v.case;
  const where = intake.proceeding.type === 'affirmative' ? 'affirmative (USCIS)' : 'defensive (immigration court)';
  const errors = one.results.filter((r) => r.severity === 'error').length;
  const mark = errors ? c.red('✖') : c.green('✔');
  let s = `${mark} ${one.file}  ${intake.caseId} · ${where} · ${derived.fullName} · filing on ${derived.filingDate}${derived.filingDateAssumed ? ' (today)' : ''} · checked on ${today}\n`;
  const indent = ' '.repeat(2 + RULE_WIDTH + 2 + RESULT_WIDTH + 2);
  s += `  ${c.bold('rule'.padEnd(RULE_WIDTH))}  ${c.bold('result'.padEnd(RESULT_WIDTH))}  ${c.bold('message · source')}\n`;
  for (const r of one.results) {
    s += `  ${r.id.padEnd(RULE_WIDTH)}  ${severityLabel(r.severity, io)}  ${r.message}${r.path ? c.dim(`  (${r.path})`) : ''}\n`;
    s += `${indent}${c.dim(`source: ${r.source}`)}\n`;
  }
  return s + `  ${tally(one.results)}\n\n`;
}

function tally(results: readonly RuleResult[]): string {
  const n = (s: RuleSeverity) => results.filter((r) => r.severity === s).length;
  return `${count(n('error'), 'error')}, ${count(n('warning'), 'warning')}, ${n('info')} to do, ${n('pass')} passed`;
}

function formatSummary(checked: readonly Checked[], io: CliIO): string {
  const c = paint(io);
  const invalid = checked.filter((x) => !x.results).length;
  const withErrors = checked.filter((x) => x.results && hasRuleErrors(x.results)).length;
  const clean = checked.length - invalid - withErrors;
  const parts = [`${count(checked.length, 'intake')}: ${c.green(`${clean} without errors`)}`, withErrors ? c.red(`${withErrors} with rule errors`) : '0 with rule errors'];
  if (invalid) parts.push(c.red(`${invalid} invalid`));
  return `${parts.join(', ')}\n`;
}

/** The report of `check-rules --json`: its shape is part of the interface (reportVersion 1). */
function toJson(checked: readonly Checked[], today: string) {
  return {
    reportVersion: 1,
    today,
    files: checked.map((x) => ({
      file: x.file,
      valid: x.validation.ok,
      ...(x.validation.ok ? { caseId: x.validation.case.intake.caseId, proceeding: x.validation.case.intake.proceeding.type } : {}),
      ...(x.results ? { errors: x.results.filter((r) => r.severity === 'error').length, results: x.results } : { problems: x.validation.problems }),
    })),
  };
}
