/**
 * Sworn and certified statements, written once: the Word templates print them from the model and
 * the exhibit packet draws them on its own pages, so both say exactly the same thing.
 */
import { FILTERS } from './filters.js';

/** Certificate of translation (8 CFR 103.2(b)(3), 8 CFR 1003.33): competence and accuracy. */
export function translationCertification(translator: string, languageName: string): string {
  return `I, ${translator}, certify that I am competent to translate from ${languageName} into English, and that the attached English translation of the document named above is complete and accurate to the best of my knowledge and ability.`;
}

/** A run of tabs in words: "Tab I", "Tabs G through H". */
export const tabsPhrase = (first: string, last: string): string => (first === last ? `Tab ${first}` : `Tabs ${first} through ${last}`);

export interface ServiceFacts {
  filingDate: string;
  office: string;
  method: 'ecas' | 'mail' | 'hand';
  /** One line, e.g. "26 Federal Plaza, Room 1130, New York, NY 10278". */
  address: string;
  needsInterpretation: boolean;
  tabs: { first: string; last: string } | null;
  /** A supplemental filing: only the index and the exhibits added since the last filing. */
  supplemental?: boolean;
  /**
   * The documents served, in words and in the filing's order, as the packet holds them: when
   * given, the statement names exactly these (and nothing the filing does not hold).
   */
  documents?: readonly string[];
}

export const METHOD_WORDS = { mail: 'by first-class mail, postage prepaid', hand: 'by hand delivery' } as const;

/** "the exhibits at Tabs A through H", "the exhibit at Tab I". */
export const exhibitsPhrase = (first: string, last: string): string => `the exhibit${first === last ? '' : 's'} at ${tabsPhrase(first, last)}`;

/** "a; b; and c", "a and b", "a". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join('; ')}; and ${items.at(-1)}`;
}

/** Certificate of service on DHS (8 CFR 1003.32(a); ICPM 3.2): date, documents, party, address, method. */
export function serviceStatement(f: ServiceFacts): string {
  const exhibits = f.tabs ? exhibitsPhrase(f.tabs.first, f.tabs.last) : undefined;
  const documents =
    f.documents ??
    (f.supplemental
      ? [`the table of contents and ${exhibits ?? 'no exhibit'}`]
      : [
          'Form I-589, Application for Asylum and for Withholding of Removal',
          `the respondent’s declaration${f.needsInterpretation ? ' and certificate of interpretation' : ''}`,
          ...(exhibits ? [`the index of evidence and ${exhibits}`] : []),
        ]);
  const list = listInWords(documents);
  const served = `On ${FILTERS.longDate(f.filingDate)}, I served a copy of this ${f.supplemental ? 'supplemental filing' : 'filing'}, consisting of ${list}, on the Department of Homeland Security, U.S. Immigration and Customs Enforcement, ${f.office}`;
  if (f.method === 'ecas') return `${served}, electronically through the EOIR Courts & Appeals System (ECAS). Service was completed through ECAS when the filing was submitted.`;
  return `${served}, at ${f.address}, ${METHOD_WORDS[f.method]}.`;
}

export function addressLine(a: { street: string; unit?: string | null; city: string; state: string; zip: string }): string {
  return `${a.street}${a.unit ? `, ${a.unit}` : ''}, ${a.city}, ${a.state} ${a.zip}`;
}

/** The short caption of generated pages: "In the Matter of José Núñez, A-220-418-553". */
export function matterCaption(fullName: string, aNumber?: string | null): string {
  return `In the Matter of ${fullName}${aNumber ? `, ${aNumber}` : ''}`;
}
