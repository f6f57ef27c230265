/**
 * Fills a Word template with docxtemplater. Every problem becomes a located one: a broken
 * template (unclosed tag or loop, unknown filter) names the tag and the paragraph; a value the
 * case lacks is an error naming the tag, never a blank or the word "undefined" in a filing.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Location, type Problem } from '../errors/problem.js';
import { paragraphLocator } from './docx-locate.js';
import { expressionParser } from './expression.js';
import { FILTERS } from './filters.js';

const docxParser = expressionParser(FILTERS) as unknown as NonNullable<Docxtemplater.DXT.ConstructorOptions['parser']>;

interface XtError {
  message: string;
  properties?: { id?: string; xtag?: string; explanation?: string; offset?: number; file?: string; rootError?: { message?: string }; errors?: XtError[] };
}

/** Options shared by rendering and inspecting, so both read a template the same way. */
const DOCX_OPTIONS = { paragraphLoop: true, linebreaks: true, errorLogging: false, parser: docxParser } as const;

function openZip(file: string, bytes: Uint8Array): PizZip {
  try {
    return new PizZip(bytes);
  } catch (err) {
    throw new PacketError(problem('templateSyntax', { detail: `the file is not a Word document (.docx): ${(err as Error).message}` }, { file }));
  }
}

/** Compiles the template; broken tags and loops are reported all at once. */
export function compileDocx(file: string, bytes: Uint8Array, extra: { modules?: object[]; nullGetter?: (part: { value: string; offset?: number; module?: string }) => unknown } = {}): { doc: Docxtemplater; zip: PizZip } {
  const zip = openZip(file, bytes);
  try {
    const doc = new Docxtemplater(zip, { ...DOCX_OPTIONS, ...(extra.modules ? { modules: extra.modules as never } : {}), ...(extra.nullGetter ? { nullGetter: extra.nullGetter as never } : {}) });
    return { doc, zip };
  } catch (err) {
    throw new PacketError(templateProblems(err as XtError, file, zip), { cause: err });
  }
}

export function renderDocx(file: string, bytes: Uint8Array, data: object): Uint8Array {
  const missing: { value: string; offset?: number }[] = [];
  const { doc, zip } = compileDocx(file, bytes, {
    nullGetter: (part) => {
      // An absent value in a condition or loop ({#x}…{/x}) simply hides the section.
      if (!part.module) missing.push(part);
      return '';
    },
  });
  try {
    doc.render(data);
  } catch (err) {
    throw new PacketError(templateProblems(err as XtError, file, zip), { cause: err });
  }
  if (missing.length > 0) {
    const locate = paragraphLocator(zip.file('word/document.xml')?.asText() ?? '');
    throw new PacketError(missing.map((m) => problem('templateValueMissing', { tag: `{${m.value}}` }, tagLocation(file, locate, m.value, m.offset))));
  }
  return doc.getZip().generate({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Where a tag is: the template and, when its offset is known, the paragraph. */
export function tagLocation(file: string, locate: (offset: number) => { paragraph: number } | undefined, tag: string, offset: number | undefined): Location {
  const at = offset !== undefined ? locate(offset) : undefined;
  return { file, tag, ...(at ? { paragraph: at.paragraph } : {}) };
}

/** docxtemplater's error, or its multi-error report, as located problems. */
function templateProblems(err: XtError, file: string, zip: PizZip): Problem[] {
  const list = err.properties?.errors ?? [err];
  const locators = new Map<string, ReturnType<typeof paragraphLocator>>();
  const locator = (part: string) => {
    let l = locators.get(part);
    if (!l) locators.set(part, (l = paragraphLocator(zip.file(part)?.asText() ?? '')));
    return l;
  };
  return list.map((e) => {
    const p = e.properties ?? {};
    const part = p.file ?? 'word/document.xml';
    const tag = p.xtag ?? '';
    const where = tagLocation(part === 'word/document.xml' ? file : `${file} › ${part}`, locator(part), tag, p.offset);
    const root = p.rootError?.message;
    const detail = explain(p.id, tag, p.explanation ?? e.message, root);
    return problem(p.id === 'scopeparser_execution_failed' ? 'templateRender' : 'templateSyntax', { detail }, where);
  });
}

function explain(id: string | undefined, tag: string, explanation: string, root: string | undefined): string {
  switch (id) {
    case 'unclosed_tag':
      return `the tag beginning {${tag} is not closed with "}"`;
    case 'unopened_tag':
      return `a "}" closes a tag that was never opened, near "${tag}"`;
    case 'unclosed_loop':
      return `the loop or condition {#${tag}} is never closed: add {/${tag}} where it ends`;
    case 'unopened_loop':
      return `{/${tag}} closes a loop that was never opened: add {#${tag}} where it starts`;
    case 'closing_tag_does_not_match_opening_tag':
      return `${explanation}; loops must close in the reverse order they open`;
    case 'scopeparser_compilation_failed':
      return `the tag {${tag}} cannot be read${root ? `: ${root}` : ''}`;
    case 'scopeparser_execution_failed':
      return `the tag {${tag}} failed for this case${root ? `: ${root}` : ''}`;
    default:
      return explanation + (root ? `: ${root}` : '');
  }
}
