/**
 * The caseId claims of a queue (src/queue/claims.ts), kept in a real Redis and checked against
 * real intake files: the first intake owns `<caseId>/<pipeline>` for as long as its file is there
 * and names the case; then the next intake that claims it takes it over.
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outKeyOf, queueClaims } from '../../src/queue/claims.js';
import { PREFIX } from '../../src/queue/redis.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

let server: RedisServer;
let redis: Redis;
/** A second front door's (or worker's) connection. */
let other: Redis;
const roots: string[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  other = new Redis(server.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  redis?.disconnect();
  other?.disconnect();
  await server?.stop();
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** A folder of intakes and an output folder of their own (so its claims are its own too). */
async function folders(): Promise<{ inDir: string; outDir: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ap-queue-claims-'));
  roots.push(root);
  const inDir = path.join(root, 'intake');
  const outDir = path.join(root, 'out');
  await mkdir(inDir);
  await mkdir(outDir);
  return { inDir, outDir };
}

async function intake(dir: string, name: string, caseId: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ caseId }));
  return file;
}

describe('outKeyOf', () => {
  it('is a short, stable key of the output folder', () => {
    expect(outKeyOf('/srv/out')).toMatch(/^[0-9a-f]{16}$/);
    expect(outKeyOf('/srv/out')).toBe(outKeyOf('/srv/out'));
    expect(outKeyOf('/srv/out')).not.toBe(outKeyOf('/srv/out2'));
  });
});

describe('queue claims', () => {
  it('the first intake owns the case; a second with the same caseId is refused (AP3004), naming the first', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-100');
    const b = await intake(inDir, 'b.json', 'case-100');
    const claims = queueClaims(redis, outDir);

    expect(await claims.claim(a, 'case-100', ['uscis-affirmative'])).toBeUndefined();
    const refusal = await claims.claim(b, 'case-100', ['uscis-affirmative']);
    expect(refusal).toBeDefined();
    expect(refusal!.code).toBe('AP3004');
    expect(refusal!.name).toBe('case-built-twice');
    expect(refusal!.severity).toBe('error');
    expect(refusal!.message).toContain(a);
    expect(refusal!.message).toContain('case-100');
    expect(refusal!.message).toContain('uscis-affirmative');
    expect(refusal!.message).toContain('queue');
    expect(refusal!.location).toMatchObject({ file: b, path: 'caseId' });

    // What Redis keeps: the owner's path, under the output folder's key.
    expect(await server.client.get(`${PREFIX}:claim:${outKeyOf(outDir)}:case-100/uscis-affirmative`)).toBe(a);
  });

  it('holds across connections: another front door is refused too', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-101');
    const b = await intake(inDir, 'b.json', 'case-101');
    expect(await queueClaims(redis, outDir).claim(a, 'case-101', ['p'])).toBeUndefined();
    const refusal = await queueClaims(other, outDir).claim(b, 'case-101', ['p']);
    expect(refusal?.code).toBe('AP3004');
    expect(refusal?.message).toContain(a);
  });

  it('the owner claims its case again as often as it likes', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-102');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-102', ['p'])).toBeUndefined();
    expect(await claims.claim(a, 'case-102', ['p'])).toBeUndefined();
    expect(await queueClaims(other, outDir).claim(a, 'case-102', ['p'])).toBeUndefined();
  });

  it('the same caseId with another pipeline is another output folder: no conflict', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-103');
    const b = await intake(inDir, 'b.json', 'case-103');
    const c = await intake(inDir, 'c.json', 'case-103');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-103', ['uscis-affirmative'])).toBeUndefined();
    expect(await claims.claim(b, 'case-103', ['eoir-defensive'])).toBeUndefined();
    // One that wants both pipelines meets an owner in either.
    const refusal = await claims.claim(c, 'case-103', ['eoir-defensive', 'uscis-affirmative']);
    expect(refusal?.code).toBe('AP3004');
    expect(refusal?.message).toContain(b);
  });

  it('another caseId is another case: no conflict', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-104');
    const b = await intake(inDir, 'b.json', 'case-105');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-104', ['p'])).toBeUndefined();
    expect(await claims.claim(b, 'case-105', ['p'])).toBeUndefined();
  });

  it('an owner whose file is removed is taken over by the next intake that claims the case', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-106');
    const b = await intake(inDir, 'b.json', 'case-106');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-106', ['p'])).toBeUndefined();
    expect((await claims.claim(b, 'case-106', ['p']))?.code).toBe('AP3004');

    await unlink(a);
    expect(await claims.claim(b, 'case-106', ['p'])).toBeUndefined();
    expect(await server.client.get(`${PREFIX}:claim:${outKeyOf(outDir)}:case-106/p`)).toBe(b);

    // The new owner keeps it: the first, back again, is now the one refused, naming the second.
    await intake(inDir, 'a.json', 'case-106');
    const refusal = await claims.claim(a, 'case-106', ['p']);
    expect(refusal?.code).toBe('AP3004');
    expect(refusal?.message).toContain(b);
  });

  it('an owner whose file now names another caseId is taken over too', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-107');
    const b = await intake(inDir, 'b.json', 'case-107');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-107', ['p'])).toBeUndefined();
    expect((await claims.claim(b, 'case-107', ['p']))?.code).toBe('AP3004');

    await intake(inDir, 'a.json', 'case-108');
    expect(await claims.claim(b, 'case-107', ['p'])).toBeUndefined();
    // And the renamed file claims its new case freely.
    expect(await claims.claim(a, 'case-108', ['p'])).toBeUndefined();
  });

  it('an owner that is there but cannot be read as an intake may still name the case: it keeps it', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-109');
    const b = await intake(inDir, 'b.json', 'case-109');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-109', ['p'])).toBeUndefined();
    await writeFile(a, '{ "caseId": "case-109", '); // being saved: not JSON yet
    expect((await claims.claim(b, 'case-109', ['p']))?.code).toBe('AP3004');
  });

  it('release() is a no-op: the claim stays until its file is gone or names another case', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-110');
    const b = await intake(inDir, 'b.json', 'case-110');
    const claims = queueClaims(redis, outDir);
    expect(await claims.claim(a, 'case-110', ['p'])).toBeUndefined();
    await claims.release(a);
    expect((await claims.claim(b, 'case-110', ['p']))?.code).toBe('AP3004');
  });

  it('claims of different output folders are independent', async () => {
    const one = await folders();
    const two = await folders();
    const a = await intake(one.inDir, 'a.json', 'case-111');
    const b = await intake(one.inDir, 'b.json', 'case-111');
    expect(await queueClaims(redis, one.outDir).claim(a, 'case-111', ['p'])).toBeUndefined();
    // b builds case-111 into another output folder: nobody's there.
    expect(await queueClaims(redis, two.outDir).claim(b, 'case-111', ['p'])).toBeUndefined();
    // In the first folder, a still owns it.
    expect((await queueClaims(redis, one.outDir).claim(b, 'case-111', ['p']))?.code).toBe('AP3004');
    expect((await queueClaims(redis, two.outDir).claim(a, 'case-111', ['p']))?.code).toBe('AP3004');
  });

  it('asks the published filing\'s maker first: refused even when Redis knows nothing (it lost its data)', async () => {
    const { inDir, outDir } = await folders();
    const a = await intake(inDir, 'a.json', 'case-112');
    const b = await intake(inDir, 'b.json', 'case-112');
    await mkdir(path.join(outDir, 'case-112', 'p'), { recursive: true });
    await writeFile(
      path.join(outDir, 'case-112', 'p', 'manifest.json'),
      JSON.stringify({ manifestVersion: 2, caseId: 'case-112', pipeline: 'p', inputs: { intake: { path: 'a.json', sha256: 'x' } } }),
    );
    const claims = queueClaims(redis, outDir);
    const refusal = await claims.claim(b, 'case-112', ['p']);
    expect(refusal?.code).toBe('AP3004');
    expect(refusal?.message).toContain(a);
    expect(refusal?.message).toContain('published');
    // Nothing claimed in Redis for the refused intake.
    expect(await server.client.exists(`${PREFIX}:claim:${outKeyOf(outDir)}:case-112/p`)).toBe(0);
    // The maker itself may build it.
    expect(await claims.claim(a, 'case-112', ['p'])).toBeUndefined();
  });

  it('several intakes of one case claiming at once: exactly one owns it', async () => {
    const { inDir, outDir } = await folders();
    const files = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => intake(inDir, `${n}.json`, 'case-113')));
    const answers = await Promise.all(files.map((f, i) => queueClaims(i % 2 ? redis : other, outDir).claim(f, 'case-113', ['p'])));
    const winners = answers.filter((a) => a === undefined);
    expect(winners).toHaveLength(1);
    const owner = files[answers.indexOf(undefined)];
    for (const a of answers) if (a) expect(a.message).toContain(owner);
  });

  it('a refused intake owns nothing, not even the pipelines nobody owned (as without a queue)', async () => {
    const { inDir, outDir } = await folders();
    const claims = queueClaims(redis, outDir);
    const a = await intake(inDir, 'a.json', 'case-1');
    const b = await intake(inDir, 'b.json', 'case-1');
    const c = await intake(inDir, 'c.json', 'case-1');
    expect(await claims.claim(a, 'case-1', ['p1'])).toBeUndefined();
    expect((await claims.claim(b, 'case-1', ['p2', 'p1']))?.code).toBe('AP3004');
    // b took p2 on its way to p1's refusal, and gave it back.
    expect(await redis.get(`${PREFIX}:claim:${outKeyOf(outDir)}:case-1/p2`)).toBeNull();
    expect(await claims.claim(c, 'case-1', ['p2'])).toBeUndefined();
  });
});
