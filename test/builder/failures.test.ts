/**
 * A case whose build fails leaves nothing half-written — not even a folder — and keeps its
 * previous output, while the other cases of the batch still build.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';

const repo = path.resolve(import.meta.dirname, '../..');
let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-fail-'));
  await cp(path.join(repo, 'templates'), path.join(tmp, 'templates'), { recursive: true });
  await cp(path.join(repo, 'pipelines'), path.join(tmp, 'pipelines'), { recursive: true });
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

const build = () =>
  cli('build', '--today', '2026-11-22', '--templates', path.join(tmp, 'templates'), '--pipelines', path.join(tmp, 'pipelines'), '--out', path.join(tmp, 'out'), 'fixtures/samples/intake-affirmative.json', 'fixtures/samples/intake-defensive.json');

async function breakAffirmativeDeclaration(fixture: string) {
  await cp(path.join(repo, 'test/fixtures/templates', fixture), path.join(tmp, 'templates', 'broken.docx'));
  const file = path.join(tmp, 'pipelines', 'uscis-affirmative.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('template: declaration.docx', 'template: broken.docx'));
}

describe('a failing case in a batch', () => {
  it.each([
    ['unclosed-loop.docx', 'AP2101', /broken\.docx \(paragraph \d+\)  pipeline uscis-affirmative, step 2 \(docx\), tag \{chronology\}  the loop or condition \{#chronology\} is never closed/],
    ['typo.docx', 'AP2102', /broken\.docx \(paragraph \d+\)  pipeline uscis-affirmative, step 2 \(docx\), tag \{applicant\.name\.famly\}  the tag \{applicant\.name\.famly\} has no value/],
  ])('with %s: reports %s with its location, writes nothing for that case, builds the other', async (fixture, code, message) => {
    await breakAffirmativeDeclaration(fixture);
    const r = await build();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[${code} `);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toContain('✖ failed  fixtures/samples/intake-affirmative.json  2025-0142-nunez  (nothing written)');
    expect(r.stdout).toContain('✔ built   fixtures/samples/intake-defensive.json');
    expect(r.stdout).toContain('2 cases: 1 built, 0 up to date, 1 failed');
    const caseDir = path.join(tmp, 'out', '2025-0142-nunez');
    expect((await readdir(caseDir)).sort()).toEqual(['eoir-defensive', 'eoir-supplemental']);
  });

  it('keeps the previous good output when a rebuild fails', async () => {
    expect((await build()).code).toBe(0);
    const declaration = path.join(tmp, 'out', '2025-0142-nunez', 'uscis-affirmative', '2025-0142-nunez-declaration.docx');
    const before = await readFile(declaration);
    await breakAffirmativeDeclaration('typo.docx');
    expect((await build()).code).toBe(1);
    expect(Buffer.compare(await readFile(declaration), before)).toBe(0);
    expect((await readdir(path.join(tmp, 'out', '2025-0142-nunez'))).sort()).toEqual(['eoir-defensive', 'eoir-supplemental', 'uscis-affirmative']);
  });

  it('refuses to build when a pipeline is broken, naming file, line, step and the known kinds', async () => {
    const file = path.join(tmp, 'pipelines', 'eoir-defensive.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('kind: text', 'kind: txt'));
    const r = await build();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/eoir-defensive\.yaml:\d+:\d+  steps\[\d+\]\.kind, step \d+ \(txt\)  unknown step kind "txt"; did you mean "text"\?; the kinds are: docx, text, packet, form, consistency, convert/);
    expect(r.stdout).toContain('no case was built');
    await expect(readdir(path.join(tmp, 'out'))).rejects.toThrow();
  });

  it.each(['1', '2'])('refuses two intake files with the same caseId building the same pipeline (--concurrency %s)', async (concurrency) => {
    const copy = path.join(tmp, 'copy');
    await mkdir(copy);
    await cp(path.join(repo, 'fixtures/samples'), copy, { recursive: true });
    const r = await cli('build', '--today', '2026-11-22', '--concurrency', concurrency, '--out', path.join(tmp, 'out'), 'fixtures/samples/intake-affirmative.json', path.join(copy, 'intake-affirmative.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AP3004');
    expect(r.stdout).toContain('2 cases: 1 built, 0 up to date, 1 failed');
  });
});
