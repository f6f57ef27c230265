/**
 * What the soak drops into the watched folder: intakes made from the sample cases (each with its
 * own caseId and a unique fictional family name), invalid intakes of several kinds, broken
 * exhibits, a PNG decompression bomb. Everything is made from a seeded generator: the same seed
 * gives the same run.
 */
import { deflateSync } from 'node:zlib';

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const SYLLABLES = ['ba', 'ke', 'mi', 'no', 'ru', 'sa', 'ti', 'vo', 'la', 'de', 'fi', 'go', 'hu', 'ja', 'po', 'qe', 'ri', 'su', 'xa', 'zo'];

/**
 * A fictional family name unique to case n (n < 8,000): "Vel" and three syllables, all of one
 * length, so that one case's name is never part of another's.
 */
export function nameToken(n: number): string {
  const s = SYLLABLES.length;
  return `Vel${SYLLABLES[Math.floor(n / (s * s)) % s]}${SYLLABLES[Math.floor(n / s) % s]}${SYLLABLES[n % s]}`;
}

/** Finds every case name token in a text (case-insensitive: captions may be in capitals). */
export const TOKEN_PATTERN = new RegExp(`vel(?:${SYLLABLES.join('|')}){3}`, 'gi');

// --- PNG -------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * The decompression bomb of issue 13: a one-bit greyscale PNG of 30,000 × 30,000 pixels, all
 * white, about 110 KB on disk and 112 MB of rows once inflated (gigabytes once decoded to pixels).
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte, then the bits
  const raw = Buffer.alloc(rowBytes * height, 0xff);
  for (let y = 0; y < height; y++) raw[y * rowBytes] = 0; // filter: none
  const idat = deflateSync(raw, { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

// --- broken exhibits ------------------------------------------------------------------------

export type BrokenKind = 'pdf-cut-in-half' | 'pdf-random-bytes' | 'jpeg-truncated';
export const BROKEN_KINDS: BrokenKind[] = ['pdf-cut-in-half', 'pdf-random-bytes', 'jpeg-truncated'];

/** The broken file and the name it goes by (its extension says what it claims to be). */
export function brokenExhibit(kind: BrokenKind, samples: { pdf: Buffer; jpeg: Buffer }, random: () => number): { name: string; bytes: Buffer } {
  switch (kind) {
    case 'pdf-cut-in-half':
      return { name: 'exhibit.pdf', bytes: samples.pdf.subarray(0, Math.floor(samples.pdf.length / 2)) };
    case 'pdf-random-bytes': {
      const junk = Buffer.alloc(20_000 + Math.floor(random() * 20_000));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(random() * 256);
      return { name: 'exhibit.pdf', bytes: Buffer.concat([Buffer.from('%PDF-'), junk]) };
    }
    case 'jpeg-truncated':
      return { name: 'exhibit.jpg', bytes: samples.jpeg.subarray(0, Math.floor(samples.jpeg.length * 0.4)) };
  }
}

// --- invalid intakes ------------------------------------------------------------------------

export type InvalidKind =
  | 'bad-date'
  | 'missing-field'
  | 'unknown-key'
  | 'wrong-type'
  | 'bad-option'
  | 'bad-case-id'
  | 'truncated-json'
  | 'control-character'
  | 'duplicate-key'
  | 'not-utf8';
export const INVALID_KINDS: InvalidKind[] = ['bad-date', 'missing-field', 'unknown-key', 'wrong-type', 'bad-option', 'bad-case-id', 'truncated-json', 'control-character', 'duplicate-key', 'not-utf8'];

type Json = Record<string, unknown>;
const obj = (v: unknown) => v as Json;

/** An invalid intake: the valid one (already given its caseId and name) spoilt in one way. */
export function invalidIntake(kind: InvalidKind, valid: Json): Buffer {
  const x = structuredClone(valid);
  const applicant = obj(x.applicant);
  const text = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');
  switch (kind) {
    case 'bad-date':
      applicant.dateOfBirth = '17/05/1990';
      return text(x);
    case 'missing-field':
      delete applicant.sex;
      return text(x);
    case 'unknown-key':
      applicant.dateofBirth = applicant.dateOfBirth;
      delete applicant.dateOfBirth;
      return text(x);
    case 'wrong-type':
      x.family = 'none';
      return text(x);
    case 'bad-option':
      obj(x.proceeding).type = 'asylum';
      return text(x);
    case 'bad-case-id':
      x.caseId = `../${String(x.caseId)}`;
      return text(x);
    case 'truncated-json': {
      const whole = JSON.stringify(x, null, 2);
      return Buffer.from(whole.slice(0, Math.floor(whole.length * 0.6)), 'utf8');
    }
    case 'control-character':
      obj(applicant.name).given = `${String(obj(applicant.name).given)}\u001b[2J`;
      obj(x.claim).summary = `${String(obj(x.claim).summary)}\u0000`;
      return text(x);
    case 'duplicate-key': {
      const whole = JSON.stringify(x, null, 2);
      return Buffer.from(whole.replace('{\n', `{\n  "caseId": ${JSON.stringify(x.caseId)},\n`) + '\n', 'utf8');
    }
    case 'not-utf8':
      // Accented letters in Latin-1: not UTF-8.
      obj(x.claim).summary = `${String(obj(x.claim).summary)} Año.`;
      return Buffer.from(JSON.stringify(x, null, 2) + '\n', 'latin1');
  }
}
