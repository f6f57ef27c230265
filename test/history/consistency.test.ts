/**
 * Issue 11's scenario: the affirmative sample, recorded as filed, then moved to the defensive stage
 * with one event re-dated and one sentence of the narrative changed. The report lists exactly
 * those two differences with old and new values; the defensive build stops until both are
 * acknowledged, then builds; the acknowledgements appear in the report; the manifest keeps counts
 * and id hashes only.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-22';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let dir: string;
let intake: string;
let out: string;
let defensive: Json;
const NEW_SENTENCE = 'Three men beat me with a machete.';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ap-consistency-'));
  await cp(path.join(ROOT, 'fixtures/samples/evidence'), path.join(dir, 'evidence'), { recursive: true });
  intake = path.join(dir, 'nunez.json');
  out = path.join(dir, 'output');
  await cp(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), intake);
  // Built and filed with USCIS, and recorded.
  expect((await cli('build', '--today', TODAY, '--out', out, intake)).code).toBe(0);
  const recorded = await cli('record-filing', intake, '--stage', 'affirmative', '--date', '2025-05-20', '--out', out, '--today', TODAY);
  expect(recorded.code, recorded.stdout).toBe(0);
  // Referred to the court: the defensive sample's proceeding, the filing just recorded, and two changes.
  const filed = JSON.parse(await readFile(intake, 'utf8')) as Json;
  defensive = JSON.parse(await readFile(path.join(ROOT, 'fixtures/samples/intake-defensive.json'), 'utf8')) as Json;
  defensive.proceeding.priorFilings = filed.proceeding.priorFilings;
  // The events' changes only: without the sections the court declaration adds (and their acknowledgements; compare.test.ts covers them).
  delete defensive.statement;
  delete defensive.acknowledgements;
  defensive.evidence = filed.evidence;
  // The witnesses who speak to an exhibit the USCIS filing did not have (the psychologist) are not called.
  const filedIds = new Set(filed.evidence.map((e: Json) => e.id));
  defensive.witnesses = defensive.witnesses.filter((w: Json) => (w.evidence ?? []).every((id: string) => filedIds.has(id)));
  const beating = defensive.events.find((e: Json) => e.id === 'ev-beating');
  beating.date = '2023-05-09';
  beating.narrative = beating.narrative.replace(/^[^.]*\./, NEW_SENTENCE);
  await writeFile(intake, JSON.stringify(defensive, null, 2) + '\n');
}, 120_000);
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

describe('the consistency report, from the asylum office to the court', () => {
  let ids: string[] = [];

  it('the defensive build stops: exactly the two differences, each with its id, old and new', async () => {
    const r = await cli('build', '--today', TODAY, '--out', out, intake);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[AP6004 differences-unacknowledged]');
    expect(r.stdout).toMatch(/2 differences from an earlier filing are not acknowledged/);
    ids = [...r.stdout.matchAll(/(events\[ev-beating\]\.(?:date|narrative)#[0-9a-f]{8})/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(2);
    expect(r.stdout).toContain('"2023-05-02" → "2023-05-09"');
    expect(r.stdout).toContain('event ev-beating: what happened');
  }, 60_000);

  it('acknowledged, it builds; the report gives both changes, old and new, and the reasons; the manifest only counts and hashes', async () => {
    defensive.acknowledgements = [
      { difference: ids.find((i) => i.includes('.date#')), reason: 'the date was corrected after the client found the police report' },
      { difference: ids.find((i) => i.includes('.narrative#')), reason: 'the client recalled the weapon with his psychologist' },
    ];
    await writeFile(intake, JSON.stringify(defensive, null, 2) + '\n');
    const r = await cli('build', '--today', TODAY, '--out', out, intake);
    expect(r.code, r.stdout).toBe(0);
    // Summarised on the terminal.
    expect(r.stdout).toContain('      consistency with the affirmative filing of 2025-05-20: 2 differences, 2 acknowledged (2025-0142-nunez-consistency-report.md)');
    const folder = path.join(out, '2025-0142-nunez', 'eoir-defensive');
    const md = await readFile(path.join(folder, '2025-0142-nunez-consistency-report.md'), 'utf8');
    expect(md).toContain('## The affirmative filing of 2025-05-20');
    expect(md).toContain('2 differences, 2 acknowledged.');
    expect(md).toContain('  - as filed: 2023-05-02\n  - now: 2023-05-09');
    expect(md).toContain('~~Four~~**Three** men beat me with a ~~bat and said I would die if I talked again~~**machete**. My delivery van');
    expect(md).toContain('acknowledged: the date was corrected after the client found the police report');
    expect(md).toContain('acknowledged: the client recalled the weapon with his psychologist');
    expect(md.slice(md.indexOf('## Earlier filings')).match(/^- \*\*/gm)).toHaveLength(2);
    const html = await readFile(path.join(folder, '2025-0142-nunez-consistency-report.html'), 'utf8');
    expect(html).toContain('<del>Four</del>');
    expect(html).toContain('<ins>Three</ins>');
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.consistency).toHaveLength(1);
    expect(manifest.consistency[0]).toMatchObject({ stage: 'affirmative', filedOn: '2025-05-20', snapshot: 'history/2025-05-20-affirmative.json', compared: true, differences: 2, acknowledged: 2 });
    expect([...manifest.consistency[0].ids].sort()).toEqual(ids.map((i) => i.split('#')[1]).sort());
    expect(JSON.stringify(manifest)).not.toMatch(/machete|2023-05-09|police report/);
  }, 60_000);

  it('an exhibit whose file changed since the filing is a difference, found by the hash the record kept and the build read', async () => {
    const passport = path.join(dir, 'evidence', 'passport.pdf');
    await writeFile(passport, Buffer.concat([await readFile(passport), Buffer.from('\n% changed after the filing\n')]));
    const r = await cli('build', '--today', TODAY, '--out', out, intake);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 difference from an earlier filing is not acknowledged, and this filing requires each to be: evidence\[[\w-]+\]\.file#[0-9a-f]{8} \(the affirmative filing of 2025-05-20: exhibit [\w-]+: its file's content, "sha256 [0-9a-f]{12}" → "sha256 [0-9a-f]{12}"\)/);
  }, 60_000);
});
