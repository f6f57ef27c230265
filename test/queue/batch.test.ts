/**
 * Three worker processes on a real Redis build 60 cases queued by `build --queue`: each exactly
 * once, each the same documents as a build without the queue; and nothing of the clients' data
 * is in Redis afterwards.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalise } from '../../src/check/normalise.js';
import { jobLines, leftovers, queueTestFixture, ROOT, run, sampleCopies, startWorker, TODAY, type Proc } from './harness.js';

const CASES = 60;
const fx = queueTestFixture('batch');
let files: string[];
beforeAll(async () => {
  files = await sampleCopies(path.join(fx.tmp, 'in'), CASES, 'q');
}, 60_000);

describe('60 cases on three queue workers', () => {
  let workers: Proc[];
  const outQ = () => path.join(fx.tmp, 'out-queue');
  const outR = () => path.join(fx.tmp, 'out-here');

  it('builds each case exactly once, and build --queue reports them as build does', async () => {
    workers = await Promise.all([1, 2, 3].map(() => startWorker(fx.redis.url)));
    const b = run(['build', '--queue', fx.redis.url, '--today', TODAY, '--out', outQ(), ...files]);
    const { code } = await b.exited;
    const out = b.out.join('');
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toContain(`${CASES} cases: ${CASES} built, 0 up to date, 0 failed`);
    // The summary table, one row a case, as without the queue.
    for (let i = 1; i <= CASES; i++) expect(out).toMatch(new RegExp(`case-${String(i).padStart(3, '0')}\\.json\\s+q-${i}\\s+built\\s+12\\s+\\d+ ms`));

    const lines = workers.flatMap(jobLines);
    const byCase = new Map<string, string[]>();
    for (const l of lines) byCase.set(l.caseId ?? '?', [...(byCase.get(l.caseId ?? '?') ?? []), l.outcome]);
    expect(byCase.size).toBe(CASES);
    for (const [caseId, outcomes] of byCase) expect(outcomes, caseId).toEqual(['built']);
    // The work was shared.
    expect(workers.filter((w) => jobLines(w).length > 0).length).toBeGreaterThanOrEqual(2);
    expect(await leftovers(outQ())).toEqual([]);
  }, 400_000);

  it('publishes the same documents as a build without the queue', async () => {
    const here = run(['build', '--today', TODAY, '--concurrency', '2', '--out', outR(), ...files]);
    expect((await here.exited).code, here.out.join('').slice(-2000)).toBe(0);
    const cases = (await readdir(outR())).sort();
    expect(cases.length).toBe(CASES);
    expect((await readdir(outQ())).sort()).toEqual(cases);
    for (const c of cases) {
      for (const pipeline of await readdir(path.join(outR(), c))) {
        const r = path.join(outR(), c, pipeline);
        const q = path.join(outQ(), c, pipeline);
        const names = (await readdir(r)).sort();
        expect((await readdir(q)).sort(), `${c}/${pipeline}`).toEqual(names);
        const manifest = async (dir: string) => (JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { inputs: unknown }).inputs;
        expect(await manifest(q), `${c}/${pipeline}/manifest.json`).toEqual(await manifest(r));
        for (const n of names.filter((x) => x !== 'manifest.json')) {
          expect(await normalise(n, await readFile(path.join(q, n))), `${c}/${pipeline}/${n}`).toBe(await normalise(n, await readFile(path.join(r, n))));
        }
      }
    }
  }, 400_000);

  it('leaves no client data in Redis: paths, case ids, fingerprints and codes only', async () => {
    const sample = await readFile(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), 'utf8');
    const intake = JSON.parse(sample) as { applicant: { name: { given: string; family: string }; dateOfBirth: string; phone: string; usAddress: { street: string } }; events?: { narrative?: string }[] };
    const secrets = [intake.applicant.name.given, intake.applicant.name.family, intake.applicant.dateOfBirth, intake.applicant.phone, intake.applicant.usAddress.street];
    const narrative = intake.events?.find((e) => e.narrative)?.narrative;
    if (narrative) secrets.push(narrative.slice(0, 40));
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 4)).toBe(true);

    const c = fx.redis.client;
    let dump = '';
    for (const key of await c.keys('*')) {
      const type = await c.type(key);
      dump += `\n${key} `;
      if (type === 'string') dump += await c.get(key);
      else if (type === 'hash') dump += JSON.stringify(await c.hgetall(key));
      else if (type === 'list') dump += JSON.stringify(await c.lrange(key, 0, -1));
      else if (type === 'set') dump += JSON.stringify(await c.smembers(key));
      else if (type === 'zset') dump += JSON.stringify(await c.zrange(key, 0, -1));
      else if (type === 'stream') dump += JSON.stringify(await c.xrange(key, '-', '+'));
    }
    // What is there: the jobs and their answers.
    expect(dump).toContain('fingerprint');
    expect(dump).toContain('AP6102');
    for (const s of secrets) expect(dump, s).not.toContain(s);
    // The warnings' messages (which quote the case) did not travel; their titles did.
    expect(dump).toContain('Filing rules to look at');
  }, 60_000);
});
