import { describe, expect, it } from 'vitest';
import { BuildQueue } from '../../src/watch/queue.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
/** Lets the queue's promise callbacks run. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

/** A job recorder: each call starts a build that ends when the test resolves it. */
function recorder() {
  const calls: { key: string; d: Deferred }[] = [];
  const running = new Map<string, number>();
  let maxConcurrent = 0;
  let maxPerKey = 0;
  const job = (key: string) => {
    const d = deferred();
    calls.push({ key, d });
    running.set(key, (running.get(key) ?? 0) + 1);
    const total = [...running.values()].reduce((a, b) => a + b, 0);
    maxConcurrent = Math.max(maxConcurrent, total);
    maxPerKey = Math.max(maxPerKey, running.get(key)!);
    return d.promise.finally(() => running.set(key, running.get(key)! - 1));
  };
  return {
    job,
    calls,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get maxPerKey() {
      return maxPerKey;
    },
    keys: () => calls.map((c) => c.key),
    /** Resolves the first unresolved call for `key` (or the first unresolved at all). */
    finish(key?: string) {
      const c = calls.find((x) => !(x as { done?: boolean }).done && (key === undefined || x.key === key));
      if (!c) throw new Error(`no running build for ${key ?? 'any key'}`);
      (c as { done?: boolean }).done = true;
      c.d.resolve();
    },
  };
}

describe('BuildQueue', () => {
  it('runs one build at a time per key', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 4);
    q.request('a');
    q.request('a');
    q.request('a');
    await flush();
    expect(r.keys()).toEqual(['a']);
    expect(q.size).toEqual({ waiting: 0, running: 1 });
    r.finish('a');
    await flush();
    expect(r.keys()).toEqual(['a', 'a']);
    r.finish('a');
    await flush();
    await q.idle();
    expect(r.maxPerKey).toBe(1);
    expect(r.keys()).toEqual(['a', 'a']);
  });

  it('runs at most `concurrency` builds at once, in request order', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 2);
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.request(k);
    await flush();
    expect(r.keys()).toEqual(['a', 'b']);
    expect(q.size).toEqual({ waiting: 3, running: 2 });
    r.finish('b');
    await flush();
    expect(r.keys()).toEqual(['a', 'b', 'c']);
    r.finish('a');
    r.finish('c');
    await flush();
    expect(r.keys()).toEqual(['a', 'b', 'c', 'd', 'e']);
    r.finish('d');
    r.finish('e');
    await q.idle();
    expect(r.maxConcurrent).toBe(2);
    expect(q.size).toEqual({ waiting: 0, running: 0 });
  });

  it('a waiting key is queued once, however many times it is requested', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 1);
    q.request('a');
    for (let i = 0; i < 50; i++) q.request('b');
    await flush();
    expect(q.size).toEqual({ waiting: 1, running: 1 });
    r.finish('a');
    await flush();
    r.finish('b');
    await q.idle();
    expect(r.keys()).toEqual(['a', 'b']);
  });

  it('requests while a key builds queue exactly one more build, however many arrive', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 3);
    q.request('a');
    await flush();
    for (let i = 0; i < 100; i++) q.request('a');
    await flush();
    expect(r.keys()).toEqual(['a']);
    r.finish('a');
    await flush();
    expect(r.keys()).toEqual(['a', 'a']);
    // Requests during the second build queue a third, still only one.
    for (let i = 0; i < 20; i++) q.request('a');
    r.finish('a');
    await flush();
    expect(r.keys()).toEqual(['a', 'a', 'a']);
    r.finish('a');
    await q.idle();
    expect(r.keys()).toEqual(['a', 'a', 'a']);
    expect(r.maxPerKey).toBe(1);
  });

  it('a failing build does not stop the queue', async () => {
    const calls: string[] = [];
    const q = new BuildQueue(async (k) => {
      calls.push(k);
      if (k === 'bad') throw new Error('boom');
    }, 1);
    q.request('bad');
    q.request('good');
    await q.idle();
    expect(calls).toEqual(['bad', 'good']);
  });

  it('stop() takes no more work and resolves only when the builds under way finish', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 2);
    for (const k of ['a', 'b', 'c']) q.request(k);
    await flush();
    q.request('a'); // queued again behind the running build
    expect(r.keys()).toEqual(['a', 'b']);
    let stopped = false;
    const stopping = q.stop().then(() => {
      stopped = true;
    });
    q.request('d');
    await flush();
    expect(stopped).toBe(false);
    expect(q.size).toEqual({ waiting: 0, running: 2 });
    r.finish('a');
    await flush();
    expect(stopped).toBe(false);
    expect(r.keys()).toEqual(['a', 'b']); // neither c, d nor the second a started
    r.finish('b');
    await stopping;
    expect(stopped).toBe(true);
    expect(r.keys()).toEqual(['a', 'b']);
    q.request('e');
    await flush();
    expect(r.keys()).toEqual(['a', 'b']);
  });

  it('stop() on an idle queue resolves at once', async () => {
    const q = new BuildQueue(async () => undefined, 1);
    await expect(q.stop()).resolves.toBeUndefined();
  });

  it('idle() resolves at once when idle, otherwise when nothing is waiting or running', async () => {
    const r = recorder();
    const q = new BuildQueue(r.job, 1);
    await expect(q.idle()).resolves.toBeUndefined();
    q.request('a');
    q.request('b');
    let idle = false;
    const waiting = q.idle().then(() => {
      idle = true;
    });
    const waiting2 = q.idle();
    await flush();
    r.finish('a');
    await flush();
    expect(idle).toBe(false); // b still to build
    r.finish('b');
    await waiting;
    await waiting2;
    expect(idle).toBe(true);
    expect(r.keys()).toEqual(['a', 'b']);
  });
});
