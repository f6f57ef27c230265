/**
 * The web app's end-to-end harness: the real `asylum-packet serve` (node bin/asylum-packet.js) over
 * a temp watched folder of the test file's own, and the real headless Chromium (Debian's, through
 * playwright-core) opening the address it prints. No mock DOM.
 *
 * One server and one browser a test file (`webFixture`), each test with its own browser context
 * (`fx.open()`): its console errors, page errors, Content-Security-Policy violations and any
 * request to another origin are collected and fail the test in afterEach (`allow` lists the few a
 * test provokes on purpose), and a failed test (or any, with WEB_E2E_SHOTS=1) leaves screenshots of
 * its pages in /tmp/web-e2e/. The server is stopped (SIGTERM,
 * then SIGKILL) after the file's tests, whatever happened, and killed if the test process exits.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ensureBuilt, launchBrowser, requireChromium, SHOTS, startServe, type Server } from './serve.js';

export * from './serve.js';

export interface Problem {
  kind: 'console' | 'pageerror' | 'csp' | 'offsite';
  text: string;
  url?: string;
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  problems: Problem[];
}

export interface WebFixture {
  readonly tmp: string;
  readonly server: Server;
  readonly browser: Browser;
  /** A new browser context, logged in through the printed address (the token cookie), at `hash` (e.g. '#/'). */
  open(hash?: string, opts?: { allow?: RegExp[] }): Promise<Tab>;
  /** A second page in the same context (another tab of the same session). */
  openTab(t: Tab, hash: string): Promise<Tab>;
  url(hash: string): string;
}

/**
 * A web test file's own folder (`<tmp>/a/b/in` watched, `<tmp>/out` for outputs), its server and
 * its browser: made before its tests (`prepare` fills the watched folder first), and all gone
 * after them.
 */
export function webFixture(name: string, opts: { prepare?: (inDir: string) => Promise<void>; noBuild?: boolean; today?: string } = {}): WebFixture {
  let tmp = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let tabs: { tab: Tab; allow: RegExp[]; name: string }[] = [];
  let shot = 0;

  beforeAll(async () => {
    requireChromium();
    ensureBuilt();
    await mkdir(SHOTS, { recursive: true });
    tmp = await mkdtemp(path.join(os.tmpdir(), `ap-web-${name}-`));
    // Two levels between the temp folder and the watched one, so that `../../x` from the watched
    // folder (or from its evidence/) still lands inside tmp, where a test can look for it.
    const inDir = path.join(tmp, 'a', 'b', 'in');
    const outDir = path.join(tmp, 'out');
    await mkdir(inDir, { recursive: true });
    await mkdir(outDir, { recursive: true });
    await opts.prepare?.(inDir);
    // Both at once; whichever started is stopped in afterAll even when the other failed.
    const [sv, br] = await Promise.allSettled([startServe({ inDir, outDir, noBuild: opts.noBuild, today: opts.today }), launchBrowser()]);
    if (sv.status === 'fulfilled') server = sv.value;
    if (br.status === 'fulfilled') browser = br.value;
    if (sv.status === 'rejected') throw sv.reason;
    if (br.status === 'rejected') throw br.reason;
  }, 180_000);

  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    const open = tabs;
    tabs = [];
    const problems: string[] = [];
    for (const { tab, allow, name: n } of open) {
      // WEB_E2E_SHOTS=1: screenshots of every test's pages, to look at what the browser showed.
      if ((failed || process.env.WEB_E2E_SHOTS === '1') && !tab.page.isClosed()) {
        const file = path.join(SHOTS, `${name}-${++shot}-${n}.png`.replace(/[^\w.-]+/g, '_'));
        await tab.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`screenshot of ${tab.page.url()} at ${file}`);
      }
      for (const p of tab.problems) if (!allow.some((a) => a.test(p.text))) problems.push(`${p.kind}: ${p.text}${p.url ? ` (${p.url})` : ''}`);
    }
    await Promise.all(open.map(({ tab }) => tab.context.close().catch(() => undefined)));
    if (failed && server) console.error(`server output (last 3000 characters):\n${server.output().slice(-3000)}`);
    // Every page of the test: no console error, no uncaught error, no CSP violation, nothing loaded from elsewhere.
    expect(problems, 'console errors, page errors, Content-Security-Policy violations or requests to another origin in the browser').toEqual([]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);

  const watch = (page: Page, problems: Problem[]) => {
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push({ kind: m.text().startsWith('CSP violation') ? 'csp' : 'console', text: m.text(), url: m.location().url });
    });
    page.on('pageerror', (e) => problems.push({ kind: 'pageerror', text: `${e.name}: ${e.message}` }));
    // The page loads nothing from elsewhere (it works with no network).
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(`${fx.server.origin}/`) && !/^(data|blob|about):/.test(u)) problems.push({ kind: 'offsite', text: `a request to ${u}` });
    });
  };

  const fx: WebFixture = {
    get tmp() {
      return tmp;
    },
    get server() {
      if (!server) throw new Error('the server did not start (see beforeAll)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser did not start (see beforeAll)');
      return browser;
    },
    url(hash) {
      return `${fx.server.origin}/${hash}`;
    },
    async open(hash = '#/', o = {}) {
      const context = await fx.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
      // CSP violations are reported on the document; make each one a console error that fails the test.
      await context.addInitScript(() => {
        const g = globalThis as any;
        g.document.addEventListener('securitypolicyviolation', (e: any) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`));
      });
      const page = await context.newPage();
      const tab: Tab = { page, context, problems: [] };
      watch(page, tab.problems);
      tabs.push({ tab, allow: o.allow ?? [], name: hash });
      const r = await page.goto(fx.server.loginUrl);
      expect(r?.status(), `opening ${fx.server.loginUrl}`).toBe(200);
      expect(new URL(page.url()).pathname, 'the printed address redirects to /').toBe('/');
      expect(new URL(page.url()).search, 'the token leaves the address bar').toBe('');
      if (hash !== '#/' && hash !== '') await page.goto(fx.url(hash));
      return tab;
    },
    async openTab(t, hash) {
      const page = await t.context.newPage();
      const tab: Tab = { page, context: t.context, problems: [] };
      watch(page, tab.problems);
      const entry = tabs.find((x) => x.tab.context === t.context);
      tabs.push({ tab: { ...tab, context: t.context }, allow: entry?.allow ?? [], name: `${hash}-2` });
      await page.goto(fx.url(hash));
      return tab;
    },
  };
  return fx;
}

export const tid = (id: string): string => `[data-testid="${id}"]`;
