/** Files read again only when they change: kept while unchanged, fresh after an edit, failures not kept. */
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whenChanged } from '../../src/source/when-changed.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ap-when-changed-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('whenChanged', () => {
  it('makes the value once while the file is unchanged, and again after it changes', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFile(file, 'one');
    let made = 0;
    const read = whenChanged(async (f) => {
      made++;
      return readFile(f, 'utf8');
    });
    expect(await read(file)).toBe('one');
    expect(await read(file)).toBe('one');
    expect(made).toBe(1);
    await writeFile(file, 'three');
    expect(await read(file)).toBe('three');
    expect(made).toBe(2);
    // Same size, another modification time: read again.
    await writeFile(file, 'thrEE');
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    expect(await read(file)).toBe('thrEE');
    expect(made).toBe(3);
  });

  it('does not keep a failure, nor anything for a file that is not there', async () => {
    const file = path.join(dir, 'b.txt');
    let calls = 0;
    const read = whenChanged(async () => {
      calls++;
      throw new Error('broken');
    });
    await expect(read(file)).rejects.toThrow('broken');
    await writeFile(file, 'x');
    await expect(read(file)).rejects.toThrow('broken');
    await expect(read(file)).rejects.toThrow('broken');
    expect(calls).toBe(3);
  });
});
