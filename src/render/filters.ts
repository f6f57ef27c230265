/**
 * The filters every template shares: docx templates write `{applicant.dateOfBirth | longDate}`,
 * text templates `{{longDate applicant.dateOfBirth}}`. Each takes the value first, then options.
 * A filter never returns undefined: a value it cannot format is an error, not a blank.
 */
import { ageOn, compareIsoDates, parsePartialDate } from '../intake/calendar.js';
import { languageName } from '../intake/codes.js';
import { normaliseANumber } from '../intake/formats.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export class FilterError extends Error {
  constructor(readonly filter: string, message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

function dateParts(filter: string, v: unknown) {
  const p = typeof v === 'string' ? parsePartialDate(v) : null;
  if (!p) throw new FilterError(filter, `${filter} expects a date YYYY-MM-DD (or YYYY-MM, YYYY), found ${JSON.stringify(v)}`);
  return p;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A U.S. number of 10 digits, with or without the country code 1. */
function usPhone(filter: string, v: unknown): { area: string; local: string } {
  const d = text(filter, v).replace(/\D/g, '');
  const ten = d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
  if (ten.length !== 10) throw new FilterError(filter, `${filter} expects a U.S. telephone number of 10 digits, found ${JSON.stringify(v)}`);
  return { area: ten.slice(0, 3), local: `${ten.slice(3, 6)}-${ten.slice(6)}` };
}

/** Text filters take text (or a number); a missing value is an error, not an empty string. */
function text(filter: string, v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new FilterError(filter, `${filter} expects a text, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

export const FILTERS = {
  /** `1990-05-17` → `May 17, 1990`; `2023-05` → `May 2023`; `2023` → `2023`. */
  longDate(v: unknown): string {
    const { year, month, day } = dateParts('longDate', v);
    if (month === undefined) return String(year);
    if (day === undefined) return `${MONTHS[month - 1]} ${year}`;
    return `${MONTHS[month - 1]} ${day}, ${year}`;
  },
  /** `1990-05-17` → `05/17/1990` (the form USCIS and EOIR use); `2023-05` → `05/2023`. */
  shortDate(v: unknown): string {
    const { year, month, day } = dateParts('shortDate', v);
    if (month === undefined) return String(year);
    if (day === undefined) return `${pad(month)}/${year}`;
    return `${pad(month)}/${pad(day)}/${year}`;
  },
  /** `2019-03` or `2019-03-15` → `03/2019` (the form's Mo/Yr). */
  monthYear(v: unknown): string {
    const { year, month } = dateParts('monthYear', v);
    return month === undefined ? String(year) : `${pad(month)}/${year}`;
  },
  /** A U.S. telephone number's area code: `+1 718 555 0142` → `718`. */
  areaCode(v: unknown): string {
    return usPhone('areaCode', v).area;
  },
  /** A U.S. telephone number without its area code: `+1 718 555 0142` → `555-0142`. */
  localNumber(v: unknown): string {
    return usPhone('localNumber', v).local;
  },
  /** The digits only: `123-45-6789` → `123456789`. */
  digits(v: unknown): string {
    return text('digits', v).replace(/\D/g, '');
  },
  /** `single` → `Single`. */
  capitalize(v: unknown): string {
    const s = text('capitalize', v);
    return s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1);
  },
  upper(v: unknown): string {
    return text('upper', v).toLocaleUpperCase('en-US');
  },
  lower(v: unknown): string {
    return text('lower', v).toLocaleLowerCase('en-US');
  },
  /** Any accepted A-number form → `A-220-418-553`. */
  aNumber(v: unknown): string {
    if (typeof v !== 'string' || !/^[Aa][- ]?(?:\d[- ]?){7,8}\d$/.test(v)) throw new FilterError('aNumber', `aNumber expects an A-number, found ${JSON.stringify(v)}`);
    return normaliseANumber(v);
  },
  /** 1 → `1st`, 2 → `2nd`, 11 → `11th`, 23 → `23rd`. */
  ordinal(v: unknown): string {
    const n = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : NaN;
    if (!Number.isInteger(n)) throw new FilterError('ordinal', `ordinal expects a whole number, found ${JSON.stringify(v)}`);
    const mod100 = Math.abs(n) % 100;
    const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][Math.abs(n) % 10] ?? 'th';
    return `${n}${suffix}`;
  },
  /** `["a", "b", "c"]` → `a, b and c`; with a field name, joins that field of each object. */
  joinAnd(v: unknown, field?: unknown): string {
    if (!Array.isArray(v)) throw new FilterError('joinAnd', `joinAnd expects a list, found ${JSON.stringify(v)}`);
    const items = v.map((x) => {
      const item = typeof field === 'string' && x && typeof x === 'object' ? (x as Record<string, unknown>)[field] : x;
      if (item === null || item === undefined || typeof item === 'object') {
        throw new FilterError('joinAnd', `joinAnd found ${item === null || item === undefined ? 'an empty entry' : 'an object'} in the list${typeof field === 'string' ? ` (field "${field}")` : ''}`);
      }
      return String(item);
    });
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  },
  /** (3, "exhibit") → `3 exhibits`; (1, "child", "children") → `1 child`. */
  plural(v: unknown, singular?: unknown, pluralForm?: unknown): string {
    const n = Array.isArray(v) ? v.length : typeof v === 'number' ? v : NaN;
    if (!Number.isFinite(n) || typeof singular !== 'string') throw new FilterError('plural', 'plural expects a number (or list) and a word, e.g. plural:"exhibit"');
    return `${n} ${n === 1 ? singular : typeof pluralForm === 'string' ? pluralForm : `${singular}s`}`;
  },
  /** Age in completed years of someone born on the date, on another date (e.g. derived.filingDate). */
  age(v: unknown, on?: unknown): number {
    const birth = typeof v === 'string' ? v : '';
    const at = typeof on === 'string' ? on : '';
    const both = parsePartialDate(birth)?.day !== undefined && parsePartialDate(at)?.day !== undefined;
    if (!both || compareIsoDates(birth, at) > 0) throw new FilterError('age', `age expects a date of birth and a later date, e.g. {dateOfBirth | age:derived.filingDate}`);
    return ageOn(birth, at);
  },
  /** `{given, middle, family}` → `José Antonio Núñez Ramírez`. */
  fullName(v: unknown): string {
    const n = v as { given?: unknown; middle?: unknown; family?: unknown } | null;
    if (!n || typeof n !== 'object' || typeof n.family !== 'string') throw new FilterError('fullName', 'fullName expects a name { given, middle, family }');
    return [n.given, n.middle, n.family].filter((x) => typeof x === 'string' && x).join(' ');
  },
  /** `es` → `Spanish`. */
  language(v: unknown): string {
    if (typeof v !== 'string') throw new FilterError('language', `language expects a language code, found ${JSON.stringify(v)}`);
    return languageName(v);
  },
  /** true → `Yes`, false → `No`; a missing answer is an error, never a silent "No". */
  yesNo(v: unknown): string {
    if (typeof v !== 'boolean') throw new FilterError('yesNo', `yesNo expects true or false, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
    return v ? 'Yes' : 'No';
  },
} satisfies Record<string, (v: unknown, ...args: unknown[]) => unknown>;

type FilterName = keyof typeof FILTERS;
export const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];
