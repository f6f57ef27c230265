/**
 * Searchable text for pages that are images (photos, TIFF scans), by Tesseract OCR where it is
 * installed (Debian's tesseract-ocr, and tesseract-ocr-<lang> per language of the evidence).
 *
 * Tesseract writes a text-only PDF (`textonly_pdf=1`): invisible text, one page per image page, the
 * size of the image. The packet draws that page over the image, in the same place: the page looks
 * the same, and its words can be searched and copied. One run per image, in a private folder
 * removed at once, with a time limit and a parent-death signal; results are kept per process by
 * the image's hash, so a batch OCRs a shared file once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dyingWithParent, findExecutable, isExecutableFile } from '../executables.js';
import { OCR_TEMP_PREFIX } from '../convert/profiles.js';
import { makePrivateTempDir, removePrivateTempDir, trackChild } from '../private-temp.js';

export { OCR_INSTALL_HINT } from '../convert/install-hint.js';

/** Tesseract's language data by ISO 639-1 code, for the languages asylum evidence is most often in. */
const LANGUAGES: Record<string, string> = {
  en: 'eng', es: 'spa', fr: 'fra', pt: 'por', ht: 'hat', ar: 'ara', ru: 'rus', uk: 'ukr', zh: 'chi_sim', fa: 'fas', ps: 'pus',
  ti: 'tir', am: 'amh', hi: 'hin', bn: 'ben', ur: 'urd', pa: 'pan', ne: 'nep', tr: 'tur', vi: 'vie', ko: 'kor', ja: 'jpn',
  de: 'deu', it: 'ita', ro: 'ron', ka: 'kat', hy: 'hye', my: 'mya', km: 'khm', sw: 'swa', uz: 'uzb', ky: 'kir', kk: 'kaz',
  ta: 'tam', ml: 'mal', te: 'tel', si: 'sin', so: 'som', ku: 'kmr', az: 'aze', tg: 'tgk', mn: 'mon', tl: 'tgl',
};

/** Tesseract's code of a language (ISO 639-1), or undefined when it has none. */
export const tesseractLanguage = (iso: string): string | undefined => LANGUAGES[iso.toLowerCase()];

/** The Debian package holding a language's data: "tesseract-ocr-spa". */
export const languagePackage = (code: string): string => `tesseract-ocr-${code.replace(/_/g, '-').toLowerCase()}`;

export class OcrMissing extends Error {}

const TIME_LIMIT_MS = 60_000;
const KEPT = 64;

let program: string | false | undefined;
let languages: Promise<Set<string>> | undefined;
const done = new Map<string, Promise<OcrResult>>();

function tesseract(): string {
  const named = process.env.ASYLUM_PACKET_TESSERACT;
  program ??= named ? isExecutableFile(named) && named : findExecutable('tesseract');
  if (!program) throw new OcrMissing(`Tesseract is not installed (no tesseract on PATH${named ? `, nor at ASYLUM_PACKET_TESSERACT=${named}` : ''})`);
  return program;
}

/** Runs tesseract with `args`; its output, or an error naming what went wrong. */
function run(args: string[], timeoutMs: number): Promise<string> {
  const [cmd, argv] = dyingWithParent(tesseract(), args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    trackChild(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new OcrMissing(`Tesseract could not start: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(signal === 'SIGKILL' ? `Tesseract took more than ${timeoutMs / 1000} s` : `Tesseract ended with exit ${code}: ${err.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/** The languages whose data is installed (tesseract --list-langs), asked once per process. */
export function installedLanguages(): Promise<Set<string>> {
  languages ??= run(['--list-langs'], 10_000).then((out) => new Set(out.split('\n').slice(1).map((l) => l.trim()).filter(Boolean)));
  return languages;
}

export interface OcrResult {
  /** The text-only PDF, one page per image page, each the size of its image. */
  pdf: Uint8Array;
  /** Whether any word was read. */
  hasText: boolean;
}

/**
 * The text layer of an image file's bytes (JPEG, PNG, TIFF with its pages), read in `langs`
 * (Tesseract codes, installed). Throws OcrMissing when Tesseract is not installed.
 */
export function ocrImage(bytes: Uint8Array, langs: readonly string[], timeoutMs = TIME_LIMIT_MS): Promise<OcrResult> {
  tesseract();
  const key = `${createHash('sha256').update(bytes).digest('hex')}/${langs.join('+')}`;
  let result = done.get(key);
  if (!result) {
    result = read(bytes, langs, timeoutMs);
    result.catch(() => done.delete(key));
    done.set(key, result);
    if (done.size > KEPT) done.delete(done.keys().next().value!);
  }
  return result;
}

async function read(bytes: Uint8Array, langs: readonly string[], timeoutMs: number): Promise<OcrResult> {
  const dir = await makePrivateTempDir(OCR_TEMP_PREFIX);
  try {
    const input = path.join(dir, 'image');
    const base = path.join(dir, 'text');
    await writeFile(input, bytes, { mode: 0o600 });
    await run([input, base, '-l', langs.join('+'), '-c', 'textonly_pdf=1', 'pdf', 'txt'], timeoutMs);
    const [pdf, txt] = await Promise.all([readFile(`${base}.pdf`), readFile(`${base}.txt`, 'utf8')]);
    return { pdf, hasText: /\p{L}|\p{N}/u.test(txt) };
  } finally {
    await removePrivateTempDir(dir).catch(() => undefined);
  }
}

/** Forgets what this process found (tests that change ASYLUM_PACKET_TESSERACT). */
export function forgetTesseract(): void {
  program = undefined;
  languages = undefined;
  done.clear();
}
