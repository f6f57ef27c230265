/**
 * npm run bench (third part): Form I-589 for one case, in a warm process: the time to load the
 * official form (decrypt, parse, list its 448 fields), next to the time to fill it for the family
 * sample (load, fill every mapped field, Supplement A, the Supplement B pages, save). The fill's own
 * share is the difference. qpdf decrypting the same form, in the same run, is the reference.
 * Prints figures only; asserts nothing.
 *
 * Run alone: `tsx bench/form.ts` (imports src/ directly, as the tests do).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillForm } from '../src/forms/fill.js';
import { loadFieldMap } from '../src/forms/map.js';
import { openForm } from '../src/forms/open.js';
import { validateIntakeFile } from '../src/intake/validate.js';
import { buildModel } from '../src/render/model.js';
import { median, results } from './results.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FORM = path.join(repo, 'fixtures/forms/i-589-rev-04-09-19.pdf');
const MAP = path.join(repo, 'pipelines/forms/i-589.yaml');
const SAMPLE = path.join(repo, 'fixtures/samples/intake-family.json');
const TODAY = '2026-11-22';
const RUNS = 7;

const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};

const bytes = new Uint8Array(await readFile(FORM));
const v = await validateIntakeFile(SAMPLE, { today: TODAY });
if (!v.ok) throw new Error(`${SAMPLE} does not validate`);
const model = buildModel(v.case, { today: TODAY });
const map = await loadFieldMap(MAP);

// Warm up once (module code, fonts, compiled patterns), then interleave the three measures.
const first = await fillForm(FORM, bytes, map, model, { flatten: false, today: model.derived.filingDate });
const load: number[] = [];
const fill: number[] = [];
const qpdf: number[] = [];
const work = await mkdtemp(path.join(os.tmpdir(), 'form-bench-'));
try {
  for (let i = 0; i < RUNS; i++) {
    load.push(await seconds(() => openForm(FORM, bytes)));
    fill.push(await seconds(() => fillForm(FORM, bytes, map, model, { flatten: false, today: model.derived.filingDate })));
    const t = performance.now();
    const r = spawnSync('qpdf', ['--decrypt', FORM, path.join(work, 'decrypted.pdf')]);
    if (r.status === 0 || r.status === 3) qpdf.push((performance.now() - t) / 1000);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
const l = median(load);
const f = median(fill);
const q = qpdf.length ? median(qpdf) : undefined;
results.form = { loadS: l, fillS: f, ...(q !== undefined ? { qpdfS: q } : {}), runs: RUNS, pages: first.pageCount };
const ms = (s: number) => `${Math.round(s * 1000)} ms`;
console.log(`\nForm I-589 (Rev. 04/09/19), the family sample (${first.pageCount} pages filled, coverage ${first.coverage.percent}%), in a warm process, medians of ${RUNS} interleaved runs:`);
console.log(`  load the form (decrypt, parse, list 448 fields):      ${ms(l)}   (${load.map(ms).join(' ')})`);
console.log(`  fill it for one case (load + fill + supplements + save): ${ms(f)}   (${fill.map(ms).join(' ')})`);
console.log(`  of which filling and saving, beyond loading:           ${ms(f - l)}`);
if (q !== undefined) console.log(`  qpdf --decrypt of the same form, a new process:         ${ms(q)}   → fill / qpdf = ${(f / q).toFixed(1)}×`);
