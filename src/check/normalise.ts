/**
 * The normal form of an output file: a reviewable text that changes when, and only when, what a
 * reader of the document would see changes. `asylum-packet check` keeps one per output document
 * (the goldens under fixtures/goldens/) and diffs them line by line.
 *
 * - .docx: the text of word/document.xml, one paragraph per line (tabs and breaks as spaces).
 *   The zip's timestamps, docProps (creation dates) and w14 paragraph ids never enter it.
 * - .md, .txt: the text itself (line endings as \n, no trailing newline differences).
 * - .pdf: read with @cantoo/pdf-lib, the runtime dependency (pdfjs-dist is a devDependency only),
 *   so the text of each page is out of reach: instead each page gets its size, rotation, the
 *   number of its content streams and of its link annotations; then the outline (bookmark titles,
 *   nested by indentation, each with the page it goes to); then, for a form, every field's full
 *   name, kind and value (text, checked, selected). The packet's text itself is guarded by the
 *   documents it is made from (index of evidence, checklist) and by the packet tests.
 *   Deliberately left out, because they differ between two builds of the same intake: the
 *   information dictionary (CreationDate, ModDate, Producer), the trailer /ID, the random
 *   number in each subset font's name ("DejaVuSerif-7533") and the order fonts are embedded in, object numbers and byte offsets.
 */
import path from 'node:path';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import {
  PDFArray,
  PDFButton,
  PDFCheckBox,
  PDFDict,
  PDFDocument,
  PDFDropdown,
  PDFHexString,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  PDFRef,
  PDFSignature,
  PDFStream,
  PDFString,
  PDFTextField,
  type PDFField,
  type PDFPage,
} from '@cantoo/pdf-lib';
import PizZip from 'pizzip';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** The kind of normal form a file gets, from its extension; undefined for a file check does not know. */
function normalFormKind(file: string): 'docx' | 'text' | 'pdf' | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') return 'docx';
  if (ext === '.md' || ext === '.txt') return 'text';
  if (ext === '.pdf') return 'pdf';
  return undefined;
}

/** The normal form of `bytes`, named `file` (only its extension matters). Always ends with one "\n". */
export async function normalise(file: string, bytes: Uint8Array): Promise<string> {
  const kind = normalFormKind(file);
  let lines: string[];
  if (kind === 'docx') lines = ['# docx: text of word/document.xml, one paragraph per line', ...docxParagraphTexts(bytes), ...docxHeaderTexts(bytes)];
  else if (kind === 'text') lines = textLines(bytes);
  else if (kind === 'pdf') lines = await pdfLines(bytes);
  else lines = [`# ${path.extname(file) || 'file'} with no normal form: ${bytes.length} bytes`];
  return lines.map((l) => l.replace(/\s+$/u, '')).join('\n').replace(/\n+$/, '') + '\n';
}

// ───────────────────────────────────────────────────────────────────────── docx

/** The text of each paragraph of word/document.xml, in document order. */
function docxParagraphTexts(bytes: Uint8Array): string[] {
  return partParagraphTexts(new PizZip(bytes), 'word/document.xml') ?? ['# no word/document.xml in this package'];
}

/** The running headers (the short caption on the pages after the first), when the document has them. */
function docxHeaderTexts(bytes: Uint8Array): string[] {
  const zip = new PizZip(bytes);
  return zip
    .file(/^word\/header\d+\.xml$/)
    .map((f) => f.name)
    .sort()
    .flatMap((name) => {
      const texts = (partParagraphTexts(zip, name) ?? []).filter((t) => t.trim() !== '');
      return texts.length ? [`# ${name}`, ...texts] : [];
    });
}

/** The text of each paragraph of one part of the package, in order; undefined when there is no such part. */
function partParagraphTexts(zip: PizZip, name: string): string[] | undefined {
  const part = zip.file(name);
  if (!part) return undefined;
  const doc = new DOMParser().parseFromString(part.asText(), 'text/xml');
  const out: string[] = [];
  const paragraphs = doc.getElementsByTagNameNS(W, 'p');
  for (let i = 0; i < paragraphs.length; i++) {
    let text = '';
    const walk = (n: Node): void => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const el = c as Element;
        if (el.namespaceURI === W && el.localName === 't') text += el.textContent ?? '';
        else if (el.namespaceURI === W && (el.localName === 'tab' || el.localName === 'br' || el.localName === 'cr')) text += ' ';
        // a nested paragraph (in a text box) is a line of its own
        else if (!(el.namespaceURI === W && el.localName === 'p')) walk(el);
      }
    };
    walk(paragraphs[i]!);
    out.push(text.normalize('NFC'));
  }
  return out;
}

// ───────────────────────────────────────────────────────────────────────── text

function textLines(bytes: Uint8Array): string[] {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').normalize('NFC').split(/\r\n|\r|\n/);
}

// ───────────────────────────────────────────────────────────────────────── pdf

const round = (n: number): string => String(Math.round(n * 100) / 100);

async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  const pages = doc.getPages();
  const pageOf = new Map<string, number>(pages.map((p, i) => [p.ref.toString(), i + 1]));
  const out = [`# pdf: ${pages.length} page${pages.length === 1 ? '' : 's'} (size, rotation, content streams, links per page; outline; form fields)`];

  out.push('', '## pages');
  pages.forEach((page, i) => {
    const { width, height } = page.getSize();
    const rotate = ((page.getRotation().angle % 360) + 360) % 360;
    out.push(`page ${i + 1}: ${round(width)} x ${round(height)} pt${rotate ? `, rotated ${rotate}` : ''}, ${contentStreams(page)} content stream${contentStreams(page) === 1 ? '' : 's'}, ${links(page)} link${links(page) === 1 ? '' : 's'}`);
  });

  const outline = outlineLines(doc, pageOf);
  out.push('', '## outline');
  out.push(...(outline.length ? outline : ['(none)']));

  const fields = formLines(doc);
  if (fields.length) out.push('', '## form fields', ...fields);
  return out;
}

function contentStreams(page: PDFPage): number {
  const contents = page.node.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? page.doc.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) return resolved.size();
  return resolved instanceof PDFStream ? 1 : 0;
}

function links(page: PDFPage): number {
  const annots = page.node.Annots();
  if (!annots) return 0;
  let n = 0;
  for (let i = 0; i < annots.size(); i++) {
    const a = annots.lookup(i);
    if (a instanceof PDFDict && a.get(PDFName.of('Subtype'))?.toString() === '/Link') n++;
  }
  return n;
}

function text(o: unknown): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText().normalize('NFC') : undefined;
}

/** The outline depth first: each item's title indented two spaces per level, and the page it goes to. */
function outlineLines(doc: PDFDocument, pageOf: Map<string, number>): string[] {
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!root) return [];
  const out: string[] = [];
  const seen = new Set<PDFDict>();
  const target = (item: PDFDict): string => {
    let dest = item.lookup(PDFName.of('Dest'));
    const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
    if (!dest && action) dest = action.lookup(PDFName.of('D'));
    if (dest instanceof PDFArray) {
      const first = dest.get(0);
      const page = first instanceof PDFRef ? pageOf.get(first.toString()) : undefined;
      return page ? `page ${page}` : 'unknown page';
    }
    const named = text(dest) ?? (dest instanceof PDFName ? dest.decodeText() : undefined);
    return named !== undefined ? `named destination "${named}"` : 'no destination';
  };
  const walk = (first: PDFDict | undefined, depth: number): void => {
    for (let item = first; item && !seen.has(item); item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      seen.add(item);
      out.push(`${'  '.repeat(depth)}${text(item.lookup(PDFName.of('Title'))) ?? '(no title)'}  → ${target(item)}`);
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(root.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

/** Every form field in name order: full name, kind and value. */
function formLines(doc: PDFDocument): string[] {
  let fields: PDFField[];
  try {
    fields = doc.getForm().getFields();
  } catch {
    return ['(the form could not be read)'];
  }
  return fields
    .map((f) => `${f.getName()}: ${fieldValue(f)}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function fieldValue(f: PDFField): string {
  try {
    if (f instanceof PDFTextField) {
      const v = f.getText();
      return `text ${v === undefined ? '(empty)' : JSON.stringify(v.normalize('NFC'))}`;
    }
    if (f instanceof PDFCheckBox) return `checkbox ${f.isChecked() ? 'checked' : 'unchecked'}`;
    if (f instanceof PDFRadioGroup) return `radio ${f.getSelected() ?? '(none)'}`;
    if (f instanceof PDFDropdown) return `dropdown ${JSON.stringify(f.getSelected())}`;
    if (f instanceof PDFOptionList) return `list ${JSON.stringify(f.getSelected())}`;
    if (f instanceof PDFSignature) return 'signature';
    if (f instanceof PDFButton) return 'button';
  } catch (err) {
    return `unreadable (${(err as Error).message})`;
  }
  return 'field';
}
