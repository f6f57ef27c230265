/**
 * What the `docx` and `text` steps share: a template, an output name pattern, and optionally
 * `forEach`, a list of the model (e.g. `translations`) with one output per entry, whose entry
 * templates see as `item`.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { valueAtPath } from '../pipeline/when.js';
import type { Model } from '../render/model.js';
import { defineStep } from './define.js';
import type { StepKind } from './types.js';
import { whenChanged } from '../source/when-changed.js';

const documentOptions = z.strictObject({
  template: z.string().min(1).describe('Template file, relative to the templates folder, e.g. "declaration.docx"'),
  output: z.string().min(1).describe('Output file name, a handlebars pattern, e.g. "{{caseId}}-declaration.docx"'),
  forEach: z.string().min(1).optional().describe('A list of the model (e.g. "translations"): one output per entry, which the template sees as `item`; the output name must use {{item.…}}'),
});

interface DocumentKind {
  kind: string;
  description: string;
  /** Template file endings this kind reads, e.g. ['.docx']. */
  extensions: string[];
  /** The renderer, loaded when a step of this kind first runs (a build loads only what its steps need). */
  renderer(): Promise<(templateFile: string, template: Buffer, data: object) => Uint8Array | string>;
}

/** A template's bytes, read again only when the file changes. */
const readTemplate = whenChanged((file) => readFile(file));

function listAt(model: Model, dotted: string): unknown[] {
  const v = valueAtPath(model, dotted);
  return Array.isArray(v) ? v : [];
}

export function documentStep(k: DocumentKind): StepKind {
  return defineStep({
    kind: k.kind,
    description: k.description,
    options: documentOptions,
    bind: (o, { templatesDir }) => {
      const templateFile = path.resolve(templatesDir, o.template);
      return {
        outputs: [o.output],
        template: { name: o.template, forEach: o.forEach },
        inputs: async () => [templateFile],
        async check(ctx) {
          const problems = [];
          if (!k.extensions.some((ext) => o.template.toLowerCase().endsWith(ext))) {
            problems.push(problem('pipelineField', { detail: `a ${k.kind} step takes a template ending in ${k.extensions.join(' or ')}, found "${o.template}"` }, ctx.at(['template'])));
          }
          if (!(await access(templateFile).then(() => true, () => false))) {
            problems.push(problem('templateMissing', { template: o.template, resolved: templateFile }, ctx.at(['template'])));
          }
          if (o.forEach && !/\{\{\s*item[.\s}]/.test(o.output)) {
            problems.push(problem('outputName', { output: o.output, detail: 'must name each entry of forEach, e.g. with {{item.tab}}, or every entry would overwrite the same file' }, ctx.at(['output'])));
          }
          return problems;
        },
        async run(ctx) {
          const [render, template] = await Promise.all([k.renderer(), readTemplate(templateFile)]);
          const items: (Record<string, unknown> | undefined)[] = o.forEach ? (listAt(ctx.model, o.forEach) as Record<string, unknown>[]) : [undefined];
          const files: string[] = [];
          for (const item of items) {
            const data = item === undefined ? ctx.model : { ...ctx.model, item };
            const name = ctx.outputName(o.output, item === undefined ? {} : { item });
            if (files.includes(name)) {
              throw new PacketError(problem('outputName', { output: o.output, detail: `gives "${name}" for two entries of ${o.forEach}; use a field that differs, such as {{item.tab}}` }, { file: o.template }));
            }
            await writeFile(path.join(ctx.outDir, name), render(templateFile, template, data));
            files.push(name);
          }
          return { files };
        },
      };
    },
  });
}
