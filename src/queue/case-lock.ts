/**
 * The lock on a case while a worker builds it: a Redis key with a lease, so that two workers never
 * build one case at once, and a worker that dies (kill -9, a machine switched off) frees the case
 * when its lease runs out. The holder renews the lease a third of the way through it; before it
 * publishes, it confirms that the lock is still its own (`confirm`), or publishes nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { PREFIX } from './redis.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** How often a worker waiting for a case looks again whether its lock is free. */
const POLL_MS = 250;

export const caseLockKey = (outKey: string, caseId: string) => `${PREFIX}:case-lock:${outKey}:${caseId}`;

export class CaseLock {
  private timer: NodeJS.Timeout | undefined;
  /** Why the lock is no longer this worker's, once it is not. */
  lostBecause: string | undefined;

  private constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly token: string,
    private readonly leaseMs: number,
  ) {}

  /**
   * Takes the lock, waiting while another worker holds it; undefined when it is still held after
   * `waitMs`.
   */
  static async take(redis: Redis, key: string, leaseMs: number, waitMs: number): Promise<CaseLock | undefined> {
    const token = randomBytes(12).toString('hex');
    const until = Date.now() + waitMs;
    for (;;) {
      if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) === 'OK') {
        const lock = new CaseLock(redis, key, token, leaseMs);
        lock.keepRenewing();
        return lock;
      }
      if (Date.now() >= until) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private keepRenewing(): void {
    this.timer = setInterval(() => {
      void this.renew().catch(() => undefined);
    }, Math.max(100, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** Extends the lease; false (and `lostBecause`) when the lock is another's or gone. */
  private async renew(): Promise<boolean> {
    if (this.lostBecause) return false;
    const ok = (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.leaseMs))) === 1;
    if (!ok) this.lostBecause = 'its lease ran out and the lock is gone or another worker\'s';
    return ok;
  }

  /** Throws unless the lock is still this worker's, its lease extended: called just before publishing. */
  async confirm(): Promise<void> {
    let ok: boolean;
    try {
      ok = await withTimeout(this.renew(), this.leaseMs);
    } catch (err) {
      this.lostBecause ??= `Redis did not confirm it: ${(err as Error).message}`;
      ok = false;
    }
    if (!ok) throw new LockLost(this.lostBecause ?? 'lost');
  }

  /** Gives the lock up (only if it is still this worker's). */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
  }
}

export class LockLost extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
