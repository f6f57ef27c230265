/**
 * A 48-megapixel PNG (8000 × 6000, photo-like: gradients and noise) embedded into a PDF the old
 * way (pdf-lib's embedPng, which decodes in JavaScript and deflates again in JavaScript when the
 * document is saved) and the new way (embed-image.ts: sharp and zlib on libuv's threads). Each way
 * runs in its own child process, twice, so that each figure is that process's own: wall time of
 * embedding and of saving, the longest the event loop went without running a 10 ms timer, and
 * peak RSS (process.resourceUsage().maxRSS). Prints the figures; asserts nothing. Not part of
 * `npm run bench`.
 *
 *   npx tsx bench/embed-png.ts
 *
 * Environment:
 *   EMBED_RUNS=2          runs of each way
 *   EMBED_WIDTH=8000 EMBED_HEIGHT=6000
 *
 * The PNG is made once (about half a minute) and kept in the system's temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { drawRasterImage, embedRasterImage } from '../src/pdf/embed-image.js';

const WIDTH = Number(process.env.EMBED_WIDTH ?? 8000);
const HEIGHT = Number(process.env.EMBED_HEIGHT ?? 6000);
const RUNS = Math.max(1, Number(process.env.EMBED_RUNS ?? 2));

type Way = 'old' | 'new';
interface Figures {
  way: Way;
  embedMs: number;
  saveMs: number;
  /** Longest event-loop gap while embedding, and while saving the document. */
  maxGapMs: number;
  maxSaveGapMs: number;
  maxRssMb: number;
  pdfMb: number;
}

/** Smooth gradients (sky, skin, walls) with sensor noise of a few levels: what a phone photo compresses like. */
async function makePng(file: string): Promise<void> {
  const raw = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  let seed = 0x2545f491;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const noise = (seed & 15) - 8;
      const at = (y * WIDTH + x) * 3;
      raw[at] = Math.max(0, Math.min(255, ((x * 200) / WIDTH + 30 + noise) | 0));
      raw[at + 1] = Math.max(0, Math.min(255, ((y * 180) / HEIGHT + 40 + ((x >> 6) & 15) + noise) | 0));
      raw[at + 2] = Math.max(0, Math.min(255, 220 - (((x + y) * 150) / (WIDTH + HEIGHT)) + noise) | 0);
    }
  }
  await writeFile(file, await sharp(raw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer());
}

/** In the child: one way, once; prints its figures as JSON. */
async function child(way: Way, file: string): Promise<void> {
  const png = await readFile(file);
  const doc = await PDFDocument.create();
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  const t0 = performance.now();
  const page = doc.addPage([612, 792]);
  if (way === 'old') {
    const image = await doc.embedPng(png);
    page.drawImage(image, { x: 36, y: 36, width: 540, height: 405 });
  } else {
    const image = await embedRasterImage(doc, png);
    drawRasterImage(page, image, { x: 36, y: 36, width: 540, height: 405 });
  }
  const t1 = performance.now();
  const embedGap = Math.max(maxGap, t1 - last);
  maxGap = 0;
  last = t1;
  const bytes = await doc.save();
  const t2 = performance.now();
  clearInterval(timer);
  maxGap = Math.max(maxGap, t2 - last);
  const figures: Figures = { way, embedMs: t1 - t0, saveMs: t2 - t1, maxGapMs: embedGap, maxSaveGapMs: maxGap, maxRssMb: process.resourceUsage().maxRSS / 1024, pdfMb: bytes.length / 1e6 };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3] as Way, process.argv[4]!);
  const file = path.join(os.tmpdir(), `embed-png-bench-${WIDTH}x${HEIGHT}.png`);
  if (!existsSync(file)) {
    console.log(`making ${file} …`);
    await makePng(file);
  }
  const size = (await readFile(file)).length;
  console.log(`${WIDTH} × ${HEIGHT} PNG (${((WIDTH * HEIGHT) / 1e6).toFixed(0)} MP, ${(size / 1e6).toFixed(1)} MB), ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  const self = fileURLToPath(import.meta.url);
  const rows: Figures[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (const way of ['old', 'new'] as const) {
      const r = spawnSync(process.execPath, [...process.execArgv, self, '--child', way, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        console.log(`${way}: failed (${r.status ?? r.signal}) ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      const f = JSON.parse(line) as Figures;
      rows.push(f);
      console.log(
        `${way}  embed ${(f.embedMs / 1000).toFixed(1)} s  save ${(f.saveMs / 1000).toFixed(1)} s  total ${((f.embedMs + f.saveMs) / 1000).toFixed(1)} s  ` +
          `longest event-loop gap ${(f.maxGapMs / 1000).toFixed(2)} s embedding, ${(f.maxSaveGapMs / 1000).toFixed(2)} s saving  peak RSS ${f.maxRssMb.toFixed(0)} MB  PDF ${f.pdfMb.toFixed(1)} MB  (load ${os.loadavg()[0]!.toFixed(1)})`,
      );
    }
  }
}

await main();
