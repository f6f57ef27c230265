/**
 * What the tests of the real Form I-589 (fixtures/forms/i-589-rev-04-09-19.pdf) share: where the
 * form, the shipped field map and the samples are, the model of an intake (a sample file as it is,
 * or a changed copy validated as if it were that file), and independent readers of a filled form —
 * pdf.js's field objects for the values, pdf.js's widget annotations for each field's page, box
 * and tooltip (/TU), pdf.js's text for flattened pages, qpdf for the file's soundness. Nothing here
 * reads a PDF through src/forms/.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PacketError, type Problem } from '../../src/errors/problem.js';
import { validateIntakeBytes, validateIntakeFile } from '../../src/intake/validate.js';
import { findQpdf } from '../../src/pdf/repair.js';
import { buildModel, type Model } from '../../src/render/model.js';
import { openPdf, withPdf, type PdfjsDoc } from './pdf.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The official form, committed as a fixture (encrypted with an empty user password, XFA, 448 fields). */
export const REAL_FORM = path.join(ROOT, 'fixtures/forms/i-589-rev-04-09-19.pdf');
export const SHIPPED_MAP = path.join(ROOT, 'pipelines/forms/i-589.yaml');
export const SAMPLES = path.join(ROOT, 'fixtures/samples');
export const TODAY = '2026-11-22';

/** Field name prefixes of the form's pages, as the form names them. */
export const P1 = 'form1[0].#subform[0].'; // page 1, Part A.I
export const P2 = 'form1[0].#subform[1].'; // page 2, Part A.II spouse and child 1
export const SP = `${P2}NotMarried[0].`; // page 2, the spouse's block
export const P3 = 'form1[0].#subform[3].'; // page 3, children 2-4
export const P4 = 'form1[0].#subform[4].'; // page 4, Part A.III
export const P5 = 'form1[0].#subform[5].#subform[6].'; // page 5, Part B question 1
export const P6 = 'form1[0].#subform[7].'; // page 6, Part B questions 2-4
export const P7 = 'form1[0].#subform[8].'; // page 7, Part C questions 1-3
export const P8 = 'form1[0].#subform[9].'; // page 8, Part C questions 4-6
export const P9 = 'form1[0].#subform[10].'; // page 9, Parts D and E
export const P11 = 'form1[0].#subform[12].'; // page 11, Supplement A
export const P12 = 'form1[0].#subform[13].'; // page 12, Supplement B

/** The fields of Supplement B (page 12), by what they hold. */
export const SUPPLEMENT_B = {
  aNumber: `${P12}PtAILine1_ANumber[2]`,
  name: `${P12}SupBApplicantName[0]`,
  part: `${P12}TextField31[0]`,
  question: `${P12}TextField31[1]`,
  text: `${P12}TextField32[0]`,
} as const;

export type Sample = 'affirmative' | 'defensive' | 'family';
export type Intake = Record<string, any>;

export const sampleFile = (sample: Sample) => path.join(SAMPLES, `intake-${sample}.json`);

/** A sample intake as parsed JSON (a fresh copy each time). */
export async function sampleIntake(sample: Sample): Promise<Intake> {
  return JSON.parse(await readFile(sampleFile(sample), 'utf8')) as Intake;
}

/** The model of a sample file, as it is. */
export async function sampleModel(sample: Sample): Promise<Model> {
  const v = await validateIntakeFile(sampleFile(sample), { today: TODAY });
  if (!v.ok) throw new Error(`${sample} is not valid:\n${v.problems.map((p) => `${p.location.path} ${p.message}`).join('\n')}`);
  return buildModel(v.case, { today: TODAY });
}

/**
 * The model of a changed intake, validated as if it were the sample file (so that its evidence
 * paths resolve against the samples folder): a change goes through the same validation as a file.
 */
export async function modelOf(intake: Intake, as: Sample): Promise<Model> {
  const v = await validateIntakeBytes(sampleFile(as), new TextEncoder().encode(JSON.stringify(intake)), { today: TODAY });
  if (!v.ok) throw new Error(`the changed intake is not valid:\n${v.problems.map((p) => `${p.location.path} ${p.message}`).join('\n')}`);
  return buildModel(v.case, { today: TODAY });
}

// ─────────────────────────────────────────────────────────────────── pdf.js readers

/** A field as pdf.js reads it: its value, and for a check box its on-state (export value). */
export interface ReadField {
  type: string;
  /** Text: the text; check box: its export value when checked, "Off" when not. */
  value: string;
  exportValue?: string;
  /** 1-based page of its widget. */
  page: number;
}

/** pdf.js's field objects of every terminal field, by full name. */
export async function readFields(bytes: Uint8Array): Promise<Map<string, ReadField>> {
  const objects = await withPdf(bytes, async (doc) => ((await doc.getFieldObjects()) ?? {}) as Record<string, { type: string; value?: unknown; exportValues?: string; page: number }[]>);
  const out = new Map<string, ReadField>();
  for (const [name, list] of Object.entries(objects)) {
    const w = list.find((o) => o.type !== '');
    if (!w) continue;
    out.set(name, { type: w.type, value: String(w.value ?? ''), ...(w.exportValues !== undefined ? { exportValue: w.exportValues } : {}), page: w.page + 1 });
  }
  return out;
}

/** A field's widget as pdf.js's annotations show it: page, box and the form's tooltip (/TU). */
export interface Widget {
  page: number;
  /** [x1, y1, x2, y2] in the page's user space. */
  rect: [number, number, number, number];
  tooltip: string;
}

/** The first widget of every field, by full name, from each page's annotations. */
export async function readWidgets(bytes: Uint8Array): Promise<Map<string, Widget>> {
  return withPdf(bytes, (doc) => widgetsOf(doc));
}

export async function widgetsOf(doc: PdfjsDoc): Promise<Map<string, Widget>> {
  const out = new Map<string, Widget>();
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    for (const a of (await page.getAnnotations()) as { fieldName?: string; alternativeText?: string; rect: number[] }[]) {
      if (!a.fieldName || out.has(a.fieldName)) continue;
      const [x1, y1, x2, y2] = a.rect as [number, number, number, number];
      out.set(a.fieldName, { page: i, rect: [x1, y1, x2, y2], tooltip: a.alternativeText ?? '' });
    }
    page.cleanup();
  }
  return out;
}

/** A piece of text drawn on a page, with its font size (points, in user space). */
export interface DrawnText {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** The text drawn on each page (not the widgets' values: those appear only once flattened). */
export async function drawnText(bytes: Uint8Array, password?: string): Promise<DrawnText[][]> {
  const doc = await openPdf(bytes, password);
  try {
    const pages: DrawnText[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const items: DrawnText[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) });
      }
      pages.push(items);
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Whether the text lies inside the box (with half a point of slack for rounding). */
export const inside = (t: DrawnText, [x1, y1, x2, y2]: readonly number[]) => t.x >= x1! - 0.5 && t.x + t.width <= x2! + 0.5 && t.y >= y1! - 0.5 && t.y <= y2! + 0.5;

// ─────────────────────────────────────────────────────────────────── problems, qpdf

/** The problems of a PacketError thrown by `fn` (fails when it does not throw one). */
export async function problemsOf(fn: () => Promise<unknown>): Promise<Problem[]> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof PacketError) return err.problems;
    throw err;
  }
  throw new Error('expected a PacketError, nothing was thrown');
}

export const summary = (ps: readonly Problem[]) => ps.map((p) => `${p.code} ${p.location.file}:${p.location.line ?? '?'} ${p.message}`).join('\n');

/** The 1-based line of the first line of `text` that contains `needle` (0 when none does). */
export const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

export const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * `qpdf --check` on the bytes, or null when qpdf is not installed (the one assertion a test may
 * skip): its exit status and output.
 */
export async function qpdfCheck(bytes: Uint8Array, file: string): Promise<{ status: number | null; out: string } | null> {
  const qpdf = findQpdf();
  if (!qpdf) return null;
  await writeFile(file, bytes);
  const r = spawnSync(qpdf, ['--check', file], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** `qpdf --show-encryption` on a file, or null when qpdf is not installed. */
export function qpdfEncryption(file: string): string | null {
  const qpdf = findQpdf();
  if (!qpdf) return null;
  const r = spawnSync(qpdf, ['--show-encryption', file], { encoding: 'utf8', timeout: 60_000 });
  return r.stdout + r.stderr;
}
