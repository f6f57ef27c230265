import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../fixtures/make-evidence.js';
import { pngBomb } from '../helpers/bombs.js';
import { alive, childrenOf } from '../helpers/processes.js';

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

const readStatusOf = async (intake: string) => {
  try {
    return JSON.parse(await readFile(intake.replace(/\.json$/, '.status.json'), 'utf8')) as { status: string; problems: { code: string; severity: string }[] };
  } catch {
    return undefined;
  }
};
describe('watch command, hostile files and stuck cases (issue 13)', () => {
  it('four FIFOs named x.json and a PNG bomb: the FIFOs are ignored, the bomb is refused (AP4002), a valid case still builds, and SIGTERM ends the watcher within seconds', async () => {
    const sample = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(inDir, 'evidence', 'bomb.png'), pngBomb());
    const bomb = path.join(inDir, 'case-bomb.json');
    const valid = path.join(inDir, 'case-fine.json');
    const p = startCli([...args().slice(0, -2), '--concurrency', '2']);
    await until(() => watchingLogged(p), 30_000, 'the watcher to start');
    for (let i = 1; i <= 4; i++) execSync(`mkfifo ${JSON.stringify(path.join(inDir, `x${i}.json`))}`);
    await writeFile(bomb, JSON.stringify({ ...sample, caseId: 'case-bomb', evidence: [...(sample.evidence as unknown[]), { id: 'bomb', title: 'Photo', category: 'other', file: 'evidence/bomb.png', language: 'en' }] }));
    await writeFile(valid, JSON.stringify({ ...sample, caseId: 'case-fine' }));
    await until(async () => (await readStatusOf(bomb)) !== undefined && (await readStatusOf(valid))?.status === 'built', 60_000, 'both cases').catch((err: Error) => {
      throw new Error(`${err.message}; log: ${p.out.join('')}`);
    });
    expect((await readStatusOf(bomb))!.problems.filter((x) => x.severity === 'error').map((x) => x.code)).toEqual(['AP4002']);
    const log = p.out.join('');
    expect(log.match(/"event":"not-a-file"/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    for (let i = 1; i <= 4; i++) expect(existsSync(path.join(inDir, `x${i}.status.json`))).toBe(false);
    const began = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - began).toBeLessThan(5000);
    for (let i = 1; i <= 4; i++) await rm(path.join(inDir, `x${i}.json`));
    await rm(bomb);
  }, 120_000);

  it('SIGTERM while a case is stuck in its worker: the watcher ends within seconds, exit 0, the worker is gone, no status is written and nothing is published; the next start builds the case', async () => {
    const caseId = 'case-stuck';
    const data = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), 'utf8')) as Record<string, unknown>;
    data.caseId = caseId;
    data.evidence = [...(data.evidence as unknown[]), ...Array.from({ length: 40 }, (_, i) => ({ id: `ex-${i + 1}`, title: `Exhibit number ${i + 1}`, category: 'other', file: `evidence/exhibit-${String(i + 1).padStart(2, '0')}.pdf`, language: 'en' }))];
    const intake = path.join(inDir, `${caseId}.json`);
    const caseDir = path.join(outDir, caseId);
    const first = startCli(args());
    await until(() => watchingLogged(first), 30_000, 'the watcher to start');
    await writeFile(intake, JSON.stringify(data, null, 2) + '\n');
    await until(async () => (await readdir(caseDir).catch(() => [] as string[])).some((e) => e.startsWith('.staging-')), 30_000, 'a staging folder', 5);
    const workers = childrenOf(first.child.pid!);
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) process.kill(w, 'SIGSTOP'); // hung: it cannot finish, or hear SIGTERM
    const began = Date.now();
    first.child.kill('SIGTERM');
    const ended = await first.exited;
    const took = Date.now() - began;
    expect(ended, first.out.join('')).toEqual({ code: 0, signal: null });
    // 3 s for the case in hand, 2 s for SIGTERM to the worker, then SIGKILL.
    expect(took).toBeLessThan(8000);
    console.log(`[kill] SIGTERM with a stuck worker: the watcher ended in ${took} ms`);
    for (const w of workers) await until(() => !alive(w), 5000, `worker ${w} to be gone`);
    expect(existsSync(intake.replace(/\.json$/, '.status.json'))).toBe(false);
    expect((await readdir(caseDir)).filter((e) => !e.startsWith('.'))).toEqual([]);

    const second = startCli(args());
    await until(async () => (await readStatusOf(intake))?.status === 'built', 60_000, 'the case built at the next start');
    expect((await readdir(caseDir)).filter((e) => e.startsWith('.'))).toEqual([]);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
