/**
 * npm run bench (web part): the local web app, `asylum-packet serve`, two figures each against a
 * reference measured in the same run:
 * 1. Validation through the server: POST /api/validate of the sample affirmative intake with
 *    `Authorization: Bearer`, round trip from this process, 10 warm-up then BENCH_WEB_VALIDATE
 *    (default 200) requests one after the other: median (target ≤ 50 ms) and p95; the reference is
 *    GET /api/session, a trivial request, interleaved with them (one of each in turn).
 * 2. The cases page with 500 cases (copies of the sample, `serve --no-build-at-start`) in headless
 *    Chromium: from the navigation's start (performance.now() in the page) to the first frame drawn
 *    once 500 `case-row` elements are in the DOM (the moment they are in the DOM is printed too), a new browser context each time (nothing cached), median
 *    of 5 (target ≤ 1 s); the reference is an empty HTML page from a loopback server, navigation
 *    start to its load event, in the same browser, median of 5.
 * Prints figures only; asserts nothing. bench/run.ts prints printWebSummary() after the Summary.
 *
 * Run alone: `tsx bench/web.ts` (builds dist/ first unless BENCH_NO_BUILD=1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, copySamples, launchBrowser, startServe, until, type Server } from '../test/web/serve.js';
import { median } from './results.js';
import { sampleCopies } from './sample-copies.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VALIDATE_RUNS = Number(process.env.BENCH_WEB_VALIDATE ?? 200);
const WARMUP = 10;
const CASES = 500;
const PAGE_RUNS = 5;
const TARGET_VALIDATE_MS = 50;
const TARGET_LIST_MS = 1000;

export interface WebResults {
  validate?: { medianMs: number; p95Ms: number; runs: number; failed: number; sessionMedianMs: number; sessionP95Ms: number };
  list?: { medianMs: number; runsMs: number[]; paintMedianMs: number; emptyMedianMs: number; cases: number; failed: number };
  skipped?: string;
}

export const webResults: WebResults = {};

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');

async function validation(work: string): Promise<void> {
  const inDir = path.join(work, 'validate-in');
  await copySamples(inDir, ['intake-affirmative.json']);
  const server = await startServe({ inDir, outDir: path.join(work, 'validate-out'), noBuild: true });
  try {
    const intake = JSON.parse(await readFile(path.join(inDir, 'intake-affirmative.json'), 'utf8')) as unknown;
    const body = JSON.stringify({ file: 'intake-affirmative.json', intake });
    const validate = async () => {
      const t0 = performance.now();
      const r = await fetch(`${server.origin}/api/validate`, { method: 'POST', body, headers: { authorization: `Bearer ${server.token}`, origin: server.origin, 'content-type': 'application/json' } });
      const j = (await r.json()) as { ok?: boolean };
      return { ms: performance.now() - t0, ok: r.status === 200 && typeof j.ok === 'boolean' };
    };
    const session = async () => {
      const t0 = performance.now();
      const r = await fetch(`${server.origin}/api/session`, { headers: { authorization: `Bearer ${server.token}` } });
      await r.arrayBuffer();
      return { ms: performance.now() - t0, ok: r.status === 200 };
    };
    for (let i = 0; i < WARMUP; i++) {
      await validate();
      await session();
    }
    const v: number[] = [];
    const s: number[] = [];
    let failed = 0;
    for (let i = 0; i < VALIDATE_RUNS; i++) {
      const a = await validate();
      const b = await session();
      v.push(a.ms);
      s.push(b.ms);
      if (!a.ok || !b.ok) failed++;
    }
    webResults.validate = { medianMs: median(v), p95Ms: p95(v), runs: VALIDATE_RUNS, failed, sessionMedianMs: median(s), sessionP95Ms: p95(s) };
    const r = webResults.validate;
    console.log(`  POST /api/validate (the sample affirmative intake, ${(body.length / 1024).toFixed(1)} KB), ${VALIDATE_RUNS} requests after ${WARMUP} warm-up: median ${ms(r.medianMs)}, p95 ${ms(r.p95Ms)} · target median ≤ ${TARGET_VALIDATE_MS} ms → ${verdict(r.medianMs <= TARGET_VALIDATE_MS)}${failed ? ` (${failed} requests FAILED: figure not valid)` : ''}`);
    console.log(`  reference, GET /api/session interleaved with them: median ${ms(r.sessionMedianMs)}, p95 ${ms(r.sessionP95Ms)} → validation costs ${ms(r.medianMs - r.sessionMedianMs)} over a trivial request`);
  } finally {
    await server.stop();
  }
}

/** An empty HTML page on loopback: the reference page load. */
async function emptyPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><html><head><meta charset="utf-8"><title>empty</title></head><body></body></html>');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => srv.close(() => r())) };
}

async function caseList(work: string): Promise<void> {
  const inDir = path.join(work, 'list-in');
  await sampleCopies(inDir, CASES, 'wb');
  const server: Server = await startServe({ inDir, outDir: path.join(work, 'list-out'), noBuild: true, timeoutMs: 60_000 });
  const browser = await launchBrowser();
  const empty = await emptyPageServer();
  try {
    // The server has all 500 before the page is timed.
    await until(
      async () => {
        const r = await server.api('/api/cases');
        return r.status === 200 && ((await r.json()) as { cases: unknown[] }).cases.length >= CASES;
      },
      60_000,
      `GET /api/cases to list ${CASES} cases`,
      250,
    );
    const origin = new URL(server.origin);
    // Counts the rows as they arrive; notes performance.now() (ms since the navigation started)
    // when there are 500, and at the next frame drawn after that.
    const watcher = `(() => {
      const want = ${CASES};
      const w = globalThis;
      w.__rows = null; w.__painted = null;
      const check = () => {
        if (w.__rows !== null) return true;
        if (document.querySelectorAll('[data-testid="case-row"]').length >= want) {
          w.__rows = performance.now();
          requestAnimationFrame(() => setTimeout(() => { w.__painted = performance.now(); }, 0));
          return true;
        }
        return false;
      };
      const start = () => { if (!check()) new MutationObserver((_, o) => { if (check()) o.disconnect(); }).observe(document, { subtree: true, childList: true }); };
      start();
    })();`;
    const rowsMs: number[] = [];
    const paintMs: number[] = [];
    const emptyMs: number[] = [];
    const dclMs: number[] = [];
    const apiMs: number[] = [];
    let failed = 0;
    for (let i = 0; i < PAGE_RUNS; i++) {
      // The reference first, then the list, each in a new context: nothing cached.
      {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        await page.goto(empty.url, { waitUntil: 'load' });
        const t = await page.evaluate(() => {
          const nav = (globalThis as any).performance.getEntriesByType('navigation')[0];
          return nav.loadEventEnd as number;
        });
        emptyMs.push(t);
        await ctx.close();
      }
      const ctx = await browser.newContext();
      await ctx.addCookies([{ name: 'asylum-packet-token', value: server.token, domain: origin.hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
      await ctx.addInitScript({ content: watcher });
      const page = await ctx.newPage();
      try {
        await page.goto(`${server.origin}/#/`, { waitUntil: 'commit' });
        await page.waitForFunction(() => (globalThis as any).__painted !== null, undefined, { timeout: 60_000, polling: 100 });
        const { rows, painted, dcl, cases } = await page.evaluate(() => {
          const g = globalThis as any;
          const nav = g.performance.getEntriesByType('navigation')[0];
          const api = g.performance.getEntriesByType('resource').find((e: any) => new URL(e.name).pathname === '/api/cases');
          return { rows: g.__rows as number, painted: g.__painted as number, dcl: nav?.domContentLoadedEventEnd as number, cases: api ? (api.responseEnd as number) : NaN };
        });
        rowsMs.push(rows);
        paintMs.push(painted);
        dclMs.push(dcl);
        apiMs.push(cases);
      } catch (e) {
        failed++;
        console.log(`  run ${i + 1}: the ${CASES} rows did not appear (${String(e).split('\n')[0]})`);
      } finally {
        await ctx.close();
      }
    }
    if (rowsMs.length === 0) {
      console.log(`  n/a: the cases page never showed ${CASES} case-row elements`);
      return;
    }
    webResults.list = { medianMs: median(rowsMs), runsMs: rowsMs, paintMedianMs: median(paintMs), emptyMedianMs: median(emptyMs), cases: CASES, failed };
    const l = webResults.list;
    // Rendered means drawn: the target is judged on the first frame drawn with the rows, not on the rows being in the DOM.
    console.log(`  the cases page with ${CASES} cases (serve --no-build-at-start), navigation start → the first frame drawn with ${CASES} case-row elements: ${paintMs.map((x) => x.toFixed(0)).join(', ')} ms → median ${ms(l.paintMedianMs)} · target ≤ ${TARGET_LIST_MS} ms → ${verdict(l.paintMedianMs <= TARGET_LIST_MS)}${failed ? ` (${failed} runs FAILED)` : ''}`);
    console.log(`  where the time goes (medians): the page's scripts run (DOMContentLoaded) ${ms(median(dclMs))}, GET /api/cases answered ${ms(median(apiMs.filter((x) => !Number.isNaN(x))))}, ${CASES} rows in the DOM ${ms(l.medianMs)}, the next frame after that ${ms(l.paintMedianMs)}`);
    console.log(`  reference, an empty HTML page from a loopback server, navigation start → load event: median ${ms(l.emptyMedianMs)}`);
  } finally {
    await empty.close();
    await browser.close();
    await server.stop();
  }
}

console.log(`\nThe web app (asylum-packet serve): validation through the server, and the cases page with ${CASES} cases in headless Chromium`);
if (!existsSync(CHROMIUM)) {
  webResults.skipped = `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`;
  console.log(`  the cases page: n/a, ${webResults.skipped}`);
}
if (process.env.BENCH_NO_BUILD !== '1') spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, stdio: 'inherit' });
const work = await mkdtemp(path.join(os.tmpdir(), 'web-bench-'));
try {
  await mkdir(work, { recursive: true });
  try {
    await validation(work);
  } catch (e) {
    console.log(`  validation: FAILED, ${String(e)}`);
  }
  if (!webResults.skipped) {
    try {
      await caseList(work);
    } catch (e) {
      console.log(`  the cases page: FAILED, ${String(e)}`);
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

/** The two figures, for the end of npm run bench (after the Summary of bench/results.ts). */
export function printWebSummary(): void {
  const v = webResults.validate;
  const l = webResults.list;
  console.log('\nThe web app: two figures, each with a reference measured in this run');
  console.log(
    `  6. validation through the server, POST /api/validate round trip: ` +
      (v ? `median ${ms(v.medianMs)}, p95 ${ms(v.p95Ms)} · target median ≤ ${TARGET_VALIDATE_MS} ms → ${verdict(v.medianMs <= TARGET_VALIDATE_MS)}${v.failed ? ` (${v.failed} requests FAILED: figure not valid)` : ''}` : 'n/a'),
  );
  console.log(`     the sample affirmative intake, Authorization: Bearer, ${v ? v.runs : '?'} requests in sequence after ${WARMUP} warm-up; vs GET /api/session interleaved: median ${v ? ms(v.sessionMedianMs) : '?'}`);
  console.log(
    `  7. the cases page with ${CASES} cases in headless Chromium, navigation start → the first frame drawn with the ${CASES} rows: ` +
      (l ? `median ${ms(l.paintMedianMs)} of ${l.runsMs.length} (rows in the DOM at ${ms(l.medianMs)}) · target ≤ ${TARGET_LIST_MS} ms → ${verdict(l.paintMedianMs <= TARGET_LIST_MS)}${l.failed ? ` (${l.failed} runs FAILED)` : ''}` : `n/a${webResults.skipped ? ` (${webResults.skipped})` : ''}`),
  );
  console.log(`     serve --no-build-at-start over ${CASES} copies of the sample, a new browser context a run; vs an empty HTML page from loopback, navigation start → load: median ${l ? ms(l.emptyMedianMs) : '?'}`);
}
