import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../fixtures/make-evidence.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/asylum-packet.js');
const HEAVY = `name: heavy
steps:
  - kind: packet
    id: packet
    output: "{{caseId}}-exhibits.pdf"
`;

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition', every = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

interface Proc {
  child: ChildProcess;
  out: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
function startCli(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, 'watch', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  procs.push(child);
  return { child, out, exited };
}
const procs: ChildProcess[] = [];
const watchingLogged = (p: Proc) => p.out.join('').split('\n').some((l) => l.includes('"event":"watching"'));

let root: string;
let inDir: string;
let outDir: string;
let templatesDir: string;
let pipelinesDir: string;
const args = () => ['--in', inDir, '--out', outDir, '--pipelines', pipelinesDir, '--templates', templatesDir, '--concurrency', '1'];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-kill-'));
  inDir = path.join(root, 'in');
  outDir = path.join(root, 'out');
  templatesDir = path.join(root, 'templates');
  pipelinesDir = path.join(root, 'pipelines');
  await mkdir(inDir, { recursive: true });
  await cp(path.join(ROOT, 'fixtures/samples/evidence'), path.join(inDir, 'evidence'), { recursive: true });
  await mkdir(outDir, { recursive: true });
  await mkdir(pipelinesDir, { recursive: true });
  await cp(path.join(ROOT, 'templates'), templatesDir, { recursive: true });
  await writeFile(path.join(pipelinesDir, 'heavy.yaml'), HEAVY);
  await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const bytes = await makeTextPdf({ title: `Exhibit ${i + 1}`, pages: 20, seed: i + 1 });
      await writeFile(path.join(inDir, 'evidence', `exhibit-${String(i + 1).padStart(2, '0')}.pdf`), bytes);
    }),
  );
}, 120_000);

afterAll(async () => {
  for (const c of procs) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

describe('watch command, killed mid-build', () => {
  it('SIGKILL during a build leaves no visible partial output; a restart cleans up and builds it whole', async () => {
    const caseId = 'case-kill';
    const data = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
    data.caseId = caseId;
    // The sample's own exhibits (its events name them) and 40 more of 20 pages each.
    data.evidence = [...(data.evidence as unknown[]), ...Array.from({ length: 40 }, (_, i) => ({
      id: `ex-${i + 1}`,
      title: `Exhibit number ${i + 1}`,
      category: 'other',
      file: `evidence/exhibit-${String(i + 1).padStart(2, '0')}.pdf`,
      language: 'en',
    }))];
    const intake = path.join(inDir, `${caseId}.json`);
    const status = path.join(inDir, `${caseId}.status.json`);
    const caseDir = path.join(outDir, caseId);

    const first = startCli(args());
    await until(() => watchingLogged(first), 30_000, 'the watcher to start');
    await writeFile(intake, JSON.stringify(data, null, 2) + '\n');
    await until(async () => (await readdir(caseDir).catch(() => [] as string[])).some((e) => e.startsWith('.staging-')), 30_000, 'a staging folder', 5).catch(async (err: Error) => {
      throw new Error(`${err.message}; status: ${await readFile(status, 'utf8').catch(() => 'none')}; log: ${first.out.join('')}`);
    });
    process.kill(first.child.pid!, 'SIGKILL');
    const ended = await first.exited;
    expect(ended.signal).toBe('SIGKILL');

    // Nothing published: only the hidden staging folder may remain, and no status was written.
    const left = await readdir(caseDir);
    expect(left.filter((e) => !e.startsWith('.staging-')), `left: ${left.join(', ')}; log: ${first.out.join('')}`).toEqual([]);
    expect(existsSync(path.join(caseDir, 'heavy'))).toBe(false);
    expect(existsSync(status)).toBe(false);

    const started = Date.now();
    const second = startCli(args());
    await until(async () => {
      try {
        return (JSON.parse(await readFile(status, 'utf8')) as { status: string }).status === 'built';
      } catch {
        return false;
      }
    }, 60_000, 'the status "built" after the restart');
    console.log(`[kill] rebuilt after restart in ${Date.now() - started} ms`);
    const s = JSON.parse(await readFile(status, 'utf8')) as { status: string; outputs: { pipeline: string; files: string[]; upToDate: boolean }[] };
    expect(s.outputs.map((o) => ({ pipeline: o.pipeline, upToDate: o.upToDate }))).toEqual([{ pipeline: 'heavy', upToDate: false }]);
    const entries = await readdir(caseDir);
    expect(entries.filter((e) => e.startsWith('.'))).toEqual([]);
    expect(entries).toEqual(['heavy']);
    const pdf = path.join(caseDir, 'heavy', `${caseId}-exhibits.pdf`);
    expect(existsSync(pdf)).toBe(true);
    const head = (await readFile(pdf)).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');
    expect((await stat(pdf)).size).toBeGreaterThan(10_000);
    for (const f of s.outputs[0]!.files) expect(existsSync(path.join(caseDir, 'heavy', path.basename(f))), f).toBe(true);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it('SIGTERM to a running watcher: exit code 0', async () => {
    const p = startCli(args());
    await until(() => watchingLogged(p), 30_000, 'the watcher to start');
    p.child.kill('SIGTERM');
    const ended = await p.exited;
    expect(ended, p.out.join('')).toEqual({ code: 0, signal: null });
    expect(p.out.join('')).toContain('"event":"stopped"');
  }, 60_000);

  it('SIGINT to a running watcher: exit code 0', async () => {
    const p = startCli(args());
    await until(() => watchingLogged(p), 30_000, 'the watcher to start');
    p.child.kill('SIGINT');
    const ended = await p.exited;
    expect(ended, p.out.join('')).toEqual({ code: 0, signal: null });
  }, 60_000);
});
