/**
 * A real Redis for the queue tests: Debian's redis-server (installed by .ci/run), started on a
 * free loopback port in a folder of its own, with no persistence, so that `restart()` is a Redis
 * that lost everything, the hardest restart there is.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServer {
  port: number;
  url: string;
  /** A client for the test's own looks (closed by stop). */
  client: Redis;
  /** Stops Redis, as a crash would (SIGKILL), and starts it again, empty, on the same port. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Stops Redis (it stays stopped). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = 'redis-server';

export function redisInstalled(): boolean {
  return spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  if (!redisInstalled()) throw new Error('redis-server is needed for the queue tests: apt-get install redis-server (.ci/run installs it)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ap-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > end) throw new Error(`redis-server did not answer on port ${port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await launch();
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    client,
    async restart(o = {}) {
      await kill();
      await new Promise((r) => setTimeout(r, o.downMs ?? 0));
      await launch();
    },
    kill,
    async stop() {
      client.disconnect();
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
