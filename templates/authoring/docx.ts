/**
 * A small WordprocessingML writer, used only to author the docx templates in templates/.
 *
 * Blocks (paragraphs, tables) and inline content (runs, tabs) are XML strings built by the
 * helpers below; `buildDocx` wraps a body in a complete package: one US Letter section with
 * 1-inch margins, the house styles (Times New Roman 12 pt), a centred "Page X of Y" footer.
 * Output is deterministic: fixed dates in docProps/core.xml and in the zip entries.
 */
import PizZip from 'pizzip';

/** Units: OOXML measures lengths in twentieths of a point (twips). */
export const inch = (n: number): number => Math.round(n * 1440);
export const pt = (n: number): number => Math.round(n * 20);

export const PAGE = { width: 12240, height: 15840, margin: inch(1) } as const;
/** Width between the margins: 6.5 inches. */
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const attrs = (a: Record<string, string | number | undefined>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` w:${k}="${escapeXml(String(v))}"`)
    .join('');

const el = (name: string, a: Record<string, string | number | undefined> = {}, children = ''): string =>
  children ? `<w:${name}${attrs(a)}>${children}</w:${name}>` : `<w:${name}${attrs(a)}/>`;

// ── runs ──────────────────────────────────────────────────────────────────────

export interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  caps?: boolean;
  smallCaps?: boolean;
  /** Font size in points. */
  size?: number;
}

/** Run properties, children in schema order (CT_RPr). */
function runProps(s: RunStyle): string {
  const parts = [
    s.bold ? el('b') + el('bCs') : '',
    s.italic ? el('i') + el('iCs') : '',
    s.caps ? el('caps') : '',
    s.smallCaps ? el('smallCaps') : '',
    s.size ? el('sz', { val: s.size * 2 }) + el('szCs', { val: s.size * 2 }) : '',
    s.underline ? el('u', { val: 'single' }) : '',
  ].join('');
  return parts ? el('rPr', {}, parts) : '';
}

/** A run of text. Template tags may be passed as text: they are escaped like any other text. */
export function run(text: string, style: RunStyle = {}): string {
  return `<w:r>${runProps(style)}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

export const bold = (text: string, style: RunStyle = {}): string => run(text, { ...style, bold: true });
export const italic = (text: string, style: RunStyle = {}): string => run(text, { ...style, italic: true });
export const tab = (): string => '<w:r><w:tab/></w:r>';
export const lineBreak = (): string => '<w:r><w:br/></w:r>';

/** A complex field (PAGE, NUMPAGES …) with a placeholder result that Word and LibreOffice update. */
export function field(instruction: string, placeholder: string, style: RunStyle = {}): string {
  const rPr = runProps(style);
  const r = (inner: string) => `<w:r>${rPr}${inner}</w:r>`;
  return [
    r(el('fldChar', { fldCharType: 'begin' })),
    r(`<w:instrText xml:space="preserve"> ${escapeXml(instruction)} </w:instrText>`),
    r(el('fldChar', { fldCharType: 'separate' })),
    r(`<w:t>${escapeXml(placeholder)}</w:t>`),
    r(el('fldChar', { fldCharType: 'end' })),
  ].join('');
}

// ── paragraphs ────────────────────────────────────────────────────────────────

/** The house styles (see STYLES below). */
export type StyleId =
  | 'Normal'
  | 'CourtHeading'
  | 'DocTitle'
  | 'Heading'
  | 'Body'
  | 'Numbered'
  | 'Letter'
  | 'Block'
  | 'Signature'
  | 'TableText'
  | 'TableHeading'
  | 'Note'
  | 'Footer';

export interface TabStop {
  pos: number;
  align?: 'left' | 'center' | 'right';
  leader?: 'dot' | 'underscore';
}

export interface ParagraphStyle {
  style?: StyleId;
  align?: 'left' | 'center' | 'right' | 'both';
  /** Space before and after, in twips. */
  before?: number;
  after?: number;
  /** Line spacing as a multiple of single (1, 1.5, 2). */
  lines?: number;
  indent?: { left?: number; right?: number; firstLine?: number; hanging?: number };
  keepNext?: boolean;
  keepLines?: boolean;
  pageBreakBefore?: boolean;
  tabs?: TabStop[];
  /** A rule under the paragraph (letterhead). */
  ruleBelow?: boolean;
}

/** Paragraph properties, children in schema order (CT_PPrBase). */
function paragraphProps(s: ParagraphStyle): string {
  const spacing =
    s.before !== undefined || s.after !== undefined || s.lines !== undefined
      ? el('spacing', { before: s.before, after: s.after, line: s.lines === undefined ? undefined : Math.round(s.lines * 240), lineRule: s.lines === undefined ? undefined : 'auto' })
      : '';
  const ind = s.indent ? el('ind', { left: s.indent.left, right: s.indent.right, firstLine: s.indent.firstLine, hanging: s.indent.hanging }) : '';
  const tabs = s.tabs?.length ? el('tabs', {}, s.tabs.map((t) => el('tab', { val: t.align ?? 'left', leader: t.leader, pos: t.pos })).join('')) : '';
  const parts = [
    s.style && s.style !== 'Normal' ? el('pStyle', { val: s.style }) : '',
    s.keepNext ? el('keepNext') : '',
    s.keepLines ? el('keepLines') : '',
    s.pageBreakBefore ? el('pageBreakBefore') : '',
    s.ruleBelow ? el('pBdr', {}, el('bottom', { val: 'single', sz: 8, space: 4, color: 'auto' })) : '',
    tabs,
    spacing,
    ind,
    s.align ? el('jc', { val: s.align }) : '',
  ].join('');
  return parts ? el('pPr', {}, parts) : '';
}

/** A paragraph of inline content (runs, tabs, fields). */
export function paragraph(inline: string | readonly string[], style: ParagraphStyle = {}): string {
  const xml = typeof inline === 'string' ? inline : inline.join('');
  if (xml && !xml.startsWith('<w:')) throw new Error(`paragraph() takes runs, not text: ${JSON.stringify(xml.slice(0, 40))}; use para() for plain text`);
  return `<w:p>${paragraphProps(style)}${xml}</w:p>`;
}

/** A paragraph of plain text in one run (an empty text gives an empty paragraph). */
export const para = (text: string, style: ParagraphStyle = {}): string => paragraph(text ? run(text) : '', style);

// ── tables ────────────────────────────────────────────────────────────────────

type Side = 'top' | 'left' | 'bottom' | 'right';
const SIDES: readonly Side[] = ['top', 'left', 'bottom', 'right'];
const line = (name: string) => el(name, { val: 'single', sz: 4, space: 0, color: 'auto' });
const noLine = (name: string) => el(name, { val: 'nil' });

export interface CellSpec {
  blocks: readonly string[];
  /** Borders drawn on this cell only (the table itself may have none). */
  borders?: Partial<Record<Side, boolean>>;
  vAlign?: 'top' | 'center' | 'bottom';
  /** Fill colour, e.g. "E7E6E6". */
  shade?: string;
  /** Left and right inner margins, in twips. */
  padding?: { left?: number; right?: number };
}

export interface RowSpec {
  cells: readonly CellSpec[];
  /** Repeat the row at the top of each page. */
  header?: boolean;
  cantSplit?: boolean;
}

export interface TableSpec {
  /** Column widths in twips; they should add up to TEXT_WIDTH. */
  widths: readonly number[];
  rows: readonly RowSpec[];
  /** `grid`: every cell boxed; `none`: only the borders cells ask for. */
  borders: 'grid' | 'none';
}

function cell(c: CellSpec, width: number): string {
  const borders = c.borders
    ? el('tcBorders', {}, SIDES.map((s) => (c.borders?.[s] ? line(s) : noLine(s))).join(''))
    : '';
  const mar = c.padding ? el('tcMar', {}, [c.padding.left !== undefined ? el('left', { w: c.padding.left, type: 'dxa' }) : '', c.padding.right !== undefined ? el('right', { w: c.padding.right, type: 'dxa' }) : ''].join('')) : '';
  const tcPr = el(
    'tcPr',
    {},
    [el('tcW', { w: width, type: 'dxa' }), borders, c.shade ? el('shd', { val: 'clear', color: 'auto', fill: c.shade }) : '', mar, c.vAlign ? el('vAlign', { val: c.vAlign }) : ''].join(''),
  );
  // A cell must end with a paragraph.
  const blocks = c.blocks.length ? c.blocks.join('') : paragraph('');
  return `<w:tc>${tcPr}${blocks}</w:tc>`;
}

function row(r: RowSpec, widths: readonly number[]): string {
  const trPr = [r.cantSplit ? el('cantSplit') : '', r.header ? el('tblHeader') : ''].join('');
  return `<w:tr>${trPr ? el('trPr', {}, trPr) : ''}${r.cells.map((c, i) => cell(c, widths[i] ?? 0)).join('')}</w:tr>`;
}

export function table(spec: TableSpec): string {
  const border = spec.borders === 'grid' ? line : noLine;
  const tblPr = el(
    'tblPr',
    {},
    [
      el('tblW', { w: spec.widths.reduce((a, b) => a + b, 0), type: 'dxa' }),
      el('tblBorders', {}, ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')),
      el('tblLayout', { type: 'fixed' }),
      el('tblCellMar', {}, el('left', { w: 108, type: 'dxa' }) + el('right', { w: 108, type: 'dxa' })),
      el('tblLook', { val: '0000', firstRow: 0, lastRow: 0, firstColumn: 0, lastColumn: 0, noHBand: 1, noVBand: 1 }),
    ].join(''),
  );
  const grid = el('tblGrid', {}, spec.widths.map((w) => el('gridCol', { w })).join(''));
  return `<w:tbl>${tblPr}${grid}${spec.rows.map((r) => row(r, spec.widths)).join('')}</w:tbl>`;
}

// ── styles ────────────────────────────────────────────────────────────────────

const FONT = 'Times New Roman';

interface StyleDef {
  id: StyleId;
  name: string;
  basedOn?: StyleId;
  next?: StyleId;
  paragraph?: ParagraphStyle;
  run?: RunStyle;
}

/**
 * The house styles. Captions, letters and tables are single-spaced; the body of a declaration is
 * double-spaced with a half-inch first-line indent, numbered paragraphs tab to one inch.
 */
const STYLES: readonly StyleDef[] = [
  { id: 'Normal', name: 'Normal', paragraph: { after: 0, lines: 1 } },
  { id: 'CourtHeading', name: 'Court Heading', basedOn: 'Normal', paragraph: { align: 'center', keepNext: true }, run: { bold: true } },
  { id: 'DocTitle', name: 'Document Title', basedOn: 'Normal', next: 'Body', paragraph: { align: 'center', before: pt(18), after: pt(18), keepNext: true, keepLines: true, indent: { left: inch(0.5), right: inch(0.5) } }, run: { bold: true } },
  { id: 'Heading', name: 'Section Heading', basedOn: 'Normal', next: 'Body', paragraph: { align: 'center', before: pt(12), after: pt(6), keepNext: true, keepLines: true }, run: { bold: true, underline: true } },
  { id: 'Body', name: 'Declaration Body', basedOn: 'Normal', paragraph: { align: 'both', lines: 2, indent: { firstLine: inch(0.5) } } },
  { id: 'Numbered', name: 'Numbered Paragraph', basedOn: 'Body', paragraph: { tabs: [{ pos: inch(1) }] } },
  { id: 'Letter', name: 'Letter Text', basedOn: 'Normal', paragraph: { after: pt(12) } },
  { id: 'Block', name: 'Block Text', basedOn: 'Normal', paragraph: { align: 'both', lines: 1.5, after: pt(12), indent: { firstLine: inch(0.5) } } },
  { id: 'Signature', name: 'Signature Block', basedOn: 'Normal', paragraph: { keepNext: true, keepLines: true, indent: { left: inch(3.25) } } },
  { id: 'TableText', name: 'Table Text', basedOn: 'Normal', paragraph: { before: pt(3), after: pt(3) } },
  { id: 'TableHeading', name: 'Table Heading', basedOn: 'TableText', paragraph: { keepNext: true }, run: { bold: true } },
  { id: 'Note', name: 'Note', basedOn: 'Normal', run: { italic: true, size: 10 } },
  { id: 'Footer', name: 'footer', basedOn: 'Normal', paragraph: { align: 'center' }, run: { size: 10 } },
];

function styleXml(s: StyleDef): string {
  const children = [
    el('name', { val: s.name }),
    s.basedOn ? el('basedOn', { val: s.basedOn }) : '',
    s.next ? el('next', { val: s.next }) : '',
    el('qFormat'),
    s.paragraph ? paragraphProps(s.paragraph) : '',
    s.run ? runProps(s.run) : '',
  ].join('');
  return `<w:style w:type="paragraph" w:styleId="${s.id}"${s.id === 'Normal' ? ' w:default="1"' : ''}>${children}</w:style>`;
}

const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function stylesPart(): string {
  const fonts = el('rFonts', { ascii: FONT, hAnsi: FONT, eastAsia: FONT, cs: FONT });
  const docDefaults =
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts}${el('sz', { val: 24 })}${el('szCs', { val: 24 })}${el('lang', { val: 'en-US', eastAsia: 'en-US', bidi: 'ar-SA' })}</w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr>${el('widowControl')}${el('spacing', { after: 0, line: 240, lineRule: 'auto' })}</w:pPr></w:pPrDefault></w:docDefaults>`;
  const tableNormal =
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' +
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>';
  return `${XML_DECL}<w:styles ${W_NS}>${docDefaults}${STYLES.map(styleXml).join('')}${tableNormal}</w:styles>`;
}

// ── package ───────────────────────────────────────────────────────────────────

/** The centred "Page X of Y" line of every footer. */
export function pageOfPages(): string {
  return paragraph([run('Page '), field('PAGE', '1'), run(' of '), field('NUMPAGES', '1')], { style: 'Footer' });
}

function footerPart(blocks: readonly string[]): string {
  return `${XML_DECL}<w:ftr ${W_NS} ${R_NS}>${blocks.join('')}</w:ftr>`;
}

function headerPart(blocks: readonly string[]): string {
  return `${XML_DECL}<w:hdr ${W_NS} ${R_NS}>${blocks.join('')}</w:hdr>`;
}

/** With a running header: the header on every page but the first (titlePg), the footer on all of them. */
function documentPart(body: readonly string[], runningHeader: boolean): string {
  const header = runningHeader
    ? `<w:headerReference w:type="default" r:id="rIdHeader1"/><w:headerReference w:type="first" r:id="rIdHeader2"/>`
    : '';
  const footer = `<w:footerReference w:type="default" r:id="rIdFooter1"/>${runningHeader ? `<w:footerReference w:type="first" r:id="rIdFooter1"/>` : ''}`;
  const sectPr =
    `<w:sectPr>${header}${footer}` +
    el('pgSz', { w: PAGE.width, h: PAGE.height }) +
    el('pgMar', { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, header: inch(0.5), footer: inch(0.5), gutter: 0 }) +
    el('cols', { space: 720 }) +
    (runningHeader ? el('titlePg') : '') +
    `</w:sectPr>`;
  return `${XML_DECL}<w:document ${W_NS} ${R_NS}><w:body>${body.join('')}${sectPr}</w:body></w:document>`;
}

const SETTINGS =
  `${XML_DECL}<w:settings ${W_NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
  `<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

const FONT_TABLE = `${XML_DECL}<w:fonts ${W_NS}><w:font w:name="${FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

const HEADER_TYPES = ['header1', 'header2']
  .map((h) => `<Override PartName="/word/${h}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`)
  .join('');

const contentTypes = (runningHeader: boolean): string =>
  `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
  '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  (runningHeader ? HEADER_TYPES : '') +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

const relationships = (rels: readonly [id: string, type: string, target: string][]): string =>
  `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
  '</Relationships>';

const OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS = relationships([
  ['rId1', `${OD}/officeDocument`, 'word/document.xml'],
  ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
  ['rId3', `${OD}/extended-properties`, 'docProps/app.xml'],
]);
const documentRels = (runningHeader: boolean): string =>
  relationships([
    ['rIdStyles', `${OD}/styles`, 'styles.xml'],
    ['rIdSettings', `${OD}/settings`, 'settings.xml'],
    ['rIdFonts', `${OD}/fontTable`, 'fontTable.xml'],
    ['rIdFooter1', `${OD}/footer`, 'footer1.xml'],
    ...(runningHeader
      ? ([
          ['rIdHeader1', `${OD}/header`, 'header1.xml'],
          ['rIdHeader2', `${OD}/header`, 'header2.xml'],
        ] as [string, string, string][])
      : []),
  ]);

/** The fixed time stamp of every package (the zip writer reads local time, so build it from local fields). */
const FIXED_DATE = new Date(2025, 0, 1, 0, 0, 0);
const FIXED_ISO = '2025-01-01T00:00:00Z';

function corePart(title: string): string {
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>asylum-packet</dc:creator><cp:lastModifiedBy>asylum-packet</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_ISO}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_ISO}</dcterms:modified></cp:coreProperties>`
  );
}

const APP =
  `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  '<Application>asylum-packet</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>1.0000</AppVersion></Properties>';

export interface DocumentSpec {
  /** Document title, for docProps/core.xml. */
  title: string;
  body: readonly string[];
  /** Footer paragraphs; a centred "Page X of Y" when absent. */
  footer?: readonly string[];
  /** Header paragraphs on every page after the first (which carries the caption), e.g. the short caption. */
  runningHeader?: readonly string[];
}

/** The complete .docx package, byte-for-byte the same for the same spec. */
export function buildDocx(spec: DocumentSpec): Buffer {
  const running = spec.runningHeader !== undefined;
  const parts: [string, string][] = [
    ['[Content_Types].xml', contentTypes(running)],
    ['_rels/.rels', PACKAGE_RELS],
    ['docProps/core.xml', corePart(spec.title)],
    ['docProps/app.xml', APP],
    ['word/document.xml', documentPart(spec.body, running)],
    ['word/_rels/document.xml.rels', documentRels(running)],
    ['word/styles.xml', stylesPart()],
    ['word/settings.xml', SETTINGS],
    ['word/fontTable.xml', FONT_TABLE],
    ['word/footer1.xml', footerPart(spec.footer ?? [pageOfPages()])],
    ...(running
      ? ([
          ['word/header1.xml', headerPart(spec.runningHeader!)],
          ['word/header2.xml', headerPart([paragraph([])])],
        ] as [string, string][])
      : []),
  ];
  const zip = new PizZip();
  for (const [name, xml] of parts) zip.file(name, xml, { date: FIXED_DATE });
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
