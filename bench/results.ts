/**
 * The five figures of the Summary at the end of `npm run bench`, each a ratio against a reference
 * measured in the same run. bench/packet.ts and bench/batch.ts record what they measured here;
 * bench/run.ts imports both in one process and then prints the Summary. Nothing is stored on disk.
 */

export interface BenchResults {
  /** qpdf's plain merge of the 500-page set (50 PDFs), bench/packet.ts. */
  qpdf500?: { medianS: number; runs: number };
  /** `validate` of the sample case in a new process, and `node -e ''`, interleaved (bench/batch.ts). */
  validate?: { medianS: number; nodeMedianS: number; runs: number; failed: number };
  /** `build` of the sample case, one worker, in a new process (bench/batch.ts). */
  single?: { medianS: number; runs: number; failed: number };
  /** The batch of bench/batch.ts: one worker, two workers, and two one-worker builds of half each side by side. */
  batch?: { cases: number; oneWorkerS: number; twoWorkersS: number; ceilingS: number; half: number };
  /** Form I-589 for the family sample in a warm process (bench/form.ts). */
  form?: { loadS: number; fillS: number; qpdfS?: number; runs: number; pages: number };
  /** The consistency report of a case of 200 events and 3 earlier filings, and that case's build (bench/consistency.ts). */
  consistency?: { reportS: number; coldReportS: number; buildS: number; events: number; snapshots: number; runs: number };
  /** Word to PDF through LibreOffice: ms a document at one process each and reused, and a batch without conversion, with the shipped pipelines (converting what the filing holds) and converting every Word document (bench/convert.ts). */
  /** The same batch in process and through one queue worker, and the Redis commands a case (bench/queue.ts). */
  queue?: { cases: number; hereS: number; queueS: number; opsPerCase: number; usecPerCase: number };
  convert?: { freshMs: number; reusedMs: number; startMs: number; documents: number; cases: number; withoutS: number; withS: number; everyS: number };
}

export const results: BenchResults = {};

export const TARGETS = {
  /** validate in a new process / node -e '' */
  validate: 2.5,
  /** one case built by a new process / qpdf's 500-page merge */
  single: 3,
  /** batch on one worker, per case / qpdf's 500-page merge */
  perCase: 0.25,
  /** side-by-side ceiling / two workers */
  efficiency: 0.9,
  /** a batch through one queue worker / the same batch in process */
  queue: 1.1,
} as const;

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const s2 = (s: number) => `${s.toFixed(2)} s`;
const s3 = (s: number) => `${s.toFixed(3)} s`;
const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
/** Runs that exited non-zero: their times are still in the median, so the figure is flagged. */
const failures = (x: { failed: number } | undefined) => (x?.failed ? ` (${x.failed} run${x.failed === 1 ? '' : 's'} FAILED, see above: figure not valid)` : '');

export function printSummary(): void {
  const { qpdf500: q, validate: v, single: one, batch: b } = results;
  const noQpdf = 'n/a (no qpdf median of the 500-page set in this run: qpdf missing, or bench/packet.ts not run)';
  console.log('\nSummary: five ratios, each against a reference measured in this run (wall times; compare figures from one run only)');

  console.log(`  1. validate in a new process / node -e '': ${v ? `${s2(v.medianS)} / ${s2(v.nodeMedianS)} = ${(v.medianS / v.nodeMedianS).toFixed(2)}× · target ≤ ${TARGETS.validate}× → ${verdict(v.medianS / v.nodeMedianS <= TARGETS.validate)}${failures(v)}` : 'n/a'}`);
  console.log(`     node bin/asylum-packet.js validate --today 2026-11-22 fixtures/samples/intake-affirmative.json (stdout ignored) vs node -e '', ${v ? runs(v.runs) : '?'} each interleaved, medians`);

  const qRef = q ? `qpdf --empty --pages <the 50 PDFs of the 500-page set> (median of ${runs(q.runs)}, ${s2(q.medianS)})` : 'qpdf';
  console.log(`  2. one sample case built by a new process / qpdf 500-page merge: ${!one ? 'n/a' : !q ? noQpdf : `${s2(one.medianS)} / ${s2(q.medianS)} = ${(one.medianS / q.medianS).toFixed(2)}× · target ≤ ${TARGETS.single}× → ${verdict(one.medianS / q.medianS <= TARGETS.single)}${failures(one)}`}`);
  console.log(`     node bin/asylum-packet.js build --force --today 2026-11-22 --concurrency 1 --out <new tmp folder> fixtures/samples/intake-affirmative.json, median of ${one ? runs(one.runs) : '?'}; vs ${qRef}`);

  if (!b || !q) {
    console.log(`  3. batch on one worker, per case / qpdf 500-page merge: ${!b ? 'n/a' : noQpdf}`);
  } else {
    const perCase = b.oneWorkerS / b.cases;
    console.log(`  3. batch on one worker, per case / qpdf 500-page merge: ${s2(b.oneWorkerS)} / ${b.cases} = ${s3(perCase)} / ${s2(q.medianS)} = ${(perCase / q.medianS).toFixed(2)}× · target ≤ ${TARGETS.perCase}× → ${verdict(perCase / q.medianS <= TARGETS.perCase)} (verdict on wall / ${b.cases}, start-up included)`);
    const warm = one && b.cases > 1 ? (b.oneWorkerS - one.medianS) / (b.cases - 1) : undefined;
    console.log(
      `     excluding start-up, (wall of ${b.cases} − wall of 1 case in a new process) / ${b.cases - 1}: ` +
        (warm === undefined ? 'n/a' : `(${s2(b.oneWorkerS)} − ${s2(one!.medianS)}) / ${b.cases - 1} = ${s3(warm)} → ${(warm / q.medianS).toFixed(2)}× (for information only)`),
    );
  }
  console.log(`     build --force --concurrency 1 of ${b ? b.cases : '?'} copies of the sample case, 1 run; vs ${qRef}`);

  if (!b) {
    console.log('  4. two workers / their side-by-side ceiling: n/a');
  } else {
    const eff = b.ceilingS / b.twoWorkersS;
    console.log(`  4. two workers against their side-by-side ceiling: ${s2(b.ceilingS)} / ${s2(b.twoWorkersS)} = ${(100 * eff).toFixed(0)}% · target ≥ ${100 * TARGETS.efficiency}% → ${verdict(eff >= TARGETS.efficiency)}`);
    console.log(`     wall of two separate --concurrency 1 builds of ${b.half} cases each, side by side (1 run) / wall of build --concurrency 2 of the ${b.cases} cases (1 run)`);
  }
  const qu = results.queue;
  console.log(
    `  5. the queue's cost: one worker through the queue / the in-process builder, same ${qu ? qu.cases : '?'} cases: ` +
      (qu ? `${s2(qu.queueS)} / ${s2(qu.hereS)} = ${(qu.queueS / qu.hereS).toFixed(3)}× · target ≤ ${TARGETS.queue}× → ${verdict(qu.queueS / qu.hereS <= TARGETS.queue)}; Redis commands a case: ${qu.opsPerCase.toFixed(1)}` : 'n/a (redis-server not installed)'),
  );
  console.log(`     build --force --concurrency 1 vs worker (its start included) + build --queue --force, A B B A, means of two runs each`);
  const f = results.form;
  console.log(`\nForm I-589 for one case (the family sample, ${f ? `${f.pages} pages` : '?'}): ${f ? `fill ${s3(f.fillS)}, of which loading the form ${s3(f.loadS)}${f.qpdfS !== undefined ? `; qpdf --decrypt of the form ${s3(f.qpdfS)}` : ''} (medians of ${runs(f.runs)}, warm process; no target)` : 'n/a'}`);
}
