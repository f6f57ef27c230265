/** `asylum-packet lint-templates`: lists every template's tags and checks them, and the field maps, before any case runs. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PacketError, type Problem } from '../../errors/problem.js';
import { lintTemplates } from '../../lint/templates.js';
import type { Pipeline } from '../../pipeline/load.js';
import { loadPipelines } from '../../pipeline/load.js';
import { EXIT, paint, type CliIO } from '../io.js';
import { foldersOption, shortPath, withShortPath } from '../options.js';
import { formatProblem } from '../report.js';

export interface LintFlags {
  templates?: string;
  pipelines?: string;
  tags?: boolean;
  json?: boolean;
}

export async function lintTemplatesCommand(flags: LintFlags, io: CliIO): Promise<number> {
  const c = paint(io);
  const { templatesDir, pipelinesDir } = foldersOption(flags, io);
  const loaded = await loadPipelines(pipelinesDir, { templatesDir });
  const results = await lintTemplates(templatesDir, loaded.pipelines);
  const maps = await lintFieldMaps(templatesDir, loaded.pipelines);
  const problems = [...loaded.problems, ...results.flatMap((r) => r.problems), ...maps.flatMap((m) => m.problems)].map((p) => withShortPath(p, io));
  if (flags.json) {
    io.stdout(JSON.stringify({ templates: results.map((r) => ({ template: r.template, tags: r.tags, problems: r.problems.length })), problems }, null, 2) + '\n');
    return problems.length ? EXIT.invalid : EXIT.ok;
  }
  for (const r of results) {
    const mark = r.problems.length ? c.red('✖') : c.green('✔');
    io.stdout(`${mark} ${shortPath(r.file, io)}  ${r.tags.length} tag${r.tags.length === 1 ? '' : 's'}${r.problems.length ? c.red(`, ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`) : ''}\n`);
    if (flags.tags) io.stdout(`    ${c.dim([...new Set(r.tags)].join('  '))}\n`);
    io.stdout(r.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
  }
  for (const m of maps) {
    const mark = m.problems.length ? c.red('✖') : c.green('✔');
    io.stdout(`${mark} ${shortPath(m.file, io)}  ${m.summary}${m.problems.length ? c.red(`, ${m.problems.length} problem${m.problems.length === 1 ? '' : 's'}`) : ''}\n`);
    io.stdout(m.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
  }
  if (loaded.problems.length) io.stdout(loaded.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
  io.stdout(`\n${results.length} templates, ${maps.length} field map${maps.length === 1 ? '' : 's'}, ${loaded.pipelines.length} pipelines: ${problems.length ? c.red(`${problems.length} problem${problems.length === 1 ? '' : 's'}`) : c.green('no problems')}\n`);
  return problems.length ? EXIT.invalid : EXIT.ok;
}

/**
 * The field maps of the pipelines' form steps: their paths and patterns against the model and, when
 * the form is in the templates folder, their field names, kinds and export values against it (a
 * case would fail its form step on these; here they show before any case runs).
 */
async function lintFieldMaps(templatesDir: string, pipelines: Pipeline[]): Promise<{ file: string; summary: string; problems: Problem[] }[]> {
  const files = [...new Set(pipelines.flatMap((p) => p.steps.flatMap((s) => (s.bound.fieldMap ? [s.bound.fieldMap] : []))))];
  if (!files.length) return [];
  const [{ loadFieldMap }, { lintFieldMap }] = await Promise.all([import('../../forms/map.js'), import('../../forms/map-lint.js')]);
  return Promise.all(
    files.map(async (file) => {
      let map;
      try {
        map = await loadFieldMap(file);
      } catch (err) {
        if (err instanceof PacketError) return { file, summary: 'cannot be read', problems: err.problems };
        throw err;
      }
      const problems = lintFieldMap(map);
      const entries = map.fields.length + map.groups.reduce((n, g) => n + g.fields.length, 0) + map.leaveBlank.length;
      const formFile = path.resolve(templatesDir, map.form);
      const bytes = await readFile(formFile).catch(() => undefined);
      if (!bytes) return { file, summary: `${entries} entries; the form ${map.form} is not in the templates folder, so its field names were not checked`, problems };
      const [{ openForm }, { checkMapAgainstForm }, { editionName }] = await Promise.all([import('../../forms/open.js'), import('../../forms/fill.js'), import('../../forms/editions.js')]);
      try {
        const form = await openForm(formFile, bytes);
        problems.push(...checkMapAgainstForm(map, form.fields, form.edition));
        return { file, summary: `${entries} entries against ${editionName(map, form.edition)}, ${form.fields.length} fields`, problems };
      } catch (err) {
        if (err instanceof PacketError) return { file, summary: `the form ${map.form} cannot be opened`, problems: [...problems, ...err.problems] };
        throw err;
      }
    }),
  );
}
