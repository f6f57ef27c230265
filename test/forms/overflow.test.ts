/**
 * Answers the real Form I-589 has no room for, continued on Supplement B (page 12, copied after
 * itself as needed): a Part B.1.A explanation of several pages, and children beyond the six rows
 * of pages 2–3 and Supplement A, and relatives beyond Part D's two. The filled forms are flattened
 * and read back with pdf.js: the text drawn on each page, checked to lie inside the form's boxes
 * (read from the blank form's widgets) — on paper, text outside its box is cut off.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillForm, type FillResult } from '../../src/forms/fill.js';
import { loadFieldMap, type FieldMap } from '../../src/forms/map.js';
import {
  P11,
  P2,
  P5,
  REAL_FORM,
  SHIPPED_MAP,
  SUPPLEMENT_B,
  TODAY,
  drawnText,
  inside,
  modelOf,
  readWidgets,
  sampleIntake,
  summary,
  type DrawnText,
  type Widget,
} from '../helpers/i589.js';
import { norm } from '../helpers/pdf.js';

let form: Uint8Array;
let map: FieldMap;
/** The blank form's widgets (boxes and pages) and the text printed on its pages. */
let boxes: Map<string, Widget>;
let printed: DrawnText[][];

beforeAll(async () => {
  form = new Uint8Array(await readFile(REAL_FORM));
  map = await loadFieldMap(SHIPPED_MAP);
  boxes = await readWidgets(form);
  printed = await drawnText(form);
}, 60_000);

const key = (t: DrawnText) => `${t.str}@${t.x.toFixed(1)},${t.y.toFixed(1)}`;
const box = (name: string) => boxes.get(name)!.rect;

/** What the case drew on a page (1-based): the text that is not printed on the blank form's page. */
function drawnBy(pages: DrawnText[][], page: number): DrawnText[] {
  // Copies of Supplement B after page 12 are page 12 again.
  const blankPage = printed[Math.min(page, 12) - 1]!;
  const seen = new Set(blankPage.map(key));
  return pages[page - 1]!.filter((t) => !seen.has(key(t)));
}

/** Whether a piece of text starts in the box (it may run past its right edge: outsideBoxes() tells). */
const startsIn = (t: DrawnText, [x1, y1, x2, y2]: readonly number[]) => t.x >= x1! - 0.5 && t.x <= x2! && t.y >= y1! - 0.5 && t.y <= y2! + 0.5;

/** The text the case drew starting in a field's box on a page, in drawing order. */
const textIn = (pages: DrawnText[][], page: number, name: string) =>
  norm(
    drawnBy(pages, page)
      .filter((t) => startsIn(t, box(name)))
      .map((t) => t.str)
      .join(' '),
  );

/** Text the case drew on a page outside every box of that page's fields (Supplement B copies: page 12's). */
function outsideBoxes(pages: DrawnText[][], page: number): string[] {
  const formPage = Math.min(page, 12);
  const rects = [...boxes.values()].filter((w) => w.page === formPage).map((w) => w.rect);
  return drawnBy(pages, page)
    .filter((t) => !rects.some((r) => inside(t, r)))
    .map((t) => `"${t.str}" at ${t.x.toFixed(1)},${t.y.toFixed(1)}, ${t.width.toFixed(1)} wide`);
}

// ─────────────────────────────────────────────────────────────────── a long Part B.1.A

describe('a Part B.1.A explanation of several pages', () => {
  // 60 numbered sentences, about 6,500 characters: more than page 5's box and more than one Supplement B page.
  const sentences = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1}: on that day the men from MS-13 came back to the bakery in Comayagüela and repeated their threat.`);
  const explanation = sentences.join(' ');
  let r: FillResult;
  let pages: DrawnText[][];

  beforeAll(async () => {
    const intake = await sampleIntake('defensive');
    intake.questions = { pastHarm: { answer: true, explanation } };
    // The explanation alone: the sample's statement.nexus would follow it as "Why: …" (family.test.ts checks that).
    delete intake.statement;
    r = await fillForm(REAL_FORM, form, map, await modelOf(intake, 'defensive'), { flatten: true, today: TODAY });
    pages = await drawnText(r.bytes);
  }, 60_000);

  it('is reported as AP5102, naming Part B, question 1.A', () => {
    const overflow = r.warnings.filter((w) => w.code === 'AP5102');
    const b1a = overflow.filter((w) => w.message.includes('Part B, question 1.A'));
    expect(b1a, summary(r.warnings)).toHaveLength(1);
    expect(b1a[0]!.severity).toBe('warning');
    expect(b1a[0]!.message).toContain('Supplement B');
  });

  it('page 5\'s box says "See Supplement B" instead of the answer', () => {
    expect(textIn(pages, 5, `${P5}TextField14[0]`)).toBe('See Supplement B');
    expect(textIn(pages, 5, `${P5}TextField14[0]`)).not.toContain('Sentence 1:');
  });

  it('takes Supplement B and copies of it inserted after page 12 (more than 12 pages)', () => {
    expect(r.pageCount).toBeGreaterThan(13);
    expect(pages.length).toBe(r.pageCount);
    // page 12 and the copies after it are Supplement B; page 11 is still Supplement A
    for (let p = 12; p <= r.pageCount; p++) expect(norm(pages[p - 1]!.map((t) => t.str).join(' ')), `page ${p}`).toContain('Supplement B, Form I-589');
    expect(norm(pages[10]!.map((t) => t.str).join(' '))).toContain('Supplement A');
  });

  it('each of those pages names part "B" and question "1.A", with the applicant\'s name and A-number', () => {
    const sheets = bPages();
    expect(sheets.length).toBeGreaterThanOrEqual(2);
    sheets.forEach((p, i) => {
      expect(textIn(pages, p, SUPPLEMENT_B.part), `page ${p}`).toBe('B');
      expect(textIn(pages, p, SUPPLEMENT_B.question), `page ${p}`).toBe(i === 0 ? '1.A' : '1.A (continued)');
      expect(textIn(pages, p, SUPPLEMENT_B.name), `page ${p}`).toBe('José Antonio Núñez Ramírez');
      expect(textIn(pages, p, SUPPLEMENT_B.aNumber), `page ${p}`).toBe('A-220-418-553');
    });
    // consecutive pages, starting with the form's own page 12
    expect(sheets[0]).toBe(12);
    sheets.forEach((p, i) => expect(p).toBe(12 + i));
  });

  it('the whole explanation, every sentence once and in order, across those pages', () => {
    const body = bPages()
      .map((p) => textIn(pages, p, SUPPLEMENT_B.text))
      .join(' ');
    expect(body).toContain('Sentence 1: on that day');
    for (const s of sentences) expect(body.split(s).length - 1, s).toBe(1);
    const at = sentences.map((s) => body.indexOf(s));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // no piece of a sentence elsewhere (a line cut or repeated): what remains is at most the question's label
    let rest = body;
    for (const s of sentences) rest = rest.replace(s, '');
    expect(rest).not.toMatch(/Sentence|bakery|threat|MS-13/);
    expect(norm(rest).length).toBeLessThan(120);
  });

  it('nothing is clipped: every piece of text the case drew lies inside a box, on every page', () => {
    for (let p = 1; p <= r.pageCount; p++) expect(outsideBoxes(pages, p), `page ${p}`).toEqual([]);
  });

  /** The Supplement B pages of Part B, question 1.A: those whose Part box says B. */
  function bPages(): number[] {
    const out: number[] = [];
    for (let p = 12; p <= r.pageCount; p++) if (textIn(pages, p, SUPPLEMENT_B.part).split(' ').includes('B')) out.push(p);
    return out;
  }
});

// ─────────────────────────────────────────────────────────────────── more rows than the form has

describe('eight children and three relatives who helped (the family sample, grown)', () => {
  const extra = [
    { given: 'Brenda', middle: 'Lucía', dob: '2021-03-15' },
    { given: 'Carlos', middle: 'Andrés', dob: '2022-06-01' },
    { given: 'Diana', middle: 'Sofía', dob: '2023-09-09' },
  ];
  let r: FillResult;
  let pages: DrawnText[][];

  beforeAll(async () => {
    const intake = await sampleIntake('family');
    for (const c of extra) {
      intake.family.push({
        relationship: 'child',
        name: { family: 'Martínez Reyes', given: c.given, middle: c.middle },
        dateOfBirth: c.dob,
        location: 'in-us',
        includeAsDerivative: true,
        maritalStatus: 'single',
        birthPlace: { city: 'La Ceiba', country: 'Honduras' },
        nationality: 'Honduras',
        ethnicity: 'Garífuna',
        sex: 'female',
        lastEntry: { date: '2025-12-10', place: 'San Ysidro, CA' },
        statusAtEntry: 'Parole (CBP One)',
        currentStatus: 'Parolee',
        inCourtProceedings: false,
      });
    }
    intake.assistance.relatives.push({ name: 'Kevin Alexis Martínez Reyes', relationship: 'Son' }, { name: 'Gladys Reyes Orellana', relationship: 'Sister' });
    r = await fillForm(REAL_FORM, form, map, await modelOf(intake, 'family'), { flatten: true, today: TODAY });
    pages = await drawnText(r.bytes);
  }, 60_000);

  const supplementB = () => Array.from({ length: r.pageCount - 11 }, (_, i) => i + 12);
  /** The Supplement B pages whose Part box says `part`. */
  const sheetOf = (part: string) => supplementB().filter((p) => textIn(pages, p, SUPPLEMENT_B.part).split(' ').includes(part));

  it('each Supplement B page names one part, one question and the applicant once', () => {
    for (const p of supplementB()) {
      expect(textIn(pages, p, SUPPLEMENT_B.part).split(' '), `page ${p}: Part`).toHaveLength(1);
      expect(textIn(pages, p, SUPPLEMENT_B.name), `page ${p}: name`).toBe('Marta Lidia Reyes Orellana');
      expect(textIn(pages, p, SUPPLEMENT_B.aNumber), `page ${p}: A-number`).toBe('A-241-337-910');
    }
  });

  it('the total says 8; children 5 and 6 are on Supplement A', () => {
    expect(textIn(pages, 2, `${P2}TotalChild[0]`)).toBe('8');
    expect(textIn(pages, 11, `${P11}TextField12[2]`)).toBe('Jostin');
    expect(textIn(pages, 11, `${P11}TextField12[12]`)).toBe('Brenda'); // "Additional Child 2. Enter First Name"
    expect(boxes.get(`${P11}TextField12[12]`)?.tooltip).toContain('Additional Child 2. Enter First Name');
  });

  it('children 7 and 8 are continued on Supplement B, each with an AP5102', () => {
    const overflow = r.warnings.filter((w) => w.code === 'AP5102').map((w) => w.message);
    expect(overflow.filter((m) => /Part A\.II.*entry 7\b/.test(m)), summary(r.warnings)).toHaveLength(1);
    expect(overflow.filter((m) => /Part A\.II.*entry 8\b/.test(m)), summary(r.warnings)).toHaveLength(1);
    const sheets = sheetOf('A.II');
    expect(sheets.length).toBeGreaterThanOrEqual(1);
    const text = sheets.map((p) => textIn(pages, p, SUPPLEMENT_B.text)).join(' ');
    expect(text).toContain('Child 7:');
    expect(text).toContain('First name: Carlos');
    expect(text).toContain('Middle name: Andrés');
    expect(text).toContain('Date of birth: 06/01/2022');
    expect(text).toContain('Child 8:');
    expect(text).toContain('First name: Diana');
    expect(text).toContain('Date of birth: 09/09/2023');
    expect(text).toContain('Place of last entry: San Ysidro, CA');
    // the children the form has rows for are not repeated
    for (const given of ['Kevin', 'Yesenia', 'Dilan', 'Ashley', 'Jostin', 'Brenda']) expect(text).not.toContain(`First name: ${given}`);
  });

  it('the third relative is continued on Supplement B under Part D', () => {
    const sheets = sheetOf('D');
    expect(sheets).toHaveLength(1);
    const text = textIn(pages, sheets[0]!, SUPPLEMENT_B.text);
    expect(text).toContain('Relative who assisted 3');
    expect(text).toContain('Gladys Reyes Orellana (Sister)');
    expect(text).not.toContain('Yesenia Marisol Martínez Reyes');
  });

  it('each Supplement B page names its question inside the Question box, not cut off at its edge', () => {
    for (const p of supplementB()) {
      const drawn = drawnBy(pages, p).filter((t) => t.y > box(SUPPLEMENT_B.question)[1] - 2 && t.y < box(SUPPLEMENT_B.question)[3] && t.x >= box(SUPPLEMENT_B.question)[0] - 1);
      expect(drawn.length, `page ${p}`).toBeGreaterThan(0);
      for (const t of drawn) expect(inside(t, box(SUPPLEMENT_B.question)), `page ${p}: "${t.str}" ends at x=${(t.x + t.width).toFixed(1)}; the Question box ends at x=${box(SUPPLEMENT_B.question)[2].toFixed(1)}`).toBe(true);
    }
  });

  it('nothing is clipped: every piece of text the case drew on Supplements A and B lies inside a box', () => {
    for (let p = 11; p <= r.pageCount; p++) expect(outsideBoxes(pages, p), `page ${p}`).toEqual([]);
  });
});
