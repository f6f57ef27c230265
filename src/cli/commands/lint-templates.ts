/** `asylum-packet lint-templates`: lists every template's tags and checks them before any case runs. */
import { lintTemplates } from '../../lint/templates.js';
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
  const problems = [...loaded.problems, ...results.flatMap((r) => r.problems)].map((p) => withShortPath(p, io));
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
  if (loaded.problems.length) io.stdout(loaded.problems.map((p) => formatProblem(withShortPath(p, io), io)).join(''));
  io.stdout(`\n${results.length} templates, ${loaded.pipelines.length} pipelines: ${problems.length ? c.red(`${problems.length} problem${problems.length === 1 ? '' : 's'}`) : c.green('no problems')}\n`);
  return problems.length ? EXIT.invalid : EXIT.ok;
}
