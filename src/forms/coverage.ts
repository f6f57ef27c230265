/**
 * What happened to each field of a form when a case filled it, and the coverage report made of
 * that: the fields filled, those answered "N/A" or "None", those continued on the continuation
 * page, and those left blank with the reason.
 */

export type FieldStatus = 'filled' | 'na' | 'continued' | 'blank';

/** Why a field was left blank; the first three are by design, the last two are gaps. */
export type BlankReason = 'by-design' | 'not-applicable' | 'unused-continuation' | 'unanswered' | 'unmapped';

export interface FieldOutcome {
  field: string;
  /** "Part A.I, question 8 (city)", or the field's name when the map does not name it. */
  label: string;
  status: FieldStatus;
  reason?: BlankReason;
  why?: string;
  page: number | null;
}

export interface Coverage {
  /** Fields the form asks of this case: all but those blank by design or not applicable to it. */
  asked: number;
  filled: number;
  na: number;
  continued: number;
  /** Asked and not answered: left blank, or "N/A" where the form requires an answer the intake lacks; or no map entry. */
  gaps: number;
  byDesign: number;
  notApplicable: number;
  /** (filled + na + continued) / asked, in percent, one decimal. */
  percent: number;
}

export function coverageOf(outcomes: readonly FieldOutcome[]): Coverage {
  const n = (f: (o: FieldOutcome) => boolean) => outcomes.filter(f).length;
  const filled = n((o) => o.status === 'filled');
  const na = n((o) => o.status === 'na' && o.reason !== 'unanswered');
  const continued = n((o) => o.status === 'continued');
  // A required answer the intake lacks is a gap, even where the form says "N/A" for it.
  const gaps = n((o) => o.reason === 'unanswered' || o.reason === 'unmapped');
  const byDesign = n((o) => o.status === 'blank' && o.reason === 'by-design');
  const notApplicable = n((o) => o.status === 'blank' && (o.reason === 'not-applicable' || o.reason === 'unused-continuation'));
  const asked = filled + na + continued + gaps;
  return { asked, filled, na, continued, gaps, byDesign, notApplicable, percent: asked ? Math.round(((filled + na + continued) / asked) * 1000) / 10 : 100 };
}
