/**
 * A small stand-in for Form I-589 (the U.S. asylum application), built from scratch. The form
 * filler is tested on the REAL form (fixtures/forms/i-589-rev-04-09-19.pdf, test/forms/); the
 * stand-in stays for what the real form cannot show — a radio group, a form without a
 * continuation page — and for the `form-fields` command's tests and CI's form check, which want a
 * small form whose every field is known. It imitates the traits of real USCIS forms that matter
 * to a filler:
 *
 * - encrypted with an EMPTY user password and an owner password (opens without a password, but is
 *   "restricted"; form filling is permitted);
 * - an /XFA entry in the AcroForm dictionary beside the AcroForm fields, and /NeedAppearances false
 *   (every widget carries its own appearance streams);
 * - hierarchical field names in the LiveCycle style: a non-terminal `form1[0]`, non-terminal
 *   subforms `#subform[0]` (page 1) and `#subform[1]` (page 2), some deeper non-terminals
 *   (`NotMarried[0]`, `Child[0]`…), and terminal fields such as `PtAILine4_LastName[0]`, so that the
 *   full name of a field is e.g. `form1[0].#subform[0].PtAILine4_LastName[0]`;
 * - partial names stored as literal strings (`/T (form1[0])`), terminal fields merged with their
 *   single widget, radio buttons as kid widgets without /T;
 * - text fields (single- and multi-line, one deliberately short), MaxLen fields (the A-Number is a
 *   comb of 9 cells), check boxes whose on-state is NOT "Yes" (`M`/`F`, `Y`/`N`), and a radio group
 *   whose on-states are the option names.
 *
 * Every field has a printed label (Helvetica) and a printed box, as on the paper form, so that a
 * rendering of a filled copy can be read by a person.
 *
 * Same options → same bytes when `encrypt` is false. Encrypted output differs from call to call in
 * its salts, IVs and /ID only (pdf-lib draws them from crypto.getRandomValues), never in content.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, StandardFonts, rgb } from '@cantoo/pdf-lib';
import type { PDFFont, PDFPage } from '@cantoo/pdf-lib';

/** The owner password of the encrypted fixture (the user password is empty). */
export const FIXTURE_I589_OWNER_PASSWORD = 'fixture-i589-owner';

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const LETTER: [number, number] = [612, 792];

// ─────────────────────────────────────────────────────────────────── field list

interface FieldBase {
  /** Full name, e.g. `form1[0].#subform[0].PtAILine4_LastName[0]`. */
  name: string;
  /** 0-based page index. */
  page: number;
  /** Printed label. */
  label: string;
}

export interface FixtureTextField extends FieldBase {
  type: 'text';
  /** Box in points (x, y = bottom-left). */
  rect: [x: number, y: number, width: number, height: number];
  maxLen?: number;
  comb?: boolean;
  multiline?: boolean;
}

export interface FixtureCheckBox extends FieldBase {
  type: 'checkbox';
  /** Name of the on appearance state (the export value). */
  onValue: string;
  rect: [x: number, y: number, width: number, height: number];
}

export interface FixtureRadioGroup extends FieldBase {
  type: 'radio';
  /** One widget per option; `value` is its on appearance state (the export value). */
  options: { value: string; label: string; rect: [x: number, y: number, width: number, height: number] }[];
}

export type FixtureField = FixtureTextField | FixtureCheckBox | FixtureRadioGroup;

const P1 = 'form1[0].#subform[0].';
const P2 = 'form1[0].#subform[1].';

/** Bottom of the text boxes of row `i` (label above the box). */
const rowY = (i: number) => 690 - i * 50;
const TH = 18; // text box height
const CB = 10; // check box size

function text(page: number, prefix: string, partial: string, label: string, row: number, x: number, width: number, extra: Partial<FixtureTextField> = {}): FixtureTextField {
  return { type: 'text', name: prefix + partial, page, label, rect: [x, rowY(row), width, TH], ...extra };
}

function check(page: number, prefix: string, partial: string, label: string, onValue: string, row: number, x: number): FixtureCheckBox {
  return { type: 'checkbox', name: prefix + partial, page, label, onValue, rect: [x, rowY(row) + 4, CB, CB] };
}

const childRow = (i: number): FixtureField[] => {
  const row = 3 + i;
  const prefix = `${P2}Child[${i}].`;
  return [
    text(1, prefix, 'LastName[0]', `Child ${i + 1}: Complete Last Name`, row, 36, 160),
    text(1, prefix, 'FirstName[0]', 'First Name', row, 206, 160),
    text(1, prefix, 'DateOfBirth[0]', 'Date of Birth (mm/dd/yyyy)', row, 376, 100),
    check(1, prefix, 'Included[0]', 'Include in application', 'Y', row, 486),
  ];
};

/** Every field of the fixture, in tab order. */
export const FIXTURE_I589_SPEC: readonly FixtureField[] = [
  // ── page 1: Part A.I. Information About You
  text(0, P1, 'PtAILine1_ANumber[0]', '1. Alien Registration Number(s) (A-Number) (if any)', 0, 36, 9 * 16, { maxLen: 9, comb: true }),
  text(0, P1, 'PtAILine4_LastName[0]', '4. Complete Last Name', 1, 36, 176),
  text(0, P1, 'PtAILine5_FirstName[0]', '5. First Name', 1, 222, 176),
  text(0, P1, 'PtAILine6_MiddleName[0]', '6. Middle Name', 1, 408, 168),
  text(0, P1, 'TextField1[2]', '7. What other names have you used? (include maiden name and aliases)', 2, 36, 220),
  text(0, P1, 'PtAILine8_StreetNumandName[0]', '8. Residence in the U.S.: Street Number and Name', 3, 36, 320),
  text(0, P1, 'PtAILine8_AptNumber[0]', 'Apt. Number', 3, 366, 80),
  text(0, P1, 'TextField1[3]', 'City', 4, 36, 180),
  text(0, P1, 'PtAILine8_State[0]', 'State', 4, 226, 36, { maxLen: 2 }),
  text(0, P1, 'PtAILine8_Zipcode[0]', 'Zip Code', 4, 272, 70, { maxLen: 5 }),
  text(0, P1, 'PtAILine8_TelephoneNumber[0]', 'Telephone Number', 4, 352, 140),
  check(0, P1, 'PartALine9Sex[0]', 'Male', 'M', 5, 36),
  check(0, P1, 'PartALine9Sex[1]', 'Female', 'F', 5, 96),
  {
    type: 'radio',
    name: `${P1}Marital[0]`,
    page: 0,
    label: '10. Marital Status',
    options: ['Single', 'Married', 'Divorced', 'Widowed'].map((value, i) => ({ value, label: value, rect: [226 + i * 80, rowY(5) + 4, CB, CB] })),
  },
  text(0, P1, 'DateTimeField1[0]', '11. Date of Birth (mm/dd/yyyy)', 6, 36, 100),
  text(0, P1, 'TextField1[4]', '12. City of Birth', 6, 146, 180),
  text(0, P1, 'TextField1[5]', 'Country of Birth', 6, 336, 180),
  text(0, P1, 'TextField1[6]', '13. Present Nationality (Citizenship)', 7, 36, 176),
  text(0, P1, 'TextField1[7]', '14. Race, Ethnic, or Tribal Group', 7, 222, 176),
  text(0, P1, 'TextField1[9]', '15. Religion', 7, 408, 168),
  check(0, P1, 'CheckBox4[0]', 'Yes', 'Y', 8, 36),
  check(0, P1, 'CheckBox4[1]', 'No', 'N', 8, 96),
  text(0, P1, 'DateTimeField2[0]', '17. Date of Last Arrival (mm/dd/yyyy)', 9, 36, 100),
  text(0, P1, 'TextField3[0]', 'Place of Last Arrival (City, State)', 9, 146, 200),
  text(0, P1, 'TextField4[0]', 'Status When Last Admitted', 9, 356, 140),
  text(0, P1, 'TextField5[0]', 'I-94 Number (if any)', 10, 36, 150),
  text(0, P1, 'TextField1[10]', '18. What is your native language?', 11, 36, 176),
  check(0, P1, 'CheckBox6[0]', 'Yes', 'Y', 11, 240),
  check(0, P1, 'CheckBox6[1]', 'No', 'N', 11, 300),
  // ── page 2: Part A.II. Information About Your Spouse and Children
  text(1, `${P2}NotMarried[0].`, 'PtAIILine5_LastName[0]', 'Spouse: Complete Last Name', 0, 36, 200),
  text(1, `${P2}NotMarried[0].`, 'PtAIILine6_FirstName[0]', 'First Name', 0, 246, 200),
  text(1, `${P2}NotMarried[0].`, 'DateTimeField8[0]', 'Date of Birth (mm/dd/yyyy)', 0, 456, 120),
  check(1, `${P2}NotMarried[0].`, 'PtAIILine22_Yes[0]', 'Yes', 'Y', 1, 36),
  check(1, `${P2}NotMarried[0].`, 'PtAIILine22_No[0]', 'No', 'N', 1, 96),
  check(1, `${P2}NotMarried[0].`, 'PtAIILine24_Yes[0]', 'Yes', 'Y', 1, 306),
  check(1, `${P2}NotMarried[0].`, 'PtAIILine24_No[0]', 'No', 'N', 1, 366),
  ...childRow(0),
  ...childRow(1),
  ...childRow(2),
  ...childRow(3),
  check(1, P2, 'ChildrenCheckbox[0]', 'I have children', 'Y', 7, 36),
  check(1, P2, 'ChildrenCheckbox[1]', 'I do not have any children', 'N', 7, 200),
  text(1, P2, 'TotalChild[0]', 'Total number of children', 7, 330, 60),
  { type: 'text', name: `${P2}TextField30[0]`, page: 1, label: 'Additional information (explain)', rect: [36, rowY(8) - 24, 540, 42], multiline: true },
];

/** Full names of all fields (terminal fields; the radio group counts once). */
export const FIXTURE_I589_FIELDS: string[] = FIXTURE_I589_SPEC.map((f) => f.name);

/** Labels printed above a group of check boxes or a radio group (not attached to one field). */
const GROUP_LABELS: { page: number; text: string; x: number; row: number }[] = [
  { page: 0, text: '9. Sex', x: 36, row: 5 },
  { page: 0, text: '16. Have you ever been in Immigration Court proceedings?', x: 36, row: 8 },
  { page: 0, text: 'Are you fluent in English?', x: 240, row: 11 },
  { page: 1, text: 'Is this person in the U.S.?', x: 36, row: 1 },
  { page: 1, text: 'Is your spouse to be included in this application?', x: 306, row: 1 },
  { page: 1, text: 'Your children (list all of your children, regardless of age, location, or marital status)', x: 36, row: 2 },
];

const TITLES = [
  ['Form I-589: Application for Asylum and for Withholding of Removal', 'TEST FIXTURE - not the official USCIS form', 'Part A.I. Information About You'],
  ['Form I-589 (continued)', 'TEST FIXTURE - not the official USCIS form', 'Part A.II. Information About Your Spouse and Children'],
] as const;

// ─────────────────────────────────────────────────────────────────── XFA packets

const XFA_PACKETS: [string, string][] = [
  ['preamble', '<?xml version="1.0" encoding="UTF-8"?>\n<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/" timeStamp="2026-01-01T00:00:00Z" uuid="00000000-0000-4000-8000-000000000589">\n'],
  [
    'template',
    '<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">\n' +
      '  <subform name="form1" layout="tb" locale="en_US">\n' +
      '    <pageSet><pageArea name="Page1" id="Page1"><contentArea x="0.25in" y="0.25in" w="8in" h="10.5in"/><medium stock="letter" short="8.5in" long="11in"/></pageArea></pageSet>\n' +
      '    <subform w="8.5in" h="11in"><field name="PtAILine4_LastName" w="62mm" h="9mm"><ui><textEdit/></ui></field></subform>\n' +
      '    <subform w="8.5in" h="11in"><field name="TextField30" w="190mm" h="15mm"><ui><textEdit multiLine="1"/></ui></field></subform>\n' +
      '  </subform>\n' +
      '</template>\n',
  ],
  [
    'datasets',
    '<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/">\n<xfa:data><form1><PtAILine4_LastName/></form1></xfa:data>\n</xfa:datasets>\n',
  ],
  ['postamble', '</xdp:xdp>\n'],
];

// ─────────────────────────────────────────────────────────────────── builder

/** PDF field flags (ISO 32000-1, tables 226, 228). */
const FF = { multiline: 1 << 12, noToggleToOff: 1 << 14, radio: 1 << 15, comb: 1 << 24 } as const;
/** Annotation flag Print. */
const PRINT = 4;

interface Fonts {
  helv: PDFRef;
  zadb: PDFRef;
}

/**
 * Builds the fixture. With `encrypt` (the default), the file is encrypted (AES-256) with an empty
 * user password and the owner password {@link FIXTURE_I589_OWNER_PASSWORD}; load it with
 * `PDFDocument.load(bytes, { password: '' })`.
 */
export async function makeFixtureI589(opts: { encrypt?: boolean } = {}): Promise<Uint8Array> {
  const { encrypt = true } = opts;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Form I-589 (test fixture)');
  doc.setProducer('asylum-packet test/helpers/fixture-form.ts');
  doc.setCreator('asylum-packet test/helpers/fixture-form.ts');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);

  const ctx = doc.context;
  const labelFont = await doc.embedFont(StandardFonts.Helvetica);
  const boldFont = await doc.embedFont(StandardFonts.HelveticaBold);
  const pages = [doc.addPage(LETTER), doc.addPage(LETTER)];

  // AcroForm default resources: the fonts named in the fields' /DA.
  const fonts: Fonts = {
    helv: ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding', Name: 'Helv' })),
    zadb: ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'ZapfDingbats', Name: 'ZaDb' })),
  };

  // Non-terminal fields, created on first use: full name → [dict, ref].
  const formRef = ctx.nextRef();
  const form1 = ctx.obj({ T: PDFString.of('form1[0]'), Kids: [] });
  ctx.assign(formRef, form1);
  const nonTerminals = new Map<string, [PDFDict, PDFRef]>([['form1[0]', [form1, formRef]]]);

  /** The parent of a full name, creating the non-terminals on the way; returns the parent and the terminal partial name. */
  function parentOf(fullName: string): { parent: [PDFDict, PDFRef]; partial: string } {
    const parts = fullName.split('.');
    const partial = parts.pop();
    if (!partial || parts[0] !== 'form1[0]') throw new Error(`fixture-form: bad field name ${fullName}`);
    let parent = nonTerminals.get('form1[0]')!;
    for (let i = 1; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join('.');
      let node = nonTerminals.get(key);
      if (!node) {
        const ref = ctx.nextRef();
        const dict = ctx.obj({ T: PDFString.of(parts[i]!), Parent: parent[1], Kids: [] });
        ctx.assign(ref, dict);
        kidsOf(parent[0]).push(ref);
        node = [dict, ref];
        nonTerminals.set(key, node);
      }
      parent = node;
    }
    return { parent, partial };
  }

  const annots: PDFRef[][] = pages.map(() => []);

  for (const field of FIXTURE_I589_SPEC) {
    const page = pages[field.page]!;
    const { parent, partial } = parentOf(field.name);
    const ref = ctx.nextRef();
    kidsOf(parent[0]).push(ref);

    if (field.type === 'text') {
      const [x, y, w, h] = field.rect;
      let ff = 0;
      if (field.multiline) ff |= FF.multiline;
      if (field.comb) ff |= FF.comb;
      const dict = ctx.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Tx',
        T: PDFString.of(partial),
        TU: PDFString.of(field.label),
        Parent: parent[1],
        P: page.ref,
        Rect: [x, y, x + w, y + h],
        F: PRINT,
        DA: PDFString.of(field.multiline ? '/Helv 9 Tf 0 g' : '/Helv 10 Tf 0 g'),
        MK: {},
        AP: { N: emptyTextAppearance(doc, w, h) },
      });
      if (ff) dict.set(PDFName.of('Ff'), PDFNumber.of(ff));
      if (field.maxLen !== undefined) dict.set(PDFName.of('MaxLen'), PDFNumber.of(field.maxLen));
      ctx.assign(ref, dict);
      annots[field.page]!.push(ref);
      drawTextBox(page, labelFont, field);
    } else if (field.type === 'checkbox') {
      const [x, y, w, h] = field.rect;
      const dict = ctx.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Btn',
        T: PDFString.of(partial),
        TU: PDFString.of(field.label),
        Parent: parent[1],
        P: page.ref,
        Rect: [x, y, x + w, y + h],
        F: PRINT,
        DA: PDFString.of('/ZaDb 0 Tf 0 g'),
        MK: { CA: PDFString.of('4') },
        V: 'Off',
        AS: 'Off',
        AP: { N: { [field.onValue]: markAppearance(doc, fonts, w, h, '4'), Off: offAppearance(doc, w, h) } },
      });
      ctx.assign(ref, dict);
      annots[field.page]!.push(ref);
      page.drawRectangle({ x, y, width: w, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.75 });
      page.drawText(field.label, { x: x + w + 4, y: y + 2, size: 8, font: labelFont });
    } else {
      const dict = ctx.obj({
        FT: 'Btn',
        Ff: FF.radio | FF.noToggleToOff,
        T: PDFString.of(partial),
        TU: PDFString.of(field.label),
        Parent: parent[1],
        DA: PDFString.of('/ZaDb 0 Tf 0 g'),
        V: 'Off',
        Kids: [],
      });
      ctx.assign(ref, dict);
      const first = field.options[0]!;
      page.drawText(field.label, { x: first.rect[0], y: rowY(5) + TH + 4, size: 7.5, font: labelFont });
      for (const option of field.options) {
        const [x, y, w, h] = option.rect;
        const widget = ctx.register(
          ctx.obj({
            Type: 'Annot',
            Subtype: 'Widget',
            Parent: ref,
            P: page.ref,
            Rect: [x, y, x + w, y + h],
            F: PRINT,
            MK: { CA: PDFString.of('l') },
            AS: 'Off',
            AP: { N: { [option.value]: markAppearance(doc, fonts, w, h, 'l'), Off: offAppearance(doc, w, h) } },
          }),
        );
        kidsOf(dict).push(widget);
        annots[field.page]!.push(widget);
        page.drawEllipse({ x: x + w / 2, y: y + h / 2, xScale: w / 2, yScale: h / 2, borderColor: rgb(0, 0, 0), borderWidth: 0.75 });
        page.drawText(option.label, { x: x + w + 4, y: y + 2, size: 8, font: labelFont });
      }
    }
  }

  // Page furniture: titles and the labels of check-box groups.
  pages.forEach((page, i) => {
    const [title, note, part] = TITLES[i]!;
    page.drawText(title, { x: 36, y: 756, size: 12, font: boldFont });
    page.drawText(note, { x: 36, y: 742, size: 8, font: labelFont, color: rgb(0.6, 0, 0) });
    page.drawText(part, { x: 36, y: 722, size: 10, font: boldFont });
    page.drawText(`Form I-589 fixture  -  Page ${i + 1} of ${pages.length}`, { x: 36, y: 24, size: 7, font: labelFont });
  });
  for (const g of GROUP_LABELS) {
    pages[g.page]!.drawText(g.text, { x: g.x, y: rowY(g.row) + TH + 4, size: 7.5, font: labelFont });
  }

  pages.forEach((page, i) => page.node.set(PDFName.of('Annots'), ctx.obj(annots[i]!)));

  // XFA packets beside the AcroForm fields, as LiveCycle Designer writes them.
  const xfa: (PDFString | PDFRef)[] = [];
  for (const [packet, xml] of XFA_PACKETS) {
    xfa.push(PDFString.of(packet), ctx.register(ctx.flateStream(xml)));
  }

  const acroForm = ctx.obj({
    Fields: [formRef],
    DA: PDFString.of('/Helv 0 Tf 0 g'),
    DR: { Font: { Helv: fonts.helv, ZaDb: fonts.zadb } },
    NeedAppearances: false,
    XFA: xfa,
  });
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));

  if (encrypt) {
    doc.encrypt({
      userPassword: '',
      ownerPassword: FIXTURE_I589_OWNER_PASSWORD,
      permissions: {
        printing: 'highResolution',
        modifying: false,
        copying: false,
        annotating: false,
        fillingForms: true,
        contentAccessibility: true,
        documentAssembly: false,
      },
    });
  }
  return doc.save();
}

function kidsOf(dict: PDFDict): PDFArray {
  return dict.lookup(PDFName.of('Kids'), PDFArray);
}

/** The printed label above a text box, the box, and the cells of a comb. */
function drawTextBox(page: PDFPage, font: PDFFont, field: FixtureTextField): void {
  const [x, y, w, h] = field.rect;
  // Shrunk when wider than the box, so that it never runs into the next field's label.
  const size = Math.max(5, Math.min(7.5, (7.5 * (w + 6)) / font.widthOfTextAtSize(field.label, 7.5)));
  page.drawText(field.label, { x, y: y + h + 4, size, font });
  page.drawRectangle({ x, y, width: w, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.75 });
  if (field.comb && field.maxLen) {
    const cell = w / field.maxLen;
    for (let i = 1; i < field.maxLen; i++) {
      page.drawLine({ start: { x: x + i * cell, y }, end: { x: x + i * cell, y: y + h / 3 }, thickness: 0.5 });
    }
  }
}

/** Appearance of an empty text field: nothing but the marked-content pair viewers expect. */
function emptyTextAppearance(doc: PDFDocument, w: number, h: number): PDFRef {
  return doc.context.register(doc.context.stream('/Tx BMC\nEMC\n', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h], Resources: {} }));
}

/** On appearance of a check box (`4`, a check mark) or radio button (`l`, a disc) in ZapfDingbats. */
function markAppearance(doc: PDFDocument, fonts: Fonts, w: number, h: number, glyph: '4' | 'l'): PDFRef {
  const size = glyph === '4' ? h * 0.8 : h * 0.65;
  // ZapfDingbats advance widths: a20 ('4') 0.846 em, a71 ('l') 0.791 em; cap height about 0.7 em.
  const advance = (glyph === '4' ? 0.846 : 0.791) * size;
  const tx = ((w - advance) / 2).toFixed(2);
  const ty = ((h - 0.7 * size) / 2).toFixed(2);
  const content = `/Btn BMC\nq\n0 g\nBT\n/ZaDb ${size.toFixed(2)} Tf\n${tx} ${ty} Td\n(${glyph}) Tj\nET\nQ\nEMC\n`;
  return doc.context.register(
    doc.context.stream(content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h], Resources: { Font: { ZaDb: fonts.zadb } } }),
  );
}

function offAppearance(doc: PDFDocument, w: number, h: number): PDFRef {
  return doc.context.register(doc.context.stream('/Btn BMC\nEMC\n', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h], Resources: {} }));
}
