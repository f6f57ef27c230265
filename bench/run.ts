/**
 * npm run bench: bench/packet.ts, then bench/batch.ts, then bench/form.ts, bench/consistency.ts, bench/convert.ts and bench/queue.ts, in this one process, then
 * the Summary of the five ratios and the I-589 figures (bench/results.ts). One process so that the batch figures can be set against the
 * qpdf median that packet.ts has just measured, without timing qpdf twice or a file in between.
 * Both scripts still run alone (`tsx bench/packet.ts`), without the Summary.
 */
import { printSummary } from './results.js';

await import('./packet.js');
// dist/ was built by packet.ts a moment ago: batch.ts measures that same build, not one that
// picked up source edits made in between.
process.env.BENCH_NO_BUILD = '1';
await import('./batch.js');
await import('./form.js');
await import('./consistency.js');
await import('./convert.js');
await import('./queue.js');
// The web app (bench/web.ts): its two figures follow the Summary.
const { printWebSummary } = await import('./web.js');
printSummary();
printWebSummary();
