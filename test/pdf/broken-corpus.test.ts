/**
 * A corpus of broken evidence files, made fresh each run from the samples' real PDFs and images
 * (fast-check): cut short at any byte, bytes flipped, random bytes after a "%PDF-" header, random
 * bytes behind a PNG, JPEG or TIFF signature. Loading one either recovers a document or rejects it
 * with an ExhibitLoadError that says what is wrong in words a paralegal can act on — never an
 * internal message ("Cannot read properties of undefined"), never an exception of another kind,
 * and within seconds (issue 13, "Fuzzing").
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExhibitLoadError } from '../../src/pdf/exhibit.js';
import { loadExhibit } from '../../src/pdf/load.js';

const evidence = path.resolve(import.meta.dirname, '../../fixtures/samples/evidence');
const PDFS = ['denuncia.pdf', 'passport.pdf', 'amaya-letter.pdf'].map((f) => new Uint8Array(readFileSync(path.join(evidence, f))));
const JPEG = new Uint8Array(readFileSync(path.join(evidence, 'hospital-photo.jpg')));
const INTERNAL = /Cannot read propert|undefined|is not a function|TypeError|RangeError|Expected instance of|at .*\.js:\d+/;

let tmp: string;
let n = 0;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-broken-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** Loads the bytes as a file named `name`; answers what a user would be told, or 'loaded'. */
async function outcome(bytes: Uint8Array, name: string): Promise<string> {
  const file = path.join(tmp, `${n++}-${name}`);
  await writeFile(file, bytes);
  const started = Date.now();
  try {
    await loadExhibit(file, { qpdf: false });
    return 'loaded';
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(ExhibitLoadError);
    const e = err as ExhibitLoadError;
    expect(e.message, e.message).not.toMatch(INTERNAL);
    expect(e.hint.length).toBeGreaterThan(0);
    return e.reason;
  } finally {
    expect(Date.now() - started).toBeLessThan(10_000);
  }
}

const cut = (b: Uint8Array) => fc.nat({ max: b.length - 1 }).map((k) => b.subarray(0, k));
const flipped = (b: Uint8Array) =>
  fc.array(fc.tuple(fc.nat({ max: b.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }).map((flips) => {
    const c = new Uint8Array(b);
    for (const [i, v] of flips) c[i] = v;
    return c;
  });
const behind = (head: string | number[]) => fc.uint8Array({ maxLength: 4000 }).map((tail) => new Uint8Array([...(typeof head === 'string' ? Buffer.from(head) : head), ...tail]));

describe('broken evidence is loaded or refused in plain words', () => {
  test('PDFs cut short at any byte, or with bytes flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(...PDFS.map(cut), ...PDFS.map(flipped)), async (bytes) => {
        await outcome(bytes, 'exhibit.pdf');
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  test('random bytes after a PDF header', async () => {
    await fc.assert(
      fc.asyncProperty(behind('%PDF-1.7\n'), async (bytes) => {
        expect(await outcome(bytes, 'exhibit.pdf')).not.toBe('loaded');
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  test('random bytes behind a PNG, JPEG or TIFF signature, and JPEGs cut short or flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          behind([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).map((b) => [b, 'photo.png'] as const),
          behind([0xff, 0xd8, 0xff]).map((b) => [b, 'photo.jpg'] as const),
          behind([0x49, 0x49, 0x2a, 0x00]).map((b) => [b, 'scan.tiff'] as const),
          cut(JPEG).map((b) => [b, 'photo.jpg'] as const),
          flipped(JPEG).map((b) => [b, 'photo.jpg'] as const),
        ),
        async ([bytes, name]) => {
          await outcome(bytes, name);
        },
      ),
      { numRuns: 150 },
    );
  }, 180_000);
});
