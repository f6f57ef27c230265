/**
 * `serve --queue`: the web app's cases are built by queue workers; the app shows the queue and the
 * case's state turning to "built", as it does without a queue.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobLines, queueTestFixture, run, sampleCopies, startWorker, TODAY, until } from './harness.js';

const fx = queueTestFixture('serve');

describe('serve --queue', () => {
  it('a case saved in the app is built by a worker; the app shows the queue\'s counts and the case built', async () => {
    const inDir = path.join(fx.tmp, 'in');
    const outDir = path.join(fx.tmp, 'out');
    const [sample] = await sampleCopies(inDir, 1, 's');
    const worker = await startWorker(fx.redis.url);
    const app = run(['serve', '--queue', fx.redis.url, '--in', inDir, '--out', outDir, '--port', '0', '--today', TODAY, '--no-build-at-start']);
    await until(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.test(app.out.join('')), 60_000, 'the app to start');
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(app.out.join(''))![0];
    const base = url.slice(0, url.indexOf('/?'));
    const token = url.slice(url.indexOf('token=') + 6);
    const api = (p: string, init: RequestInit = {}) => fetch(base + p, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const session = (await (await api('/api/session')).json()) as { queue?: Record<string, number> };
    expect(session.queue).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    const name = path.basename(sample!);
    const cases = async () => ((await (await api('/api/cases')).json()) as { cases: { file: string; state: string }[] }).cases;
    expect((await cases()).find((c) => c.file === name)?.state).toBe('new');
    // The build button: queued, built by the worker.
    expect((await api(`/api/cases/${name}/build`, { method: 'POST', body: '{"force":true}' })).status).toBe(202);
    await until(async () => (await cases()).find((c) => c.file === name)?.state === 'built', 120_000, 'the case built');
    expect(jobLines(worker).map((l) => [l.caseId, l.outcome])).toEqual([['s-1', 'built']]);
    const filing = (await (await api(`/api/cases/${name}/filing`)).json()) as { pipelines: { pipeline: string; packet: { name: string } }[] };
    expect(filing.pipelines.map((p) => [p.pipeline, p.packet.name])).toEqual([['uscis-affirmative', 's-1-exhibits.pdf']]);
    expect(JSON.parse(await readFile(path.join(inDir, name.replace(/\.json$/, '.status.json')), 'utf8')).status).toBe('built');
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 240_000);
});
