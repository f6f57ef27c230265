/** Filling Word templates: literal text, split runs, and located errors for broken templates. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors/problem.js';
import { renderDocx } from '../../src/render/docx.js';
import { assertWellFormed, docxParagraphs, docxText, openDocx } from '../helpers/docx.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/templates');
const template = (name: string) => ({ file: path.join(dir, name), bytes: readFileSync(path.join(dir, name)) });

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof PacketError) return err.problems;
    throw err;
  }
  throw new Error('expected a PacketError');
}

describe('renderDocx', () => {
  it('renders intake text literally: markup, braces, ampersands, quotes, line breaks and emoji', () => {
    const evil = 'He wrote <w:t>x</w:t> and {#evil}{/evil} & "quotes" \'too\' 😀 — then\na new line';
    const { file, bytes } = template('narrative.docx');
    const zip = openDocx(renderDocx(file, bytes, { chronology: [{ narrative: evil }, { narrative: 'Second & last' }] }));
    assertWellFormed(zip);
    const text = docxText(zip);
    expect(text).toContain('He wrote <w:t>x</w:t> and {#evil}{/evil} & "quotes" \'too\' 😀 — then a new line');
    expect(text).toContain('Second & last');
    // The line break became a Word line break, not a lost character.
    expect(zip.file('word/document.xml')!.asText()).toMatch(/— then<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/>/);
  });

  it('renders a tag that Word split across two formatting runs', () => {
    const { file, bytes } = template('split-run.docx');
    const zip = openDocx(renderDocx(file, bytes, { applicant: { name: { family: 'Núñez Ramírez' } } }));
    assertWellFormed(zip);
    expect(docxText(zip)).toContain('Núñez Ramírez');
    expect(docxText(zip)).not.toContain('{');
  });

  it('refuses a value the case lacks, naming the tag and its paragraph, instead of writing "undefined"', () => {
    const { file, bytes } = template('typo.docx');
    const problems = problemsOf(() => renderDocx(file, bytes, { applicant: { name: { family: 'Núñez' } } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'AP2102', location: { file, tag: 'applicant.name.famly' } });
    expect(problems[0]!.location.paragraph).toBeGreaterThan(0);
    const paragraphs = docxParagraphs(openDocx(bytes));
    expect(paragraphs[problems[0]!.location.paragraph! - 1]).toContain('{applicant.name.famly}');
  });

  it('reports an unclosed loop with its tag and paragraph', () => {
    const { file, bytes } = template('unclosed-loop.docx');
    const problems = problemsOf(() => renderDocx(file, bytes, { chronology: [] }));
    expect(problems[0]).toMatchObject({ code: 'AP2101', location: { file, tag: 'chronology' } });
    expect(problems[0]!.message).toContain('{#chronology} is never closed');
    expect(problems[0]!.location.paragraph).toBeGreaterThan(0);
  });

  it('reports every broken tag of a template at once', () => {
    const { file, bytes } = template('narrative.docx');
    const zip = openDocx(bytes);
    const xml = zip.file('word/document.xml')!.asText().replace('{#chronology}', '{#chronology}{unclosed').replace('{narrative}', '{narrative | nofilter}');
    zip.file('word/document.xml', xml);
    const problems = problemsOf(() => renderDocx(file, zip.generate({ type: 'uint8array' }), { chronology: [] }));
    expect(problems.map((p) => p.code)).toEqual(['AP2101', 'AP2101']);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/not closed|nofilter/);
  });

  it('says so when the file is not a Word document at all', () => {
    const problems = problemsOf(() => renderDocx('x.docx', Buffer.from('%PDF-1.7 not a docx'), {}));
    expect(problems[0]).toMatchObject({ code: 'AP2101' });
    expect(problems[0]!.message).toContain('not a Word document');
  });
});
