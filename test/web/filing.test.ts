/**
 * The filing page in the real Chromium, against the real `serve` over a copy of the affirmative
 * sample (built by the server as it starts): the packet's thumbnails, its table of contents
 * leading to the page where the packet itself (its outline, and the text of that page) puts each
 * exhibit's tab, and downloads that are the bytes of the files in the output folder.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_MS, copySamples, tid, waitBuilt, webFixture } from './harness.js';

const FILE = 'intake-affirmative.json';
const enc = encodeURIComponent(FILE);
const fx = webFixture('filing', { prepare: (dir) => copySamples(dir, [FILE]) });

interface Intake {
  caseId: string;
  evidence: { id: string; title: string }[];
}

/** The packet's outline, read by qpdf: title → page (1-based). */
function outline(pdf: string): { title: string; page: number }[] {
  const r = spawnSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`qpdf --json ${pdf}: ${r.stderr}`);
  const flat: { title: string; page: number }[] = [];
  const walk = (os: { title: string; destpageposfrom1: number; kids: unknown[] }[]) => {
    for (const o of os) {
      flat.push({ title: o.title, page: o.destpageposfrom1 });
      walk(o.kids as typeof os);
    }
  };
  walk((JSON.parse(r.stdout) as { outlines: never[] }).outlines);
  return flat;
}

const pageText = (pdf: string, n: number) => {
  const r = spawnSync('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext ${pdf} page ${n}: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, ' ');
};

const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1]);

describe('serve: the filing page', () => {
  let intake: Intake;
  let caseDir = '';

  it('builds the sample as it starts', { timeout: BUILD_MS + 10_000 }, async () => {
    await waitBuilt(fx.server, FILE);
    intake = JSON.parse(await readFile(path.join(fx.server.inDir, FILE), 'utf8')) as Intake;
    caseDir = path.join(fx.server.outDir, intake.caseId);
  });

  it('shows the packet\'s thumbnails, and each table-of-contents link goes to the page where the packet puts that exhibit\'s tab', { timeout: 60_000 }, async () => {
    const [pipeline] = await readdir(caseDir);
    const dir = path.join(caseDir, pipeline!);
    const packet = (await readdir(dir)).find((f) => f.endsWith('-exhibits.pdf'))!;
    const pdf = path.join(dir, packet);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(5);
    const marks = outline(pdf);

    const { page } = await fx.open(`#/case/${enc}/filing`);
    await page.locator(tid('filing')).waitFor({ timeout: 20_000 });
    await page.locator(tid('thumbnails')).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator(tid('thumbnail')).count(), { timeout: 20_000, message: 'one thumbnail a page of the packet' }).toBe(pages);
    const box = await page.locator(tid('thumbnail')).first().boundingBox();
    expect(box && box.width > 20 && box.height > 20, 'the first thumbnail is drawn').toBe(true);
    await page.locator(tid('toc')).waitFor();

    expect(intake.evidence.length).toBeGreaterThan(1);
    // The last exhibit first (furthest from page 1), then the others.
    for (const ex of [...intake.evidence].reverse()) {
      // Where the packet itself puts the exhibit: its outline entry "Tab X: <title>" …
      const mark = marks.find((m) => /^Tab [A-Z]+: /.test(m.title) && m.title.replace(/^Tab [A-Z]+: /, '').replace(/\s+/g, ' ') === ex.title.replace(/\s+/g, ' '));
      expect(mark, `an outline entry for ${ex.id} (${ex.title}) in ${packet}: ${JSON.stringify(marks)}`).toBeTruthy();
      const tab = /^Tab ([A-Z]+):/.exec(mark!.title)![1]!;
      // … and that page's own text: the tab sheet, with the exhibit's title.
      const text = pageText(pdf, mark!.page);
      expect(text, `page ${mark!.page} of ${packet}`).toContain(`TAB ${tab}`);
      expect(text, `page ${mark!.page} of ${packet}`).toContain(ex.title.split(/\s+/).slice(0, 3).join(' '));

      const link = page.locator(`${tid('toc-link')}[data-exhibit="${ex.id}"]`);
      await expect.poll(() => link.count(), { message: `a toc-link for ${ex.id}` }).toBe(1);
      expect(await link.getAttribute('data-page'), `toc-link ${ex.id}'s data-page`).toBe(String(mark!.page));
      await link.click();
      await expect.poll(() => page.locator(tid('page-view')).getAttribute('data-page'), { timeout: 10_000, message: `page-view after following ${ex.id}` }).toBe(String(mark!.page));
      await expect.poll(() => page.locator(`${tid('thumbnail')}[data-selected="true"]`).getAttribute('data-page'), { message: 'the selected thumbnail' }).toBe(String(mark!.page));
    }
    // A thumbnail leads to its page too.
    await page.locator(`${tid('thumbnail')}[data-page="2"]`).click();
    await expect.poll(() => page.locator(tid('page-view')).getAttribute('data-page')).toBe('2');
  });

  it('downloads the packet and a Word document: the bytes of the files in the output folder', { timeout: 60_000 }, async () => {
    const [pipeline] = await readdir(caseDir);
    const dir = path.join(caseDir, pipeline!);
    const names = await readdir(dir);
    const packet = names.find((f) => f.endsWith('-exhibits.pdf'))!;
    const docx = names.find((f) => f.endsWith('-declaration.docx'))!;
    expect(docx).toBeTruthy();

    const { page } = await fx.open(`#/case/${enc}/filing`);
    await page.locator(tid('filing')).waitFor({ timeout: 20_000 });
    // Every output the manifest lists has its link.
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] };
    for (const o of manifest.outputs) {
      await expect.poll(() => page.locator(`${tid('output-link')}[data-name="${o.file}"]`).count(), { message: `output-link for ${o.file}` }).toBe(1);
    }
    for (const name of [packet, docx]) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator(`${tid('output-download')}[data-name="${name}"]`).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const got = await readFile((await download.path())!);
      const want = await readFile(path.join(dir, name));
      expect(got.length).toBe(want.length);
      expect(got.equals(want), `${name}: the downloaded bytes are the output folder's`).toBe(true);
    }
    await page.locator(tid('checklist')).waitFor();
    await page.locator(tid('consistency')).waitFor();
    expect(await page.locator(tid('checklist')).innerText()).toMatch(/\w/);
  });
});
