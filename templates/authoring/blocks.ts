/** The building blocks of the templates: docxtemplater tags, names and pronouns, shared paragraphs, signature blocks. */
import { type ParagraphStyle, TEXT_WIDTH, inch, para, paragraph, pt, run, tab } from './docx.js';

// ── template text ─────────────────────────────────────────────────────────────

/** Inline sections: the text shows when `cond` is truthy (`when`) or falsy (`unless`). */
export const when = (cond: string, inner: string): string => `{#${cond}}${inner}{/${cond}}`;
export const unless = (cond: string, inner: string): string => `{^${cond}}${inner}{/${cond}}`;
export const either = (cond: string, yes: string, no: string): string => when(cond, yes) + unless(cond, no);

/** A paragraph holding only a section tag; docxtemplater's paragraphLoop removes it. */
export const tagLine = (tag: string): string => paragraph(run(tag));

/** Paragraph-level section: the blocks show once per item, or once when `cond` is truthy. */
export const section = (cond: string, blocks: readonly string[]): string[] => [tagLine(`{#${cond}}`), ...blocks, tagLine(`{/${cond}}`)];
export const sectionUnless = (cond: string, blocks: readonly string[]): string[] => [tagLine(`{^${cond}}`), ...blocks, tagLine(`{/${cond}}`)];

export const NAME = '{derived.fullName}';
export const NAME_UPPER = '{derived.fullName | upper}';
export const aNumberOr = (fallback: string): string => either('derived.aNumber', '{derived.aNumber}', fallback);

/** Pronouns of the applicant, from applicant.sex. */
export const pronoun = (female: string, male: string): string => `{applicant.sex == "female" ? "${female}" : "${male}"}`;
export const HE = pronoun('she', 'he');
export const HE_CAP = pronoun('She', 'He');
export const HIM = pronoun('her', 'him');
export const HIS_UPPER = pronoun('HER', 'HIS');

/** The relief sought in words; an intake without claim.relief asks for what Form I-589 asks for. */
export const RELIEF = either('reliefNames.length', '{reliefNames | joinAnd}', 'asylum and withholding of removal');
export const RELIEF_UPPER = either('reliefNames.length', '{reliefNames | joinAnd | upper}', 'ASYLUM AND WITHHOLDING OF REMOVAL');

export const I_589 = 'Form I-589, Application for Asylum and for Withholding of Removal';

/** A legal citation, with no-break spaces so that "8 C.F.R. §" never splits across lines. */
export const cite = (text: string): string => text.replace(/ /g, '\u00a0');
export const CITE = {
  oneYear: cite('INA § 208(a)(2)(B)'),
  oneYearRule: cite('8 C.F.R. § 208.4(a)(2)'),
  exception: cite('INA § 208(a)(2)(D)'),
  changed: cite('8 C.F.R. § 208.4(a)(4)'),
  extraordinary: cite('8 C.F.R. § 208.4(a)(5)'),
  translationEoir: cite('8 C.F.R. § 1003.33'),
  translationUscis: cite('8 C.F.R. § 103.2(b)(3)'),
};

/** A US address (usAddress schema) at `path`, as its two postal lines. */
export const addressLines = (path: string): [string, string] => [`{${path}.street}${when(`${path}.unit`, `, {${path}.unit}`)}`, `{${path}.city}, {${path}.state} {${path}.zip}`];
export const addressInline = (path: string): string => addressLines(path).join(', ');

// ── shared blocks ─────────────────────────────────────────────────────────────

export const blank = (): string => para('');
export const centred = (text: string, style: ParagraphStyle = {}): string => para(text, { style: 'CourtHeading', ...style });
export const title = (text: string): string => para(text, { style: 'DocTitle' });
export const heading = (text: string): string => para(text, { style: 'Heading' });

/** "Label:  value" with the values aligned at 1.75 inches; a long value wraps under itself. */
export function labelled(label: string, value: string, style: ParagraphStyle = {}): string {
  const at = inch(1.75);
  return paragraph([run(label), tab(), run(value)], { tabs: [{ pos: at }], indent: { left: at, hanging: at }, ...style });
}

/** A line to fill in by hand, running to the right margin: "Date: ____________". */
export function fillIn(label: string, style: ParagraphStyle = {}): string {
  return paragraph([run(label ? `${label} ` : ''), tab()], { tabs: [{ pos: TEXT_WIDTH, align: 'right', leader: 'underscore' }], keepNext: true, keepLines: true, ...style });
}

/** A line of a signature block (right half of the page). */
export const sigLine = (text: string): string => para(text, { style: 'Signature' });

/**
 * A signature block on the right half of the page: the line to sign on, the blocks under it, a
 * date line. With `electronic`, a representative who signs electronically (the model's
 * electronicSignature, "/s/ Sarah Okafor") has it typed instead of the line, and no date line.
 */
export function signatureBlock(under: readonly string[], opts: { dateLine?: boolean; electronic?: boolean } = {}): string[] {
  const line = fillIn('', { style: 'Signature', before: pt(36) });
  const date = opts.dateLine ? [fillIn('Date:', { style: 'Signature', before: pt(18), keepNext: false })] : [];
  if (!opts.electronic) return [line, ...under, ...date];
  return [
    ...section('electronicSignature', [para('{electronicSignature}', { style: 'Signature', before: pt(24) })]),
    ...sectionUnless('electronicSignature', [line]),
    ...under,
    ...sectionUnless('electronicSignature', date),
  ];
}
