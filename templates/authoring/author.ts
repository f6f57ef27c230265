/**
 * Writes the docx templates of templates/ and the test fixtures of test/fixtures/templates/.
 * Run with `npx tsx templates/authoring/author.ts`; the output is the same bytes every time.
 *
 * The templates use docxtemplater's syntax with the angular parser and the filters of
 * src/render/filters.ts. The renderer treats a missing value as an error, so every optional
 * field appears only inside a condition ({#x}…{/x}, {^x}…{/x}). Field names are those of
 * src/render/model.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocx, para, paragraph, run, type DocumentSpec } from './docx.js';
import { section, tagLine } from './blocks.js';
import { certificateOfService, certificateOfTranslation } from './certificates.js';
import { coverLetter } from './cover-letter.js';
import { declaration } from './declaration.js';
import { exhibitList, witnessList } from './hearing-lists.js';
import { indexOfEvidence } from './index-of-evidence.js';

// ── test fixtures ─────────────────────────────────────────────────────────────

const fixture = (title: string, body: string[]): DocumentSpec => ({ title, body });

const FIXTURES: Record<string, DocumentSpec> = {
  'typo.docx': fixture('Fixture: unknown field', [para('Family name: {applicant.name.famly}')]),
  'unclosed-loop.docx': fixture('Fixture: unclosed loop', [tagLine('{#chronology}'), para('{narrative}')]),
  'split-run.docx': fixture('Fixture: tag split across runs', [paragraph([run('Family name: '), run('{applicant.na', { bold: true }), run('me.family}')])]),
  'narrative.docx': fixture('Fixture: paragraph loop', [...section('chronology', [para('{narrative}')])]),
};

// ── main ──────────────────────────────────────────────────────────────────────

const TEMPLATES: Record<string, () => DocumentSpec> = {
  'declaration.docx': declaration,
  'uscis-cover-letter.docx': coverLetter,
  'index-of-evidence.docx': indexOfEvidence,
  'certificate-of-translation.docx': certificateOfTranslation,
  'certificate-of-service.docx': certificateOfService,
  'witness-list.docx': witnessList,
  'exhibit-list.docx': exhibitList,
};

function writeAll(dir: string, docs: Record<string, DocumentSpec>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, spec] of Object.entries(docs)) {
    writeFileSync(join(dir, name), buildDocx(spec));
    console.log(`wrote ${join(dir, name)}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
writeAll(join(root, 'templates'), Object.fromEntries(Object.entries(TEMPLATES).map(([name, make]) => [name, make()])));
writeAll(join(root, 'test', 'fixtures', 'templates'), FIXTURES);
