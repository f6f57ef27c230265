/** Output piped into a reader that has stopped (`asylum-packet --help | head -1`) ends the command quietly. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('a closed output pipe', () => {
  it('exits 0 without a stack trace when the reader has gone', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/asylum-packet.js'), 'watch', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader stops before the help is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 30_000);
});
