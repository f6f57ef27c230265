/**
 * A fast start: `--help` and `validate` never load the PDF, font and image libraries, and `build`
 * loads only what its pipelines' steps need. Each command runs in a new process with a module
 * loader hook that lists every module the process loads (the compiled dist/, whose imports the
 * bundle keeps as lazy as they are here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The PDF, font, image and Word libraries, and the queue's (only with --queue). */
const HEAVY = ['@cantoo/pdf-lib', 'sharp', 'fontkit', 'docxtemplater', 'pizzip', 'bullmq', 'ioredis'];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-lazy-'));
  // Every module the process resolves, one URL a line, to the file named in LAZY_LOG.
  await writeFile(
    path.join(tmp, 'hook.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(process.env.LAZY_LOG, r.url + '\\n');\n  return r;\n}\n",
  );
  await writeFile(path.join(tmp, 'register.mjs'), "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n");
  await mkdir(path.join(tmp, 'pipelines'));
  await writeFile(path.join(tmp, 'pipelines', 'text-only.yaml'), 'name: text-only\nsteps:\n  - kind: text\n    template: checklist.md.hbs\n    output: "{{caseId}}-filing-checklist.md"\n');
}, 30_000);
afterAll(async () => tmp && rm(tmp, { recursive: true, force: true }));

/** The packages a command loads, run through the compiled command line in a new process. */
function packagesLoaded(args: string[]): Set<string> {
  const log = path.join(tmp, `log-${args[0]}-${Math.random().toString(36).slice(2)}.txt`);
  const script = `import(${JSON.stringify(path.join(ROOT, 'dist/cli/main.js'))}).then((m) => m.runCli(${JSON.stringify(args)}))`;
  const r = spawnSync(process.execPath, ['--import', path.join(tmp, 'register.mjs'), '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, LAZY_LOG: log }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const urls = spawnSync('cat', [log], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return new Set(urls.flatMap((u) => {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    return m ? [m[1]!] : [];
  }));
}

describe('what each command loads', () => {
  it('--help loads none of the PDF, font, image or Word libraries', () => {
    const loaded = packagesLoaded(['--help']);
    for (const p of HEAVY) expect(loaded.has(p), p).toBe(false);
    expect(loaded.has('commander')).toBe(true);
  });

  it('validate loads none of them either', () => {
    const loaded = packagesLoaded(['validate', '--today', '2026-11-22', 'fixtures/samples/intake-affirmative.json']);
    for (const p of HEAVY) expect(loaded.has(p), p).toBe(false);
    expect(loaded.has('zod')).toBe(true);
  });

  it('build with a pipeline of one text step loads no PDF, font, image or Word library', () => {
    const loaded = packagesLoaded(['build', '--force', '--today', '2026-11-22', '--pipelines', path.join(tmp, 'pipelines'), '--out', path.join(tmp, 'out'), 'fixtures/samples/intake-affirmative.json']);
    for (const p of HEAVY) expect(loaded.has(p), p).toBe(false);
    expect(loaded.has('handlebars')).toBe(true);
  });

  it('build with the shipped pipelines loads the PDF and Word libraries it needs, and not the queue\'s', () => {
    const loaded = packagesLoaded(['build', '--force', '--today', '2026-11-22', '--out', path.join(tmp, 'out-full'), 'fixtures/samples/intake-affirmative.json']);
    for (const p of ['@cantoo/pdf-lib', 'docxtemplater']) expect(loaded.has(p), p).toBe(true);
    for (const p of ['bullmq', 'ioredis']) expect(loaded.has(p), p).toBe(false);
  });
});
