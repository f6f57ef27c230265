/**
 * A filing rule: a small named check of a valid case against the law that governs its filing,
 * with a stable id and the source it rests on (statute, regulation, ICPM section: DOMAIN.md).
 */
import type { IsoDate } from '../intake/calendar.js';
import type { Case } from '../intake/validate.js';

export type RuleSeverity = 'error' | 'warning' | 'info' | 'pass';

/** What one rule found. `path` is the intake field to look at, when there is one. */
export interface RuleResult {
  id: string;
  severity: RuleSeverity;
  message: string;
  source: string;
  path?: string;
}

export interface RuleContext {
  /** The date the check is made: deadlines already past on this date are errors. */
  today: IsoDate;
  /**
   * The case's built filings (from their manifest.json), for the rules that check what was built;
   * undefined when they were not looked for, empty when none is built.
   */
  built?: readonly BuiltFiling[];
  /** The rules run inside a build: `built` is what this build has written so far. */
  building?: true;
}

/** One built pipeline of a case, as its manifest lists it. */
export interface BuiltFiling {
  pipeline: string;
  /** The folder it was published in, as the user would name it. */
  dir: string;
  outputs: readonly { file: string; bytes: number }[];
}

/** What a rule returns: its id and source are added by the engine unless the finding names its own source. */
export type Finding = Omit<RuleResult, 'id' | 'source'> & { source?: string };

export interface FilingRule {
  /** Stable, kebab-case: scripts and support notes refer to it. */
  id: string;
  /** In a few words, for the table and --help. */
  title: string;
  /** The statute, regulation or ICPM section the rule rests on. */
  source: string;
  /** Its results are fees to pay: the checklist gives them their own section. */
  fee?: true;
  check: (c: Case, ctx: RuleContext) => Finding[];
}
