/** ecas-file-size: each built PDF of an ECAS filing at most 25 MB, read from the build's manifest. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../src/filing-rules/engine.js';
import { cli } from '../cli/helpers.js';
import { caseOf } from './helpers.js';

const TODAY = '2026-08-10';
const MB = 1024 * 1024;
const built = (...sizes: number[]) => [{ pipeline: 'eoir-defensive', dir: 'output/2025-0142-nunez/eoir-defensive', outputs: [{ file: 'x-declaration.docx', bytes: 90 * MB }, ...sizes.map((bytes, i) => ({ file: `x-exhibits_Part${i + 1}.pdf`, bytes }))] }];

const sizeResults = async (ctx: Parameters<typeof checkRules>[1], edit?: (i: any) => void) =>
  checkRules(await caseOf('defensive', TODAY, edit), ctx).filter((r) => r.id === 'ecas-file-size');

describe('ecas-file-size', () => {
  it.each([
    { sizes: [25 * MB], severity: 'pass' },
    { sizes: [3 * MB, 25 * MB + 1], severity: 'error' },
  ])('PDFs of $sizes bytes: $severity (Word files are not filed through ECAS)', async ({ sizes, severity }) => {
    const rs = await sizeResults({ today: TODAY, built: built(...sizes) });
    expect(rs.map((r) => r.severity)).toEqual([severity]);
    expect(rs[0]!.source).toContain('ECAS');
    if (severity === 'error') expect(rs[0]!.message).toContain('x-exhibits_Part2.pdf is 25 MB, over the 25 MB ECAS limit');
  });

  it('says it was not checked without a built filing', async () => {
    expect((await sizeResults({ today: TODAY }))[0]).toMatchObject({ severity: 'info', message: expect.stringContaining('not checked: build the case, then run check-rules with --out') });
    expect((await sizeResults({ today: TODAY, built: [] }))[0]).toMatchObject({ severity: 'info', message: expect.stringContaining('no built PDF') });
  });

  it('does not apply on paper or with USCIS', async () => {
    expect((await sizeResults({ today: TODAY, built: built(30 * MB) }, (i) => (i.proceeding.filingMethod = 'paper')))[0]!.severity).toBe('pass');
    const uscis = checkRules(await caseOf('affirmative', '2025-05-20'), { today: '2025-05-20', built: built(30 * MB) }).filter((r) => r.id === 'ecas-file-size');
    expect(uscis[0]!.message).toContain('does not apply');
  });
});

describe('check-rules --out', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'check-rules-out-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reads the sizes of the built PDFs from the manifest', async () => {
    const dir = path.join(out, '2025-0142-nunez', 'eoir-defensive');
    mkdirSync(dir, { recursive: true });
    const manifest = { manifestVersion: 2, caseId: '2025-0142-nunez', pipeline: 'eoir-defensive', inputs: {}, outputs: [{ file: '2025-0142-nunez-exhibits.pdf', sha256: '0'.repeat(64), bytes: 26 * MB }], pageRanges: {}, warnings: [] };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = await cli('check-rules', '--today', TODAY, '--out', out, 'fixtures/samples/intake-defensive.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^  ecas-file-size +error +.*2025-0142-nunez-exhibits\.pdf is 26 MB, over the 25 MB ECAS limit/m);
  });
});
