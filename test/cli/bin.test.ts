/** The installed command: `npx asylum-packet` runs bin/asylum-packet.js on the built dist/. */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'asylum-packet.js');

describe('bin/asylum-packet.js', () => {
  it('prints help', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(out).toContain('Usage: asylum-packet');
  });

  it('sets the exit code of a failed validation', () => {
    const r = spawnSync(process.execPath, [bin, 'validate', 'fixtures/invalid/zip.json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('applicant.usAddress.zip');
  });
});
