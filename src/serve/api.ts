/**
 * The web app's API: what the server (src/serve/) answers and the browser (web/) asks. Types only,
 * shared by both sides, so that neither guesses the other's shapes.
 *
 * Every request needs the session token: the `asylum-packet-token` cookie, set when the browser
 * opens the address `serve` prints (`/?token=…`, answered with a redirect to `/`), or an
 * `Authorization: Bearer <token>` header (scripts, the bench). Without it: 401.
 * Requests that change something (POST, PUT, DELETE) must also come from the app's own origin.
 *
 * A case is named in URLs by its intake file's name (`intake-family.json`), encoded with
 * encodeURIComponent. Intake files are the .json files directly in the watched folder.
 *
 *   GET  /api/session                        → Session
 *   GET  /api/schema                         → the intake JSON Schema (intake.schema.json)
 *   GET  /api/cases                          → CaseList
 *   GET  /api/events                         → server-sent events: 'case' (CaseSummary), 'removed' ({file}), 'progress' (Progress), 'queue' (QueueCounts)
 *   POST /api/validate        {file?, intake} → Validation (the CLI's validator; `file` places the files it names)
 *   POST /api/cases           NewCase         → 201 Saved | 409 ApiError (a file of that name exists) | 400 ApiError
 *   GET  /api/cases/:file                    → IntakeDocument
 *   PUT  /api/cases/:file     SaveIntake      → 200 Saved | 409 ApiError (changed since `baseHash`: nothing written) | 400 ApiError
 *   POST /api/cases/:file/build {force?}     → 202 {file} (progress and the result come as events)
 *   PUT  /api/cases/:file/evidence?name=<file name>[&folder=<subfolder>]  raw bytes → 201 Uploaded | 413 | 400 ApiError
 *   GET  /api/cases/:file/filing             → Filing (404 ApiError before a first build)
 *   GET  /api/cases/:file/outputs/:pipeline/:name[?download=1] → the output file's bytes (inline, or as an attachment)
 */

export const API_VERSION = 1;
export const TOKEN_COOKIE = 'asylum-packet-token';

export interface Session {
  apiVersion: number;
  /** The watched folder's name (not its full path). */
  folder: string;
  /** The date cases are built as of (YYYY-MM-DD). */
  today: string;
  /** The pipelines' problems: while there are any, no case builds. */
  pipelineProblems: ProblemView[];
  /** Present when the server builds through a queue. */
  queue?: QueueCounts;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A problem as the browser shows it. `message` is there when the server has it (validation, builds of this session). */
export interface ProblemView {
  code: string;
  name: string;
  severity: 'error' | 'warning';
  title: string;
  message?: string;
  hint?: string;
  /** JSON path in dotted form, e.g. `applicant.dateOfBirth`, `evidence[2].translation.file`; absent for the whole file. */
  path?: string;
  line?: number;
  column?: number;
}

/**
 * - new: never built (no status yet)
 * - waiting: asked for, waiting for a worker
 * - building: under way
 * - built: its outputs are current
 * - rejected: the last build failed (see errors)
 * - retrying: the output folder refused it; built again soon
 * - out-of-date: built, but the intake changed since
 */
export type CaseState = 'new' | 'waiting' | 'building' | 'built' | 'rejected' | 'retrying' | 'out-of-date';

export interface Deadline {
  kind: 'one-year' | 'court-filing';
  /** YYYY-MM-DD */
  date: string;
  /** Days from today; negative when past. */
  daysLeft: number;
  /** Met by a filing recorded before it (one-year deadline): no longer running, whatever daysLeft says. */
  met: boolean;
  /** For court filings: the hearing the deadline is counted from. */
  hearing?: { kind: 'master' | 'individual'; date: string };
  /** One line for people, e.g. "one-year deadline 2026-03-14 (passed 260 days ago; an exception is claimed)". */
  label: string;
}

export interface RuleResult {
  id: string;
  /** pass, warn, fail, … as the filing rules say */
  severity: string;
  source: string;
}

export interface CaseSummary {
  /** The intake file's name: the case's key. */
  file: string;
  caseId: string | null;
  /** "FAMILY NAME, Given names", from the intake; null when it has none yet. */
  applicant: string | null;
  proceeding: 'affirmative' | 'defensive' | null;
  state: CaseState;
  /** When the last build ended (ISO). */
  builtAt: string | null;
  deadline: Deadline | null;
  errors: ProblemView[];
  warnings: ProblemView[];
  rules: RuleResult[];
  /** Differences from an earlier filing not acknowledged yet (null: no earlier filing compared). */
  toAcknowledge: number | null;
  /** Pipelines with published outputs. */
  pipelines: string[];
  /** SHA-256 of the intake file's bytes. */
  hash: string;
}

export interface CaseList {
  today: string;
  cases: CaseSummary[];
}

export interface Progress {
  file: string;
  state: 'waiting' | 'building' | 'done';
}

export interface Validation {
  ok: boolean;
  problems: ProblemView[];
}

export interface IntakeDocument {
  file: string;
  /** SHA-256 of the file's bytes: send it back as `baseHash` when saving. */
  hash: string;
  /** The intake as parsed (key order kept). */
  intake: unknown;
}

export interface NewCase {
  /** File name wanted (".json" added when missing); by default the caseId. */
  file?: string;
  intake: unknown;
}

export interface SaveIntake {
  /** The hash of the version this edit started from. */
  baseHash: string;
  intake: unknown;
}

export interface Saved {
  file: string;
  hash: string;
  /** The validation of what was written (a file with errors is saved too: nothing typed is lost). */
  problems: ProblemView[];
}

export interface Uploaded {
  /** Where it landed, relative to the intake's folder: what `evidence[].file` or `translation.file` takes. */
  path: string;
  bytes: number;
}

export interface ApiError {
  error: ProblemView;
  /** For a refused save: the hash of the version on disk now. */
  currentHash?: string;
}

export interface OutputFile {
  name: string;
  bytes: number;
  /** The URL that serves it (add ?download=1 to download). */
  url: string;
}

export interface ExhibitView {
  id: string;
  tab: string | null;
  title: string;
  /** Pages in the packet (1-based), when it was built. */
  firstPage: number | null;
  lastPage: number | null;
  /** What the intake names: the file and its translation. */
  file: string;
  translation: string | null;
  warnings: ProblemView[];
  /** encrypted: opened with its password; repaired: damaged, repaired for the packet; image-without-text: pages with no searchable text. */
  flags: ('encrypted' | 'repaired' | 'image-without-text')[];
}

export interface FilingPipeline {
  pipeline: string;
  builtAt: string | null;
  files: OutputFile[];
  /** The numbered exhibit packet, when the pipeline makes one. */
  packet: OutputFile | null;
  exhibits: ExhibitView[];
  /** The filing checklist, in Markdown. */
  checklist: string | null;
  /** The consistency report, in Markdown. */
  consistency: string | null;
  warnings: ProblemView[];
  rules: RuleResult[];
}

export interface Filing {
  file: string;
  caseId: string;
  pipelines: FilingPipeline[];
}
