/** Text formats of intake values, each a test and the words that describe it to a person. */
import { isIsoDate, parsePartialDate } from './calendar.js';
import { ISO_639_1, US_STATE_CODES } from './codes.js';

export interface Format {
  /** What is expected, completing "expected …". */
  expected: string;
  example: string;
  test: (s: string) => boolean;
  /** JSON Schema pattern, for editors. */
  pattern?: string;
}

const A_NUMBER = /^A[- ]?(?:\d[- ]?){7,8}\d$/i;
/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const FORMATS = {
  date: { expected: 'a date YYYY-MM-DD', example: '1990-05-17', test: isIsoDate, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  partialDate: {
    expected: 'a date YYYY-MM-DD, YYYY-MM or YYYY',
    example: '2023-05-02',
    test: (s) => parsePartialDate(s) !== null,
    pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  },
  caseId: {
    expected: 'a case id of letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)',
    example: '"2025-0142-nunez"',
    test: (s) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s),
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  },
  aNumber: {
    expected: 'an A-number: "A" and 8 or 9 digits',
    example: '"A-220-418-553" or "A220418553"',
    test: (s) => A_NUMBER.test(s),
    pattern: '^[Aa][- ]?(\\d[- ]?){7,8}\\d$',
  },
  state: {
    expected: 'a two-letter US state or territory code',
    example: '"NY"',
    test: (s) => US_STATE_CODES.has(s),
    pattern: '^[A-Z]{2}$',
  },
  zip: { expected: 'a ZIP code of 5 or 9 digits', example: '"11217" or "11217-1234"', test: (s) => /^\d{5}(-?\d{4})?$/.test(s), pattern: '^\\d{5}(-?\\d{4})?$' },
  language: {
    expected: 'an ISO 639-1 two-letter language code',
    example: '"es" for Spanish, "en" for English',
    test: (s) => ISO_639_1.has(s),
    pattern: '^[a-z]{2}$',
  },
  time: { expected: 'a time HH:MM (24-hour)', example: '"09:00" or "13:30"', test: (s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
  ssn: {
    expected: 'a U.S. Social Security number of 9 digits',
    example: '"123-45-6789" or "123456789"',
    test: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
    pattern: '^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$',
  },
  uscisAccount: {
    expected: 'a USCIS online account number of 12 digits',
    example: '"000123456789"',
    test: (s) => /^(?:\d[- ]?){11}\d$/.test(s),
    pattern: '^(\\d[- ]?){11}\\d$',
  },
  monthOrDate: {
    expected: 'a date YYYY-MM-DD or a month YYYY-MM',
    example: '"2019-03" or "2019-03-15"',
    test: (s) => /^\d{4}-\d{2}(-\d{2})?$/.test(s) && parsePartialDate(s) !== null,
    pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
  },
  nonBlank: { expected: 'a non-empty text', example: '', test: (s) => s.trim() !== '' },
  /**
   * No control characters but line breaks and tabs: an escape sequence in a name would be printed
   * raw to a paralegal's terminal, and NUL or a form feed breaks Word and PDF text.
   */
  noControl: {
    expected: 'a text without control characters (such as ESC, NUL or a form feed)',
    example: '',
    test: (s) => !CONTROL.test(s),
  },
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

/** `A 220-418-553`, `a22041855` → `A-220-418-553`, `A-022-041-855` (8 digits padded with a leading zero). */
export function normaliseANumber(s: string): string {
  const digits = s.replace(/[^0-9]/g, '').padStart(9, '0');
  return `A-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}
