/**
 * Control characters in the intake's texts are refused at validate, located, and shown escaped:
 * an escape sequence in a name would otherwise be printed raw to the paralegal's terminal (and
 * reach Word and PDF documents), and NUL or a form feed passed validation and then failed the build
 * as a "template syntax" error (issue 13).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateIntakeBytes } from '../../src/intake/validate.js';
import { cli } from '../cli/helpers.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
type Intake = Record<string, any>;
const sample = (): Intake => JSON.parse(readFileSync(path.join(samples, 'intake-affirmative.json'), 'utf8'));
const validate = (doc: Intake) => validateIntakeBytes(path.join(samples, 'intake-affirmative.json'), Buffer.from(JSON.stringify(doc, null, 2)), { today: TODAY });

describe('control characters in texts', () => {
  test.each([
    ['ESC (a terminal colour sequence)', 'Jos\u001b[31mé', '"Jos\\u001b[31mé"'],
    ['NUL', 'Jos\u0000é', '"Jos\\u0000é"'],
    ['a form feed', 'José\f', '"José\\f"'],
    ['DEL', 'José\u007f', '"José\\u007f"'],
    ['a C1 control (CSI)', 'José\u009b31m', '"José\\u009b31m"'],
  ])('%s in a name is refused with its location, the character shown escaped where JSON escapes it', async (_what, given, shown) => {
    const doc = sample();
    doc.applicant.name.given = given;
    const r = await validate(doc);
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.location.path === 'applicant.name.given');
    expect(p, JSON.stringify(r.problems)).toMatchObject({ code: 'AP1109', severity: 'error' });
    expect(p!.message).toBe(`expected a text without control characters (such as ESC, NUL or a form feed), found ${shown}`);
    expect(p!.location.line).toBeGreaterThan(0);
    expect(p!.message).not.toContain('\u001b');
  });

  test('in a narrative too; line breaks and tabs stay allowed there', async () => {
    const doc = sample();
    doc.events[0].narrative = 'First line.\nSecond line,\tafter a tab.';
    expect((await validate(doc)).ok).toBe(true);
    doc.events[1].narrative = 'Page one.\fPage two.';
    const r = await validate(doc);
    expect(r.problems.map((p) => [p.code, p.location.path])).toEqual([['AP1109', 'events[1].narrative']]);
  });
});

describe('validate on the command line', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-control-'));
    await cp(path.join(samples, 'evidence'), path.join(tmp, 'evidence'), { recursive: true });
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  test('prints no raw escape sequence from a hostile name', async () => {
    const doc = sample();
    doc.applicant.name.family = 'Núñez\u001b]0;pwned\u0007\u001b[2J\u009b2J';
    const file = path.join(tmp, 'hostile.json');
    await writeFile(file, JSON.stringify(doc, null, 2));
    const r = await cli('validate', '--today', TODAY, file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('applicant.name.family');
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
  });
});
