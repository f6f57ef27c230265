/**
 * What the USCIS cover letter says it encloses beyond the documents the build made, and where it
 * is mailed: the exhibits proving each derivative's relationship and the last arrival, by tab, and
 * the filing address from the dated table of src/render/filing-addresses.ts.
 */
import { z } from 'zod';
import { arrivalProofs } from '../filing-rules/arrival-proof.js';
import type { Derived } from '../intake/derive.js';
import type { Intake } from '../intake/schema.js';
import { tabsCited, type Cited } from './cite.js';
import { FILTERS } from './filters.js';
import { filingAddressFor } from './filing-addresses.js';

export const proofSchema = z.strictObject({
  what: z.string().describe('"Proof of the relationship of Dilan Martínez Reyes (child)", "Proof of the last arrival, December 10, 2025"'),
  tabs: z.string().describe('"Tab B", "Tabs B and C"'),
});

export const filingAddressSchema = z.strictObject({
  lines: z.array(z.strictObject({ line: z.string() })).describe('The addressee and postal lines, as the letter prints them'),
  source: z.string().describe('Where the address was copied from'),
  checked: z.string().describe('The day it was checked against its source, YYYY-MM-DD'),
});

type Tabs = ReadonlyMap<string, Cited>;

/**
 * The exhibits proving each derivative's relationship (family[].relationshipEvidence), grouped when
 * they share them, and the last arrival; and the derivatives no exhibit proves the relationship of.
 */
export function enclosuresOf(intake: Intake, derived: Derived, exhibits: Tabs): { proofs: z.infer<typeof proofSchema>[]; unprovenRelationships: string[] } {
  const groups = new Map<string, Derived['derivatives']>();
  const unproven: string[] = [];
  for (const d of derived.derivatives) {
    const tabs = tabsCited(intake.family?.[d.familyIndex]?.relationshipEvidence ?? [], exhibits);
    if (tabs) groups.set(tabs, [...(groups.get(tabs) ?? []), d]);
    else unproven.push(d.fullName);
  }
  const relationship = [...groups].map(([tabs, ds]) => {
    const same = ds.every((d) => d.relationship === ds[0]!.relationship);
    const names = same
      ? `${FILTERS.joinAnd(ds.map((d) => d.fullName))} (${ds[0]!.relationship === 'child' ? (ds.length > 1 ? 'children' : 'child') : 'spouse'})`
      : FILTERS.joinAnd(ds.map((d) => `${d.fullName} (${d.relationship})`));
    return { what: `Proof of the relationship of ${names}`, tabs };
  });
  const { proof } = arrivalProofs(intake.evidence ?? [], derived.lastArrival);
  const arrival = tabsCited(proof.map(({ e }) => e.id), exhibits);
  return {
    proofs: [...relationship, ...(arrival ? [{ what: `Proof of the last arrival, ${FILTERS.longDate(derived.lastArrival)}`, tabs: arrival }] : [])],
    unprovenRelationships: unproven,
  };
}

/** Where an affirmative I-589 is mailed, by the applicant's state; undefined when the table has no row for it. */
export function filingAddressOf(intake: Intake): z.infer<typeof filingAddressSchema> | undefined {
  if (intake.proceeding.type !== 'affirmative') return undefined;
  const found = filingAddressFor('i-589-affirmative', intake.applicant.usAddress.state);
  if (found.kind !== 'found') return undefined;
  const a = found.address;
  return { lines: [...a.addressee, ...a.lines].map((line) => ({ line })), source: a.source, checked: a.checked };
}
