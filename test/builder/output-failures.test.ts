/**
 * An output folder that refuses the case is said in words, as AP3003 with its hint, never as
 * "AP3002 unexpected failure" with a stack trace (issue 13, "Unclear failures"). The tests run as
 * root in CI, where permissions do not stop writes, so the refusal is made with a file standing
 * where the output folder should be; the mapping of the other causes is checked directly.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemFailure, outputFailure } from '../../src/errors/fs-failure.js';
import { cli } from '../cli/helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-out-fail-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('an output folder that cannot be written', () => {
  it('a file where the output folder should be: AP3003 in words, no stack trace, exit 1, the batch goes on', async () => {
    const blocker = path.join(tmp, 'not-a-folder');
    await writeFile(blocker, 'a file, not a folder\n');
    const r = await cli('build', '--today', '2026-11-22', '--out', path.join(blocker, 'out'), 'fixtures/samples/intake-affirmative.json', 'fixtures/samples/intake-family.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the output could not be written: a file stands where a folder is needed');
    expect(r.stdout).toContain('[AP3003 output-write]');
    expect(r.stdout).toContain('check the free disk space and the permissions of the output folder');
    expect(r.stdout).not.toContain('unexpected failure');
    expect(r.stdout).not.toMatch(/^\s+at /m);
    // both cases were tried and reported, each on its own
    expect(r.stdout.match(/AP3003/g)?.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it.each([
    ['EACCES', '/out/x', 'permission denied (/out/x)'],
    ['EPERM', '/out/x', 'permission denied (/out/x)'],
    ['EROFS', '/mnt/usb', 'the disk is read-only (/mnt/usb)'],
    ['ENOSPC', undefined, 'the disk is full'],
    ['EDQUOT', undefined, 'the disk quota is used up'],
    ['EMFILE', undefined, 'too many files are open at once'],
    ['ENOENT', '/out/case', 'a folder it writes into was removed (/out/case)'],
  ])('%s (at %s) is said in words', (code, where, words) => {
    const err = Object.assign(new Error(`${code}: something`), { code, ...(where ? { path: where } : {}) });
    expect(fileSystemFailure(err)).toBe(words);
  });

  it('a link where the case\'s folder should be (to another client\'s filing, or anywhere): AP3003 naming it, and nothing is written, narrowed or removed through it', async () => {
    const out = path.join(tmp, 'out-link');
    const elsewhere = path.join(tmp, 'elsewhere');
    await mkdir(path.join(elsewhere, 'uscis-affirmative'), { recursive: true });
    await writeFile(path.join(elsewhere, 'uscis-affirmative', 'other-client.docx'), 'another client\'s filing\n');
    await mkdir(out, { recursive: true });
    await symlink(elsewhere, path.join(out, '2025-0142-nunez'));
    const modeBefore = (await stat(elsewhere)).mode;
    const r = await cli('build', '--today', '2026-11-22', '--out', out, 'fixtures/samples/intake-affirmative.json', 'fixtures/samples/intake-family.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`a link stands where the case's folder should be (${path.join(out, '2025-0142-nunez')})`);
    expect(r.stdout).toContain('[AP3003 output-write]');
    // The other case of the batch is built; the link's target is as it was.
    expect(r.stdout).toMatch(/✔ built\s+fixtures\/samples\/intake-family\.json/);
    expect((await readdir(elsewhere)).sort()).toEqual(['uscis-affirmative']);
    expect(await readdir(path.join(elsewhere, 'uscis-affirmative'))).toEqual(['other-client.docx']);
    expect(await readFile(path.join(elsewhere, 'uscis-affirmative', 'other-client.docx'), 'utf8')).toBe('another client\'s filing\n');
    expect((await stat(elsewhere)).mode).toBe(modeBefore);
  }, 60_000);

  it('a link where a pipeline\'s folder should be is replaced by the real folder, never followed: its target is untouched', async () => {
    const out = path.join(tmp, 'out-pipeline-link');
    const elsewhere = path.join(tmp, 'elsewhere-2');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'keep.txt'), 'keep\n');
    await mkdir(path.join(out, '2025-0142-nunez'), { recursive: true });
    await symlink(elsewhere, path.join(out, '2025-0142-nunez', 'uscis-affirmative'));
    const r = await cli('build', '--today', '2026-11-22', '--out', out, 'fixtures/samples/intake-affirmative.json');
    expect(r.code, r.stdout).toBe(0);
    expect((await stat(path.join(out, '2025-0142-nunez', 'uscis-affirmative'))).isDirectory()).toBe(true);
    expect(await readdir(elsewhere)).toEqual(['keep.txt']);
    expect(await readFile(path.join(elsewhere, 'keep.txt'), 'utf8')).toBe('keep\n');
  }, 60_000);

  it('anything else stays an unexpected failure (undefined here)', () => {
    expect(fileSystemFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(fileSystemFailure(Object.assign(new Error('?'), { code: 'EWHATEVER' }))).toBeUndefined();
  });
});

describe('a step\'s failure that is the output\'s (outputFailure)', () => {
  const err = (code: string, where?: string) => Object.assign(new Error(code), { code, ...(where ? { path: where } : {}) });
  it('a full or read-only disk, wherever it is said, and any failure inside the output folder, are the output\'s', () => {
    expect(outputFailure(err('ENOSPC'), '/out/.staging-1/p')).toBe('the disk is full');
    expect(outputFailure(err('EROFS', '/elsewhere'), '/out/.staging-1/p')).toBe('the disk is read-only (/elsewhere)');
    expect(outputFailure(err('EACCES', '/out/.staging-1/p/x.docx'), '/out/.staging-1/p')).toBe('permission denied (/out/.staging-1/p/x.docx)');
  });
  it('a template or evidence that cannot be read is the step\'s failure, not the output\'s', () => {
    expect(outputFailure(err('EACCES', '/templates/declaration.docx'), '/out/.staging-1/p')).toBeUndefined();
    expect(outputFailure(err('ENOENT', '/in/evidence/a.pdf'), '/out/.staging-1/p')).toBeUndefined();
    expect(outputFailure(new TypeError('x'), '/out/.staging-1/p')).toBeUndefined();
  });
});
