/**
 * npm run bench (fifth part): Word to PDF through LibreOffice (issue 12).
 * 1. 20 documents (the samples' .docx outputs) at one `soffice --convert-to` process each, against
 *    the office this tool keeps (src/convert/office.ts) reused for all 20: milliseconds a document
 *    (target: at most 150 ms reused). The reused office's start is given apart.
 * 2. A batch of BENCH_CONVERT_CASES (default 100) copies of the affirmative sample, built by the
 *    command line with --concurrency 1, with the shipped pipelines, and with the same pipelines
 *    converting every Word document (target: at most 2× the batch without conversion).
 * Skipped, saying why, where LibreOffice or python3-uno is not installed. Prints figures; asserts nothing.
 *
 * Run alone: `tsx bench/convert.ts` (builds dist/ first unless BENCH_NO_BUILD=1).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedOffice } from '../src/convert/office.js';
import { exhibitsOnly, withConvertSteps } from '../test/helpers/convert-steps.js';
import { median, results } from './results.js';
import { sampleCopies } from './sample-copies.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'bin/asylum-packet.js');
const DOCUMENTS = 20;
const CASES = Number(process.env.BENCH_CONVERT_CASES ?? 100);
const TODAY = '2026-11-22';

const why =
  spawnSync('sh', ['-c', 'command -v soffice']).status !== 0
    ? 'LibreOffice (soffice) is not installed'
    : spawnSync('/usr/bin/python3', ['-c', 'import uno']).status !== 0
      ? 'python3-uno is not installed'
      : undefined;

if (why) {
  console.log(`\nConversion to PDF: skipped, ${why} (sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2)`);
} else {
  const work = await mkdtemp(path.join(os.tmpdir(), 'convert-bench-'));
  try {
    if (process.env.BENCH_NO_BUILD !== '1') spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, stdio: 'inherit' });
    // The documents: the samples' Word outputs, as built.
    const samplesOut = path.join(work, 'samples');
    spawnSync(process.execPath, [bin, 'build', '--today', TODAY, '--out', samplesOut, ...['affirmative', 'defensive', 'family'].map((s) => path.join(repo, `fixtures/samples/intake-${s}.json`))], { stdio: 'ignore' });
    const docx: string[] = [];
    for (const caseId of await readdir(samplesOut)) {
      for (const pipeline of await readdir(path.join(samplesOut, caseId))) {
        for (const f of await readdir(path.join(samplesOut, caseId, pipeline))) if (f.endsWith('.docx')) docx.push(path.join(samplesOut, caseId, pipeline, f));
      }
    }
    const docs = Array.from({ length: DOCUMENTS }, (_, i) => docx[i % docx.length]!);

    // 1a. One process a document (a profile of its own, made by the first).
    const fresh = path.join(work, 'fresh');
    await mkdir(fresh);
    const profile = `-env:UserInstallation=file://${path.join(work, 'profile-fresh')}`;
    spawnSync('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', fresh, docs[0]!], { stdio: 'ignore' });
    let t = performance.now();
    for (const [i, d] of docs.entries()) spawnSync('soffice', [profile, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', path.join(fresh, String(i)), d], { stdio: 'ignore' });
    const freshMs = (performance.now() - t) / DOCUMENTS;

    // 1b. The office of this process, started once, then reused.
    const office = sharedOffice();
    t = performance.now();
    await office.convert(docs[0]!, path.join(work, 'start.pdf'), 120_000);
    const startMs = performance.now() - t;
    const each: number[] = [];
    for (const [i, d] of docs.entries()) {
      const s = performance.now();
      await office.convert(d, path.join(work, `reused-${i}.pdf`), 120_000);
      each.push(performance.now() - s);
    }
    await office.stop();
    const reusedMs = each.reduce((a, b) => a + b, 0) / DOCUMENTS;
    console.log(`\nConversion to PDF, ${DOCUMENTS} Word documents of the samples (${docx.length} different ones):`);
    console.log(`  one soffice --convert-to process a document: ${freshMs.toFixed(0)} ms a document`);
    console.log(`  the office kept by this process, reused:      ${reusedMs.toFixed(0)} ms a document (median ${median(each).toFixed(0)} ms; its first start and document: ${startMs.toFixed(0)} ms)`);
    console.log(`  one process / reused = ${(freshMs / reusedMs).toFixed(1)}×; target for reused: ≤ 150 ms a document`);

    // 2. A batch, without and with conversion: the shipped pipelines convert what the filing
    // holds (the declaration; for USCIS the cover letter too); without, the same pipelines with
    // no convert step; and, for comparison, converting every Word document.
    const files = await sampleCopies(path.join(work, 'in'), CASES, 'convert');
    const variant = async (name: string, transform: (yaml: string) => string) => {
      const dir = path.join(work, name);
      await cp(path.join(repo, 'pipelines'), dir, { recursive: true });
      for (const f of ['uscis-affirmative.yaml', 'eoir-defensive.yaml', 'eoir-supplemental.yaml']) await writeFile(path.join(dir, f), transform(await readFile(path.join(dir, f), 'utf8')));
      return dir;
    };
    const plain = await variant('pipelines-plain', exhibitsOnly);
    const everything = await variant('pipelines-every', withConvertSteps);
    const batch = (pipelines: string[], out: string) => {
      const s = performance.now();
      const r = spawnSync(process.execPath, [bin, 'build', '--force', '--today', TODAY, '--concurrency', '1', ...pipelines, '--out', path.join(work, out), ...files], { stdio: 'ignore' });
      if (r.status !== 0) console.log(`  (exit ${r.status ?? r.signal})`);
      return (performance.now() - s) / 1000;
    };
    const without = batch(['--pipelines', plain], 'out-plain');
    const withConversion = batch([], 'out-shipped');
    const every = batch(['--pipelines', everything], 'out-every');
    const pdfs = (out: string) => readdir(path.join(work, out, 'convert-1', 'uscis-affirmative')).then((f) => f.filter((n) => n.endsWith('.pdf')).length);
    const converted = (await pdfs('out-shipped')) - (await pdfs('out-plain'));
    const documents = (await readdir(path.join(work, 'out-every', 'convert-1', 'uscis-affirmative'))).filter((f) => f.endsWith('.docx')).length;
    console.log(`\nBatch of ${CASES} copies of the affirmative sample, build --force --concurrency 1:`);
    console.log(`  without conversion: ${without.toFixed(1)} s; shipped pipelines (${converted} Word documents converted a case, for the filing): ${withConversion.toFixed(1)} s`);
    console.log(`  with / without = ${(withConversion / without).toFixed(2)}× (target ≤ 2×)`);
    console.log(`  converting every Word document (${documents} a case): ${every.toFixed(1)} s, ${(every / without).toFixed(2)}× without`);
    results.convert = { freshMs, reusedMs, startMs, documents: DOCUMENTS, cases: CASES, withoutS: without, withS: withConversion, everyS: every };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
