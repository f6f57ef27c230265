/**
 * `lint-templates`: lists the tags of every template and checks each field path against the
 * model (intake fields, derived values, prepared lists) and each filter against the filter
 * table, so a typo such as {applicant.name.famly} fails before any case is built.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import InspectModule from 'docxtemplater/js/inspect-module.js';
import type { z } from 'zod';
import { PacketError, type Problem } from '../errors/problem.js';
import type { Pipeline } from '../pipeline/load.js';
import { compileDocx, tagLocation } from '../render/docx.js';
import { paragraphLocator } from '../render/docx-locate.js';
import { modelSchema } from '../render/model.js';
import { expressionParts } from './expressions.js';
import { checkFilters, checkPaths, type TemplateLint } from './checks.js';
import { lintHandlebars } from './handlebars.js';
import { innerScope, resolveInScopes, resolvePath } from './scope.js';

export type { TemplateLint } from './checks.js';

const TEMPLATE_FILE = /\.(docx|hbs)$/i;

/** Every template in the folder (and its subfolders, but for `authoring/`), each linted. */
export async function lintTemplates(templatesDir: string, pipelines: Pipeline[] = []): Promise<TemplateLint[]> {
  const entries = await readdir(templatesDir, { recursive: true });
  const names = entries.map(String).filter((n) => TEMPLATE_FILE.test(n) && !n.startsWith(`authoring${path.sep}`) && !path.basename(n).startsWith('~$')).sort();
  const forEachOf = new Map<string, string>();
  for (const p of pipelines) for (const s of p.steps) {
    const t = s.bound.template;
    if (t?.forEach && !forEachOf.has(t.name)) forEachOf.set(t.name, t.forEach);
  }
  return Promise.all(names.map((n) => lintTemplate(path.join(templatesDir, n), n, forEachOf.get(n.split(path.sep).join('/')))));
}

/** The model as a template sees it; with `forEach`, `item` is an entry of that list. */
function rootScope(forEach: string | undefined): z.ZodType {
  if (!forEach) return modelSchema;
  const list = resolvePath(modelSchema, forEach.split('.'));
  const item = innerScope(list);
  return item ? modelSchema.extend({ item }) : modelSchema;
}

async function lintTemplate(file: string, name: string, forEach?: string): Promise<TemplateLint> {
  const bytes = await readFile(file);
  try {
    return name.toLowerCase().endsWith('.docx') ? lintDocx(file, name, bytes, rootScope(forEach)) : lintHandlebars(file, name, bytes.toString('utf8'), rootScope(forEach));
  } catch (err) {
    if (err instanceof PacketError) return { template: name, file, tags: [], problems: err.problems };
    throw err;
  }
}

interface DocxTag {
  value: string;
  module?: string;
  inverted?: boolean;
  offset?: number;
  subparsed?: DocxTag[];
  type: string;
}

function lintDocx(file: string, name: string, bytes: Buffer, root: z.ZodType): TemplateLint {
  const inspect = new (InspectModule as unknown as new () => { fullInspected: Record<string, unknown>; getStructuredTags(part: string): DocxTag[] })();
  const { zip } = compileDocx(file, bytes, { modules: [inspect] });
  const tags: string[] = [];
  const problems: Problem[] = [];
  // Every templated part: the body, and the headers and footers, each located in its own part.
  const DOCUMENT = 'word/document.xml';
  const parts = Object.keys(inspect.fullInspected).sort((a, b) => (a === DOCUMENT ? -1 : b === DOCUMENT ? 1 : a.localeCompare(b)));
  for (const part of parts) {
    const locate = paragraphLocator(zip.file(part)?.asText() ?? '');
    const where = part === DOCUMENT ? file : `${file} › ${part}`;
    const walk = (list: DocxTag[], scopes: z.ZodType[]) => {
      for (const t of list) {
        if (t.type !== 'placeholder') continue;
        const shown = t.module === 'loop' ? `{${t.inverted ? '^' : '#'}${t.value}}` : `{${t.value}}`;
        tags.push(shown);
        const loc = tagLocation(where, locate, t.value, t.offset ?? 0);
        const { paths, filters } = expressionParts(t.value);
        problems.push(...checkPaths(shown, paths, scopes, loc), ...checkFilters(shown, filters, loc));
        if (t.subparsed) {
          const inner = t.module === 'loop' && !t.inverted && paths.length === 1 ? innerScope(resolveInScopes(scopes, paths[0]!)) : undefined;
          walk(t.subparsed, inner ? [...scopes, inner] : scopes);
        }
      }
    };
    walk(inspect.getStructuredTags(part), [root]);
  }
  return { template: name, file, tags, problems };
}
