import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/watch-env.js';

const serve = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/asylum-packet.js'), 'serve', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

describe('asylum-packet serve, refused at start', () => {
  it('a port taken by another program: exit 2, saying so and what to do', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ap-serve-cli-'));
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (other.address() as net.AddressInfo).port;
      const r = await new Promise<ReturnType<typeof serve>>((resolve) => setImmediate(() => resolve(serve(['--in', path.join(tmp, 'in'), '--out', path.join(tmp, 'out'), '--port', String(port), '--no-build-at-start']))));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`port ${port} is taken`);
      expect(r.stderr).toContain('--port 0');
      expect(r.stdout).not.toContain('token=');
    } finally {
      other.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a port or a date that is not one: exit 2', () => {
    expect(serve(['--port', 'http']).status).toBe(2);
    expect(serve(['--port', '70000']).status).toBe(2);
    expect(serve(['--today', 'tomorrow']).status).toBe(2);
    expect(serve(['--max-upload', '-5']).status).toBe(2);
  });
});
