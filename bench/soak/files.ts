/**
 * What the soak drops into the watched folder: intakes made from the sample cases (each with its
 * own caseId and a unique fictional family name), invalid intakes of several kinds, broken
 * exhibits (the PNG bomb is test/helpers/bombs.ts's). Everything is made from a seeded generator
 * (fixtures/make-evidence.ts's prng): the same seed gives the same run.
 */

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
