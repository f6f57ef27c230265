/**
 * USCIS filing addresses for the cover letter, keyed by filing type and the
 * applicant's state (and county, where the source splits a state).
 *
 * WHERE THE DATA CAME FROM, AND WHY THE TABLE IS EMPTY (checked 2026-11-30)
 *
 * The only source allowed for a row is the "Where to File" section of
 * https://www.uscis.gov/i-589. The stored copies searched on 2026-11-30 were:
 *  - a 2020 version (edition 08/25/20, CASA de Maryland alert): it lists
 *    service centers (Texas Service Center, Attn: Asylum, P.O. Box 851892,
 *    Mesquite, TX 75185-1892; California Service Center, ...) with Pennsylvania,
 *    California and Nevada split by county. Only the start of that list could be
 *    read, and the whole list is out of date: since May 31, 2023 a mailed
 *    affirmative I-589 goes to the USCIS lockbox for the applicant's place of
 *    residence, and since May 9, 2024 USCIS rejects one mailed to a service
 *    center (USCIS alerts, as reported by the CIS Ombudsman, dhs.gov,
 *    2023-09-07, and by several firms).
 *  - a 2021-2022 version, of which only the alerts could be read.
 * No stored copy of the uscis.gov page from the lockbox era could be read, and
 * third-party pages disagree on which states go to the Dallas lockbox (Florida
 * and Texas only, or Florida, Georgia, Maryland, New Jersey, Pennsylvania and
 * Texas) and which to the Chicago lockbox. Third-party pages may corroborate a
 * row but never be its only source, so no row is entered: every lookup answers
 * 'none' and the letter leaves the address blank.
 *
 * To fill the table: copy each row from the current uscis.gov/i-589 page
 * (USPS lines into `lines`, the FedEx/UPS/DHL lines into `courier`), set
 * `sourceDated` to the page's "Last Reviewed/Updated" date and `checked` to the
 * day of the copy, and run test/render/filing-addresses.test.ts, whose
 * `tableProblems` check must come back empty.
 *
 * USCIS changes these addresses without notice. Whatever this table says, the
 * letter always carries a warning to verify the address on uscis.gov before
 * mailing.
 *
 * A state the source splits by county gets rows of its own, one state each,
 * listing the counties exactly as the source names them. A lookup for such a
 * state without a county, or with a county no row lists, picks no row.
 */

export type FilingType = 'i-589-affirmative';

export interface FilingAddress {
  filing: FilingType;
  /** Two-letter USPS codes, upper case. */
  states: readonly string[];
  /** Only on a row for one state that the source splits by county. */
  counties?: readonly string[];
  addressee: readonly string[];
  /** Postal (USPS) lines; the last one ends in the ZIP code. */
  lines: readonly string[];
  /** FedEx, UPS and DHL deliveries, if the source gives a separate address. */
  courier?: { addressee: readonly string[]; lines: readonly string[] };
  /** The page the row was copied from (https). */
  source: string;
  /** The page's own date (YYYY-MM-DD), or null if it shows none. */
  sourceDated: string | null;
  /** The day the row was checked against the source (YYYY-MM-DD). */
  checked: string;
}

export const FILING_ADDRESSES: readonly FilingAddress[] = [];

export type AddressLookup =
  | { kind: 'found'; address: FilingAddress }
  | { kind: 'split'; state: string; rows: readonly FilingAddress[] } // state split by county and no county given / county not listed
  | { kind: 'none'; state: string }; // no row for this state

export function filingAddressFor(filing: FilingType, state: string, county?: string): AddressLookup {
  return lookupIn(FILING_ADDRESSES, filing, state, county);
}

/** The lookup over any table (the tests give it tables of their own). Throws if the table is ambiguous, which tableProblems reports. */
export function lookupIn(table: readonly FilingAddress[], filing: FilingType, state: string, county?: string): AddressLookup {
  const code = state.trim().toUpperCase();
  const rows = table.filter((row) => row.filing === filing && row.states.includes(code));
  const whole = rows.filter((row) => row.counties === undefined);
  const split = rows.filter((row) => row.counties !== undefined);
  if (rows.length === 0) return { kind: 'none', state: code };
  if (split.length === 0) {
    if (whole.length > 1) throw new Error(`filing addresses: ${whole.length} rows for ${filing} ${code}`);
    return { kind: 'found', address: whole[0]! };
  }
  if (whole.length > 0) throw new Error(`filing addresses: ${code} has a whole-state row and county rows for ${filing}`);
  const wanted = county === undefined ? '' : countyKey(county);
  const matching = wanted === '' ? [] : split.filter((row) => row.counties!.some((c) => countyKey(c) === wanted));
  if (matching.length > 1) throw new Error(`filing addresses: county "${county}" of ${code} is in ${matching.length} rows for ${filing}`);
  return matching.length === 1 ? { kind: 'found', address: matching[0]! } : { kind: 'split', state: code, rows: split };
}

/** "Doña Ana County " -> "dona ana": no accents, no case, no trailing "County". */
export function countyKey(county: string): string {
  return county
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ county$/, '');
}

/** The 50 states and DC: each must be covered for every filing type the table has rows for. */
export const STATES_AND_DC: readonly string[] = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
];

/** Territories a source may list as well. */
export const TERRITORIES: readonly string[] = ['PR', 'VI', 'GU', 'MP', 'AS'];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ZIP_AT_END = /\b\d{5}(-\d{4})?$/;

function isDay(text: string): boolean {
  return ISO_DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/**
 * What is wrong with a table: a row without an https source, a checked date,
 * an addressee, postal lines or a ZIP at their end; a state code that is no
 * USPS code; a state in two rows, or in a whole-state row and county rows; a
 * county in two rows; and, for each filing type with rows, a state or DC in
 * no row unless `notCovered` names it.
 */
export function tableProblems(table: readonly FilingAddress[], notCovered: readonly string[] = []): string[] {
  const problems: string[] = [];
  const known = new Set([...STATES_AND_DC, ...TERRITORIES]);
  table.forEach((row, i) => {
    const at = `row ${i} (${row.filing} ${row.states.join(' ')})`;
    if (!row.source.startsWith('https://')) problems.push(`${at}: source is not https`);
    if (!isDay(row.checked)) problems.push(`${at}: checked is not a YYYY-MM-DD date`);
    if (row.sourceDated !== null && !isDay(row.sourceDated)) problems.push(`${at}: sourceDated is neither null nor a YYYY-MM-DD date`);
    if (row.states.length === 0) problems.push(`${at}: no states`);
    for (const s of row.states) if (!known.has(s)) problems.push(`${at}: "${s}" is no USPS state code`);
    if (row.counties !== undefined && (row.states.length !== 1 || row.counties.length === 0)) {
      problems.push(`${at}: a county row names exactly one state and at least one county`);
    }
    for (const [what, block] of [['postal', row], ['courier', row.courier]] as const) {
      if (block === undefined) continue;
      if (block.addressee.length === 0 || block.addressee.some((l) => l.trim() === '')) problems.push(`${at}: ${what} addressee is empty`);
      if (block.lines.length === 0 || block.lines.some((l) => l.trim() === '')) problems.push(`${at}: ${what} lines are empty`);
      else if (!ZIP_AT_END.test(block.lines[block.lines.length - 1]!.trim())) problems.push(`${at}: ${what} last line has no ZIP`);
    }
  });
  for (const filing of new Set(table.map((row) => row.filing))) {
    const rows = table.filter((row) => row.filing === filing);
    for (const state of new Set(rows.flatMap((row) => row.states))) {
      const whole = rows.filter((row) => row.states.includes(state) && row.counties === undefined);
      const split = rows.filter((row) => row.states.includes(state) && row.counties !== undefined);
      if (whole.length > 1) problems.push(`${filing} ${state}: in ${whole.length} rows`);
      if (whole.length > 0 && split.length > 0) problems.push(`${filing} ${state}: in a whole-state row and in county rows`);
      const seen = new Set<string>();
      for (const key of split.flatMap((row) => row.counties!.map(countyKey))) {
        if (seen.has(key)) problems.push(`${filing} ${state}: county "${key}" in more than one row`);
        seen.add(key);
      }
    }
    const covered = new Set(rows.flatMap((row) => row.states));
    for (const state of STATES_AND_DC) {
      if (!covered.has(state) && !notCovered.includes(state)) problems.push(`${filing} ${state}: in no row`);
      if (covered.has(state) && notCovered.includes(state)) problems.push(`${filing} ${state}: listed as not covered but in a row`);
    }
  }
  return problems;
}
