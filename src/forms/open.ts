/**
 * Opens a fillable PDF form the way official forms need: USCIS forms are encrypted with an empty
 * user password and carry XFA beside the AcroForm; the XFA is dropped so that every viewer shows
 * the AcroForm values written here. Lists the fields with what a field map needs to know.
 */
import {
  PDFArray,
  PDFCheckBox,
  PDFHexString,
  PDFRawStream,
  PDFRef,
  PDFString,
  decodePDFRawStream,
  PDFDict,
  PDFInvalidObject,
  PDFName,
  PDFDocument,
  PDFDropdown,
  PDFOptionList,
  PDFRadioGroup,
  PDFSignature,
  PDFTextField,
  type PDFField,
  type PDFFont,
  type PDFForm,
} from '@cantoo/pdf-lib';
import { distance } from 'fastest-levenshtein';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { readFile } from 'node:fs/promises';
import { whenChanged } from '../source/when-changed.js';
import { LOAD_OPTIONS, SAVE_OPTIONS } from '../pdf/save.js';

export type FieldKind = 'text' | 'checkbox' | 'radio' | 'dropdown' | 'list' | 'signature' | 'button';

export interface FormField {
  name: string;
  kind: FieldKind;
  /** 1-based page of its first widget, or null when it has none on a page. */
  page: number | null;
  /** Export values of a check box or radio group, options of a dropdown or list. */
  options: string[];
  maxLength: number | null;
  multiline: boolean;
  /** Position (lower left) and size of its first widget, in points. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** What pdf-lib's appearance keeps free inside the box, both sides together: (border + 1 pt padding) × 2. */
  inset: number;
  /** The form's own wording of the question (its /TU tooltip), or "" when it has none. */
  tooltip: string;
}

/** The edition a form names in its footer, e.g. { form: "I-589", revision: "04/09/19" }. */
export interface FormEdition {
  form: string;
  revision: string;
}

export interface OpenForm {
  doc: PDFDocument;
  form: PDFForm;
  fields: FormField[];
  /** pdf-lib's fields by full name (its own getField scans every field on each call). */
  fieldsByName: Map<string, PDFField>;
  hadXfa: boolean;
  /** The edition printed on the form (its footer, or failing that its XFA), or null when it names none. */
  edition: FormEdition | null;
}

function fieldKind(f: PDFField): FieldKind {
  if (f instanceof PDFTextField) return 'text';
  if (f instanceof PDFCheckBox) return 'checkbox';
  if (f instanceof PDFRadioGroup) return 'radio';
  if (f instanceof PDFDropdown) return 'dropdown';
  if (f instanceof PDFOptionList) return 'list';
  if (f instanceof PDFSignature) return 'signature';
  return 'button';
}

function optionsOf(f: PDFField): string[] {
  if (f instanceof PDFRadioGroup || f instanceof PDFDropdown || f instanceof PDFOptionList) return f.getOptions();
  if (f instanceof PDFCheckBox) {
    const on = f.acroField.getOnValue();
    return on ? [on.decodeText()] : [];
  }
  return [];
}

/**
 * The form as every case of a batch needs it, opened once: decrypting and parsing the official
 * form was half the time of filling it. Its bytes are kept decrypted and without XFA (the edition
 * read beforehand), so each case parses a plain file. Kept for as long as the caller keeps the
 * same bytes (the form step reads the form again only when its file changes: loadFormBytes).
 */
const prepared = new WeakMap<Uint8Array, Promise<{ bytes: Uint8Array; edition: FormEdition | null; hadXfa: boolean }>>();

/** A form file's bytes, read again only when the file changes (every case of a batch fills it). */
export const loadFormBytes = whenChanged(async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(file)));

export async function openFormForFilling(file: string, bytes: Uint8Array): Promise<OpenForm> {
  let p = prepared.get(bytes);
  if (!p) {
    p = openForm(file, bytes).then(async (o) => ({ bytes: await o.doc.save({ ...SAVE_OPTIONS, useObjectStreams: true }), edition: o.edition, hadXfa: o.hadXfa }));
    prepared.set(bytes, p);
    p.catch(() => prepared.delete(bytes));
  }
  const ready = await p;
  const opened = await openForm(file, ready.bytes);
  return { ...opened, edition: ready.edition, hadXfa: ready.hadXfa };
}

export async function openForm(file: string, bytes: Uint8Array): Promise<OpenForm> {
  let doc: PDFDocument;
  try {
    // preserveXFA: pdf-lib would otherwise drop it with a console warning; it is dropped below, quietly.
    doc = await PDFDocument.load(bytes, { ...LOAD_OPTIONS, password: '', preserveXFA: true } as Parameters<typeof PDFDocument.load>[1]);
  } catch (err) {
    const message = (err as Error).message;
    const detail = /NEEDS PASSWORD|Password incorrect/i.test(message) ? 'it is protected by a password other than the empty one official forms use' : message;
    throw new PacketError(problem('formUnreadable', { detail }, { file }), { cause: err });
  }
  dropStaleXrefStreams(doc);
  const form = doc.getForm();
  const hadXfa = form.hasXFA();
  const edition = readEdition(doc);
  if (hadXfa) form.deleteXFA();
  // Widget dictionary → page number, from each page's annotations (pdf-lib's getObjectRef would
  // scan every object of the file for each field).
  const pageOf = new Map(doc.getPages().flatMap((p, i) => (p.node.Annots()?.asArray() ?? []).map((ref) => [doc.context.lookup(ref), i + 1] as const)));
  const pdfFields = form.getFields();
  const fields = pdfFields.map((f): FormField => {
    const widget = f.acroField.getWidgets()[0];
    const rect = widget?.getRectangle();
    return {
      name: f.getName(),
      kind: fieldKind(f),
      page: widget ? (pageOf.get(widget.dict) ?? null) : null,
      options: optionsOf(f),
      maxLength: f instanceof PDFTextField ? (f.getMaxLength() ?? null) : null,
      multiline: f instanceof PDFTextField ? f.isMultiline() : false,
      x: rect?.x ?? 0,
      y: rect?.y ?? 0,
      width: rect?.width ?? 0,
      height: rect?.height ?? 0,
      inset: 2 * ((widget?.getBorderStyle()?.getWidth() ?? 0) + 1),
      tooltip: textOf(f.acroField.dict.lookup(PDFName.of('TU'))),
    };
  });
  if (fields.length === 0) throw new PacketError(problem('formNoFields', {}, { file }));
  return { doc, form, fields, fieldsByName: new Map(pdfFields.map((f, i) => [fields[i]!.name, f])), hadXfa, edition };
}

const textOf = (v: unknown): string => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : '');

/** "Form I-589 (Rev. 04/09/19)" as printed in a content stream (parentheses escaped) or in XFA text. */
const EDITION = /Form\s+([A-Z]{1,2}-\d{1,4}[A-Z]?)\s+\\?\(\s*Rev\.\s*(\d{2}\/\d{2}\/\d{2,4})\s*\\?\)/;

/**
 * The edition printed in the footer of the form's first pages; the XFA template (which carries
 * the same footer as text) when the page streams do not spell it out.
 */
export function readEdition(doc: PDFDocument): FormEdition | null {
  for (const page of doc.getPages().slice(0, 3)) {
    const m = EDITION.exec(latin1(contentBytes(doc, page.node.Contents())));
    if (m) return { form: m[1]!, revision: m[2]! };
  }
  const xfa = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict)?.lookup(PDFName.of('XFA'));
  const parts = xfa instanceof PDFArray ? xfa.asArray().filter((_, i) => i % 2 === 1) : xfa ? [xfa] : [];
  for (const part of parts) {
    const m = EDITION.exec(latin1(contentBytes(doc, doc.context.lookup(part as PDFRef))));
    if (m) return { form: m[1]!, revision: m[2]! };
  }
  return null;
}

function contentBytes(doc: PDFDocument, contents: unknown): Uint8Array {
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  const chunks = streams.flatMap((st) => {
    if (!(st instanceof PDFRawStream)) return [];
    try {
      return [decodePDFRawStream(st).decode()];
    } catch {
      return [];
    }
  });
  return Buffer.concat(chunks);
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * The field a misspelt name most likely meant: first among its siblings (same parent, close last
 * part), then anywhere when only a few characters differ. Long hierarchical names are all alike,
 * so a plain edit distance over the whole name would suggest unrelated fields.
 */
export function suggestField(name: string, names: string[], closest: (input: string, candidates: string[]) => string | undefined): string | undefined {
  const cut = name.lastIndexOf('.');
  const parent = name.slice(0, cut + 1);
  const siblings = names.filter((n) => n.startsWith(parent) && !n.slice(parent.length).includes('.'));
  const last = closest(name.slice(cut + 1), siblings.map((n) => n.slice(parent.length)));
  if (last) return parent + last;
  const anywhere = closest(name, names);
  return anywhere && distance(name, anywhere) <= 3 ? anywhere : undefined;
}

/**
 * A form decrypted on load keeps, among its objects, its old encryption dictionary and its
 * cross-reference stream (which pdf-lib cannot parse once decrypted, and would write back as is,
 * /Encrypt and all): readers would then take the filled form for an encrypted one. Both go.
 */
function dropStaleXrefStreams(doc: PDFDocument): void {
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const stale =
      (obj instanceof PDFInvalidObject && /\/Type\s*\/XRef/.test(rawText(obj))) ||
      (obj instanceof PDFDict && obj.get(PDFName.of('Filter')) === PDFName.of('Standard') && obj.has(PDFName.of('O')) && obj.has(PDFName.of('U')));
    if (stale) doc.context.delete(ref);
  }
}

function rawText(obj: PDFInvalidObject): string {
  const bytes = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(bytes, 0);
  return Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
}

/** The font size in a text field's default appearance ("/Helv 10 Tf"), or null when automatic or absent. */
export function daSize(field: PDFTextField): number | null {
  const m = /(\d+(?:\.\d+)?)\s+Tf/.exec(field.acroField.getDefaultAppearance() ?? '');
  const size = m ? Number(m[1]) : 0;
  return size > 0 ? size : null;
}

/** How far apart pdf-lib sets the lines of a multi-line field: 1.2 × the font's height (for DejaVu about 1.4 × size). */
export const lineHeight = (font: PDFFont, size: number): number => font.heightAtSize(size) * 1.2;
