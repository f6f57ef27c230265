/**
 * A report that can be attached to a bug report (issue 13, `asylum-packet report <intake> --redact`):
 * what a maintainer needs to reproduce a problem, and nothing that identifies the client.
 *
 * - the tool: version, Node, platform, the pipelines' names, `--today`;
 * - the intake's shape (redact.ts): its keys and array lengths, every string a placeholder, but the
 *   schema's enum members, the case id a short hash;
 * - the validation's problems: code, name, title, severity and JSON path (never the message,
 *   which may quote a value; a path's unknown keys are placeholders too);
 * - each file the intake names: its tab and role, the type its content shows, its size, its
 *   extension when it is a known one, and for a PDF its pages, encryption and whether it needed
 *   repair (read once through the open-once checks, within the limits; never its name or path);
 * - with `build`, the case built into a temporary owner-only folder (removed on every exit path
 *   but SIGKILL): each pipeline's outcome, its problems and its output names, the case id in them
 *   replaced, and any other part a template fills replaced too.
 *
 * Library code: it prints nothing and never exits; the CLI (src/cli/commands/report.ts) writes
 * the report and prints `summarise`.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { persistedProblem } from '../builder/privacy.js';
import { CaseBuilder } from '../builder/case-builder.js';
import { casePipelines } from '../builder/build-case.js';
import type { Problem, Severity } from '../errors/problem.js';
import { checkFiles, fileReferences, readChecked, resolveReference, type CheckedFile } from '../intake/files.js';
import { intakeJsonSchema } from '../intake/json-schema.js';
import { localToday, readIntakeBytes, validateIntakeBytes } from '../intake/validate.js';
import { DEFAULT_LIMITS, MAX_INTAKE_DEPTH } from '../limits.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR, PACKAGE_VERSION } from '../paths.js';
import { ExhibitLoadError, type LoadedExhibit } from '../pdf/exhibit.js';
import { exhibitType } from '../pdf/file-type.js';
import { loadJpeg, loadPng, loadTiff } from '../pdf/load-image.js';
import { loadPdf } from '../pdf/load-pdf.js';
import { findQpdf } from '../pdf/repair.js';
import * as privateTemp from '../private-temp.js';
import { loadPipelines, type Pipeline } from '../pipeline/load.js';
import { tabLetter } from '../render/tabs.js';
import { parseJson, type JsonSource } from '../source/json.js';
import { Redactor, shortHash, type SchemaNode } from './redact.js';

export const REPORT_VERSION = 1;

export interface BugReportOptions {
  /** `--today`: take this date as today (for validation and the build). */
  today?: string;
  /** Also build the case into a temporary folder and report each pipeline's outcome. */
  build?: boolean;
  templatesDir?: string;
  pipelinesDir?: string;
}

/** A problem as a report shows it: never the message or the hint, the path with its unknown keys replaced. */
export interface ReportedProblem {
  code: string;
  name: string;
  title: string;
  severity: Severity;
  path?: string;
  pipeline?: string;
  step?: number;
  kind?: string;
}

export interface ReportedFile {
  /** `evidence[2].translation.file`: where the intake names it (never the name itself). */
  at: string;
  /** Exhibit index (from 0) and its tab in the default arrangement (letters, intake order). */
  exhibit?: number;
  tab?: string;
  role: 'original' | 'translation' | 'snapshot';
  /** The extension when it is one the tool knows (`.pdf`, `.jpg`…), else a placeholder. */
  extension: string;
  /** Whether the validation's file checks passed, and the file was read. */
  read: boolean;
  /** The codes of the validation's problems with this file (AP13xx), when it was not read. */
  problems?: string[];
  bytes?: number;
  /** What the content is (`PDF`, `JPEG`, `a HEIC/HEIF photo`…), sniffed from its bytes. */
  type?: string;
  pdf?: { pages: number; encrypted: boolean; repair: 'none' | 'recovered by pdf-lib' | 'needs qpdf' };
  image?: { width: number; height: number; orientation?: number };
  /** Why the loader refused it (exhibit.ts ExhibitFailure), with the limit it is over. */
  loadFailure?: { reason: string; actual?: string; claimed?: string; over?: { limit: number; actual: number } };
}

export interface PipelineOutcome {
  pipeline: string;
  outcome: 'built' | 'built, with a document missing' | 'failed' | 'not run';
  files: string[];
}

export interface BugReport {
  reportVersion: number;
  redacted: true;
  tool: { name: 'asylum-packet'; version: string; node: string; platform: string; arch: string; qpdf: boolean };
  options: { today?: string; build: boolean; templates: 'shipped' | 'other'; pipelines: 'shipped' | 'other' };
  pipelines: { names: string[]; problems: ReportedProblem[] };
  intake: {
    /** sha256 of the caseId, first 8 hex digits; absent when the intake has no caseId string. */
    caseIdHash?: string;
    bytes?: number;
    /** Whether the file was read and parsed as JSON; the shape is there only then. */
    parsed: boolean;
    shape?: unknown;
  };
  validation: { valid: boolean; errors: number; warnings: number; problems: ReportedProblem[] };
  files: ReportedFile[];
  build?: { ok: boolean; ms: number; pipelines: PipelineOutcome[]; problems: ReportedProblem[] };
}

/** Extensions a report may show: those the tool knows; any other could be anything. */
const KNOWN_EXTENSIONS = new Set([
  '.pdf', '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.tif', '.tiff', '.heic', '.heif', '.hif', '.avif', '.gif', '.bmp', '.dib', '.webp',
  '.docx', '.docm', '.doc', '.xls', '.msg', '.zip', '.rtf', '.htm', '.html', '.xml', '.mp4', '.mov', '.m4a', '.3gp', '.json', '.txt',
]);

function extensionShown(value: string): string {
  const ext = path.posix.extname(value.replace(/\\/g, '/')).toLowerCase();
  if (ext === '') return '(none)';
  return KNOWN_EXTENSIONS.has(ext) ? ext : '‹other extension›';
}

const TYPE_NAMES: Record<string, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', tiff: 'TIFF' };

/** Builds the report of one intake file. Never throws for what the intake or its files hold. */
export async function bugReport(file: string, opts: BugReportOptions = {}): Promise<BugReport> {
  const abs = path.resolve(file);
  const today = opts.today ?? localToday();
  const templatesDir = path.resolve(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const pipelinesDir = path.resolve(opts.pipelinesDir ?? DEFAULT_PIPELINES_DIR);
  const schema = intakeJsonSchema() as SchemaNode;
  const redactor = new Redactor(schema);

  const report: BugReport = {
    reportVersion: REPORT_VERSION,
    redacted: true,
    tool: { name: 'asylum-packet', version: PACKAGE_VERSION, node: process.version, platform: process.platform, arch: process.arch, qpdf: findQpdf() !== false },
    options: {
      ...(opts.today ? { today: opts.today } : {}),
      build: Boolean(opts.build),
      templates: templatesDir === path.resolve(DEFAULT_TEMPLATES_DIR) ? 'shipped' : 'other',
      pipelines: pipelinesDir === path.resolve(DEFAULT_PIPELINES_DIR) ? 'shipped' : 'other',
    },
    pipelines: { names: [], problems: [] },
    intake: { parsed: false },
    validation: { valid: false, errors: 0, warnings: 0, problems: [] },
    files: [],
  };

  // The pipelines: their names (office configuration, not client data) and their problems.
  const loaded = await loadPipelines(pipelinesDir, { templatesDir, checkSteps: false });
  report.pipelines.names = loaded.pipelines.length ? loaded.pipelines.map((p) => p.name) : await pipelineFileNames(pipelinesDir);
  report.pipelines.problems = loaded.problems.map((p) => reportProblem(p, { kind: 'config' }));

  // The intake, read once as validate reads it (a FIFO refused, never more than the limit).
  const read = await readIntakeBytes(abs);
  const bytes = 'bytes' in read ? read.bytes : undefined;
  let value: unknown;
  let source: JsonSource | undefined;
  if (bytes) {
    report.intake.bytes = bytes.length;
    const parsed = parseJson(abs, bytes, { maxDepth: MAX_INTAKE_DEPTH });
    if (parsed.ok) {
      source = parsed.source;
      value = parsed.source.value;
      report.intake.parsed = true;
      const caseId = (value as { caseId?: unknown } | null)?.caseId;
      if (typeof caseId === 'string') report.intake.caseIdHash = shortHash(caseId);
      report.intake.shape = redactor.redact(value);
    }
  }

  const v = bytes ? await validateIntakeBytes(abs, bytes, { today }) : undefined;
  const problems = v ? v.problems : [];
  report.validation = {
    valid: Boolean(v?.ok),
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    problems: problems.map((p) => reportProblem(p, { kind: 'intake', value, redactor })),
  };
  if ('problem' in read) {
    report.validation.errors = 1;
    report.validation.problems = [reportProblem(read.problem, { kind: 'config' })];
  }

  if (source) report.files = await reportFiles(source, problems, redactor);

  if (opts.build) report.build = await buildReport(abs, value, { today, templatesDir, pipelinesDir, pipelines: loaded.pipelines, redactor });
  return report;
}

async function pipelineFileNames(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n) && !n.endsWith('.schema.json')).sort();
}

type ProblemContext = { kind: 'intake'; value: unknown; redactor: Redactor } | { kind: 'config' } | { kind: 'build'; value: unknown; redactor: Redactor; intake: string; configDirs: string[] };

/**
 * A problem for the report: code, name, title, severity, and where: the JSON path (redacted when
 * it is a path of the intake), the pipeline, step and step kind. Never the message, the hint or
 * the file, which may name the client.
 */
function reportProblem(p: Problem, ctx: ProblemContext): ReportedProblem {
  const kept = persistedProblem(p);
  const out: ReportedProblem = { code: kept.code, name: kept.name, title: kept.title, severity: kept.severity };
  const loc = p.location;
  if (loc.path) {
    const inConfig =
      ctx.kind === 'config' ||
      (ctx.kind === 'build' && loc.file !== undefined && path.resolve(loc.file) !== ctx.intake && ctx.configDirs.some((d) => path.resolve(loc.file).startsWith(d + path.sep)));
    // A path in a pipeline or template is the office's configuration; any other is the intake's.
    out.path = inConfig ? loc.path : (ctx as { redactor: Redactor; value: unknown }).redactor.redactPath((ctx as { value: unknown }).value, loc.path);
  }
  if (loc.pipeline) out.pipeline = loc.pipeline;
  if (loc.step !== undefined) out.step = loc.step;
  if (loc.kind) out.kind = loc.kind;
  return out;
}

/** Each file the intake names: what it is, never what it is called. */
async function reportFiles(source: JsonSource, problems: Problem[], redactor: Redactor): Promise<ReportedFile[]> {
  const value = source.value;
  const dir = path.dirname(path.resolve(source.file));
  const refs = fileReferences(value);
  // The files as validate checks them: the real path inside the folder, a regular file, its identity kept.
  const { checked } = await checkFiles(value, source, { checkExistence: true }).catch(() => ({ checked: new Map<string, CheckedFile>() }));
  const out: ReportedFile[] = [];
  for (const ref of refs) {
    const at = redactor.redactPath(value, formatRefPath(ref.path));
    const role: ReportedFile['role'] = ref.kind === 'snapshot' ? 'snapshot' : ref.path.includes('translation') ? 'translation' : 'original';
    const r: ReportedFile = { at, role, extension: extensionShown(ref.value), read: false };
    if (ref.kind === 'exhibit' && typeof ref.path[1] === 'number') {
      r.exhibit = ref.path[1];
      r.tab = tabLetter(ref.path[1]);
    }
    const c = checked.get(resolveReference(dir, ref.value));
    if (!c) {
      const where = formatRefPath(ref.path);
      const codes = [...new Set(problems.filter((p) => p.location.path === where).map((p) => p.code))];
      if (codes.length) r.problems = codes;
      out.push(r);
      continue;
    }
    r.bytes = c.size;
    if (ref.kind === 'exhibit') {
      const evidence = (value as { evidence?: { password?: unknown }[] }).evidence?.[ref.path[1] as number];
      const password = ref.path.includes('translation') ? undefined : typeof evidence?.password === 'string' ? evidence.password : undefined;
      Object.assign(r, await describeExhibit(c, password));
    } else {
      r.read = true;
      r.type = 'JSON';
    }
    out.push(r);
  }
  return out;
}

function formatRefPath(p: readonly (string | number)[]): string {
  return p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');
}

/** What an exhibit is, read once through openChecked and loaded by the tool's own loaders (no qpdf: it only says a repair is needed). */
async function describeExhibit(checked: CheckedFile, password: string | undefined): Promise<Partial<ReportedFile>> {
  let bytes: Buffer;
  try {
    bytes = await readChecked(checked);
  } catch {
    return { read: false, loadFailure: { reason: 'changed' } };
  }
  const out: Partial<ReportedFile> = { read: true };
  try {
    const type = exhibitType(checked.real, bytes);
    out.type = TYPE_NAMES[type] ?? type;
    let loaded: LoadedExhibit;
    switch (type) {
      case 'pdf':
        loaded = await loadPdf(checked.real, bytes, password, false, DEFAULT_LIMITS);
        break;
      case 'jpeg':
        loaded = loadJpeg(bytes, DEFAULT_LIMITS);
        break;
      case 'png':
        loaded = loadPng(bytes, DEFAULT_LIMITS);
        break;
      case 'tiff':
        loaded = await loadTiff(bytes, DEFAULT_LIMITS);
        break;
    }
    if (loaded.kind === 'pdf') {
      out.pdf = { pages: loaded.pageCount, encrypted: loaded.wasEncrypted, repair: loaded.repairedWith ? 'recovered by pdf-lib' : 'none' };
    } else {
      out.image = { width: loaded.width, height: loaded.height, ...(loaded.orientation !== undefined ? { orientation: loaded.orientation } : {}) };
    }
  } catch (err) {
    if (err instanceof ExhibitLoadError) {
      out.loadFailure = {
        reason: err.reason,
        ...(err.actual ? { actual: err.actual } : {}),
        ...(err.claimed ? { claimed: err.claimed } : {}),
        ...(err.over ? { over: { limit: err.over.limit, actual: err.over.actual } } : {}),
      };
      if (err.reason === 'damaged' && out.type === 'PDF') out.pdf = { pages: 0, encrypted: false, repair: 'needs qpdf' };
      if (err.actual && !out.type) out.type = err.actual;
    } else {
      // an exception the loaders did not foresee: its words may quote the file, so only its kind
      out.loadFailure = { reason: 'unexpected', actual: err instanceof Error ? err.name : typeof err };
    }
  }
  return out;
}

// ── --build ───────────────────────────────────────────────────────────────────

const TEMP_PREFIX = 'asylum-packet-report-';

/** The folders of report builds whose process is gone (killed with SIGKILL, which cannot be handled): removed. */
export function removeStaleReportDirs(tmp = os.tmpdir()): Promise<string[]> {
  return privateTemp.removeStaleTempDirs(TEMP_PREFIX, { tmp });
}

/** The temporary folders of builds under way (for tests). */
export function liveReportDirs(): string[] {
  return privateTemp.livePrivateTempDirs(TEMP_PREFIX);
}

interface BuildContext {
  today: string;
  templatesDir: string;
  pipelinesDir: string;
  pipelines: readonly Pipeline[];
  redactor: Redactor;
}

async function buildReport(intake: string, value: unknown, ctx: BuildContext): Promise<NonNullable<BugReport['build']>> {
  // The build's outputs hold the client's documents: a private folder, removed on every exit path.
  await removeStaleReportDirs();
  const dir = await privateTemp.makePrivateTempDir(TEMP_PREFIX);
  let builder: CaseBuilder | undefined;
  try {
    builder = await CaseBuilder.open({ outDir: dir, templatesDir: ctx.templatesDir, pipelinesDir: ctx.pipelinesDir, today: ctx.today, concurrency: 1, force: true });
    const r = await builder.build(intake, { force: true });
    const caseId = r.caseId ?? (typeof (value as { caseId?: unknown } | null)?.caseId === 'string' ? ((value as { caseId: string }).caseId) : undefined);
    // Each pipeline's output name patterns (`{{caseId}}-declaration.docx`), as its steps were bound.
    const patterns = new Map(ctx.pipelines.map((p) => [p.name, p.steps.flatMap((st) => st.bound.outputs)]));
    const pctx: ProblemContext = { kind: 'build', value, redactor: ctx.redactor, intake, configDirs: [ctx.templatesDir, ctx.pipelinesDir] };
    const problems = r.problems.map((p) => reportProblem(p, pctx));
    const failedPipelines = new Set(r.problems.filter((p) => p.severity === 'error' && p.location.pipeline).map((p) => p.location.pipeline!));
    const selected = r.ok ? r.outputs.map((o) => o.pipeline) : ((await casePipelines(intake, ctx.pipelines, ctx.today).catch(() => undefined))?.pipelines ?? [...failedPipelines]);
    const pipelines: PipelineOutcome[] = selected.map((name) => {
      const out = r.outputs.find((o) => o.pipeline === name);
      const outcome: PipelineOutcome['outcome'] = !r.ok ? (failedPipelines.has(name) ? 'failed' : 'not run') : failedPipelines.has(name) ? 'built, with a document missing' : 'built';
      return { pipeline: name, outcome, files: (out?.files ?? []).map((f) => outputNameShown(f, caseId, patterns.get(name) ?? [])) };
    });
    return { ok: r.ok, ms: r.ms, pipelines, problems };
  } finally {
    await builder?.close().catch(() => undefined);
    await privateTemp.removePrivateTempDir(dir);
  }
}

const EXPRESSION = /\{\{\{?\s*([^}]*?)\s*\}?\}\}/g;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An output file name as a report shows it. Output names come from the pipeline's patterns and
 * may hold anything a template puts there: the case id (which may hold a surname) is shown as
 * `‹caseId›`, an exhibit's tab is kept, and any other expression's text is replaced; a name that
 * fits no pattern is a placeholder altogether.
 */
export function outputNameShown(name: string, caseId: string | undefined, patterns: readonly string[]): string {
  for (const pattern of patterns) {
    const parts: { literal?: string; expr?: string }[] = [];
    let last = 0;
    for (const m of pattern.matchAll(EXPRESSION)) {
      if (m.index! > last) parts.push({ literal: pattern.slice(last, m.index) });
      parts.push({ expr: m[1]! });
      last = m.index! + m[0].length;
    }
    if (last < pattern.length) parts.push({ literal: pattern.slice(last) });
    const re = new RegExp(
      '^' +
        parts
          .map((p) =>
            p.literal !== undefined ? escapeRe(p.literal)
            : p.expr === 'caseId' ? (caseId ? `(${escapeRe(caseId)})` : '(.+?)')
            : p.expr === 'item.tab' ? '([A-Z]{1,3}|\\d{1,4})'
            : '(.+?)',
          )
          .join('') +
        '$',
      's',
    );
    const m = re.exec(name);
    if (!m) continue;
    let g = 1;
    return parts
      .map((p) => {
        if (p.literal !== undefined) return p.literal;
        const text = m[g++]!;
        return p.expr === 'caseId' ? '‹caseId›' : p.expr === 'item.tab' ? text : '‹…›';
      })
      .join('');
  }
  const ext = extensionShown(name);
  return `‹output: ${[...name].length} chars, ${ext.startsWith('‹') ? 'other extension' : ext}›`;
}

// ── the summary on the terminal ─────────────────────────────────────────────────

/** A few lines for the terminal: what the report holds (it holds nothing that names the client). */
export function summarise(r: BugReport): string {
  const lines: string[] = [];
  const caseText = r.intake.caseIdHash ? `case sha256:${r.intake.caseIdHash}` : 'no case id';
  lines.push(`  ${caseText} · intake ${r.intake.bytes ?? 0} bytes${r.intake.parsed ? '' : ', not parsed'} · ${r.validation.valid ? 'valid' : 'invalid'} (${r.validation.errors} error${r.validation.errors === 1 ? '' : 's'}, ${r.validation.warnings} warning${r.validation.warnings === 1 ? '' : 's'})`);
  for (const p of r.validation.problems.slice(0, 10)) lines.push(`    ${p.code} ${p.name}${p.path ? `  at ${p.path}` : ''}`);
  if (r.validation.problems.length > 10) lines.push(`    … and ${r.validation.problems.length - 10} more`);
  const types = new Map<string, number>();
  for (const f of r.files) types.set(f.type ?? 'not read', (types.get(f.type ?? 'not read') ?? 0) + 1);
  lines.push(`  files: ${r.files.length}${r.files.length ? ` (${[...types].map(([t, n]) => `${n} ${t}`).join(', ')})` : ''}`);
  lines.push(`  pipelines: ${r.pipelines.names.join(', ') || 'none'}${r.pipelines.problems.length ? ` (${r.pipelines.problems.length} problems)` : ''}`);
  if (r.build) {
    lines.push(`  build: ${r.build.ok ? 'built' : 'failed'} in ${r.build.ms} ms`);
    for (const p of r.build.pipelines) lines.push(`    ${p.pipeline}: ${p.outcome}, ${p.files.length} file${p.files.length === 1 ? '' : 's'}`);
    const errors = r.build.problems.filter((p) => p.severity === 'error');
    for (const p of errors.slice(0, 5)) lines.push(`    ${p.code} ${p.name}${p.pipeline ? ` in ${p.pipeline}` : ''}${p.step !== undefined ? ` step ${p.step}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
