/**
 * Limits that keep a hostile or broken input file from stalling the office: each one turns a
 * file that would take gigabytes or minutes into a clear, located error for its case alone, and
 * the batch or the watcher goes on. The defaults are far above what real filings need; they are
 * the one place to change them (README, "Limits").
 */
export interface Limits {
  /** Pixels of one image (width × height), read from its header before it is decoded. */
  maxImagePixels: number;
  /** Bytes one compressed PDF stream may inflate to (content, images, object streams). */
  maxStreamBytes: number;
  /** Pages of one exhibit file (its original or its translation, each). */
  maxPagesPerExhibit: number;
  /** Pages of all the exhibits, translations and documents of one packet together. */
  maxPagesPerPacket: number;
  /** Size of an intake file, in bytes. */
  maxIntakeBytes: number;
  /** How deeply objects and lists may nest in an intake file. */
  maxIntakeDepth: number;
  /** Seconds one case may take to build (all its pipelines); a case over it fails alone. */
  caseSeconds: number;
}

/** 100 megapixels: a page scanned at 600 dpi is 34 MP (letter) or 43 MP (legal), a phone photo 12–50 MP. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** 256 MiB per stream: a 600-dpi colour scan of a legal page is about 60 MB uncompressed. */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;
/** 2,000 pages per exhibit file: the longest country reports run to a few hundred. */
export const MAX_PAGES_PER_EXHIBIT = 2_000;
/** 10,000 pages per packet: far beyond what a court or USCIS accepts in one filing. */
export const MAX_PAGES_PER_PACKET = 10_000;
/** 5 MB per intake file: a long claim with a hundred exhibits is under 200 KB. */
export const MAX_INTAKE_BYTES = 5 * 1024 * 1024;
/** 64 levels of nesting in an intake file: the intake contract itself needs fewer than 10. */
export const MAX_INTAKE_DEPTH = 64;
/** 300 seconds per case: the samples build in about a second, a case at the page limits in under a minute. */
export const CASE_SECONDS = 300;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxImagePixels: MAX_IMAGE_PIXELS,
  maxStreamBytes: MAX_STREAM_BYTES,
  maxPagesPerExhibit: MAX_PAGES_PER_EXHIBIT,
  maxPagesPerPacket: MAX_PAGES_PER_PACKET,
  maxIntakeBytes: MAX_INTAKE_BYTES,
  maxIntakeDepth: MAX_INTAKE_DEPTH,
  caseSeconds: CASE_SECONDS,
});

/** The defaults with some replaced (tests, a library caller). */
export function limitsWith(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** Bytes in words: "256 MB", "1.5 GB". */
export function bytesText(n: number): string {
  if (n >= 1024 ** 3) return `${Number((n / 1024 ** 3).toFixed(1))} GB`;
  if (n >= 1024 ** 2) return `${Number((n / 1024 ** 2).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

/**
 * The limits as a user sets them (`--limit <name>=<value>`, README "Limits"), in the units people
 * think in: megapixels, megabytes, pages, seconds.
 */
export const LIMIT_SETTINGS: Readonly<Record<string, { key: keyof Limits; unit: string; scale: number; what: string }>> = Object.freeze({
  'image-megapixels': { key: 'maxImagePixels', unit: 'megapixels', scale: 1_000_000, what: 'pixels of one image' },
  'stream-mb': { key: 'maxStreamBytes', unit: 'MB', scale: 1024 * 1024, what: 'decompressed bytes of one PDF stream' },
  'exhibit-pages': { key: 'maxPagesPerExhibit', unit: 'pages', scale: 1, what: 'pages of one exhibit file' },
  'packet-pages': { key: 'maxPagesPerPacket', unit: 'pages', scale: 1, what: 'pages of one packet' },
  'intake-mb': { key: 'maxIntakeBytes', unit: 'MB', scale: 1024 * 1024, what: 'size of an intake file' },
  'intake-depth': { key: 'maxIntakeDepth', unit: 'levels', scale: 1, what: 'nesting of an intake file' },
  'case-seconds': { key: 'caseSeconds', unit: 'seconds', scale: 1, what: 'time to build one case' },
});

/** Parses `name=value` settings into limits; throws an Error saying what is wrong and what is allowed. */
export function parseLimitSettings(settings: readonly string[]): Partial<Limits> {
  const out: Partial<Limits> = {};
  const names = Object.keys(LIMIT_SETTINGS).join(', ');
  for (const s of settings) {
    const m = /^\s*([a-z-]+)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(s);
    const setting = m ? LIMIT_SETTINGS[m[1]!] : undefined;
    if (!m || !setting) throw new Error(`--limit expects <name>=<number>, one of: ${names}; found "${s}"`);
    const value = Number(m[2]) * setting.scale;
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--limit ${m[1]} must be more than 0, found "${m[2]}"`);
    out[setting.key] = setting.key === 'caseSeconds' ? value : Math.round(value);
  }
  return out;
}
