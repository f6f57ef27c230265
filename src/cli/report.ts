/** Formats intake validation results for people (a readable report) and for machines (JSON). */
import { formatContext, formatLocation, type Problem } from '../errors/problem.js';
import type { IntakeResult } from '../intake/validate.js';
import { paint, type CliIO } from './io.js';

export function formatProblem(p: Problem, io: CliIO): string {
  const c = paint(io);
  const where = c.bold(formatLocation(p.location));
  const label = p.severity === 'warning' ? c.yellow('warning: ') : '';
  const what = [p.location.path, formatContext(p.location)].filter(Boolean).join(', ');
  let s = `  ${where}  ${what ? `${what}  ` : ''}${label}${p.message}  ${c.dim(`[${p.code} ${p.name}]`)}\n`;
  if (p.hint) s += `      ${c.dim('hint:')} ${p.hint}\n`;
  return s;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatResult(r: IntakeResult, io: CliIO): string {
  const c = paint(io);
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  const warnings = r.problems.length - errors;
  let s: string;
  if (r.ok) {
    const { intake, derived } = r.case;
    const where = intake.proceeding.type === 'affirmative' ? 'affirmative (USCIS)' : 'defensive (immigration court)';
    s = `${c.green('✔ valid')}   ${r.file}  ${intake.caseId} · ${where} · ${derived.fullName}${warnings ? c.yellow(` · ${count(warnings, 'warning')}`) : ''}\n`;
    s += `      ${oneYearLine(r)}\n`;
  } else {
    s = `${c.red('✖ invalid')} ${r.file}  ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}\n`;
  }
  return s + r.problems.map((p) => formatProblem(p, io)).join('');
}

function oneYearLine(r: Extract<IntakeResult, { ok: true }>): string {
  const y = r.case.derived.oneYear;
  const moved = y.movedBecause ? ` (moved from ${y.anniversary}: ${y.movedBecause})` : '';
  const base = `one-year deadline ${y.deadline}${moved}; last arrival ${y.lastArrival}`;
  if (y.firstFiledOn !== r.case.derived.filingDate) return `${base}; first filed ${y.firstFiledOn}, day ${y.filedOnDay} of 365: ${y.timely ? 'timely' : 'late'}`;
  if (y.timely) return `${base}; filing on ${y.firstFiledOn} is day ${y.filedOnDay} of 365, ${count(y.daysLeft, 'day')} left`;
  return `${base}; filing on ${y.firstFiledOn} is ${count(-y.daysLeft, 'day')} late${y.exception ? `, ${y.exception} circumstances claimed` : ''}`;
}

export function formatSummary(results: IntakeResult[], io: CliIO): string {
  const c = paint(io);
  const valid = results.filter((r) => r.ok).length;
  const invalid = results.length - valid;
  const warnings = results.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
  const parts = [`${count(results.length, 'file')}: ${c.green(`${valid} valid`)}`, invalid ? c.red(`${invalid} invalid`) : '0 invalid'];
  if (warnings) parts.push(c.yellow(count(warnings, 'warning')));
  return `\n${parts.join(', ')}\n`;
}

/** The machine-readable report of `validate --json`; its shape is part of the interface. */
export function resultsToJson(results: IntakeResult[]) {
  return {
    reportVersion: 1,
    files: results.map((r) => ({
      file: r.file,
      valid: r.ok,
      ...(r.ok ? { caseId: r.case.intake.caseId, proceeding: r.case.intake.proceeding.type, derived: r.case.derived } : {}),
      errors: r.problems.filter((p) => p.severity === 'error').length,
      warnings: r.problems.filter((p) => p.severity === 'warning').length,
      problems: r.problems,
    })),
    summary: { files: results.length, valid: results.filter((r) => r.ok).length, invalid: results.filter((r) => !r.ok).length },
  };
}
