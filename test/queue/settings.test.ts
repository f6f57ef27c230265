/**
 * What `build --queue` sends with its cases: the templates it was given (a worker uses them, not
 * its own), and what it refuses (--concurrency, which the workers decide).
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queueTestFixture, ROOT, run, sampleCopies, startWorker, stopAll, TODAY, until } from './harness.js';

const fx = queueTestFixture('settings');

describe('build --queue', () => {
  it('sends the templates it was given with its cases: the worker builds with them', async () => {
    const templates = path.join(fx.tmp, 'templates');
    await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
    const checklist = path.join(templates, 'checklist.md.hbs');
    await writeFile(checklist, `OFFICE COPY — ${'{{caseId}}'}\n` + (await readFile(checklist, 'utf8')));
    const [intake] = await sampleCopies(path.join(fx.tmp, 'in'), 1, 't');
    await startWorker(fx.redis.url); // with the shipped templates
    const out = path.join(fx.tmp, 'out');
    const b = run(['build', '--queue', fx.redis.url, '--today', TODAY, '--templates', templates, '--out', out, intake!]);
    expect((await b.exited).code, b.out.join('').slice(-2000)).toBe(0);
    expect(await readFile(path.join(out, 't-1', 'uscis-affirmative', 't-1-filing-checklist.md'), 'utf8')).toMatch(/^OFFICE COPY — t-1\n/);
  }, 120_000);

  it('a worker loads its pipelines again when one changes on the share, before its next case', async () => {
    const pipelines = path.join(fx.tmp, 'worker-pipelines');
    await cp(path.join(ROOT, 'pipelines'), pipelines, { recursive: true });
    const pipeline = path.join(pipelines, 'uscis-affirmative.yaml');
    const shipped = await readFile(pipeline, 'utf8');
    expect(shipped).toContain('output: "{{caseId}}-filing-checklist.md"');
    const [intake] = await sampleCopies(path.join(fx.tmp, 'in-reload'), 1, 'reload');
    await stopAll(); // the earlier test's worker, with the shipped pipelines: this one is the only worker
    const worker = run(['worker', '--queue', fx.redis.url, '--pipelines', pipelines]);
    await until(() => worker.out.join('').includes('"event":"working"'), 30_000, 'the worker to start');
    const out = path.join(fx.tmp, 'out-reload');
    const build = async () => {
      const b = run(['build', '--queue', fx.redis.url, '--today', TODAY, '--out', out, intake!]);
      expect((await b.exited).code, b.out.join('').slice(-2000)).toBe(0);
      return readdir(path.join(out, 'reload-1', 'uscis-affirmative'));
    };
    expect(await build()).toContain('reload-1-filing-checklist.md');
    // A colleague renames the checklist in the pipeline on the share; the worker keeps running.
    await writeFile(pipeline, shipped.replace('output: "{{caseId}}-filing-checklist.md"', 'output: "{{caseId}}-checklist-for-filing.md"'));
    const second = await build();
    expect(second).toContain('reload-1-checklist-for-filing.md');
    expect(second).not.toContain('reload-1-filing-checklist.md');
  }, 120_000);

  it('refuses --concurrency, which the workers decide, before queueing anything', async () => {
    const b = run(['build', '--queue', fx.redis.url, '--concurrency', '2', path.join(fx.tmp, 'in', 'case-001.json')]);
    expect((await b.exited).code).toBe(2);
    expect(b.out.join('')).toContain('--concurrency does not apply with --queue');
    expect(await fx.redis.client.llen('asylum-packet:cases:wait')).toBe(0);
  }, 30_000);

  it('says so, exit 1, when the queue cannot be reached, and queues nothing', async () => {
    const b = run(['build', '--queue', 'redis://127.0.0.1:1', path.join(fx.tmp, 'in', 'case-001.json')]);
    expect((await b.exited).code).toBe(1);
    const out = b.out.join('');
    expect(out).toContain('✖ queue redis://127.0.0.1:1: nothing was queued');
    expect(out).toContain('[AP3020 queue-unreachable]');
  }, 30_000);
});
