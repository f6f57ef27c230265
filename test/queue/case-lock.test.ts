/**
 * The lock on a case while a queue worker builds it (src/queue/case-lock.ts), against a real
 * Redis: one holder at a time, a waiter that gets it soon after it is released, a lease that its
 * holder keeps renewing, and a holder that learns (LockLost) when the lock is no longer its own,
 * without then freeing another worker's lock.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaseLock, caseLockKey, LockLost } from '../../src/queue/case-lock.js';
import { PREFIX } from '../../src/queue/redis.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

let server: RedisServer;
/** Two workers' connections. */
let one: Redis;
let two: Redis;
/** Locks taken in a test, released after it (their renewal timers stopped). */
const taken: CaseLock[] = [];

beforeAll(async () => {
  server = await startRedis();
  one = new Redis(server.url, { maxRetriesPerRequest: null });
  two = new Redis(server.url, { maxRetriesPerRequest: null });
});

afterEach(async () => {
  for (const l of taken.splice(0)) await l.release();
});

afterAll(async () => {
  one?.disconnect();
  two?.disconnect();
  await server?.stop();
});

let n = 0;
/** A key of its own for each test. */
const freshKey = () => caseLockKey('out0123456789abc', `case-lock-test-${process.pid}-${++n}`);

async function take(redis: Redis, key: string, leaseMs: number, waitMs: number): Promise<CaseLock | undefined> {
  const l = await CaseLock.take(redis, key, leaseMs, waitMs);
  if (l) taken.push(l);
  return l;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('caseLockKey', () => {
  it('is under the queue prefix and names the output folder and the case', () => {
    expect(caseLockKey('abcdef0123456789', 'case-7')).toBe(`${PREFIX}:case-lock:abcdef0123456789:case-7`);
    expect(caseLockKey('a', 'case-7')).not.toBe(caseLockKey('b', 'case-7'));
    expect(caseLockKey('a', 'case-7')).not.toBe(caseLockKey('a', 'case-8'));
  });
});

describe('CaseLock', () => {
  it('takes a free lock at once, with the lease set in Redis', async () => {
    const key = freshKey();
    const t0 = Date.now();
    const lock = await take(one, key, 5000, 0);
    expect(lock).toBeInstanceOf(CaseLock);
    expect(lock!.key).toBe(key);
    expect(Date.now() - t0).toBeLessThan(2000);
    const ttl = await server.client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('a second taker waits while the first holds it, and gets it soon after the first releases it', async () => {
    const key = freshKey();
    const first = await take(one, key, 10_000, 0);
    expect(first).toBeDefined();

    let got: CaseLock | undefined;
    let gotAt = 0;
    const waiting = take(two, key, 10_000, 20_000).then((l) => {
      got = l;
      gotAt = Date.now();
      return l;
    });

    // Held for a while: the waiter must still be waiting.
    await sleep(1000);
    expect(got).toBeUndefined();
    expect(gotAt).toBe(0);

    const releasedAt = Date.now();
    await first!.release();
    const second = await waiting;
    expect(second).toBeInstanceOf(CaseLock);
    // It looks again every 250 ms: well within 3 s on a busy machine.
    expect(gotAt - releasedAt).toBeLessThan(3000);
    await expect(second!.confirm()).resolves.toBeUndefined();
    // The first is no longer the holder.
    await expect(first!.confirm()).rejects.toBeInstanceOf(LockLost);
  });

  it('answers undefined after waitMs when the lock is still held', async () => {
    const key = freshKey();
    const first = await take(one, key, 10_000, 0);
    expect(first).toBeDefined();

    const t0 = Date.now();
    const second = await take(two, key, 10_000, 600);
    const waited = Date.now() - t0;
    expect(second).toBeUndefined();
    // It did wait (at least waitMs), and not for long past it.
    expect(waited).toBeGreaterThanOrEqual(600);
    expect(waited).toBeLessThan(5000);
    // waitMs 0: one try only.
    expect(await take(two, key, 10_000, 0)).toBeUndefined();
    // The holder still holds it.
    await expect(first!.confirm()).resolves.toBeUndefined();
  });

  it('a lock that was lost (gone, then another worker\'s) fails confirm() with LockLost, and its release() leaves the other worker\'s lock alone', async () => {
    const key = freshKey();
    const first = await take(one, key, 300, 0);
    expect(first).toBeDefined();
    const firstToken = await server.client.get(key);
    expect(firstToken).toBeTruthy();

    // Its lease ran out (as when a worker stalls): the key is gone, and another worker takes it.
    await server.client.del(key);
    const second = await take(two, key, 10_000, 5000);
    expect(second).toBeDefined();
    const secondToken = await server.client.get(key);
    expect(secondToken).toBeTruthy();
    expect(secondToken).not.toBe(firstToken);

    const lost = await first!.confirm().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(LockLost);
    expect(first!.lostBecause).toBeTruthy();

    await first!.release();
    expect(await server.client.get(key)).toBe(secondToken);
    expect(await server.client.pttl(key)).toBeGreaterThan(0);
    await expect(second!.confirm()).resolves.toBeUndefined();

    // Lost stays lost, even after a few of its renewal periods.
    await sleep(400);
    await expect(first!.confirm()).rejects.toBeInstanceOf(LockLost);
    expect(await server.client.get(key)).toBe(secondToken);
  });

  it('a lock that is simply gone fails confirm() too, and is not recreated by it', async () => {
    const key = freshKey();
    const lock = await take(one, key, 10_000, 0);
    await server.client.del(key);
    await expect(lock!.confirm()).rejects.toBeInstanceOf(LockLost);
    expect(await server.client.exists(key)).toBe(0);
  });

  it('keeps renewing its lease: with a 400 ms lease, still held after 1200 ms', async () => {
    const key = freshKey();
    const lock = await take(one, key, 400, 0);
    expect(lock).toBeDefined();
    const token = await server.client.get(key);

    await sleep(1200);
    const ttl = await server.client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
    expect(await server.client.get(key)).toBe(token);
    await expect(lock!.confirm()).resolves.toBeUndefined();
    expect(lock!.lostBecause).toBeUndefined();
    // And another worker cannot take it meanwhile.
    expect(await take(two, key, 400, 0)).toBeUndefined();
  });

  it('confirm() extends the lease', async () => {
    const key = freshKey();
    const lock = await take(one, key, 8000, 0);
    // Shorten the lease behind its back; confirm must set it back to the full lease.
    await server.client.pexpire(key, 1000);
    await lock!.confirm();
    expect(await server.client.pttl(key)).toBeGreaterThan(2000);
  });

  it('release() frees the lock at once and stops renewing it', async () => {
    const key = freshKey();
    const lock = await take(one, key, 300, 0);
    await lock!.release();
    expect(await server.client.exists(key)).toBe(0);
    // Another worker takes it at once, and the released one's timer does not disturb it.
    const other = await take(two, key, 300, 0);
    expect(other).toBeDefined();
    await sleep(500);
    await expect(other!.confirm()).resolves.toBeUndefined();
  });

  it('the lock of a worker that died (never released, never renewed) is free once its lease runs out', async () => {
    const key = freshKey();
    // A dead worker's lock: its token, a short lease, and nobody renewing it.
    await server.client.set(key, 'dead-worker-token', 'PX', 700);
    const t0 = Date.now();
    const lock = await take(one, key, 10_000, 10_000);
    expect(lock).toBeDefined();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await server.client.get(key)).not.toBe('dead-worker-token');
  });
});
