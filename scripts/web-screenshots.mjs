// `node scripts/web-screenshots.mjs`: the README's pictures of the web app (docs/images/web-*.png).
// Starts `serve` over a copy of the sample cases in a temporary folder, builds them, and takes each
// page in Debian's headless Chromium (playwright-core, /usr/bin/chromium) at 1280×800.
// Needs `npm run build` first. Fictional people only: the samples.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'docs', 'images');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ap-shots-'));
const inDir = path.join(tmp, 'intake');
for (const name of readdirSync(path.join(root, 'fixtures/samples'))) cpSync(path.join(root, 'fixtures/samples', name), path.join(inDir, name), { recursive: true });
const server = spawn(process.execPath, [path.join(root, 'bin/asylum-packet.js'), 'serve', '--in', inDir, '--out', path.join(tmp, 'output'), '--port', '0', '--today', '2026-11-30'], { stdio: ['ignore', 'pipe', 'inherit'] });
let log = '';
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => {
    log += d;
    const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(log);
    if (m) resolve(m[0]);
  });
  server.once('exit', () => reject(new Error(`serve exited:\n${log}`)));
});
const base = url.slice(0, url.indexOf('/?'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  // Every sample built before the pictures.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=case-row]')];
    return rows.length === 4 && rows.every((r) => r.getAttribute('data-state') === 'built');
  }, undefined, { timeout: 300_000 });
  const shot = async (name) => {
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(out, `web-${name}.png`) });
    console.log(`docs/images/web-${name}.png`);
  };
  await shot('cases');
  await page.goto(`${base}/#/case/intake-court-family.json`);
  await page.locator('#root_applicant_dateOfBirth').fill('1990-13-45');
  await page.locator('[data-testid=field-error][data-path="applicant.dateOfBirth"]').waitFor();
  await page.locator('#root_applicant_dateOfBirth').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 250));
  await shot('form');
  await page.locator('#root_applicant_dateOfBirth').fill('1991-04-09');
  await page.goto(`${base}/#/new`);
  await shot('new-case');
  page.once('dialog', (d) => d.accept());
  await page.goto(`${base}/#/case/intake-affirmative.json/evidence`);
  await page.locator('[data-testid=exhibit]').first().waitFor();
  await shot('evidence');
  await page.goto(`${base}/#/case/intake-affirmative.json/filing`);
  await page.locator('[data-testid=toc-link][data-exhibit]').nth(2).click();
  await page.locator('[data-testid=page-view] canvas').first().waitFor();
  await page.locator('[data-testid=thumbnails]').scrollIntoViewIfNeeded();
  await shot('filing');
  await page.locator('[data-testid=checklist]').scrollIntoViewIfNeeded();
  await shot('checklist');
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
