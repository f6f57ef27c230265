/**
 * record-filing (issue 11, part 1): the intake as filed and what was filed, kept once and never
 * replaced, only for a filing built from that very intake; the intake gains one priorFilings entry.
 */
import { createHash } from 'node:crypto';
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors/problem.js';
import { recordFiling, type RecordFilingOptions } from '../../src/history/record-filing.js';
import { validateIntakeFile } from '../../src/intake/validate.js';
import { cli } from '../cli/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';
let dir: string;
let intake: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ap-record-'));
  await cp(path.join(ROOT, 'fixtures/samples/evidence'), path.join(dir, 'evidence'), { recursive: true });
  intake = path.join(dir, 'intake.json');
  await cp(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), intake);
  out = path.join(dir, 'output');
});
afterEach(async () => {
  await chmod(path.join(dir, 'history'), 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const opts = (o: Partial<RecordFilingOptions> = {}): RecordFilingOptions => ({ stage: 'affirmative', date: '2026-11-20', outDir: out, today: TODAY, ...o });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const build = async () => expect((await cli('build', '--today', TODAY, '--out', out, intake)).code).toBe(0);
async function refusal(p: Promise<unknown>): Promise<string[]> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PacketError);
  return (err as PacketError).problems.map((x) => x.code);
}

describe('record-filing', () => {
  it('keeps the intake as filed (read-only) and every document\'s sha256 with the exhibits\' tabs and pages; the intake gains one entry and still validates', async () => {
    await build();
    const before = await readFile(intake);
    const r = await recordFiling(intake, opts());
    expect(path.relative(dir, r.snapshot)).toBe('history/2026-11-20-affirmative.json');
    expect(await readFile(r.snapshot)).toEqual(before);
    expect((await stat(r.snapshot)).mode & 0o777).toBe(0o400);
    expect((await stat(r.record)).mode & 0o777).toBe(0o400);
    const record = JSON.parse(await readFile(r.record, 'utf8'));
    expect(record).toMatchObject({ recordVersion: 1, caseId: '2025-0142-nunez', stage: 'affirmative', filedOn: '2026-11-20', snapshot: { path: 'history/2026-11-20-affirmative.json', sha256: sha(before) } });
    const [filing] = record.filings;
    expect(filing.pipeline).toBe('uscis-affirmative');
    // Every document the build wrote (the consistency report too: the sample's summary says what its
    // declaration does not), the PDFs LibreOffice converted when it is installed.
    const written = (await readdir(path.join(out, '2025-0142-nunez', 'uscis-affirmative'))).filter((f) => f !== 'manifest.json');
    expect(written.length).toBeGreaterThanOrEqual(10);
    expect(filing.documents.map((d: { file: string }) => d.file).sort()).toEqual(written.sort());
    for (const d of filing.documents) expect(d.sha256, d.file).toBe(sha(await readFile(path.join(out, '2025-0142-nunez', 'uscis-affirmative', d.file))));
    expect(filing.exhibits.map((x: { tab: string }) => x.tab)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const x of filing.exhibits) expect(x.lastPage).toBeGreaterThanOrEqual(x.firstPage);
    // The evidence as the build read it, by hash.
    expect(filing.evidence.length).toBeGreaterThanOrEqual(6);
    for (const e of filing.evidence) expect(e.sha256, e.path).toBe(sha(await readFile(path.join(dir, e.path))));
    // The intake: the same as before but for the new entry.
    const now = JSON.parse(await readFile(intake, 'utf8'));
    expect(now.proceeding.priorFilings).toEqual([{ stage: 'affirmative', filedOn: '2026-11-20', snapshot: 'history/2026-11-20-affirmative.json' }]);
    delete now.proceeding.priorFilings;
    expect(now).toEqual(JSON.parse(before.toString('utf8')));
    expect(r.entry).toBe(0);
    const v = await validateIntakeFile(intake, { today: TODAY });
    expect(v.ok, JSON.stringify(v.problems)).toBe(true);
  }, 60_000);

  it('recording the same stage and date twice is AP6001, and nothing changes', async () => {
    await build();
    const r = await recordFiling(intake, opts());
    const [intakeBytes, snapshot, record] = await Promise.all([readFile(intake), readFile(r.snapshot), readFile(r.record)]);
    expect(await refusal(recordFiling(intake, opts()))).toEqual(['AP6001']);
    expect(await readFile(intake)).toEqual(intakeBytes);
    expect(await readFile(r.snapshot)).toEqual(snapshot);
    expect(await readFile(r.record)).toEqual(record);
  }, 60_000);

  it('a filing not built, or built from another version of the intake, is AP6002, and nothing is written', async () => {
    expect(await refusal(recordFiling(intake, opts()))).toEqual(['AP6002']);
    await build();
    const text = (await readFile(intake, 'utf8')).replace('"filingMethod": "mail"', '"filingMethod": "online"');
    await writeFile(intake, text);
    expect(await refusal(recordFiling(intake, opts()))).toEqual(['AP6002']);
    expect(await readFile(intake, 'utf8')).toBe(text);
    await expect(stat(path.join(dir, 'history'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);

  it('a document signed or edited after the build is recorded as it is now, and said to differ', async () => {
    await build();
    const letter = path.join(out, '2025-0142-nunez', 'uscis-affirmative', '2025-0142-nunez-cover-letter.docx');
    await writeFile(letter, Buffer.concat([await readFile(letter), Buffer.from('signed')]));
    const r = await recordFiling(intake, opts());
    const doc = r.recorded.filings[0]!.documents.find((d) => d.file.endsWith('cover-letter.docx'))!;
    expect(doc).toMatchObject({ sha256: sha(await readFile(letter)), changedSinceBuilt: true });
    expect(r.recorded.filings[0]!.documents.filter((d) => d.changedSinceBuilt)).toHaveLength(1);
  }, 60_000);

  it('a stage that does not match the proceeding is AP6003', async () => {
    await build();
    expect(await refusal(recordFiling(intake, opts({ stage: 'defensive' })))).toEqual(['AP6003']);
  }, 60_000);

  it('a record interrupted after the snapshot was made is finished by running it again', async () => {
    await build();
    const before = await readFile(intake);
    const r = await recordFiling(intake, opts());
    // As if it had stopped before updating the intake: the intake as it was, the history files there.
    await writeFile(intake, before);
    const again = await recordFiling(intake, opts());
    expect(again.snapshot).toBe(r.snapshot);
    expect(JSON.parse(await readFile(intake, 'utf8')).proceeding.priorFilings).toHaveLength(1);
  }, 60_000);

  it('the command: exit 0 and what it kept; exit 1 naming the problem; exit 2 for a stage or a date it does not know', async () => {
    await build();
    const ok = await cli('record-filing', intake, '--stage', 'affirmative', '--date', '2026-11-20', '--out', out, '--today', TODAY);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('✔ recorded  the affirmative filing of 2026-11-20  (2025-0142-nunez)');
    const written = (await readdir(path.join(out, '2025-0142-nunez', 'uscis-affirmative'))).filter((f) => f !== 'manifest.json');
    expect(ok.stdout).toContain(`${written.length} documents (sha256), exhibits at tabs A–F with their pages`);
    const twice = await cli('record-filing', intake, '--stage', 'affirmative', '--date', '2026-11-20', '--out', out, '--today', TODAY);
    expect(twice.code).toBe(1);
    expect(twice.stdout).toContain('[AP6001 filing-recorded-twice]');
    expect((await cli('record-filing', intake, '--stage', 'asylum', '--date', '2026-11-20', '--out', out)).code).toBe(2);
    expect((await cli('record-filing', intake, '--stage', 'affirmative', '--date', '20/11/2026', '--out', out)).code).toBe(2);
  }, 60_000);
});
