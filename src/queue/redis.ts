/**
 * Connections to the queue's Redis. One connection a role (commands, BullMQ's blocking reads,
 * the events stream), each failing fast with AP3020 when Redis cannot be reached at start, and
 * reconnecting on its own afterwards (a Redis restarted mid-batch).
 */
import { Redis } from 'ioredis';
import { PacketError } from '../errors/problem.js';
import { problem } from '../errors/catalogue.js';
import type { QueueAddress } from './address.js';

/** BullMQ's keys and ours live under this prefix; the queue of cases is `<PREFIX>:cases`. */
export const PREFIX = 'asylum-packet';
export const QUEUE_NAME = 'cases';

/** A connection as BullMQ needs it: commands wait for a reconnection rather than fail. */
export function connect(address: QueueAddress): Redis {
  const redis = new Redis(address.url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: (n) => Math.min(2000, 100 * n) });
  // A connection error is retried by ioredis; without a listener it would also be printed.
  redis.on('error', () => undefined);
  return redis;
}

/** A connection (connect) once Redis answers; AP3020, and no connection left open, when it does not. */
export async function connectReachable(address: QueueAddress): Promise<Redis> {
  const redis = connect(address);
  try {
    await reachable(redis, address);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw err;
  }
}

/** Answers once Redis answers a PING, or throws AP3020 after `timeoutMs`. */
export async function reachable(redis: Redis, address: QueueAddress, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let lastError = 'no answer';
  const onError = (err: Error) => {
    lastError = (err as NodeJS.ErrnoException).code ?? err.message;
  };
  redis.on('error', onError);
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(lastError)), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw new PacketError(problem('queueUnreachable', { address: address.shown, detail: `${(err as Error).message} after ${timeoutMs / 1000} s` }, { file: '--queue' }));
  } finally {
    clearTimeout(timer);
    redis.off('error', onError);
  }
}

/** Closes a connection: politely (QUIT) when Redis answers, at once otherwise (QUIT would wait for a Redis that is away). */
export async function hangUp(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.quit().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1000)))]);
  clearTimeout(timer);
  redis.disconnect();
}
