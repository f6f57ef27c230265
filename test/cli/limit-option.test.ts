/** `--limit <name>=<value>`: every limit of limits.ts is a setting of build and watch, in the units people think in. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_SETTINGS, parseLimitSettings } from '../../src/limits.js';
import { cli } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const outDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'ap-limit-'));
  dirs.push(d);
  return d;
};

describe('--limit', () => {
  it('every limit has a setting, and each is read in its unit', () => {
    expect(Object.values(LIMIT_SETTINGS).map((s) => s.key).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
    expect(parseLimitSettings(['image-megapixels=150', 'stream-mb=512', 'exhibit-pages=3000', 'packet-pages=20000', 'intake-mb=2', 'intake-depth=32', 'case-seconds=0.5'])).toEqual({
      maxImagePixels: 150_000_000,
      maxStreamBytes: 512 * 1024 * 1024,
      maxPagesPerExhibit: 3000,
      maxPagesPerPacket: 20000,
      maxIntakeBytes: 2 * 1024 * 1024,
      maxIntakeDepth: 32,
      caseSeconds: 0.5,
    });
  });

  it.each([['pages=3', /one of: image-megapixels, .*case-seconds; found "pages=3"/], ['case-seconds', /expects <name>=<number>/], ['case-seconds=abc', /expects <name>=<number>/], ['exhibit-pages=0', /must be more than 0/]])('refuses %s, saying what is allowed', (setting, words) => {
    expect(() => parseLimitSettings([setting])).toThrow(words);
  });

  it('build --limit exhibit-pages=2: the sample\'s longer exhibits fail the case with AP4004; without it the case builds', async () => {
    const out = await outDir();
    const tight = await cli('build', '--today', '2026-11-22', '--out', out, '--limit', 'exhibit-pages=2', 'fixtures/samples/intake-affirmative.json');
    expect(tight.code).toBe(1);
    expect(tight.stdout).toContain('AP4004');
    expect(tight.stdout).toMatch(/more than the limit of 2/);
    const roomy = await cli('build', '--today', '2026-11-22', '--out', out, 'fixtures/samples/intake-affirmative.json');
    expect(roomy.code, roomy.stdout).toBe(0);
  }, 60_000);

  it('build --limit case-seconds=0.01 fails the case with AP3005; two settings at once are both applied', async () => {
    const out = await outDir();
    const r = await cli('build', '--today', '2026-11-22', '--out', out, '--limit', 'exhibit-pages=5000', '--limit', 'case-seconds=0.01', 'fixtures/samples/intake-affirmative.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AP3005');
    expect(r.stdout).toContain('after 0.01 seconds');
  }, 60_000);

  it('an unknown setting is a usage error (exit 2), before anything is built', async () => {
    const out = await outDir();
    const r = await cli('build', '--out', out, '--limit', 'pages=3', 'fixtures/samples/intake-affirmative.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit expects');
  });
});
