/** `asylum-packet check [--update]`: no template or pipeline change changes a document unless its golden is updated. */
import path from 'node:path';
import { check, CHECK_TODAY, type DocumentCheck } from '../../check/check.js';
import { EXIT, paint, type CliIO } from '../io.js';
import { formatProblem } from '../report.js';
import { shortPath, withShortPath } from '../options.js';

export interface CheckFlags {
  update?: boolean;
  templates?: string;
  pipelines?: string;
  goldens?: string;
  samples?: string;
}

export async function checkCommand(flags: CheckFlags, io: CliIO): Promise<number> {
  const c = paint(io);
  const at = (p: string | undefined) => (p === undefined ? undefined : path.resolve(io.cwd, p));
  const r = await check({
    ...(flags.templates ? { templatesDir: at(flags.templates)! } : {}),
    ...(flags.pipelines ? { pipelinesDir: at(flags.pipelines)! } : {}),
    ...(flags.goldens ? { goldensDir: at(flags.goldens)! } : {}),
    ...(flags.samples ? { samplesDir: at(flags.samples)! } : {}),
    update: Boolean(flags.update),
  });
  const rel = (p: string) => shortPath(p, io);
  const seconds = `${(r.ms / 1000).toFixed(1)} s`;

  let out = '';
  if (r.problems.length || r.failed.length) {
    out += `${c.red('✖ build failed')} ${r.failed.length ? r.failed.map(rel).join(', ') : 'pipelines'}: its documents were not checked\n`;
    out += r.problems.map((p) => formatProblem(withShortPath(p, io), io)).join('');
  }

  if (r.updated) {
    for (const d of r.documents) if (d.status !== 'unchanged') out += `  ${label(d, io)}  ${d.document}\n`;
    const { changed, added, removed } = r.updated;
    const total = changed + added + removed;
    const goldensDir = r.documents[0] ? rel(path.dirname(path.dirname(path.dirname(r.documents[0].golden)))) : 'the goldens';
    out += `\nupdated ${goldensDir}: ${total} file${total === 1 ? '' : 's'} changed (${changed} changed, ${added} new, ${removed} removed), ${r.documents.length - total} unchanged  ${c.dim(seconds)}\n`;
    io.stdout(out);
    return r.ok ? EXIT.ok : EXIT.invalid;
  }

  for (const d of r.documents) {
    out += `${label(d, io)}  ${d.document}\n`;
    if (d.status === 'changed') {
      out += `      ${c.dim(`golden ${rel(d.golden)} (-) against this build (+)`)}\n`;
      for (const h of d.hunks ?? []) {
        out += `      ${c.dim(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`)}\n`;
        for (const l of h.lines) {
          const line = `      ${l.op}${l.text}`;
          out += `${l.op === '-' ? c.red(line) : l.op === '+' ? c.green(line) : c.dim(line)}\n`;
        }
      }
    } else if (d.status === 'new') out += `      ${c.dim(`no golden yet (${rel(d.golden)})`)}\n`;
    else if (d.status === 'missing') out += `      ${c.dim(`has a golden (${rel(d.golden)}) but was not built`)}\n`;
  }
  const count = (s: DocumentCheck['status']) => r.documents.filter((d) => d.status === s).length;
  const differ = r.documents.length - count('unchanged');
  out += `\n${r.documents.length} document${r.documents.length === 1 ? '' : 's'} of the samples built on ${CHECK_TODAY}: ${count('unchanged')} unchanged, ${count('changed')} changed, ${count('new')} new, ${count('missing')} missing  ${c.dim(seconds)}\n`;
  if (differ) out += `${c.yellow('If these changes are intended, approve them:')} asylum-packet check --update${flagsFor(flags)}, then commit the goldens.\n`;
  io.stdout(out);
  return r.ok ? EXIT.ok : EXIT.invalid;
}

function label(d: DocumentCheck, io: CliIO): string {
  const c = paint(io);
  switch (d.status) {
    case 'unchanged': return c.green('✔ unchanged');
    case 'changed': return c.red('✖ changed  ');
    case 'new': return c.yellow('✚ new      ');
    case 'missing': return c.red('✖ missing  ');
  }
}

function flagsFor(f: CheckFlags): string {
  return [f.templates && ` --templates ${f.templates}`, f.pipelines && ` --pipelines ${f.pipelines}`, f.goldens && ` --goldens ${f.goldens}`, f.samples && ` --samples ${f.samples}`].filter(Boolean).join('');
}
