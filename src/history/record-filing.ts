/**
 * Records a filing as it was filed (issue 11, part 1): beside the intake, in `history/`,
 *
 * - `<date>-<stage>.json`: the intake's bytes exactly as the filing was built from them;
 * - `<date>-<stage>.record.json`: what was filed, each pipeline's documents with their sha256 (as
 *   they are now: a document signed or edited after the build is noted as such) and the exhibits'
 *   tab letters and page ranges;
 *
 * and adds the filing to the intake's `proceeding.priorFilings[]`, naming the snapshot (the file's
 * formatting kept). Both history files are created once, read-only, and never replaced: recording
 * the same stage and date again is AP6001. The filing must have been built from this very intake
 * (its manifest says so, by hash), else AP6002. A record interrupted after the snapshot was made is
 * finished by running it again.
 */
import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pipelinesFor } from '../builder/build-case.js';
import { readManifest } from '../builder/manifest.js';
import { sha256File } from '../builder/fingerprint.js';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { localToday, readIntakeBytes, validateIntakeBytes } from '../intake/validate.js';
import { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from '../paths.js';
import { loadPipelines } from '../pipeline/load.js';
import { recordFileOf } from './filing-files.js';
import { withPriorFiling } from './prior-filings.js';

export const FILING_STAGES = ['affirmative', 'defensive', 'supplemental'] as const;
export type FilingStage = (typeof FILING_STAGES)[number];

export interface RecordFilingOptions {
  stage: FilingStage;
  /** The date the filing was made (YYYY-MM-DD). */
  date: string;
  /** Where the case was built (<outDir>/<caseId>/<pipeline>/). */
  outDir: string;
  pipelinesDir?: string;
  templatesDir?: string;
  /** Today, for validation (default: the local date). */
  today?: string;
}

export interface FiledDocument {
  file: string;
  sha256: string;
  bytes: number;
  /** The document differs from what the build wrote (signed or edited after it): what is recorded is what is there now. */
  changedSinceBuilt?: true;
}

export interface FilingRecord {
  recordVersion: 1;
  caseId: string;
  stage: FilingStage;
  filedOn: string;
  /** The snapshot, relative to the intake's folder, and the sha256 of its bytes (the intake as filed). */
  snapshot: { path: string; sha256: string };
  filings: {
    pipeline: string;
    documents: FiledDocument[];
    exhibits: { id: string; tab?: string; firstPage: number; lastPage: number }[];
    /** The files the intake named, as the build read them (path relative to the intake, sha256): an exhibit changed since is found by its hash. */
    evidence: { path: string; sha256: string }[];
  }[];
}

export interface RecordedFiling {
  /** Absolute paths of the snapshot and the record. */
  snapshot: string;
  record: string;
  recorded: FilingRecord;
  /** The index in proceeding.priorFilings[] of the entry naming the snapshot. */
  entry: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const fail = (problems: Problem[]): never => {
  throw new PacketError(problems);
};

/** Writes a file that must not exist yet, read-only once written. */
async function createOnce(file: string, bytes: Uint8Array | string): Promise<void> {
  const fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await chmod(file, 0o400);
}

export async function recordFiling(file: string, opts: RecordFilingOptions): Promise<RecordedFiling> {
  const intakeFile = path.resolve(file);
  const dir = path.dirname(intakeFile);
  const today = opts.today ?? localToday();
  const read = await readIntakeBytes(intakeFile);
  if ('problem' in read) fail([read.problem]);
  const bytes = Buffer.from((read as { bytes: Uint8Array }).bytes);
  const v = await validateIntakeBytes(intakeFile, bytes, { today });
  if (!v.ok) fail(v.problems.filter((p) => p.severity === 'error'));
  const c = v.ok ? v.case : undefined!;
  const caseId = c.intake.caseId;

  const type = c.intake.proceeding.type;
  const expected = type === 'affirmative' ? ['affirmative'] : ['defensive', 'supplemental'];
  if (!expected.includes(opts.stage)) fail([problem('filingStageMismatch', { stage: opts.stage, type, expected: expected.map((s) => `a ${s} filing`).join(' or ') }, { file: intakeFile, path: 'proceeding.type' })]);

  const rel = `history/${opts.date}-${opts.stage}.json`;
  const snapshotFile = path.join(dir, rel);
  const recordFile = recordFileOf(snapshotFile);
  const newText = withPriorFiling(bytes.toString('utf8'), { stage: opts.stage, filedOn: opts.date, snapshot: rel });
  if (newText === undefined) fail([problem('filingRecordedTwice', { stage: opts.stage, date: opts.date, snapshot: rel }, { file: intakeFile, path: 'proceeding.priorFilings' })]);
  // A snapshot already there: the same bytes as now means a record interrupted before the intake was updated.
  const existing = await readFile(snapshotFile).catch(() => undefined);
  if (existing && !existing.equals(bytes)) fail([problem('filingRecordedTwice', { stage: opts.stage, date: opts.date, snapshot: rel }, { file: intakeFile, path: 'proceeding.priorFilings' })]);

  // What was filed: every pipeline the case builds, built from these very bytes.
  const { pipelines, problems } = await loadPipelines(opts.pipelinesDir ?? DEFAULT_PIPELINES_DIR, { templatesDir: opts.templatesDir ?? DEFAULT_TEMPLATES_DIR });
  if (problems.length) fail(problems);
  // A supplemental filing is what the pipelines of the exhibits added since the last filing built; any other, the rest.
  const selected = (await pipelinesFor(c, pipelines, today)).filter((p) => (p.exhibits.since === 'last-filing') === (opts.stage === 'supplemental')).map((p) => p.name);
  if (!selected.length) fail([problem('filingNotBuilt', { pipeline: opts.stage, detail: `is not built by any pipeline for this case${opts.stage === 'supplemental' ? ' (a supplemental filing needs exhibits added since the last recorded filing, and a pipeline with exhibits.since: last-filing)' : ''}` }, { file: intakeFile })]);
  const intakeHash = sha256(bytes);
  const filings: FilingRecord['filings'] = [];
  for (const pipeline of selected) {
    const folder = path.join(path.resolve(opts.outDir), caseId, pipeline);
    const m = await readManifest(folder);
    const notBuilt = (detail: string) => fail([problem('filingNotBuilt', { pipeline, detail }, { file: intakeFile })]);
    if (!m) notBuilt(`has not been built (there is no ${path.join(folder, 'manifest.json')})`);
    else if (m.inputs.intake.sha256 !== intakeHash) notBuilt('was built from another version of the intake');
    else if (m.errors?.length) notBuilt(`was built with a document missing (${m.errors.map((e) => e.code).join(', ')})`);
    const documents: FiledDocument[] = [];
    for (const o of m!.outputs) {
      const full = path.join(folder, o.file);
      const [hash, size] = await Promise.all([sha256File(full), stat(full).then((s) => s.size)]).catch(() => notBuilt(`is missing ${o.file}, which the build wrote`));
      documents.push({ file: o.file, sha256: hash, bytes: size, ...(hash !== o.sha256 ? { changedSinceBuilt: true as const } : {}) });
    }
    const exhibits = Object.entries(m!.pageRanges).map(([id, r]) => ({ id, ...r }));
    filings.push({ pipeline, documents, exhibits, evidence: m!.inputs.evidence.map((e) => ({ path: e.path, sha256: e.sha256 })) });
  }
  const recorded: FilingRecord = { recordVersion: 1, caseId, stage: opts.stage, filedOn: opts.date, snapshot: { path: rel, sha256: intakeHash }, filings };

  // The new intake must validate with the snapshot in place before anything of it is written.
  await mkdir(path.dirname(snapshotFile), { recursive: true, mode: 0o700 });
  if (!existing) await createOnce(snapshotFile, bytes);
  const check = await validateIntakeBytes(intakeFile, Buffer.from(newText!), { today });
  if (!check.ok) {
    if (!existing) await rm(snapshotFile, { force: true });
    fail(check.problems.filter((p) => p.severity === 'error'));
  }
  // A record left by an interrupted run is the same record: kept as it is.
  await createOnce(recordFile, JSON.stringify(recorded, null, 2) + '\n').catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });

  // The intake, replaced whole (rename), with its mode, unless it changed while this ran.
  const now = await readIntakeBytes(intakeFile);
  if (!('bytes' in now) || !bytes.equals(now.bytes)) fail([problem('fileChanged', { exhibit: 'The intake', file: path.basename(intakeFile), detail: 'it was edited while the filing was recorded: record the filing again' }, { file: intakeFile })]);
  const mode = (await stat(intakeFile)).mode & 0o777;
  const tmp = `${intakeFile}.${process.pid}.tmp`;
  await writeFile(tmp, newText!, { mode });
  await chmod(tmp, mode);
  await rename(tmp, intakeFile);
  const entry = (check.ok ? check.case.intake.proceeding.priorFilings ?? [] : []).findIndex((f) => f.stage === opts.stage && f.filedOn === opts.date);
  return { snapshot: snapshotFile, record: recordFile, recorded, entry };
}
