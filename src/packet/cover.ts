/**
 * The first page. For the immigration court, the EOIR cover page (ICPM 3.3(c)): filer block with
 * EOIR ID top left, DETAINED top right when detained, the court block, "In the Matter of", the
 * A-number, "In removal proceedings", judge and next hearing, and the document title centred.
 * For USCIS, a cover sheet naming the applicant and the contents.
 */
import { rgb } from '@cantoo/pdf-lib';
import type { Model } from '../render/model.js';
import { FILTERS } from '../render/filters.js';
import { addressLine } from '../render/wording.js';
import type { Composer } from './compose.js';
import { LETTER, MARGIN } from './geometry.js';
import { drawLine } from '../pdf/text.js';

export interface CoverFacts {
  title: string;
  /** "Tabs A through H". */
  contents: string;
  /** "Part 2 of 3", when the filing is written in several files. */
  part?: string;
}

function filerLines(m: Model): string[] {
  const r = m.representative;
  if (r) {
    return [r.name, ...(r.firm ? [r.firm] : []), r.address.street + (r.address.unit ? `, ${r.address.unit}` : ''), `${r.address.city}, ${r.address.state} ${r.address.zip}`, r.phone, ...(r.email ? [r.email] : []), ...(r.eoirId ? [`EOIR ID: ${r.eoirId}`] : [])];
  }
  const a = m.applicant.usAddress;
  return [`${m.derived.fullName}, Respondent, pro se`, a.street + (a.unit ? `, ${a.unit}` : ''), `${a.city}, ${a.state} ${a.zip}`, ...(m.applicant.phone ? [m.applicant.phone] : [])];
}

function hearingLine(m: Model): string | undefined {
  const h = m.proceeding.nextHearing;
  if (!h) return undefined;
  const kind = h.kind === 'master' ? 'Master calendar hearing' : 'Individual hearing';
  return `${kind}: ${FILTERS.longDate(h.date)}${h.time ? ` at ${time12(h.time)}` : ''}`;
}

/** "09:00" → "9:00 a.m.", "13:30" → "1:30 p.m." */
export function time12(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const suffix = h < 12 ? 'a.m.' : 'p.m.';
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${suffix}`;
}

export function drawEoirCover(c: Composer, m: Model, facts: CoverFacts): void {
  for (const line of filerLines(m)) c.text(line, { size: 11, leading: 13.5 });
  if (m.proceeding.detained) {
    drawLine(c.page, 'DETAINED', c.right, LETTER.height - MARGIN - 14, { font: c.fonts.bold, size: 14, align: 'right' });
  }
  c.space(28);
  for (const line of ['UNITED STATES DEPARTMENT OF JUSTICE', 'EXECUTIVE OFFICE FOR IMMIGRATION REVIEW', 'IMMIGRATION COURT', `${(m.proceeding.court?.city ?? '').toUpperCase()}, ${m.proceeding.court?.state ?? ''}`]) {
    c.text(line, { style: 'bold', align: 'center', leading: 15 });
  }
  c.space(22);
  drawCaption(c, m);
  c.space(40);
  c.text(facts.title, { style: 'bold', align: 'center', size: 13, leading: 17, indent: 36, width: c.right - c.left - 72 });
  c.text(facts.contents, { align: 'center', before: 14 });
  if (facts.part) c.text(facts.part.toUpperCase(), { style: 'bold', align: 'center', size: 13, before: 14 });
}

/** The two-column caption: the matter on the left, file number, judge and hearing on the right. */
function drawCaption(c: Composer, m: Model): void {
  const top = c.y;
  const mid = c.left + (c.right - c.left) / 2;
  // The lead respondent first, then each family member in the same proceeding, as the court lists them.
  const { respondents } = m;
  c.text('In the Matter of:', { width: mid - c.left - 12, after: 6 });
  for (const r of respondents) c.text(`${r.name.toUpperCase()},`, { style: 'bold', indent: 24, width: mid - c.left - 36 });
  c.text(respondents.length > 1 ? 'Respondents.' : 'Respondent.', { indent: 120, width: mid - c.left - 132, after: 10 });
  c.text('In removal proceedings', { width: mid - c.left - 12 });
  const leftBottom = c.y;
  c.y = top;
  const right = { indent: mid - c.left + 12, width: c.right - mid - 12, size: 11.5 };
  if (respondents.length > 1) {
    c.text('File Nos.:', right);
    for (const r of respondents) c.text(r.aNumber ?? '(none)', { ...right, indent: right.indent + 18, width: right.width - 18 });
    c.space(6);
  } else {
    c.text(`File No.: ${respondents[0]!.aNumber ?? '(none)'}`, { ...right, after: 6 });
  }
  if (m.proceeding.judge) c.text(`Immigration Judge: ${m.proceeding.judge}`, { ...right, after: 6 });
  const hearing = hearingLine(m);
  if (hearing) c.text(hearing, right);
  c.y = Math.min(c.y, leftBottom) - 8;
  c.page.drawLine({ start: { x: mid, y: top + 4 }, end: { x: mid, y: c.y }, thickness: 0.75, color: rgb(0, 0, 0) });
  c.page.drawLine({ start: { x: c.left, y: c.y }, end: { x: mid, y: c.y }, thickness: 0.75, color: rgb(0, 0, 0) });
}

export function drawUscisCover(c: Composer, m: Model, facts: CoverFacts): void {
  c.text('U.S. DEPARTMENT OF HOMELAND SECURITY', { style: 'bold', align: 'center', leading: 15 });
  c.text('U.S. CITIZENSHIP AND IMMIGRATION SERVICES', { style: 'bold', align: 'center', leading: 15 });
  if (m.proceeding.asylumOffice) c.text(m.proceeding.asylumOffice.toUpperCase(), { style: 'bold', align: 'center', leading: 15 });
  c.space(40);
  c.text(facts.title, { style: 'bold', align: 'center', size: 13, leading: 17, indent: 36, width: c.right - c.left - 72, after: 30 });
  c.field('Applicant:', m.derived.fullName);
  c.field('A-Number:', m.derived.aNumber ?? 'None');
  c.field('Date of birth:', FILTERS.longDate(m.applicant.dateOfBirth));
  c.field('Country:', m.applicant.nationality);
  for (const d of m.derived.derivatives) c.field(d.relationship === 'spouse' ? 'Derivative (spouse):' : 'Derivative (child):', `${d.fullName}, born ${FILTERS.longDate(d.dateOfBirth)}`);
  c.space(18);
  c.field('Contents:', facts.contents);
  if (facts.part) c.field('File:', facts.part);
  c.field('Filing date:', FILTERS.longDate(m.derived.filingDate));
  const r = m.representative;
  if (r) {
    c.space(18);
    c.field('Submitted by:', [r.name, r.firm, addressLine(r.address), r.phone].filter(Boolean).join('\n'));
  }
}
