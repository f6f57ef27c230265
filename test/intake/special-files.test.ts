/**
 * An evidence path naming something that is not a regular file — a named pipe (FIFO), a device, a
 * folder — is refused by validate, said for what it is, and never opened: reading a FIFO would
 * block the build until something writes to it (issue 13: "a FIFO or device named x.pdf is called
 * a folder").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateIntakeFile } from '../../src/intake/validate.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-special-'));
  await cp(path.join(samples, 'evidence'), path.join(tmp, 'evidence'), { recursive: true });
  execFileSync('mkfifo', [path.join(tmp, 'evidence', 'pipe.pdf')]);
  await mkdir(path.join(tmp, 'evidence', 'folder.pdf'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

async function withEvidence(file: string) {
  const doc = JSON.parse(readFileSync(path.join(samples, 'intake-affirmative.json'), 'utf8'));
  doc.evidence[0].file = file;
  const intake = path.join(tmp, `${path.basename(file)}.json`);
  await writeFile(intake, JSON.stringify(doc, null, 2));
  return validateIntakeFile(intake, { today: '2026-11-22' });
}

describe('evidence that is not a regular file', () => {
  test.each([
    ['a named pipe', 'evidence/pipe.pdf', 'it is a named pipe (FIFO), not a file'],
    ['a folder', 'evidence/folder.pdf', 'it is a folder, not a file'],
  ])('%s is refused, said for what it is, without blocking', async (_what, file, reason) => {
    const started = Date.now();
    const r = await withEvidence(file);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.location.path === 'evidence[0].file');
    expect(p, JSON.stringify(r.problems)).toBeDefined();
    expect(p!.message).toContain(reason);
  });
});
