/**
 * The family sample (fixtures/samples/intake-family.json: five children, one of them abroad; long
 * answers; a mailing address; a relative who helped; a preparer) on the real Form I-589 through the
 * shipped map: children 1–4 on pages 2–3 by position, child 5 on Supplement A (page 11), answers
 * too long for their boxes continued on Supplement B (page 12 and copies after it) with the
 * applicant's name and A-number, the long Part B and C answers whole in their boxes. Read back with
 * pdf.js (values, widget boxes, drawn text) and qpdf; expected values written from the intake file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillForm, type FillResult } from '../../src/forms/fill.js';
import { loadFieldMap } from '../../src/forms/map.js';
import {
  P1,
  P11,
  P2,
  P3,
  P4,
  P5,
  P6,
  P7,
  P8,
  P9,
  REAL_FORM,
  SHIPPED_MAP,
  SP,
  SUPPLEMENT_B,
  TODAY,
  drawnText,
  inside,
  qpdfCheck,
  readFields,
  readWidgets,
  sampleFile,
  sampleIntake,
  sampleModel,
  summary,
  type DrawnText,
  type Intake,
  type ReadField,
  type Widget,
} from '../helpers/i589.js';
import { norm } from '../helpers/pdf.js';

let intake: Intake;
let plain: FillResult;
let flat: FillResult;
let fields: Map<string, ReadField>;
let widgets: Map<string, Widget>;
let pages: DrawnText[][];
let blank: DrawnText[][];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-family-'));
  intake = await sampleIntake('family');
  const form = new Uint8Array(await readFile(REAL_FORM));
  const map = await loadFieldMap(SHIPPED_MAP);
  const model = await sampleModel('family');
  plain = await fillForm(REAL_FORM, form, map, model, { flatten: false, today: TODAY, intakeFile: sampleFile('family') });
  flat = await fillForm(REAL_FORM, form, map, model, { flatten: true, today: TODAY, intakeFile: sampleFile('family') });
  fields = await readFields(plain.bytes);
  widgets = await readWidgets(plain.bytes);
  pages = await drawnText(flat.bytes);
  blank = await drawnText(form);
}, 120_000);
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const value = (name: string) => {
  const f = fields.get(name);
  if (!f) throw new Error(`pdf.js sees no field ${name}`);
  return f.value;
};
/** Identifies a piece of drawn text: what, and where. */
const key = (t: DrawnText) => `${t.str}@${t.x.toFixed(1)},${t.y.toFixed(1)}`;
/** The text drawn on a page of the flattened form (1-based), whitespace normalised. */
const pageText = (p: number) => norm(pages[p - 1]!.map((t) => t.str).join(' '));

// ─────────────────────────────────────────────────────────────────── the children

describe('five children: 1–4 on pages 2 and 3 by position, 5 on Supplement A', () => {
  it('"I have children", five of them', () => {
    expect(value(`${P2}ChildrenCheckbox[0]`)).toBe('N'); // "I have children" is export N
    expect(value(`${P2}ChildrenCheckbox[1]`)).toBe('Off');
    expect(value(`${P2}TotalChild[0]`)).toBe('5');
  });

  // [the child's row fields, page, A-number, first, middle, date of birth, city and country of birth]
  const rows: [string[], number, string, string, string, string, string][] = [
    [[`${P2}ChildAlien1[0]`, `${P2}ChildFirst1[0]`, `${P2}ChildMiddle1[0]`, `${P2}ChildDOB1[0]`, `${P2}ChildCity1[0]`], 2, 'None', 'Kevin', 'Alexis', '05/06/2003', 'San Pedro Sula, Honduras'],
    [[`${P3}ChildAlien2[0]`, `${P3}ChildFirst2[0]`, `${P3}ChildMiddle2[0]`, `${P3}ChildDOB2[0]`, `${P3}ChildCity2[0]`], 3, '241337911', 'Yesenia', 'Marisol', '10/22/2008', 'San Pedro Sula, Honduras'],
    [[`${P3}ChildAlien3[0]`, `${P3}ChildFirst3[0]`, `${P3}ChildMiddle3[0]`, `${P3}ChildDOB3[0]`, `${P3}ChildCity3[0]`], 3, '241337912', 'Dilan', 'N/A', '01/30/2011', 'San Pedro Sula, Honduras'],
    [[`${P3}ChildAlien4[0]`, `${P3}ChildFirst4[0]`, `${P3}ChildMiddle4[0]`, `${P3}ChildDOB4[0]`, `${P3}ChildCity4[0]`], 3, '241337913', 'Ashley', 'Nayeli', '07/03/2014', 'La Ceiba, Honduras'],
  ];
  it.each(rows.map((r, i) => [i + 1, ...r] as const))('child %i, in its row', (n, names, page, aNumber, first, middle, dob, city) => {
    const [alien, firstName, middleName, birth, birthPlace] = names;
    for (const name of names) expect(widgets.get(name)?.page, name).toBe(page);
    expect(widgets.get(firstName!)?.tooltip).toContain(`Child ${n}. Enter First Name`);
    expect(value(alien!)).toBe(aNumber);
    expect(value(firstName!)).toBe(first);
    expect(value(middleName!)).toBe(middle);
    expect(value(birth!)).toBe(dob);
    expect(value(birthPlace!)).toBe(city);
  });

  it('on page 3, the rows of children 2, 3 and 4 run from the top, and each "in the U.S." box sits in its child\'s row', () => {
    const y = (name: string) => widgets.get(name)!.rect[1];
    // Rows from the top of the page down: child 2 above child 3 above child 4.
    expect(y(`${P3}ChildAlien2[0]`)).toBeGreaterThan(y(`${P3}ChildAlien3[0]`));
    expect(y(`${P3}ChildAlien3[0]`)).toBeGreaterThan(y(`${P3}ChildAlien4[0]`));
    // CheckBox27 and CheckBox37 say "Child 1" in their tooltips; the page puts them in the rows of children 2 and 3.
    const between = (box: string, top: string, bottom: string) => {
      expect(y(box), box).toBeLessThan(y(top));
      expect(y(box), box).toBeGreaterThan(y(bottom));
    };
    between(`${P3}CheckBox27[0]`, `${P3}ChildAlien2[0]`, `${P3}ChildAlien3[0]`);
    between(`${P3}CheckBox37[0]`, `${P3}ChildAlien3[0]`, `${P3}ChildAlien4[0]`);
    expect(y(`${P3}CheckBox47[0]`)).toBeLessThan(y(`${P3}ChildAlien4[0]`));
    // Children 2–4 are in the U.S.: Yes in their own rows.
    for (const box of ['CheckBox27[0]', 'CheckBox37[0]', 'CheckBox47[0]']) expect(value(`${P3}${box}`), box).toBe('Y');
    for (const box of ['CheckBox27[1]', 'CheckBox37[1]', 'CheckBox47[1]']) expect(value(`${P3}${box}`), box).toBe('Off');
  });

  it('child 1, married and abroad: not in the U.S., where, and blocks 14–21 not asked', () => {
    expect(value(`${P2}ChildMarital1[0]`)).toBe('Married');
    expect(value(`${P2}CheckBox16[0]`)).toBe('1'); // male: this form's export value is "1"
    expect(value(`${P2}CheckBox17[0]`)).toBe('Off');
    expect(value(`${P2}CheckBox17[1]`)).toBe('N');
    expect(value(`${P2}PtAIILine13_Specify[0]`)).toBe('Guatemala City, Guatemala');
    expect(value(`${P2}PtAIILine14_PlaceofLastEntry[0]`)).toBe('N/A');
    // 21 asks "If in the U.S., is this child to be included": neither box for a child abroad
    expect(value(`${P2}PtAIILine21_Yes[0]`)).toBe('Off');
    expect(value(`${P2}PtAIILine21_No[0]`)).toBe('Off');
  });

  it('child 2 in the U.S.: her entry, status and inclusion', () => {
    expect(value(`${P3}ChildLast2[0]`)).toBe('Martínez Reyes');
    expect(value(`${P3}ChildPassport2[0]`)).toBe('F2345678');
    expect(value(`${P3}ChildMarital2[0]`)).toBe('Single');
    expect(value(`${P3}CheckBox26_Gender[1]`)).toBe('F');
    expect(value(`${P3}PtAIILine14_PlaceofLastEntry2[0]`)).toBe('San Ysidro, CA');
    expect(value(`${P3}PtAIILine15_DateofLastEntry2[0]`)).toBe('12/10/2025');
    expect(value(`${P3}PtAIILine16_I94Number2[0]`)).toBe('123456790A1');
    expect(value(`${P3}PtAIILine17_StatusofLastAdmission2[0]`)).toBe('Parole (CBP One)');
    expect(value(`${P3}PtAIILine18_ChildCurrentStatus2[0]`)).toBe('Parolee');
    expect(value(`${P3}PtAIILine19_ExpDateofAuthorizedStay2[0]`)).toBe('12/09/2027');
    expect(value(`${P3}PtAIILine20_No2[0]`)).toBe('N');
    expect(value(`${P3}PtAIILine21_Yes2[0]`)).toBe('Y');
    expect(value(`${P3}PtAIILine21_No2[0]`)).toBe('Off');
  });

  it('child 5 (Jostin) on Supplement A, page 11, as its "Additional Child 1", with the header', () => {
    const row: [string, string, string][] = [
      [`${P11}TextField12[0]`, 'Additional Child 1. Enter Complete Last Name', 'Martínez Reyes'],
      [`${P11}TextField12[2]`, 'Additional Child 1. Enter First Name', 'Jostin'],
      [`${P11}TextField12[3]`, 'Additional Child 1. Enter Middle Name', 'Ariel'],
      [`${P11}DateTimeField14[0]`, 'Additional Child 1. Enter Date of Birth', '12/12/2019'],
      [`${P11}TextField12[6]`, 'Enter Alien Registration Number', '241337914'],
      [`${P11}TextField12[7]`, 'Additional Child 1. Enter Passport/Identification', 'None'],
      [`${P11}TextField12[8]`, 'Additional Child 1. Enter Marital Status', 'Single'],
      [`${P11}TextField12[1]`, 'Additional Child 1. Enter City and Country of Birth', 'La Ceiba, Honduras'],
      [`${P11}TextField12[4]`, 'Additional Child 1. Enter Nationality', 'Honduras'],
      [`${P11}TextField12[5]`, 'Additional Child 1. Enter Race, Ethnic or Tribal Group', 'Garífuna'],
      [`${P11}CheckBox12_Gender[0]`, 'Additional Child 1. Gender. Select Male', 'M'],
      [`${P11}CheckBox57[0]`, 'Additional Child 1. Is this child in the U. S.? Select Yes', 'Y'],
      [`${P11}ChildEntry5[0]`, 'Additional Child 1. If child is in the U.S., Enter Place of Last Entry', 'San Ysidro, CA'],
      [`${P11}ChildExp5[0]`, 'Additional Child 1. If child is in the U.S., Enter Date of Last Entry', '12/10/2025'],
      [`${P11}ChildINum5[0]`, 'Additional Child 1. If child is in the U.S., Enter I-94 Number', '123456793A1'],
      [`${P11}SuppA_CheckBox21[0]`, 'Additional Child 1. If in the U. S., is this child to be included in this application?', 'Y'],
      [`${P11}PtAILine1_ANumber[1]`, 'Supplement. A. Enter Alien Registration Number', 'A-241-337-910'],
      [`${P11}ApplicantName[0]`, "Supplement. A. Enter Applicant's Name", 'Marta Lidia Reyes Orellana'],
      [`${P11}DateTimeField57[0]`, 'Supplement. A. Enter Date', '11/20/2026'], // filing.date
    ];
    for (const [name, tooltip, v] of row) {
      expect(widgets.get(name)?.page, name).toBe(11);
      expect(widgets.get(name)?.tooltip, name).toContain(tooltip);
      expect(value(name), name).toBe(v);
    }
    // No sixth child: its row stays empty.
    expect(value(`${P11}TextField12[10]`)).toBe('');
    expect(value(`${P11}TextField12[12]`)).toBe('');
    // Nor is child 5 repeated on Supplement B.
    expect(plain.continued.map((c) => c.text).join('\n')).not.toContain('Jostin');
  });
});

// ─────────────────────────────────────────────────────────────────── the rest of the form

describe('the other parts, from the intake', () => {
  it('Part A.I: the USCIS account, a mailing address in care of a church, two entries, the passport', () => {
    expect(value(`${P1}PtAILine1_ANumber[0]`)).toBe('241337910');
    expect(value(`${P1}TextField1[8]`)).toBe('001234567890');
    expect(value(`${P1}TextField1[1]`)).toBe('Marta Reyes; Lidia Orellana');
    expect(value(`${P1}PtAILine8_AreaCode[0]`)).toBe('718');
    expect(value(`${P1}PtAILine8_TelephoneNumber[0]`)).toBe('555-0163');
    expect(value(`${P1}PtAILine9_InCareOf[0]`)).toBe('Iglesia San Martín de Porres');
    expect(value(`${P1}PtAILine9_StreetNumandName[0]`)).toBe('301 Sterling Place');
    expect(value(`${P1}PtAILine9_AptNumber[0]`)).toBe('N/A');
    expect(value(`${P1}PtAILine9_AreaCode[0]`)).toBe('718');
    expect(value(`${P1}PtAILine9_TelephoneNumbe[0]`)).toBe('555-0177');
    expect(value(`${P1}PartALine9Gender[1]`)).toBe('F');
    expect(value(`${P1}DateTimeField1[0]`)).toBe('02/29/1984');
    expect(value(`${P1}TextField1[6]`)).toBe('Garífuna');
    expect(value(`${P1}CheckBox3[0]`)).toBe('A'); // never in Immigration Court proceedings
    expect(value(`${P1}DateTimeField6[0]`)).toBe('11/02/2025');
    expect(value(`${P1}DateTimeField2[0]`)).toBe('12/10/2025');
    expect(value(`${P1}TextField4[0]`)).toBe('San Ysidro, CA');
    expect(value(`${P1}DateTimeField2[1]`)).toBe('12/09/2027');
    expect(value(`${P1}DateTimeField3[0]`)).toBe('07/14/2019');
    expect(value(`${P1}TextField4[2]`)).toBe('Miami, FL');
    expect(value(`${P1}TextField4[3]`)).toBe('B-2 visitor');
    expect(value(`${P1}TextField5[0]`)).toBe('Honduras');
    expect(value(`${P1}TextField5[1]`)).toBe('F1234567');
    expect(value(`${P1}DateTimeField2[2]`)).toBe('06/30/2029');
    expect(value(`${P1}TextField7[0]`)).toBe('Spanish');
    expect(value(`${P1}TextField7[1]`)).toBe('Garífuna');
  });

  it('the spouse, abroad and not included: location given, blocks 16–24 not asked', () => {
    expect(value(`${SP}PtAIILine5_LastName[0]`)).toBe('Martínez Bonilla');
    expect(value(`${SP}PtAIILine6_FirstName[0]`)).toBe('Héctor');
    expect(value(`${SP}DateTimeField8[0]`)).toBe('12/18/2004');
    expect(value(`${SP}TextField10[4]`)).toBe('San Pedro Sula, Honduras');
    expect(value(`${SP}TextField10[5]`)).toBe('Tela, Honduras');
    expect(value(`${SP}CheckBox14_Gender[0]`)).toBe('M');
    expect(value(`${SP}PtAIILine15_CheckBox15[0]`)).toBe('N');
    expect(value(`${SP}PtAIILine15_CheckBox15[1]`)).toBe('Off');
    expect(value(`${SP}PtAIILine15_Specify[0]`)).toBe('In hiding in La Ceiba, Atlántida, Honduras');
    expect(value(`${SP}PtAIILine22_Yes[0]`)).toBe('Off');
    expect(value(`${SP}PtAIILine22_No[0]`)).toBe('Off');
  });

  it('Part A.III: the parents and siblings, "deceased" checked for the father and a brother', () => {
    expect(value(`${P4}TextField13[46]`)).toBe('Francisca Orellana Güity');
    expect(value(`${P4}TextField13[47]`)).toBe('Santos Reyes Castillo');
    expect(value(`${P4}CheckBoxAIII5\\.f[0]`)).toBe('1');
    expect(value(`${P4}CheckBoxAIII5\\.m[0]`)).toBe('Off');
    expect(value(`${P4}TextField13[52]`)).toBe('Wilmer Reyes Orellana');
    expect(value(`${P4}CheckBoxAIII5\\.s2[0]`)).toBe('1');
    expect(value(`${P4}TextField35[2]`)).toBe('Houston, Texas, United States');
  });

  it('Parts B and C: the yes/no answers by export value, the explanations whole in their boxes', () => {
    const q = intake.questions;
    expect(value(`${P5}CheckBoxrace[0]`)).toBe('Y');
    expect(value(`${P5}ckboxyn1a[0]`)).toBe('Y');
    expect(value(`${P5}ckboxyn1a[1]`)).toBe('Off');
    // the explanation, then why the harm occurred: the declaration's own section (statement.nexus)
    expect(value(`${P5}TextField14[0]`)).toBe(`${q.pastHarm.explanation}\nWhy: ${intake.statement.nexus.text}`);
    expect(value(`${P5}TextField15[0]`)).toBe(q.fearOfHarm.explanation);
    expect(value(`${P6}ckboxyn2[1]`)).toBe('N');
    expect(value(`${P6}PBL2_TextField[0]`)).toBe('N/A');
    expect(value(`${P6}PBL3A_TextField[0]`)).toBe(q.organizations.explanation);
    expect(value(`${P6}PBL3B_TextField[0]`)).toBe(q.continuingParticipation.explanation);
    expect(value(`${P6}PB4_TextField[0]`)).toBe(q.fearOfTorture.explanation);
    expect(value(`${P7}ckboxync2a[0]`)).toBe('Y');
    expect(value(`${P7}ckboxync2b[1]`)).toBe('N');
    expect(value(`${P7}PCL2B_TextField[0]`)).toBe(`2.A: ${q.thirdCountries.explanation}`);
    expect(value(`${P8}PCckboxyn4[0]`)).toBe('Y');
    expect(value(`${P8}PCL4_TextField[0]`)).toBe(q.returned.explanation);
    // filed 2026-11-20, last arrival 2025-12-10: within the year
    expect(value(`${P8}ckboxync5[1]`)).toBe('N');
    expect(value(`${P8}PCL5_TextField[0]`)).toBe('N/A');
  });

  // [page, field, the intake's answer]: the long answers of Parts B and C, each in its box
  const explanations: [number, string, (i: Intake) => string][] = [
    [5, `${P5}TextField14[0]`, (i) => `${i.questions.pastHarm.explanation}\nWhy: ${i.statement.nexus.text}`],
    [5, `${P5}TextField15[0]`, (i) => i.questions.fearOfHarm.explanation],
    [6, `${P6}PBL3A_TextField[0]`, (i) => i.questions.organizations.explanation],
    [6, `${P6}PBL3B_TextField[0]`, (i) => i.questions.continuingParticipation.explanation],
    [6, `${P6}PB4_TextField[0]`, (i) => i.questions.fearOfTorture.explanation],
    [7, `${P7}PCL2B_TextField[0]`, (i) => i.questions.thirdCountries.explanation],
    [8, `${P8}PCL4_TextField[0]`, (i) => i.questions.returned.explanation],
  ];
  it.each(explanations)('page %i, %s: the whole answer drawn inside its box (nothing clipped), in print of 7 points or more', (page, name, answer) => {
    const box = widgets.get(name)!.rect;
    // what the case drew (not printed on the blank form) in and around the box
    const printed = new Set(blank[page - 1]!.map(key));
    const drawn = pages[page - 1]!.filter((t) => !printed.has(key(t)) && inside(t, [box[0] - 20, box[1] - 60, box[2] + 40, box[3] + 2]));
    expect(norm(drawn.map((t) => t.str).join(' '))).toContain(norm(answer(intake)));
    const outside = drawn.filter((t) => !inside(t, box)).map((t) => `"${t.str}" at y=${t.y.toFixed(1)}, x=${t.x.toFixed(1)}..${(t.x + t.width).toFixed(1)}`);
    expect(outside, `box ${box.map((n) => n.toFixed(1)).join(', ')}`).toEqual([]);
    for (const t of drawn) expect(t.size, `"${t.str}"`).toBeGreaterThanOrEqual(6.95);
  });

  it('Part D: the daughter who helped, the native-alphabet name; Part E: the preparer', () => {
    expect(value(`${P9}TextField20[0]`)).toBe('Marta Lidia Reyes Orellana');
    expect(value(`${P9}TextField20[1]`)).toBe('Marta Lidia Reyes Orellana');
    expect(value(`${P9}PtD_ckboxynd1[0]`)).toBe('2'); // Yes is export "2"
    expect(value(`${P9}PtD_ckboxynd1[1]`)).toBe('Off');
    expect(value(`${P9}PtD_ChildName1[0]`)).toBe('Yesenia Marisol Martínez Reyes');
    expect(value(`${P9}PtD_RelationshipOfChild1[0]`)).toBe('Daughter');
    expect(value(`${P9}PtD_ChildName2[0]`)).toBe('');
    expect(value(`${P9}ckboxynd3[0]`)).toBe('Y');
    expect(value(`${P9}ckboxynd2[0]`)).toBe('Y');
    expect(value(`${P9}PtE_PreparerName[0]`)).toBe('Daniel Whitfield');
    expect(value(`${P9}PtE_StreetNumAndName[0]`)).toBe('75 Livingston Street');
    expect(value(`${P9}PtE_AptNumber[0]`)).toBe('Ste 4');
    expect(value(`${P9}PtE_ZipCode[0]`)).toBe('11201');
    expect(value(`${P9}TextField25[1]`)).toBe('718');
    expect(value(`${P9}TextField25[0]`)).toBe('555-0123');
    expect(value(`${P9}AttorneyStateBarNumber[0]`)).toBe('NY 4455667');
  });
});

// ─────────────────────────────────────────────────────────────────── Supplement B

describe('answers too long for their boxes, continued on Supplement B', () => {
  it('the boxes say "See Supplement B"; one AP5102 per continued answer', () => {
    expect(value(`${P4}TextField13[16]`)).toBe('See Supplement B'); // residence 3: number and street
    expect(value(`${P4}TextField13[30]`)).toBe('See Supplement B'); // school 1: type of school
    expect(value(`${P4}TextField13[40]`)).toBe('See Supplement B'); // job 1: name and address of employer
    expect(value(`${P4}TextField13[41]`)).toBe('See Supplement B'); // job 2
    expect(widgets.get(`${P4}TextField13[16]`)?.tooltip).toContain('Enter Number and Street. Line 3 of 5');
    expect(widgets.get(`${P4}TextField13[30]`)?.tooltip).toContain('Enter Type of School');
    expect(widgets.get(`${P4}TextField13[40]`)?.tooltip).toContain('Enter Name and Address of Employer. Line 1 of 3');
    // The row of residence 3 keeps its other answers.
    expect(value(`${P4}TextField13[17]`)).toBe('San Pedro Sula');
    const overflow = plain.warnings.filter((w) => w.code === 'AP5102');
    expect(overflow.map((w) => w.message.match(/the answer to (.*?) does not fit/)?.[1]), summary(plain.warnings)).toEqual([
      'Part A.III, question 2, entry 6',
      'Part A.III, question 2 (residence 3: number and street)',
      'Part A.III, question 3 (school 1: type of school)',
      'Part A.III, question 4 (job 1: name and address of employer)',
      'Part A.III, question 4 (job 2: name and address of employer)',
    ]);
    for (const w of overflow) expect(w.severity).toBe('warning');
  });

  it('one page per question: page 12, then two copies inserted after it (14 pages)', async () => {
    expect(plain.pageCount).toBe(14);
    expect(flat.pageCount).toBe(14);
    expect(pages).toHaveLength(14);
    for (const p of [12, 13, 14]) expect(pageText(p), `page ${p}`).toContain('Supplement B, Form I-589');
    expect(pageText(11)).toContain('Supplement A');
    // the pages of the form keep their places
    expect(pageText(10)).toContain('Form I-589 (Rev. 04/09/19) Page 10');
  });

  it('each page names the applicant, her A-number, the date, the part and the question', () => {
    for (const p of [12, 13, 14]) {
      expect(pageText(p), `page ${p}`).toContain('Marta Lidia Reyes Orellana');
      expect(pageText(p), `page ${p}`).toContain('A-241-337-910');
      expect(pageText(p), `page ${p}`).toContain('11/20/2026'); // the filing date
      expect(pageText(p), `page ${p}`).toContain('A.III');
    }
    // the form's own page 12, as fields (not flattened)
    expect(value(SUPPLEMENT_B.name)).toBe('Marta Lidia Reyes Orellana');
    expect(value(SUPPLEMENT_B.aNumber)).toBe('A-241-337-910');
    expect(value(SUPPLEMENT_B.part)).toBe('A.III');
    expect(value(SUPPLEMENT_B.question)).toBe('2');
  });

  it('the whole answers are there, each under its question', () => {
    // page 12: question 2 (the sixth residence, and residence 3's street)
    expect(pageText(12)).toContain('Residence 6: Colonia Rivera Hernández, Sector 3, Casa 41, San Pedro Sula, Cortés, Honduras; from 12/2004 to 07/2019');
    expect(pageText(12)).toContain('Colonia Rivera Hernández, Sector 3, Casa 41');
    // page 13: question 3
    expect(pageText(13)).toContain('Secondary school (bachillerato in accounting)');
    // page 14: question 4, both employers
    expect(pageText(14)).toContain('Self-employed (market stall selling prepared food), Mercado Guamilito, San Pedro Sula, Honduras');
    expect(pageText(14)).toContain('Cooperativa de Mujeres Garífunas de Trujillo, Barrio Cristales, Trujillo, Colón, Honduras');
    // the question numbers, each in the Question box of its page
    const box = widgets.get(SUPPLEMENT_B.question)!.rect;
    const question = (p: number) => pages[p - 1]!.filter((t) => inside(t, box)).map((t) => t.str).join(' ');
    expect([12, 13, 14].map(question)).toEqual(['2', '3', '4']);
  });

  it('each answer is on one page only: a copy does not repeat another page\'s answer', () => {
    const count = (needle: string) => [12, 13, 14].filter((p) => pageText(p).includes(needle));
    expect(count('Residence 6: Colonia Rivera Hernández')).toEqual([12]);
    expect(count('Secondary school (bachillerato in accounting)')).toEqual([13]);
    expect(count('Self-employed (market stall selling prepared food)')).toEqual([14]);
    // one name and one A-number a page
    for (const p of [12, 13, 14]) expect(pageText(p).split('Marta Lidia Reyes Orellana').length - 1, `page ${p}`).toBe(1);
  });

  it('nothing on the Supplement B pages is drawn outside a field\'s box', () => {
    const boxes = [...widgets.values()].filter((w) => w.page === 12).map((w) => w.rect);
    const printed = new Set(blank[11]!.map(key));
    for (const p of [12, 13, 14]) {
      const outside = pages[p - 1]!.filter((t) => !printed.has(key(t)) && !boxes.some((r) => inside(t, r)));
      expect(outside.map((t) => `"${t.str}" at ${t.x.toFixed(1)},${t.y.toFixed(1)}, ${t.width.toFixed(1)} wide`), `page ${p}`).toEqual([]);
    }
  });
});

// ─────────────────────────────────────────────────────────────────── the whole

describe('the whole form', () => {
  it('no question left unanswered (no AP5103), edition 04/09/19', () => {
    expect(plain.warnings.filter((w) => w.code === 'AP5103'), summary(plain.warnings)).toEqual([]);
    expect(plain.edition).toEqual({ form: 'I-589', revision: '04/09/19' });
  });

  it('coverage: at least 90% of what the form asks of this case is answered', () => {
    expect(plain.coverage.percent).toBeGreaterThanOrEqual(90);
    expect(plain.outcomes).toHaveLength(448);
    expect(plain.coverage.continued).toBe(4);
  });

  it.each(['plain', 'flattened'] as const)('%s: qpdf --check finds nothing wrong', async (which) => {
    const r = await qpdfCheck((which === 'plain' ? plain : flat).bytes, path.join(tmp, `${which}.pdf`));
    if (!r) return; // qpdf is not installed: the one assertion skipped
    expect(r.status, r.out).toBe(0);
    expect(r.out).not.toMatch(/WARNING/);
  });
});
