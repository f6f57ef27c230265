/**
 * The pages of a filing a person signs: what they are called (a signed scan in signed/ is named
 * after them, as their Word copies are), what the packet records of each, and a scan found for one.
 */
import type { LoadedExhibit } from '../pdf/exhibit.js';
import type { Model } from '../render/model.js';

/** A signed scan found for a page of the filing (src/intake/signed.ts), loaded. */
export interface SignedScan {
  /** Its path relative to the case folder, "signed/…". */
  rel: string;
  loaded: LoadedExhibit;
}

/** A page (or run of pages) of the filing a person signs, and whether its signed scan took its place. */
export interface SignaturePage {
  /** The name a signed scan of it has, without extension: "2025-0142-nunez-declaration". */
  name: string;
  page: string;
  signer: string;
  first: number;
  last: number;
  signed: boolean;
  /** The signed scan in its place, "signed/…", when there is one. */
  scan?: string;
  electronic: boolean;
}

/**
 * The name a signed scan of a generated page has (without extension), as the Word copy of that
 * page is named: "2025-0142-nunez-certificate-of-translation-tab-B", "…-supplemental-certificate-of-service".
 */
export function signedPageName(model: Model, page: 'certificate-of-service' | { translationTab: string }): string {
  const prefix = `${model.caseId}${model.isSupplemental ? '-supplemental' : ''}`;
  return typeof page === 'string' ? `${prefix}-${page}` : `${prefix}-certificate-of-translation-tab-${page.translationTab}`;
}

/** A document's PDF name without its extension: the name of its signed scan. */
export const documentPageName = (file: string): string => file.replace(/\.[^.]+$/, '');
