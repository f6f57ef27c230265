/**
 * `asylum-packet form-fields <pdf>`: every field of a fillable PDF with its page, kind, export
 * values and the form's own wording of it (its tooltip), to write or check a field map.
 * `--coverage <intake>`: fills the form for that case in memory (nothing is written) and reports
 * what each field got: filled, "N/A"/"None", continued on the continuation page, or left blank
 * and why, with the percentage of the fields the form asks of that case.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../../errors/catalogue.js';
import { PacketError } from '../../errors/problem.js';
import type { FieldOutcome } from '../../forms/coverage.js';
import { editionName } from '../../forms/editions.js';
import { openForm } from '../../forms/open.js';
import { DEFAULT_PIPELINES_DIR } from '../../paths.js';
import { EXIT, UsageError, paint, type CliIO } from '../io.js';
import { formatProblem } from '../report.js';

export interface FormFieldsFlags {
  json?: boolean;
  coverage?: string;
  map?: string;
  today?: string;
  all?: boolean;
}

export async function formFieldsCommand(file: string, flags: FormFieldsFlags, io: CliIO): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, file));
  } catch {
    throw new UsageError(problem('usage', { detail: `no PDF at "${file}"` }, { file }, 'give the path of the fillable PDF, e.g. templates/forms/i-589.pdf'));
  }
  try {
    if (flags.coverage !== undefined) return await coverageReport(file, bytes, flags, io);
    const { fields, hadXfa, edition } = await openForm(file, bytes);
    if (flags.json) {
      io.stdout(JSON.stringify({ file, xfa: hadXfa, edition, fields }, null, 2) + '\n');
      return EXIT.ok;
    }
    const c = paint(io);
    const ed = edition ? `Form ${edition.form} (Rev. ${edition.revision})` : 'no edition printed on it';
    io.stdout(`${file}: ${ed}, ${fields.length} fields${hadXfa ? ' (the XFA beside them is dropped when filling)' : ''}\n`);
    let page: number | null | undefined;
    for (const f of [...fields].sort((a, b) => (a.page ?? 1e9) - (b.page ?? 1e9))) {
      if (f.page !== page) io.stdout(`\n${c.bold(f.page ? `page ${f.page}` : 'on no page')}\n`);
      page = f.page;
      const extra = [
        f.kind,
        f.maxLength !== null ? `max ${f.maxLength}` : '',
        f.multiline ? 'multi-line' : '',
        f.options.length ? `values: ${f.options.map((o) => JSON.stringify(o)).join(', ')}` : '',
      ].filter(Boolean);
      io.stdout(`  ${f.name}  ${c.dim(extra.join(' · '))}\n`);
      if (f.tooltip) io.stdout(`      ${c.dim(f.tooltip.replace(/\s+/g, ' ').trim())}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof PacketError)) throw err;
    io.stdout(err.problems.map((p) => formatProblem(p, io)).join(''));
    return EXIT.invalid;
  }
}

async function coverageReport(file: string, bytes: Uint8Array, flags: FormFieldsFlags, io: CliIO): Promise<number> {
  const [{ validateIntakeFile }, { buildModel }, { loadFieldMap }, { lintFieldMap }, { fillForm }] = await Promise.all([
    import('../../intake/validate.js'),
    import('../../render/model.js'),
    import('../../forms/map.js'),
    import('../../forms/map-lint.js'),
    import('../../forms/fill.js'),
  ]);
  const today = flags.today ?? new Date().toISOString().slice(0, 10);
  const intakeFile = path.resolve(io.cwd, flags.coverage!);
  const v = await validateIntakeFile(intakeFile, { today });
  if (!v.ok) {
    io.stdout(`${flags.coverage}: the intake is not valid, so nothing can be filled from it\n` + v.problems.map((p) => formatProblem(p, io)).join(''));
    return EXIT.invalid;
  }
  const mapFile = path.resolve(io.cwd, flags.map ?? path.join(DEFAULT_PIPELINES_DIR, 'forms/i-589.yaml'));
  const map = await loadFieldMap(mapFile);
  const lint = lintFieldMap(map);
  if (lint.length) throw new PacketError(lint);
  const model = buildModel(v.case, { today });
  const r = await fillForm(file, bytes, map, model, { flatten: false, today: model.derived.filingDate, intakeFile });
  if (flags.json) {
    io.stdout(JSON.stringify({ form: file, edition: r.edition, map: mapFile, intake: flags.coverage, coverage: r.coverage, fields: r.outcomes }, null, 2) + '\n');
    return EXIT.ok;
  }
  const c = paint(io);
  const k = r.coverage;
  io.stdout(`${editionName(map, r.edition)} · map ${path.relative(io.cwd, mapFile) || mapFile} · ${flags.coverage}\n\n`);
  io.stdout(
    `${c.bold(`coverage ${k.percent}%`)} of the ${k.asked} fields the form asks of this case: ${k.filled} filled, ${k.na} answered "N/A" or "None", ${k.continued} continued on the continuation page, ${k.gaps ? c.yellow(`${k.gaps} not answered`) : '0 not answered'}\n`,
  );
  io.stdout(`not asked of this case: ${k.notApplicable} (no such entry, e.g. a fifth child, or no continuation needed); left blank by design: ${k.byDesign} (office use, signatures, Parts F and G)\n`);
  const section = (title: string, list: FieldOutcome[], why: boolean) => {
    if (!list.length) return;
    io.stdout(`\n${c.bold(title)} (${list.length})\n`);
    for (const o of list) io.stdout(`  ${o.page ? `p.${String(o.page).padEnd(3)}` : '     '} ${o.label}${why && o.why ? c.dim(`  (${o.why})`) : ''}\n      ${c.dim(o.field)}\n`);
  };
  section('not answered: the intake lacks the answer the form requires, or the map has no entry', r.outcomes.filter((o) => o.reason === 'unanswered' || o.reason === 'unmapped'), true);
  section('continued on the continuation page', r.outcomes.filter((o) => o.status === 'continued'), true);
  if (flags.all) {
    section('answered "N/A" or "None"', r.outcomes.filter((o) => o.status === 'na' && o.reason !== 'unanswered'), false);
    section('filled', r.outcomes.filter((o) => o.status === 'filled'), false);
    section('not asked of this case', r.outcomes.filter((o) => o.status === 'blank' && (o.reason === 'not-applicable' || o.reason === 'unused-continuation')), true);
    section('left blank by design', r.outcomes.filter((o) => o.status === 'blank' && o.reason === 'by-design'), true);
  } else {
    io.stdout(c.dim('\n--all also lists the fields filled, answered N/A, not asked and blank by design\n'));
  }
  if (r.warnings.length) io.stdout(`\n${r.warnings.map((p) => formatProblem(p, io)).join('')}`);
  return EXIT.ok;
}
