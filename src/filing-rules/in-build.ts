/**
 * The filing rules as every build runs them: before the first step (a pipeline's `rules.stopOn`
 * stops the case there), again before a step when the build has written a new PDF (the ECAS size
 * rule reads what is written so far), and at the end. Templates see the results (the checklist
 * lists them, fees in their own section); the manifest keeps each rule's id, severity and source,
 * never its message, which quotes the client's dates and names.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import type { Case } from '../intake/validate.js';
import { checkRules, FILING_RULES, type RuleResult, type RuleSeverity } from './engine.js';

/** One result as templates see it: with its rule's title, and whether it asks something of the user. */
export type RuleEntry = RuleResult & { title: string; due: boolean };

export interface RulesModel {
  /** The rules were run (inside a build, before the step that reads them). */
  checked: boolean;
  errors: RuleEntry[];
  warnings: RuleEntry[];
  /** To do or to know (severity info), fees aside. */
  notes: RuleEntry[];
  /** Passed, among the rules that apply to this filing. */
  passed: RuleEntry[];
  /** The fee rules' results, whatever their severity: the checklist's fee lines. */
  fees: RuleEntry[];
}

export const NO_RULES: RulesModel = { checked: false, errors: [], warnings: [], notes: [], passed: [], fees: [] };

const isPdf = (f: string) => f.toLowerCase().endsWith('.pdf');

const RULES = new Map(FILING_RULES.map((r) => [r.id, r]));

/** The rules on a case, with the files (names in `outDir`) this pipeline's build has written so far. */
export async function rulesInBuild(c: Case, today: string, pipeline: string, outDir: string, files: readonly string[]): Promise<RuleResult[]> {
  const pdfs = files.filter(isPdf);
  const outputs = await Promise.all(pdfs.map(async (file) => ({ file, bytes: (await stat(path.join(outDir, file))).size })));
  return checkRules(c, { today, built: [{ pipeline, dir: pipeline, outputs }], building: true });
}

export function rulesModel(results: readonly RuleResult[]): RulesModel {
  const entries = results.map((r): RuleEntry => ({ ...r, title: RULES.get(r.id)?.title ?? r.id, due: r.severity !== 'pass' }));
  const fee = (e: RuleEntry) => RULES.get(e.id)?.fee === true;
  const of = (s: RuleSeverity) => entries.filter((e) => e.severity === s && !fee(e));
  // A rule for another kind of filing (the court's deadline in a USCIS filing) is left off.
  const passed = of('pass').filter((e) => !e.message.startsWith('does not apply'));
  return { checked: true, errors: of('error'), warnings: of('warning'), notes: of('info'), passed, fees: entries.filter(fee) };
}

/** The rules of one pipeline's build for a case: run again only when the build has written a new PDF. */
export class BuildRules {
  results: RuleResult[] = [];
  private pdfs = -1;
  constructor(
    private readonly c: Case,
    private readonly today: string,
    private readonly pipeline: { name: string; rules: { stopOn: readonly RuleSeverity[] } },
    private readonly outDir: string,
  ) {}

  /** Runs the rules again if a PDF was written since they last ran; true when they did. */
  async update(files: readonly string[]): Promise<boolean> {
    const pdfs = files.filter(isPdf).length;
    if (pdfs === this.pdfs) return false;
    this.pdfs = pdfs;
    this.results = await rulesInBuild(this.c, this.today, this.pipeline.name, this.outDir, files);
    return true;
  }

  private located(p: Problem): Problem {
    return { ...p, location: { ...p.location, pipeline: this.pipeline.name, caseId: this.c.intake.caseId } };
  }

  /** The error that stops the case, when a result has a severity the pipeline stops on (each listed with its message). */
  stop(): Problem | undefined {
    const { stopOn } = this.pipeline.rules;
    const stopping = this.results.filter((r) => stopOn.includes(r.severity));
    if (!stopping.length) return undefined;
    const list = stopping.map((r) => `${r.id}: ${r.message}`);
    return this.located(problem('filingRulesStop', { count: stopping.length, stopOn: `[${stopOn.join(', ')}]`, list }, { file: this.c.file, ...(stopping[0]!.path ? { path: stopping[0]!.path } : {}) }));
  }

  /** One warning naming the rules with errors and warnings that did not stop the build (the checklist has their messages). */
  warning(): Problem | undefined {
    const ids = (s: RuleSeverity) => [...new Set(this.results.filter((r) => r.severity === s).map((r) => r.id))];
    const [errors, warnings] = [ids('error'), ids('warning')];
    if (!errors.length && !warnings.length) return undefined;
    return this.located(problem('filingRulesFound', { errors, warnings }, { file: this.c.file }));
  }
}

/** What the manifest keeps of each result: never the message. */
export const persistedRules = (results: readonly RuleResult[]) => results.map(({ id, severity, source }) => ({ id, severity, source }));
