/** Real, valid cases for the filing-rule tests: a sample intake edited in memory, then validated. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkRules, type RuleResult } from '../../src/filing-rules/engine.js';
import { validateIntakeBytes, type Case } from '../../src/intake/validate.js';

export const samplesDir = path.resolve(import.meta.dirname, '../../fixtures/samples');
export type Sample = 'affirmative' | 'defensive' | 'family' | 'court-family';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function sample(name: Sample): Json {
  return JSON.parse(readFileSync(path.join(samplesDir, `intake-${name}.json`), 'utf8'));
}

/** The sample, edited by `edit`, validated as if it sat beside the sample (so its evidence is found). */
export async function caseOf(name: Sample, today: string, edit: (intake: Json) => void = () => {}): Promise<Case> {
  const intake = sample(name);
  edit(intake);
  const file = path.join(samplesDir, `intake-${name}.json`);
  const r = await validateIntakeBytes(file, new TextEncoder().encode(JSON.stringify(intake)), { today });
  if (!r.ok) throw new Error(`the edited ${name} sample is invalid:\n${r.problems.map((p) => `${p.location.path} ${p.message}`).join('\n')}`);
  return r.case;
}

/** The results of one rule for a case. */
export function resultsOf(c: Case, id: string, today: string): RuleResult[] {
  return checkRules(c, { today }).filter((r) => r.id === id);
}

/** The one result of a rule (a rule that gave several is a test failure). */
export function resultOf(c: Case, id: string, today: string): RuleResult {
  const rs = resultsOf(c, id, today);
  if (rs.length !== 1) throw new Error(`expected one result of ${id}, got ${rs.length}: ${JSON.stringify(rs)}`);
  return rs[0]!;
}
