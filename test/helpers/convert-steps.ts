/**
 * Pipeline YAML for tests, from the shipped pipelines:
 * - withConvertSteps: a `convert` step after every `docx` step that has none (id `<id>-pdf`),
 *   for the conversion tests and bench;
 * - exhibitsOnly: no `convert` step, and the packet with its default parts (cover, contents,
 *   exhibits, and the certificate of service for the court), for the tests of the exhibits'
 *   layout, which do not depend on LibreOffice.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PIPELINES_DIR } from '../../src/paths.js';

const stepsOf = (yaml: string) => {
  const at = yaml.indexOf('steps:');
  return { head: yaml.slice(0, at), steps: yaml.slice(at).split(/\n(?=  - kind: )/) };
};
const idOf = (step: string) => /\n    id: ([\w-]+)/.exec(step)?.[1];

export function withConvertSteps(yaml: string): string {
  const { head, steps } = stepsOf(yaml);
  const ids = new Set(steps.map(idOf));
  const out = steps.map((s) => {
    const id = idOf(s);
    if (!s.startsWith('  - kind: docx') || !id || ids.has(`${id}-pdf`)) return s;
    return `${s.trimEnd()}\n\n  - kind: convert\n    id: ${id}-pdf\n    from: ${id}\n`;
  });
  return head + out.join('\n');
}

export function exhibitsOnly(yaml: string): string {
  const { head, steps } = stepsOf(yaml);
  const kept = steps.filter((s) => !s.startsWith('  - kind: convert'));
  return head + kept.join('\n').replace(/\n    parts: \[[^\]]*\]\n/, '\n');
}

/** The shipped pipelines (with their field maps), each pipeline file transformed, copied into `dir`. */
export async function shippedPipelinesAs(dir: string, transform: (yaml: string) => string): Promise<string> {
  await cp(DEFAULT_PIPELINES_DIR, dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.endsWith('.yaml')) await writeFile(path.join(dir, name), transform(await readFile(path.join(dir, name), 'utf8')));
  }
  return dir;
}
