/**
 * Limits on an intake file (issue 13): its size (5 MB) is checked before it is read, and how
 * deeply it nests (64) before the JSON parser, which recurses, sees it. Both are located
 * problems (AP1006, AP1007), never a stack overflow, and come back in milliseconds.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateIntakeBytes, validateIntakeFile } from '../../src/intake/validate.js';
import { MAX_INTAKE_BYTES, MAX_INTAKE_DEPTH } from '../../src/limits.js';
import { parseJson, tooDeepAt } from '../../src/source/json.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ap-intake-limits-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; rss: number }> {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  return f().then((value) => ({ value, ms: performance.now() - started, rss: process.memoryUsage().rss - before }));
}

describe('intake size', () => {
  it('the defaults are 5 MB and 64 levels', () => {
    expect(MAX_INTAKE_BYTES).toBe(5 * 1024 * 1024);
    expect(MAX_INTAKE_DEPTH).toBe(64);
  });

  it('a 2 GB (sparse) intake file is refused from its size, without reading it: AP1006 at 1:1', async () => {
    const file = path.join(root, 'huge.json');
    const h = await open(file, 'w');
    await h.truncate(2 * 1024 ** 3); // sparse: nothing on disk
    await h.close();
    const r = await timed(() => validateIntakeFile(file, { today: TODAY }));
    expect(r.value.ok).toBe(false);
    expect(r.value.problems).toHaveLength(1);
    expect(r.value.problems[0]).toMatchObject({ code: 'AP1006', name: 'intake-too-large', severity: 'error', location: { file, line: 1, column: 1 } });
    expect(r.value.problems[0]!.message).toBe('the file is 2 GB, more than the limit of 5 MB for an intake file; it was not read');
    expect(r.value.problems[0]!.hint).toMatch(/intake holds text only/);
    expect(r.ms).toBeLessThan(1000);
    expect(r.rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('one byte over the limit is refused; the sample intake, far under it, is valid', async () => {
    const file = path.join(root, 'over.json');
    await writeFile(file, Buffer.alloc(MAX_INTAKE_BYTES + 1, 0x20));
    expect((await validateIntakeFile(file, { today: TODAY })).problems.map((p) => p.code)).toEqual(['AP1006']);
    // bytes handed to the library are held to the same limit
    expect((await validateIntakeBytes(file, Buffer.alloc(MAX_INTAKE_BYTES + 1, 0x20), { today: TODAY })).problems.map((p) => p.code)).toEqual(['AP1006']);
    const ok = await validateIntakeFile(path.join(samples, 'intake-affirmative.json'), { today: TODAY });
    expect(ok.ok, JSON.stringify(ok.problems)).toBe(true);
  });

  it('a lower limit can be set', async () => {
    const r = await validateIntakeFile(path.join(samples, 'intake-affirmative.json'), { today: TODAY, maxBytes: 1000 });
    expect(r.problems.map((p) => p.code)).toEqual(['AP1006']);
    expect(r.problems[0]!.message).toMatch(/more than the limit of 1000 bytes/);
  });
});

describe('intake nesting depth', () => {
  it('100,000 nested lists: AP1007 located at the bracket that goes too deep, no stack overflow', async () => {
    const text = '{\n  "schemaVersion": 1,\n  "x": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n}\n';
    const r = await timed(() => validateIntakeBytes(path.join(samples, 'deep.json'), Buffer.from(text), { today: TODAY }));
    expect(r.value.ok).toBe(false);
    expect(r.value.problems).toHaveLength(1);
    // the object is level 1, so the 64th "[" opens level 65: column 8 + 63
    expect(r.value.problems[0]).toMatchObject({ code: 'AP1007', name: 'intake-too-deep', location: { line: 3, column: 8 + 63 } });
    expect(r.value.problems[0]!.message).toMatch(/nest more than 64 deep/);
    expect(r.ms).toBeLessThan(1000);
  });

  it('an unclosed flood of "{" (broken JSON too) is AP1007, not a parser crash', async () => {
    const r = await validateIntakeBytes(path.join(samples, 'deep.json'), Buffer.from('{"a":'.repeat(200_000)), { today: TODAY });
    expect(r.problems.map((p) => p.code)).toEqual(['AP1007']);
    expect(r.problems[0]!.location).toMatchObject({ line: 1, column: 5 * 64 + 1 });
  });

  it('brackets inside strings do not count, and 64 levels are accepted', () => {
    expect(tooDeepAt(`{"a": "${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`, 64)).toBe(-1);
    const at64 = '['.repeat(64) + ']'.repeat(64);
    expect(tooDeepAt(at64, 64)).toBe(-1);
    expect(tooDeepAt('[' + at64 + ']', 64)).toBe(64);
    const parsed = parseJson('x.json', Buffer.from(at64));
    expect(parsed.ok).toBe(true);
  });

  it('the sample intakes nest well under the limit', () => {
    for (const name of ['intake-affirmative.json', 'intake-defensive.json', 'intake-family.json']) {
      expect(tooDeepAt(readFileSync(path.join(samples, name), 'utf8'), 8), name).toBe(-1);
    }
  });
});

describe('an intake path that is not a regular file', () => {
  it('a named pipe is refused at once (no writer awaited), a folder is said to be a folder', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = path.join(root, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const r = await timed(() => validateIntakeFile(fifo, { today: TODAY }));
    expect(r.value.problems.map((p) => [p.code, p.message])).toEqual([['AP1001', 'cannot read the file: it is a named pipe (FIFO), not a file']]);
    expect(r.ms).toBeLessThan(1000);
    const folder = await validateIntakeFile(root, { today: TODAY });
    expect(folder.problems.map((p) => p.message)).toEqual(['cannot read the file: it is a folder']);
  });
});
