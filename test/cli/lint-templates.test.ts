/** lint-templates passes on the shipped templates and fails, with did-you-mean, on a typo. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { cli, repoRoot } from './helpers.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-lint-'));
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

describe('asylum-packet lint-templates', () => {
  it('passes on the shipped templates and pipelines, listing their tags', async () => {
    const r = await cli('lint-templates', '--tags');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/✔ templates\/declaration\.docx  \d+ tags/);
    expect(r.stdout).toMatch(/✔ templates\/checklist\.md\.hbs  \d+ tags/);
    expect(r.stdout).toContain('{#declaration.sections}');
    expect(r.stdout).toContain('{item.translator.name}');
    expect(r.stdout).toMatch(/templates, 1 field map, 3 pipelines: no problems/);
    // The I-589 is not shipped: its map is linted, its field names cannot be checked.
    expect(r.stdout).toContain("✔ pipelines/forms/i-589.yaml  442 entries; the form forms/i-589.pdf is not in the templates folder");
  });

  it('checks the field map against the official form when it is in the templates folder: every field of Rev. 04/09/19 named once, and a misspelt name caught with the edition', async () => {
    const templates = path.join(tmp, 'templates');
    const pipelines = path.join(tmp, 'pipelines');
    await cp(path.join(repoRoot, 'templates'), templates, { recursive: true });
    await cp(path.join(repoRoot, 'pipelines'), pipelines, { recursive: true });
    await cp(path.join(repoRoot, 'fixtures/forms/i-589-rev-04-09-19.pdf'), path.join(templates, 'forms/i-589.pdf'));
    const ok = await cli('lint-templates', '--templates', templates, '--pipelines', pipelines);
    expect(ok.code, ok.stdout).toBe(0);
    // 442 entries and the 6 fields of the continuation page: the form's 448.
    expect(ok.stdout).toContain('i-589.yaml  442 entries against Form I-589 (Rev. 04/09/19), 448 fields');
    const mapFile = path.join(pipelines, 'forms/i-589.yaml');
    const text = await readFile(mapFile, 'utf8');
    await writeFile(mapFile, text.replace('"form1[0].#subform[0].TextField1[4]"', '"form1[0].#subform[0].TextField1[44]"'));
    const bad = await cli('lint-templates', '--templates', templates, '--pipelines', pipelines);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Form I-589 (Rev. 04/09/19) has no field "form1[0].#subform[0].TextField1[44]"');
    expect(bad.stdout).toContain('[AP5004 form-unknown-field]');
  });

  it('fails on a template with a typo, naming the template, the tag and the right path', async () => {
    await cp(path.join(repoRoot, 'test/fixtures/templates/typo.docx'), path.join(tmp, 'typo.docx'));
    const r = await cli('lint-templates', '--templates', tmp, '--pipelines', tmp);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/typo\.docx \(paragraph \d+\)  tag \{applicant\.name\.famly\}  the tag \{applicant\.name\.famly\} names "applicant\.name\.famly", which is not a field templates can use; did you mean "applicant\.name\.family"\?  \[AP2103 template-unknown-path\]/);
  });

  it('checks the running header too, naming its part: a typo in the witness list\'s short caption', async () => {
    const zip = new PizZip(await readFile(path.join(repoRoot, 'templates/witness-list.docx')));
    const header = zip.file('word/header1.xml')!.asText();
    expect(header).toContain('{derived.fullName}');
    zip.file('word/header1.xml', header.replace('{derived.fullName}', '{derived.fulName}'));
    await writeFile(path.join(tmp, 'witness-list.docx'), zip.generate({ type: 'nodebuffer' }));
    const r = await cli('lint-templates', '--templates', tmp, '--pipelines', tmp);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('witness-list.docx › word/header1.xml (paragraph 1)  tag {derived.fulName}');
    expect(r.stdout).toContain('did you mean "derived.fullName"?');
  });

  it('checks text templates too: unknown fields, unknown filters, and loop scopes', async () => {
    await writeFile(
      path.join(tmp, 'x.md.hbs'),
      '{{derived.fullName}}\n{{#each exhibits}}{{tab}} {{titel}}{{/each}}\n{{longDat applicant.dateOfBirth}}\n{{#each derived.derivatives}}{{fullName}} {{../caseId}}{{/each}}\n',
    );
    const r = await cli('lint-templates', '--templates', tmp, '--pipelines', tmp, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems.map((p: { code: string; message: string; location: { line: number } }) => [p.code, p.location.line, p.message])).toEqual([
      ['AP2103', 2, expect.stringContaining('"titel", which is not a field templates can use; did you mean "title"?')],
      ['AP2104', 3, expect.stringContaining('the filter "longDat", which does not exist; did you mean "longDate"?')],
    ]);
  });

  it('knows `item` of a forEach step: the entry of that list', async () => {
    await writeFile(path.join(tmp, 'cert.md.hbs'), '{{item.translator.name}} {{item.translater}}\n');
    await writeFile(path.join(tmp, 'p.yaml'), 'name: p\nsteps:\n  - kind: text\n    template: cert.md.hbs\n    forEach: translations\n    output: "{{caseId}}-{{item.tab}}.md"\n');
    const r = await cli('lint-templates', '--templates', tmp, '--pipelines', tmp, '--json');
    const report = JSON.parse(r.stdout);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].message).toContain('did you mean "item.translator"?');
  });
});
