/**
 * Filling the REAL Form I-589 (Rev. 04/09/19, fixtures/forms/i-589-rev-04-09-19.pdf: encrypted with
 * an empty user password, XFA beside the AcroForm, 448 fields) through the shipped field map
 * (pipelines/forms/i-589.yaml) from the two sample intakes, read back with independent readers:
 * pdf.js's field objects for the values, pdf.js's widget annotations for each field's page and
 * tooltip (/TU, the form's own wording of the question), pdf.js's text for flattened pages, pdf-lib's
 * low-level objects for /Encrypt and /XFA, qpdf for the file's soundness. Expected values are
 * written out literally from the intake files, never computed with the code under test.
 *
 * The long answers, Supplement A and B and the family sample: family.test.ts and overflow.test.ts.
 * The I-589 stand-in (test/helpers/fixture-form.ts) is used here only for what the real form
 * cannot show: a radio group (AP5005) and a form without a continuation page (AP5007).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillForm, type FillResult } from '../../src/forms/fill.js';
import { loadFieldMap, type FieldMap } from '../../src/forms/map.js';
import type { Model } from '../../src/render/model.js';
import { makeFixtureI589 } from '../helpers/fixture-form.js';
import {
  P1,
  P2,
  P5,
  P6,
  P7,
  P8,
  P9,
  REAL_FORM,
  ROOT,
  SHIPPED_MAP,
  SP,
  SUPPLEMENT_B,
  TODAY,
  drawnText,
  inside,
  latin1,
  lineOf,
  modelOf,
  problemsOf,
  qpdfCheck,
  qpdfEncryption,
  readFields,
  readWidgets,
  sampleFile,
  sampleIntake,
  sampleModel,
  summary,
  type ReadField,
  type Widget,
} from '../helpers/i589.js';
import { norm, pdfText, withPdf } from '../helpers/pdf.js';

const TEST_MAPS = path.join(ROOT, 'test/fixtures/forms');

type Kind = 'affirmative' | 'defensive';

/**
 * [page, field, a fragment of the field's tooltip naming the question, the value pdf.js reads,
 * and for a check box its export value]. A check box reads as its export value when checked and
 * "Off" when not. From intake-affirmative.json.
 */
type Row = [page: number, field: string, tooltip: string, value: string, exportValue?: string];

const AFFIRMATIVE: Row[] = [
  // ── page 1, Part A.I
  [1, `${P1}CheckBox31[0]`, 'withholding of removal under the Convention Against Torture', '1', '1'], // relief: cat
  [1, `${P1}PtAILine1_ANumber[0]`, '1. Enter Alien Registration Number', 'None'], // aNumber: null
  [1, `${P1}TextField1[0]`, '2. Enter U. S. Social Security Number', 'None'],
  [1, `${P1}TextField1[8]`, '3. U S C I S Online Account Number', 'None'],
  [1, `${P1}PtAILine4_LastName[0]`, '4. Enter Complete Last Name', 'Núñez Ramírez'],
  [1, `${P1}PtAILine5_FirstName[0]`, '5. Enter First Name', 'José'],
  [1, `${P1}PtAILine6_MiddleName[0]`, '6. Enter Middle Name', 'Antonio'],
  [1, `${P1}TextField1[1]`, 'Enter Other Names Used', 'Pepe Núñez'],
  [1, `${P1}PtAILine8_StreetNumandName[0]`, '(where you physically reside). Enter Street Number and Name', '412 Atlantic Avenue'],
  [1, `${P1}PtAILine8_AptNumber[0]`, '(where you physically reside). Enter Apartment Number', 'Apt 3B'],
  [1, `${P1}TextField1[2]`, '(where you physically reside). Enter City', 'Brooklyn'],
  [1, `${P1}PtAILine8_State[0]`, '(where you physically reside). Enter State', 'NY'],
  [1, `${P1}PtAILine8_Zipcode[0]`, '(where you physically reside). Enter Zip Code', '11217'],
  // "+1 718 555 0142", split as the form asks
  [1, `${P1}PtAILine8_AreaCode[0]`, '(where you physically reside). Telephone Number. Enter 3-digit Area Code', '718'],
  [1, `${P1}PtAILine8_TelephoneNumber[0]`, '(where you physically reside). Enter 7-digit Telephone Number', '555-0142'],
  // no mailing address: "if different", so N/A in each box
  [1, `${P1}PtAILine9_InCareOf[0]`, '9. Mailing Address in the U. S. (if different than the address in Item Number 7). Enter "In Care Of" Name', 'N/A'],
  [1, `${P1}PtAILine9_StreetNumandName[0]`, '9. Mailing Address in the U. S. (if different than the address in Item Number 7). Enter Street Number and Name', 'N/A'],
  [1, `${P1}PtAILine9_City[0]`, '9. Mailing Address in the U. S. (if different than the address in Item Number 7). Enter City', 'N/A'],
  [1, `${P1}PtAILine9_TelephoneNumbe[0]`, '9. Mailing Address in the U. S. (if different than the address in Item Number 7). Enter 7-digit Telephone Number', 'N/A'],
  [1, `${P1}PartALine9Gender[0]`, '10. Gender. Select Male', 'M', 'M'],
  [1, `${P1}PartALine9Gender[1]`, '10. Gender. Select Female', 'Off', 'F'],
  [1, `${P1}Marital[0]`, '11. Marital Status. Select Single', 'Off', 'S'],
  [1, `${P1}Marital[1]`, '11. Marital Status. Select Married', 'M', 'M'],
  [1, `${P1}Marital[2]`, '11. Marital Status. Select Divorced', 'Off', 'D'],
  [1, `${P1}DateTimeField1[0]`, '12. Enter Date of Birth', '05/17/1990'],
  [1, `${P1}TextField1[4]`, '13. Enter City and Country Birth', 'Comayagüela, Honduras'],
  [1, `${P1}TextField1[3]`, '14. Enter Present Nationality', 'Honduras'],
  [1, `${P1}TextField1[5]`, '15. Enter Nationality at Birth', 'Honduras'],
  [1, `${P1}TextField1[6]`, '16. Enter Race, Ethnic or Tribal Group', 'Mestizo'],
  [1, `${P1}TextField1[7]`, '17. Enter Religion', 'Evangelical Christian'],
  // the affirmative intake does not say (courtHistory): no box checked, and AP5103 says so
  [1, `${P1}CheckBox3[0]`, 'A. I have never been in Immigration Court proceedings', 'Off', 'A'],
  [1, `${P1}CheckBox3[2]`, 'B. I am now in Immigration Court proceedings', 'Off', 'B'],
  [1, `${P1}CheckBox3[1]`, 'C. I am not now in Immigration Court proceedings, but I have been in the past', 'Off', 'C'],
  [1, `${P1}DateTimeField6[0]`, 'A. When did you last leave your country?', 'N/A'],
  [1, `${P1}TextField3[0]`, 'B. What is your current I-94 Number', '987654321A1'],
  [1, `${P1}DateTimeField2[0]`, 'Entry 1 (most recent). Enter Date', '06/02/2024'],
  [1, `${P1}TextField4[0]`, 'Entry 1 (most recent). Enter Place', 'Hidalgo, TX'],
  [1, `${P1}TextField4[1]`, 'Entry 1 (most recent). Enter Status', 'Parole (CBP One)'],
  [1, `${P1}DateTimeField2[1]`, 'Entry 1 (most recent). Enter Date Status Expires', 'N/A'],
  [1, `${P1}DateTimeField3[0]`, 'Entry 2. Enter Date', ''], // one arrival: the second row stays blank
  [1, `${P1}TextField4[2]`, 'Entry 2. Enter Place', ''],
  [1, `${P1}TextField5[0]`, '20. What country issued your last passport or travel document?', 'N/A'],
  [1, `${P1}TextField5[1]`, '21. Enter Passport Number', 'None'],
  [1, `${P1}TextField5[2]`, '21. Enter Travel Document Number', 'None'],
  [1, `${P1}DateTimeField2[2]`, '22. Enter Expiration Date', 'N/A'],
  [1, `${P1}TextField7[0]`, '23. What is your native language', 'Spanish'],
  [1, `${P1}CheckBox4[0]`, '24. Are you fluent in English? Select Yes', 'Off', 'Yes'],
  [1, `${P1}CheckBox4[1]`, '24. Are you fluent in English? Select No', 'No', 'No'],
  [1, `${P1}TextField7[1]`, '25. What other languages you speak fluently?', 'N/A'],
  // ── page 2, Part A.II
  [2, `${P2}CheckBox5[0]`, 'Select I am not married', 'Off', '1'],
  [2, `${SP}PtAIILine1_ANumber[0]`, 'Your Spouse. 1. Enter Alien Registration Number', 'None'],
  [2, `${SP}TextField10[1]`, 'Your Spouse. 2. Enter Passport/Identification (I D) Card Number', 'None'],
  [2, `${SP}DateTimeField7[0]`, 'Your Spouse. 3. Enter Date of Birth', '11/03/1992'],
  [2, `${SP}TextField10[2]`, 'Your Spouse. 4. Enter U. S. Social Security Number', 'None'],
  [2, `${SP}PtAIILine5_LastName[0]`, 'Your Spouse. 5. Enter Complete Last Name', 'Castillo Mejía'],
  [2, `${SP}PtAIILine6_FirstName[0]`, 'Your Spouse. 6. Enter First Name', 'María'],
  [2, `${SP}PtAIILine7_MiddleName[0]`, 'Your Spouse. 7. Enter Middle Name', 'Elena'],
  [2, `${SP}DateTimeField8[0]`, 'Your Spouse. 9. Enter Date of Marriage', 'N/A'],
  [2, `${SP}PtAIILine15_CheckBox15[1]`, 'Your Spouse. 15. Is this person in the U. S.?  Select Yes', 'Y', 'Y'],
  [2, `${SP}PtAIILine15_CheckBox15[0]`, 'Your Spouse. 15. Is this person in the U. S.?  Select No', 'Off', 'N'],
  [2, `${SP}PtAIILine24_Yes[0]`, 'is your spouse to be included in this application? (Check the appropriate box). Select Yes', 'Y', 'Y'],
  [2, `${SP}PtAIILine24_No[0]`, '(Check the appropriate box). Select No', 'Off', 'N'],
  // "I have children" is ChildrenCheckbox[0], export N; "I do not have any children" is [1], export Y
  [2, `${P2}ChildrenCheckbox[0]`, 'Your Children. Select I have children', 'N', 'N'],
  [2, `${P2}ChildrenCheckbox[1]`, 'Select I do not have any children', 'Off', 'Y'],
  [2, `${P2}TotalChild[0]`, 'Enter Total Number of Children', '1'],
  [2, `${P2}ChildAlien1[0]`, 'Child 1. Enter Alien Registration Number', 'None'],
  [2, `${P2}ChildLast1[0]`, 'Child 1. Enter Complete Last Name', 'Núñez Castillo'],
  [2, `${P2}ChildFirst1[0]`, 'Child 1. Enter First Name', 'Daniel'],
  [2, `${P2}ChildMiddle1[0]`, 'Child 1. Enter Middle Name', 'N/A'],
  [2, `${P2}ChildDOB1[0]`, 'Child 1. Enter Date of Birth', '08/21/2015'],
  [2, `${P2}CheckBox17[0]`, 'Child 1. Is this child in the U. S.?  Select Yes', 'Y', 'Y'],
  [2, `${P2}CheckBox17[1]`, 'Child 1. Is this child in the U. S.?  Select No', 'Off', 'N'],
  [2, `${P2}PtAIILine21_Yes[0]`, 'Child 1. If in the U. S., is this child to be included in this application?', 'Y', 'Y'],
  // ── page 5, Part B question 1: grounds political-opinion and particular-social-group, and CAT
  [5, `${P5}CheckBoxrace[0]`, 'I am seeking asylum or withholding of removal based on: Select Race', 'Off', 'Y'],
  [5, `${P5}CheckBoxreligion[0]`, 'based on: Select Religion', 'Off', 'Y'],
  [5, `${P5}CheckBoxnationality[0]`, 'based on: Select Nationality', 'Off', 'Y'],
  [5, `${P5}CheckBoxpolitics[0]`, 'based on: Select Political Opinion', 'Y', 'Y'],
  [5, `${P5}CheckBoxsocial[0]`, 'based on: Select Membership in a Particular Social Group', 'Y', 'Y'],
  [5, `${P5}CheckBoxtorture[0]`, 'based on: Select Torture Convention', 'Y', 'Y'],
  // the intake has no answers to Parts B and C (questions): boxes and explanations blank, AP5103 lists them
  [5, `${P5}TextField14[0]`, 'Part B. 1. A. Have you, your family, or close friends or colleagues ever experienced harm', ''],
  [5, `${P5}TextField15[0]`, 'Part B. 1. B. Do you fear harm or mistreatment if you return to your home country?', ''],
  // ── page 6, Part B questions 2–4
  [6, `${P6}ckboxyn2[0]`, '2. Have you or your family members ever been accused, charged, arrested, detained, interrogated', 'Off', 'Y'],
  [6, `${P6}PBL2_TextField[0]`, 'Part B. 2. Have you or your family members ever been accused', ''],
  [6, `${P6}ckboxyn4[1]`, '4. Are you afraid of being subjected to torture in your home country or any other country to which you may be returned? Select No', 'Off', 'N'],
  // ── page 7, Part C questions 1–3
  [7, `${P7}ckboxync1[1]`, 'ever applied to the U. S. Government for refugee status, asylum, or withholding of removal? Select No', 'Off', 'N'],
  [7, `${P7}PCL2B_TextField[0]`, 'Part C. 2. A. and 2. B.', ''],
  // ── page 8, Part C question 5: filed on 2025-05-20, last arrival 2024-06-02, within the year
  [8, `${P8}ckboxync5[1]`, '5. Are you filing this application more than 1 year after your last arrival in the United States? Select No', 'N', 'N'],
  [8, `${P8}ckboxync5[0]`, '5. Are you filing this application more than 1 year after your last arrival in the United States? Select Yes', 'Off', 'Y'],
  [8, `${P8}PCL5_TextField[0]`, 'Explain why you did not file within the first year after you arrived', 'N/A'],
  // ── page 9, Parts D and E: the representative prepared it
  [9, `${P9}TextField20[0]`, 'Part D. Your Signature. Print your Complete Name', 'José Antonio Núñez Ramírez'],
  [9, `${P9}TextField20[1]`, 'Write your Name in your native alphabet', 'N/A'],
  [9, `${P9}ckboxynd2[0]`, 'Did someone other than your spouse, parent, or child/children prepare this application? Select Yes', 'Y', 'Y'],
  [9, `${P9}ckboxynd2[1]`, 'Did someone other than your spouse, parent, or child/children prepare this application? Select No', 'Off', 'N'],
  [9, `${P9}PtE_PreparerName[0]`, 'Part E. Declaration of Person Preparing Form', 'Sarah Okafor'],
  [9, `${P9}PtE_StreetNumAndName[0]`, 'Address of Preparer. Enter Street Number and Name', '26 Court Street'],
  // "Suite 1200" is 10 characters and the box takes 6: continued on Supplement B, never cut; the box points there
  [9, `${P9}PtE_AptNumber[0]`, 'Address of Preparer. Enter Apartment Number', 'Supp B'],
  [9, `${P9}PtE_City[0]`, 'Address of Preparer. Enter City', 'Brooklyn'],
  [9, `${P9}PtE_State[0]`, 'Address of Preparer. Enter State', 'NY'],
  [9, `${P9}PtE_ZipCode[0]`, 'Address of Preparer. Enter Zip Code', '11242'],
  [9, `${P9}TextField25[1]`, 'Daytime Telephone Number. Enter 3-digit Area Code', '718'],
  [9, `${P9}TextField25[0]`, 'Enter 7-digit Daytime Telephone Number', '555-0100'],
  [9, `${P9}AttorneyStateBarNumber[0]`, 'Enter Attorney or State Bar Number', 'NY 5123456'],
  // ── page 12, Supplement B: the preparer's suite number, with the applicant's name
  [12, SUPPLEMENT_B.name, "Supplement B. Additional Information About Your Claim to Asylum. Enter Applicant's Name", 'José Antonio Núñez Ramírez'],
  [12, SUPPLEMENT_B.aNumber, 'Supplement B. Additional Information About Your Claim to Asylum. Enter Alien Registration Number', 'None'],
  [12, SUPPLEMENT_B.part, 'Enter Part Number', 'E'],
  [12, 'form1[0].#subform[13].DateTimeField58[0]', 'Supplement B. Additional Information About Your Claim to Asylum. Enter Date', '05/20/2025'], // filing.date
];

/** The defensive sample is the same case before the court: what differs, from intake-defensive.json. */
const DEFENSIVE_CHANGES: Row[] = [
  [1, `${P1}PtAILine1_ANumber[0]`, '1. Enter Alien Registration Number', '220418553'], // "A-220-418-553"
  // proceeding.type defensive: now in Immigration Court proceedings, box B, which is field [2]
  [1, `${P1}CheckBox3[2]`, 'B. I am now in Immigration Court proceedings', 'B', 'B'],
  [12, SUPPLEMENT_B.aNumber, 'Supplement B. Additional Information About Your Claim to Asylum. Enter Alien Registration Number', 'A-220-418-553'],
  [12, 'form1[0].#subform[13].DateTimeField58[0]', 'Supplement B. Additional Information About Your Claim to Asylum. Enter Date', '08/10/2026'], // filing.date
];
const DEFENSIVE: Row[] = AFFIRMATIVE.map((row) => DEFENSIVE_CHANGES.find((c) => c[1] === row[1]) ?? row);

let form: Uint8Array;
let map: FieldMap;
let tmp: string;
const models = {} as Record<Kind, Model>;
const filled = {} as Record<Kind, FillResult>;
const fields = {} as Record<Kind, Map<string, ReadField>>;
const widgets = {} as Record<Kind, Map<string, Widget>>;
let flat: FillResult;

beforeAll(async () => {
  form = new Uint8Array(await readFile(REAL_FORM));
  map = await loadFieldMap(SHIPPED_MAP);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ap-fill-'));
  for (const kind of ['affirmative', 'defensive'] as const) {
    models[kind] = await sampleModel(kind);
    filled[kind] = await fillForm(REAL_FORM, form, map, models[kind], { flatten: false, today: TODAY, intakeFile: sampleFile(kind) });
    fields[kind] = await readFields(filled[kind].bytes);
    widgets[kind] = await readWidgets(filled[kind].bytes);
  }
  flat = await fillForm(REAL_FORM, form, map, models.affirmative, { flatten: true, today: TODAY, intakeFile: sampleFile('affirmative') });
}, 120_000);
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const expectRow = (kind: Kind, [page, name, tooltip, value, exportValue]: Row) => {
  const f = fields[kind].get(name);
  const w = widgets[kind].get(name);
  expect(f, `pdf.js sees no field ${name}`).toBeDefined();
  expect(w, `pdf.js sees no widget of ${name}`).toBeDefined();
  expect(w!.tooltip, name).toContain(tooltip);
  expect(f!.page, name).toBe(page);
  expect(w!.page, name).toBe(page);
  expect(f!.value, `${name} (${tooltip})`).toBe(value);
  if (exportValue !== undefined) {
    expect(f!.type, name).toBe('checkbox');
    expect(f!.exportValue, name).toBe(exportValue);
  } else {
    expect(f!.type, name).toBe('text');
  }
};

// ─────────────────────────────────────────────────────────────────── field by field

describe('the affirmative sample on the real form, field by field (value, page, and the tooltip naming the question)', () => {
  it.each(AFFIRMATIVE)('page %i: %s (%s) = "%s"', (...row) => expectRow('affirmative', row));

  it('the table covers at least 40 fields, on pages 1, 2 and 5 to 9', () => {
    expect(new Set(AFFIRMATIVE.map((r) => r[1])).size).toBe(AFFIRMATIVE.length);
    expect(AFFIRMATIVE.length).toBeGreaterThanOrEqual(40);
    const pages = new Set(AFFIRMATIVE.map((r) => r[0]));
    for (const p of [1, 2, 5, 6, 7, 8, 9]) expect(pages, `page ${p}`).toContain(p);
  });
});

describe('the defensive sample on the real form, field by field', () => {
  it.each(DEFENSIVE)('page %i: %s (%s) = "%s"', (...row) => expectRow('defensive', row));
});

// ─────────────────────────────────────────────────────────────────── what fillForm reports

describe('what fillForm reports', () => {
  it.each(['affirmative', 'defensive'] as const)('%s: the form\'s 12 pages, its edition read from its footer', async (kind) => {
    expect(filled[kind].pageCount).toBe(12);
    expect(await withPdf(filled[kind].bytes, async (d) => d.numPages)).toBe(12);
    expect(filled[kind].edition).toEqual({ form: 'I-589', revision: '04/09/19' });
  });

  it('the edition is the one printed in the form\'s footer (pdf.js reads it on page 1)', async () => {
    const text = await pdfText(form);
    expect(text).toHaveLength(12);
    expect(norm(text[0]!)).toContain('Form I-589 (Rev. 04/09/19)');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: one outcome for each of the form\'s fields', (kind) => {
    const names = [...fields[kind].keys()];
    expect(names).toHaveLength(448);
    const outcomes = filled[kind].outcomes;
    expect(outcomes).toHaveLength(448);
    expect(new Set(outcomes.map((o) => o.field))).toEqual(new Set(names));
    const of = (name: string) => outcomes.find((o) => o.field === name)!;
    expect(of(`${P1}PtAILine4_LastName[0]`).status).toBe('filled');
    expect(of(`${P1}PtAILine9_City[0]`).status).toBe('na');
    expect(of(`${P9}PtE_AptNumber[0]`).status).toBe('continued');
    expect(of(`${P1}TextField8[0]`)).toMatchObject({ status: 'blank', reason: 'by-design' });
    expect(of(`${P1}TextField8[0]`).why).toMatch(/EOIR use only/);
    // no fifth child: Supplement A's rows are not asked of this case
    expect(of('form1[0].#subform[12].TextField12[0]')).toMatchObject({ status: 'blank', reason: 'not-applicable' });
  });

  it.each(['affirmative', 'defensive'] as const)('%s: one AP5103 listing the questions the intake does not answer, with the intake field', (kind) => {
    const unanswered = filled[kind].warnings.filter((w) => w.code === 'AP5103');
    expect(unanswered, summary(filled[kind].warnings)).toHaveLength(1);
    const w = unanswered[0]!;
    expect(w.severity).toBe('warning');
    expect(w.location.file).toBe(sampleFile(kind));
    for (const line of [
      'Part A.I, question 19.A: applicant.lastDeparture',
      'Part B, question 1.A: questions.pastHarm',
      'Part B, question 4: questions.fearOfTorture',
      'Part C, question 1: questions.priorApplications',
      'Part C, question 6: questions.crimes',
      'Part D, question name: applicant.nameInNativeAlphabet',
      'Part A.II, question 9: spouse: marriage.date',
      'Part A.II, question 12: child 1: sex',
    ]) {
      expect(w.message, line).toContain(line);
    }
    // The defensive case is now in court (derived from the proceeding); the affirmative intake does not say.
    if (kind === 'affirmative') expect(w.message).toContain('Part A.I, question 18.A: courtHistory');
    else expect(w.message).not.toContain('courtHistory');
    // answered: not listed
    expect(w.message).not.toContain(': applicant.dateOfBirth');
    expect(w.message).not.toContain(': applicant.sex');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: one AP5102, for the preparer\'s suite number continued on Supplement B', (kind) => {
    const overflow = filled[kind].warnings.filter((w) => w.code === 'AP5102');
    expect(overflow, summary(filled[kind].warnings)).toHaveLength(1);
    expect(overflow[0]!.message).toContain('Part E');
    expect(overflow[0]!.message).toContain('apt. number');
    expect(overflow[0]!.message).toContain('Supplement B');
    expect(filled[kind].continued.map((c) => [c.part, c.text])).toEqual([['E', 'Suite 1200']]);
    // on the form's own Supplement B (page 12), whole
    const text = fields[kind].get(SUPPLEMENT_B.text)!;
    expect(widgets[kind].get(SUPPLEMENT_B.text)?.tooltip).toContain('Enter additional Information');
    expect(text.page).toBe(12);
    expect(text.value).toContain('Suite 1200');
  });

  it.each(['affirmative', 'defensive'] as const)('%s: no other warnings than those and the edition\'s', (kind) => {
    const codes = filled[kind].warnings.map((w) => w.code).filter((c) => c !== 'AP5106');
    expect(codes.sort(), summary(filled[kind].warnings)).toEqual(['AP5102', 'AP5103']);
  });
});

// ─────────────────────────────────────────────────────────────────── the output file

describe('the filled file', () => {
  it('the official form itself is encrypted and carries XFA (what the filler must undo)', async () => {
    expect(latin1(form)).toMatch(/\/Encrypt \d+ 0 R/);
    const doc = await PDFDocument.load(form, { password: '', preserveXFA: true, updateMetadata: false } as Parameters<typeof PDFDocument.load>[1]);
    expect(doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).has(PDFName.of('XFA'))).toBe(true);
    const enc = qpdfEncryption(REAL_FORM);
    if (enc !== null) expect(enc).toMatch(/User password = \s*$/m);
  });

  it.each(['affirmative', 'defensive', 'flattened'] as const)('%s: no XFA, for pdf-lib and pdf.js alike', async (which) => {
    const bytes = which === 'flattened' ? flat.bytes : filled[which].bytes;
    expect(latin1(bytes)).not.toMatch(/\/XFA\b/);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
    expect(acroForm?.has(PDFName.of('XFA')) ?? false).toBe(false);
    expect(await withPdf(bytes, async (d) => d.isPureXfa)).toBe(false);
  });

  it.each(['affirmative', 'defensive', 'flattened'] as const)('%s: not encrypted: no /Encrypt anywhere, pdf-lib loads it without a password', async (which) => {
    const bytes = which === 'flattened' ? flat.bytes : filled[which].bytes;
    expect(latin1(bytes)).not.toMatch(/\/Encrypt\b/);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.isEncrypted).toBe(false);
    const file = path.join(tmp, `encryption-${which}.pdf`);
    await writeFile(file, bytes);
    const enc = qpdfEncryption(file);
    if (enc !== null) expect(enc).toContain('File is not encrypted');
  });

  it.each(['affirmative', 'defensive', 'flattened'] as const)('%s: qpdf --check finds nothing wrong', async (which) => {
    const bytes = which === 'flattened' ? flat.bytes : filled[which].bytes;
    const r = await qpdfCheck(bytes, path.join(tmp, `check-${which}.pdf`));
    if (!r) return; // qpdf is not installed: the one assertion skipped
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('No syntax or stream encoding errors found');
    expect(r.out).not.toMatch(/WARNING/);
  });
});

// ─────────────────────────────────────────────────────────────────── flattened

describe('flattened', () => {
  let pages: Awaited<ReturnType<typeof drawnText>>;
  let blank: Awaited<ReturnType<typeof drawnText>>;
  beforeAll(async () => {
    pages = await drawnText(flat.bytes);
    blank = await drawnText(form);
  });

  it('keeps no fields; the same 12 pages', async () => {
    const objects = await withPdf(flat.bytes, async (d) => d.getFieldObjects());
    expect(objects === null || Object.keys(objects).length === 0, JSON.stringify(objects && Object.keys(objects))).toBe(true);
    expect(pages).toHaveLength(12);
    expect(flat.pageCount).toBe(12);
  });

  it('the page text carries the answers, each on its page', () => {
    const text = (p: number) => norm(pages[p - 1]!.map((t) => t.str).join(' '));
    for (const v of ['Núñez Ramírez', 'José', 'Antonio', 'Pepe Núñez', '412 Atlantic Avenue', 'Apt 3B', 'Brooklyn', '11217', '718', '555-0142', '05/17/1990', 'Comayagüela, Honduras', 'Mestizo', 'Evangelical Christian', '06/02/2024', 'Hidalgo, TX', 'Parole (CBP One)', '987654321A1', 'Spanish']) {
      expect(text(1), v).toContain(v);
    }
    for (const v of ['Castillo Mejía', 'María', 'Elena', '11/03/1992', 'Núñez Castillo', 'Daniel', '08/21/2015']) expect(text(2), v).toContain(v);
    for (const v of ['José Antonio Núñez Ramírez', 'Sarah Okafor', '26 Court Street', '11242', '555-0100', 'NY 5123456']) expect(text(9), v).toContain(v);
    for (const v of ['José Antonio Núñez Ramírez', 'Suite 1200']) expect(text(12), v).toContain(v);
  });

  it('every answer is drawn inside a field\'s box: nothing runs past the edge, where paper would clip it', async () => {
    const boxes = await readWidgets(filled.affirmative.bytes);
    const byPage = new Map<number, number[][]>();
    for (const w of boxes.values()) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w.rect]);
    const key = (t: { str: string; x: number; y: number }) => `${t.str}@${t.x.toFixed(1)},${t.y.toFixed(1)}`;
    const outside: string[] = [];
    pages.forEach((items, i) => {
      const printed = new Set(blank[i]!.map(key));
      for (const t of items) {
        if (printed.has(key(t))) continue; // printed on the blank form
        if (!(byPage.get(i + 1) ?? []).some((r) => inside(t, r))) outside.push(`page ${i + 1}: "${t.str}" at ${t.x.toFixed(1)},${t.y.toFixed(1)}, ${t.width.toFixed(1)} wide`);
      }
    });
    expect(outside).toEqual([]);
  });
});

// ─────────────────────────────────────────────────────────────────── Unicode names

describe('names in Vietnamese and Cyrillic (Đặng Thị Hương, Ольга Петренко)', () => {
  let model: Model;
  let plain: FillResult;
  let flattened: FillResult;
  beforeAll(async () => {
    const intake = await sampleIntake('defensive');
    intake.applicant.name = { family: 'Đặng', middle: 'Thị', given: 'Hương' };
    intake.applicant.otherNames = ['Đặng Thị Hương'];
    const spouse = intake.family.find((m: { relationship: string }) => m.relationship === 'spouse');
    spouse.name = { family: 'Петренко', given: 'Ольга', middle: 'Іванівна' };
    model = await modelOf(intake, 'defensive');
    plain = await fillForm(REAL_FORM, form, map, model, { flatten: false, today: TODAY });
    flattened = await fillForm(REAL_FORM, form, map, model, { flatten: true, today: TODAY });
  }, 60_000);

  it('no character the font lacks (no AP4101)', () => {
    expect(plain.warnings.filter((w) => w.code === 'AP4101'), summary(plain.warnings)).toEqual([]);
    expect(flattened.warnings.filter((w) => w.code === 'AP4101'), summary(flattened.warnings)).toEqual([]);
  });

  it('not flattened: the fields hold the names exactly', async () => {
    const f = await readFields(plain.bytes);
    const value = (name: string) => f.get(name)?.value.normalize('NFC');
    expect(value(`${P1}PtAILine4_LastName[0]`)).toBe('Đặng');
    expect(value(`${P1}PtAILine5_FirstName[0]`)).toBe('Hương');
    expect(value(`${P1}PtAILine6_MiddleName[0]`)).toBe('Thị');
    expect(value(`${P1}TextField1[1]`)).toBe('Đặng Thị Hương');
    expect(value(`${SP}PtAIILine5_LastName[0]`)).toBe('Петренко');
    expect(value(`${SP}PtAIILine6_FirstName[0]`)).toBe('Ольга');
    expect(value(`${SP}PtAIILine7_MiddleName[0]`)).toBe('Іванівна');
    expect(value(`${P9}TextField20[0]`)).toBe('Hương Thị Đặng');
    expect(value(SUPPLEMENT_B.name)).toBe('Hương Thị Đặng');
  });

  it('flattened: each name drawn as one piece of text, no character dropped, replaced or decomposed', async () => {
    const pages = await drawnText(flattened.bytes);
    const items = (p: number) => pages[p - 1]!.map((t) => t.str.normalize('NFC'));
    for (const v of ['Đặng', 'Hương', 'Thị', 'Đặng Thị Hương']) expect(items(1), v).toContain(v);
    for (const v of ['Петренко', 'Ольга', 'Іванівна']) expect(items(2), v).toContain(v);
    expect(items(9)).toContain('Hương Thị Đặng');
    const all = pages.flat().map((t) => t.str).join(' ');
    expect(all).not.toContain('□');
    expect(all).not.toContain('\uFFFD');
    const r = await qpdfCheck(flattened.bytes, path.join(tmp, 'unicode-flat.pdf'));
    if (r) expect(r.status, r.out).toBe(0);
  });
});

// ─────────────────────────────────────────────────────────────────── editions

describe('editions', () => {
  it('the shipped map was verified against this edition: no AP5105', () => {
    expect(map.editions).toContain('04/09/19');
    for (const kind of ['affirmative', 'defensive'] as const) expect(filled[kind].warnings.map((w) => w.code)).not.toContain('AP5105');
  });

  it('a form whose edition the map was not verified against → AP5105 naming the edition; the table → AP5106', async () => {
    const dir = await mkdtemp(path.join(tmp, 'editions-'));
    const mapFile = path.join(dir, 'i-589.yaml');
    const text = (await readFile(SHIPPED_MAP, 'utf8')).replace('editions: ["04/09/19"]', 'editions: ["01/20/25"]');
    expect(text).toContain('editions: ["01/20/25"]');
    await writeFile(mapFile, text);
    const table = path.join(dir, 'editions.yaml');
    await writeFile(table, ['I-589:', '  checked: "2026-11-01"', '  source: "https://www.uscis.gov/i-589"', '  verified: true', '  accepted:', '    - edition: "01/20/25"', '      from: "2025-01-20"', ''].join('\n'));
    const r = await fillForm(REAL_FORM, form, await loadFieldMap(mapFile), models.affirmative, { flatten: false, today: TODAY });

    const unverified = r.warnings.filter((w) => w.code === 'AP5105');
    expect(unverified, summary(r.warnings)).toHaveLength(1);
    expect(unverified[0]!.severity).toBe('warning');
    expect(unverified[0]!.message).toContain('Form I-589 (Rev. 04/09/19)');
    expect(unverified[0]!.message).toContain('Rev. 01/20/25');
    expect(unverified[0]!.location.file).toBe(REAL_FORM);

    const notAccepted = r.warnings.filter((w) => w.code === 'AP5106');
    expect(notAccepted, summary(r.warnings)).toHaveLength(1);
    expect(notAccepted[0]!.message).toContain('Form I-589 (Rev. 04/09/19)');
    expect(notAccepted[0]!.message).toContain('Rev. 01/20/25');
    expect(notAccepted[0]!.location.file).toBe(table);

    // A warning only: the form is filled all the same.
    expect((await readFields(r.bytes)).get(`${P1}PtAILine4_LastName[0]`)?.value).toBe('Núñez Ramírez');
  }, 60_000);
});

// ─────────────────────────────────────────────────────────────────── map mistakes

describe('field map mistakes against the real form, located in the YAML', () => {
  it('a misspelt field name in the shipped map → AP5004 naming the field and "Form I-589 (Rev. 04/09/19)", at its line', async () => {
    const dir = await mkdtemp(path.join(tmp, 'misspelt-'));
    const mapFile = path.join(dir, 'i-589.yaml');
    const text = (await readFile(SHIPPED_MAP, 'utf8')).replace('"form1[0].#subform[0].PtAILine4_LastName[0]"', '"form1[0].#subform[0].PtAILine4_LastNam[0]"');
    await writeFile(mapFile, text);
    const line = lineOf(text, 'PtAILine4_LastNam[0]"');
    expect(line).toBeGreaterThan(0);
    const problems = await problemsOf(async () => fillForm(REAL_FORM, form, await loadFieldMap(mapFile), models.affirmative, { flatten: false, today: TODAY }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5004']);
    const p = problems[0]!;
    expect(p.severity).toBe('error');
    expect(p.message).toContain('"form1[0].#subform[0].PtAILine4_LastNam[0]"');
    expect(p.message).toContain('Form I-589 (Rev. 04/09/19)');
    expect(p.message).toContain('did you mean "form1[0].#subform[0].PtAILine4_LastName[0]"');
    expect(p.location).toMatchObject({ file: mapFile, line });
  });

  it('unknown field, and entries that do not fit the field\'s kind → AP5004 and AP5006, each at its line', async () => {
    const file = path.join(TEST_MAPS, 'real-bad-fields.yaml');
    const problems = await problemsOf(async () => fillForm(REAL_FORM, form, await loadFieldMap(file), models.affirmative, { flatten: false, today: TODAY }));
    expect(problems.map((p) => [p.code, p.location.line]), summary(problems)).toEqual([
      ['AP5004', 9],
      ['AP5006', 11],
      ['AP5006', 13],
      ['AP5006', 15],
    ]);
    for (const p of problems) expect(p.location.file).toBe(file);
    expect(problems[0]!.message).toContain('"form1[0].#subform[0].PtAILine5_FirstNme[0]"');
    expect(problems[0]!.message).toContain('did you mean "form1[0].#subform[0].PtAILine5_FirstName[0]"');
    expect(problems[1]!.message).toContain('form1[0].#subform[0].DateTimeField1[0]');
    expect(problems[1]!.message).toContain('"checked"');
    expect(problems[2]!.message).toContain('form1[0].#subform[0].PartALine9Gender[0]');
    expect(problems[2]!.message).toContain('a "value"');
    expect(problems[3]!.message).toContain('form1[0].#subform[0].Marital[0]');
    expect(problems[3]!.message).toContain('"select"');
  });

  it('the map loader refuses an entry with both "value" and "checked"', async () => {
    const file = path.join(TEST_MAPS, 'value-and-checked.yaml');
    const problems = await problemsOf(() => loadFieldMap(file));
    expect(problems, summary(problems)).toHaveLength(1);
    expect(problems[0]!.message).toContain('form1[0].#subform[0].PartALine9Gender[0]');
    expect(problems[0]!.message).toMatch(/exactly one of "value", "checked" or "select"/);
    expect(problems[0]!.location).toMatchObject({ file, line: 8 });
  });
});

// ─────────────────────────────────────────────────────────────────── what only the stand-in shows

describe('what the real form cannot show, on the I-589 stand-in', () => {
  let standIn: Uint8Array;
  beforeAll(async () => {
    standIn = await makeFixtureI589();
  });

  it('an option a radio group does not offer → AP5005 (the real form has no radio groups)', async () => {
    const file = path.join(TEST_MAPS, 'stand-in-bad-option.yaml');
    const problems = await problemsOf(async () => fillForm('i-589.pdf', standIn, await loadFieldMap(file), models.affirmative, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5005']);
    expect(problems[0]!.message).toContain('"Separated"');
    for (const allowed of ['Single', 'Married', 'Divorced', 'Widowed']) expect(problems[0]!.message).toContain(`"${allowed}"`);
    expect(problems[0]!.location).toMatchObject({ file, line: 10 });
  });

  it('an answer that does not fit, on a form with no continuation page → AP5007, nothing written', async () => {
    // The stand-in has no Supplement B; its map names none. A ZIP+4 does not fit the 5-character box.
    const file = path.join(TEST_MAPS, 'stand-in-no-continuation.yaml');
    const problems = await problemsOf(async () => fillForm('i-589.pdf', standIn, await loadFieldMap(file), models.affirmative, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5007']);
    expect(problems[0]!.severity).toBe('error');
    expect(problems[0]!.message).toContain('Form I-589');
    expect(problems[0]!.location.file).toBe(file);
  });
});

// ─────────────────────────────────────────────────────────────────── not the fillable form

describe('PDFs that are not the fillable form', () => {
  it('a PDF without an AcroForm → AP5003', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    page.drawText('Form I-589 (printed copy)', { x: 72, y: 700, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
    const bytes = await doc.save();
    const problems = await problemsOf(() => fillForm('printed.pdf', bytes, map, models.defensive, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5003']);
    expect(problems[0]!.location.file).toBe('printed.pdf');
    expect(problems[0]!.hint).toMatch(/form-fields/);
  });

  it('a PDF encrypted with a real user password → AP5002', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([612, 792]);
    doc.encrypt({ userPassword: 'secret-user', ownerPassword: 'secret-owner', permissions: { fillingForms: true } });
    const bytes = await doc.save();
    const problems = await problemsOf(() => fillForm('locked.pdf', bytes, map, models.defensive, { flatten: false }));
    expect(problems.map((p) => p.code), summary(problems)).toEqual(['AP5002']);
    expect(problems[0]!.message).toMatch(/password/);
    expect(problems[0]!.location.file).toBe('locked.pdf');
    await expect(withPdf(bytes, async (d) => d.numPages)).rejects.toThrow(/password/i);
  });
});
