/**
 * Every build runs the filing rules: their results in the checklist (fees in their own section,
 * past dates marked as past) and in the manifest (ids, severities and sources, no messages), one
 * warning naming them on the terminal, and a pipeline's rules.stopOn stopping the case.
 */
import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase } from '../../src/builder/build-case.js';
import { rulesInBuild } from '../../src/filing-rules/in-build.js';
import { validateIntakeFile } from '../../src/intake/validate.js';
import { loadPipelines } from '../../src/pipeline/load.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../../src/paths.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const DEFENSIVE = path.join(samples, 'intake-defensive.json');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-rules-build-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** The shipped pipelines, or a copy whose YAML `edit` changes. */
async function pipelinesWith(edit?: (yaml: string) => string) {
  let dir = DEFAULT_PIPELINES_DIR;
  if (edit) {
    dir = await mkdtemp(path.join(tmp, 'pipelines-'));
    await cp(DEFAULT_PIPELINES_DIR, dir, { recursive: true });
    for (const name of ['eoir-defensive.yaml', 'uscis-affirmative.yaml']) {
      const file = path.join(dir, name);
      await writeFile(file, edit(await readFile(file, 'utf8')));
    }
  }
  const { pipelines, problems } = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
  expect(problems).toEqual([]);
  return pipelines;
}

const build = async (today: string, edit?: (yaml: string) => string) => {
  const outDir = await mkdtemp(path.join(tmp, 'out-'));
  const r = await buildCase(DEFENSIVE, { outDir, templatesDir: DEFAULT_TEMPLATES_DIR, pipelines: await pipelinesWith(edit), today });
  return { r, dir: path.join(outDir, '2025-0142-nunez', 'eoir-defensive'), outDir };
};
const stopOnErrors = (yaml: string) => yaml.replace('stopOn: []', 'stopOn: [error]');

describe('the filing rules in every build', () => {
  it('before the hearing: the checklist gives the rules, the fees as lines to tick, and no date as past', async () => {
    const { r, dir } = await build('2026-08-10');
    expect(r.ok).toBe(true);
    const md = await readFile(path.join(dir, '2025-0142-nunez-filing-checklist.md'), 'utf8');
    expect(md).toContain('## Filing rules');
    expect(md).toContain('- **Warning — An exhibit proving the last arrival:** no exhibit proves the last arrival on 2024-06-02');
    expect(md).toContain('_Source: 8 CFR 208.4(a)(2)(i)(A)._');
    expect(md).toContain('- Passed — The representative\'s EOIR ID for a court filing: Sarah Okafor, EOIR ID KX123456.');
    // The ECAS size rule read the packet the build had written before the checklist.
    expect(md).toMatch(/Passed — Every PDF filed through ECAS under the size limit: \d+ PDFs? built, the largest 2025-0142-nunez-exhibits\.pdf \([\d.]+ KB\), each at most 25 MB\./);
    const fees = md.slice(md.indexOf('## Fees'), md.indexOf('## To sign'));
    expect(fees).toContain('- [ ] pay the $100 I-589 fee through EOIR\'s online payment portal');
    expect(fees).toContain('- [ ] $100 annual asylum fee due');
    expect(md).not.toContain('has passed');
    expect(md).not.toContain('**Error');
  });

  it('after the hearing: the hearing and the deadline are marked as past, and the rule errors are on the checklist', async () => {
    const { r, dir } = await build('2026-11-30');
    expect(r.ok).toBe(true);
    const md = await readFile(path.join(dir, '2025-0142-nunez-filing-checklist.md'), 'utf8');
    expect(md).toContain('there is no mailbox rule. **This deadline has passed (today is November 30, 2026).**');
    expect(md).toContain('at 09:00. **This hearing has passed (today is November 30, 2026): enter the hearing the court has set now.**');
    expect(md).toContain('- **Error — The next hearing and the filing date are not past:** the next hearing (individual, 2026-09-15) was 76 days ago');
    const found = r.problems.filter((p) => p.code === 'AP6102');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^the filing rules find 2 errors \(court-filing-deadline, dates-not-past\) and \d+ warnings \(/);
    expect(found[0]!.location).toMatchObject({ pipeline: 'eoir-defensive', caseId: '2025-0142-nunez' });
  });

  it('the manifest keeps each rule\'s id, severity and source, never its message', async () => {
    const { dir } = await build('2026-11-30');
    const text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    const rules = JSON.parse(text).rules as { id: string; severity: string; source: string }[];
    expect(rules).toContainEqual({ id: 'dates-not-past', severity: 'error', source: 'ICPM 3.1(b): the court\'s filing deadlines count back from the next hearing' });
    expect(rules).toContainEqual(expect.objectContaining({ id: 'representative-eoir-id', severity: 'pass' }));
    for (const r of rules) expect(Object.keys(r).sort()).toEqual(['id', 'severity', 'source']);
    for (const value of ['Daniel', 'KX123456', '2026-09-15', '2024-06-02', 'Sarah Okafor']) expect(text).not.toContain(value);
  });

  it('a pipeline with rules.stopOn: [error] stops the case on a rule error, names the rule, and publishes nothing', async () => {
    const { r, outDir } = await build('2026-11-30', stopOnErrors);
    expect(r.ok).toBe(false);
    const stop = r.problems.find((p) => p.code === 'AP6101');
    expect(stop?.severity).toBe('error');
    expect(stop?.message).toContain('2 filing rules find what this pipeline does not build with (rules.stopOn: [error])');
    expect(stop?.message).toContain('dates-not-past: the next hearing (individual, 2026-09-15) was 76 days ago');
    expect(stop?.location).toMatchObject({ pipeline: 'eoir-defensive', caseId: '2025-0142-nunez' });
    expect(await readdir(outDir)).toEqual([]);
  });

  it('the same pipeline builds the case when no rule finds an error', async () => {
    const { r } = await build('2026-08-10', stopOnErrors);
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
  });

  it('a pipeline whose rules.stopOn names an unknown severity is refused when it loads, at the line', async () => {
    const dir = await mkdtemp(path.join(tmp, 'bad-'));
    await cp(path.join(DEFAULT_PIPELINES_DIR, 'eoir-defensive.yaml'), path.join(dir, 'p.yaml'));
    await cp(path.join(DEFAULT_PIPELINES_DIR, 'forms'), path.join(dir, 'forms'), { recursive: true });
    await writeFile(path.join(dir, 'p.yaml'), (await readFile(path.join(dir, 'p.yaml'), 'utf8')).replace('stopOn: []', 'stopOn: [fatal]'));
    const { problems } = await loadPipelines(dir, { templatesDir: DEFAULT_TEMPLATES_DIR });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.location).toMatchObject({ file: path.join(dir, 'p.yaml'), path: 'rules.stopOn[0]' });
    expect(problems[0]!.location.line).toBeGreaterThan(0);
  });
});

describe('the ECAS size rule inside a build', () => {
  const caseOf = async () => {
    const v = await validateIntakeFile(DEFENSIVE, { today: '2026-08-10' });
    if (!v.ok) throw new Error('the sample does not validate');
    return v.case;
  };

  it('reads the size of each PDF written so far: one byte over 25 MB is an error naming the file', async () => {
    const dir = await mkdtemp(path.join(tmp, 'sizes-'));
    await writeFile(path.join(dir, 'a-exhibits.pdf'), '');
    await truncate(path.join(dir, 'a-exhibits.pdf'), 25 * 1024 * 1024 + 1);
    await writeFile(path.join(dir, 'b-exhibits-part-2.pdf'), '');
    await truncate(path.join(dir, 'b-exhibits-part-2.pdf'), 25 * 1024 * 1024);
    await writeFile(path.join(dir, 'c-declaration.docx'), '');
    await truncate(path.join(dir, 'c-declaration.docx'), 30 * 1024 * 1024);
    const results = (await rulesInBuild(await caseOf(), '2026-08-10', 'eoir-defensive', dir, ['a-exhibits.pdf', 'b-exhibits-part-2.pdf', 'c-declaration.docx'])).filter((r) => r.id === 'ecas-file-size');
    expect(results.map((r) => [r.severity, r.message.split(' is ')[0]])).toEqual([['error', 'eoir-defensive/a-exhibits.pdf']]);
  });

  it('before any PDF is written it says so, not "build the case first"', async () => {
    const results = (await rulesInBuild(await caseOf(), '2026-08-10', 'eoir-defensive', tmp, [])).filter((r) => r.id === 'ecas-file-size');
    expect(results.map((r) => [r.severity, r.message])).toEqual([['info', 'not checked yet: no PDF of this filing is written at this point of its build']]);
  });
});
