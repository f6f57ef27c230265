/**
 * The cases of the watched folder as the web app lists them: each intake with its state, deadline,
 * problems and rule results, kept in memory and told to the browsers when one changes. It reads
 * what every front door writes (intakes, status files, published manifests), so a case built by
 * the CLI or another watcher shows as it is. A filing is shown with its intake only when the
 * manifest names that intake as its maker: never another intake's filing.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CaseBuild } from '../builder/build-case.js';
import { readIntakeBytes } from '../intake/validate.js';
import type { CaseState, CaseSummary, ProblemView, RuleResult } from './api.js';
import { deadlineOf } from './deadline-view.js';
import { viewOf, viewOfKept } from './problem-view.js';
import { list, obj, rulesOf, type Loose } from './loose.js';
import { isIntakeName, statusFile } from '../watch/watcher.js';


export interface PublishedPipeline {
  pipeline: string;
  dir: string;
  manifest: Record<string, unknown>;
  builtAt: string;
}


export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readJson(file: string): Promise<Loose | undefined> {
  try {
    return obj(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The filings published for this intake: the pipelines of its case whose manifest names it as maker. */
export async function publishedFor(outDir: string, caseId: string, intakeName: string): Promise<PublishedPipeline[]> {
  const caseDir = path.join(outDir, caseId);
  if (path.dirname(caseDir) !== outDir) return []; // a caseId with a separator is no case folder
  const names = await readdir(caseDir).catch(() => [] as string[]);
  const found: PublishedPipeline[] = [];
  for (const pipeline of names.sort()) {
    if (pipeline.startsWith('.')) continue;
    const dir = path.join(caseDir, pipeline);
    const manifest = await readJson(path.join(dir, 'manifest.json'));
    const maker = obj(obj(manifest?.inputs)?.intake)?.path;
    if (!manifest || maker !== intakeName) continue;
    const builtAt = (await stat(path.join(dir, 'manifest.json')).catch(() => undefined))?.mtime.toISOString() ?? '';
    found.push({ pipeline, dir, manifest, builtAt });
  }
  return found;
}

function applicantOf(intake: unknown): string | null {
  const name = obj(obj(obj(intake)?.applicant)?.name);
  if (!name) return null;
  const family = typeof name.family === 'string' ? name.family : '';
  const given = [name.given, name.middle].filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
  const shown = [family.toUpperCase(), given].filter(Boolean).join(', ');
  return shown || null;
}

export class CaseBook extends EventEmitter {
  private readonly cases = new Map<string, CaseSummary>();
  /** A case asked for or under way: its state until the build's status is written. */
  private readonly moving = new Map<string, 'waiting' | 'building'>();
  /**
   * The last build of this session, with its messages, and the hash of the intake it was built
   * from (filled in by the read that follows the build).
   */
  private readonly builds = new Map<string, { hash?: string; result: CaseBuild }>();
  /** One refresh of a case at a time, the last asked for winning. */
  private readonly refreshing = new Map<string, Promise<unknown>>();

  constructor(
    readonly inDir: string,
    readonly outDir: string,
    private readonly today: () => string,
  ) {
    super();
  }

  list(): CaseSummary[] {
    return [...this.cases.values()].sort((a, b) => a.file.localeCompare(b.file));
  }

  get(file: string): CaseSummary | undefined {
    return this.cases.get(file);
  }

  /** Reads every intake of the folder. */
  async load(): Promise<void> {
    const names = (await readdir(this.inDir).catch(() => [] as string[])).filter(isIntakeName).sort();
    // A few at a time: 500 cases read in well under a second, without a thousand open files.
    for (let i = 0; i < names.length; i += 16) await Promise.all(names.slice(i, i + 16).map((n) => this.refresh(n)));
  }

  /** The builder said a case is waiting or under way, or done. */
  progress(file: string, state: 'waiting' | 'building' | 'done'): void {
    const name = path.basename(file);
    if (state === 'done') this.moving.delete(name);
    else this.moving.set(name, state);
    this.emit('progress', { file: name, state });
    const c = this.cases.get(name);
    if (c && state !== 'done') {
      const next = { ...c, state: state as CaseState };
      this.cases.set(name, next);
      this.emit('case', next);
    }
  }

  /** A build ended (its status file is written): kept with its messages for this session. */
  async built(file: string, result: CaseBuild): Promise<void> {
    const name = path.basename(file);
    this.moving.delete(name);
    this.builds.set(name, { result });
    await this.refresh(name);
  }

  /** Reads the case again and tells the browsers; a case whose intake is gone is removed. */
  refresh(name: string): Promise<CaseSummary | undefined> {
    const before = this.refreshing.get(name) ?? Promise.resolve();
    const next = before.then(() => this.read(name)).then(
      (summary) => {
        if (!summary) {
          if (this.cases.delete(name)) this.emit('removed', { file: name });
          this.builds.delete(name);
        } else {
          this.cases.set(name, summary);
          this.emit('case', summary);
        }
        return summary;
      },
      () => undefined,
    );
    this.refreshing.set(name, next);
    void next.finally(() => {
      if (this.refreshing.get(name) === next) this.refreshing.delete(name);
    });
    return next;
  }

  /** The last build of this session, when the intake is still the one it built. */
  lastBuild(name: string): CaseBuild | undefined {
    const b = this.builds.get(name);
    return b && b.hash === this.cases.get(name)?.hash ? b.result : undefined;
  }

  private async read(name: string): Promise<CaseSummary | undefined> {
    const file = path.join(this.inDir, name);
    const read = await readIntakeBytes(file);
    if ('problem' in read) {
      const exists = await stat(file).then((s) => s.isFile(), () => false);
      if (!exists) return undefined;
    }
    const bytes = 'bytes' in read ? read.bytes : new Uint8Array();
    const hash = sha256(bytes);
    let intake: unknown;
    try {
      intake = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      intake = undefined;
    }
    const i = obj(intake);
    const caseId = typeof i?.caseId === 'string' && i.caseId ? i.caseId : null;
    const type = obj(i?.proceeding)?.type;
    const status = await readJson(path.join(this.inDir, statusFile(name)));
    const published = caseId ? await publishedFor(this.outDir, caseId, name) : [];
    const build = this.builds.get(name);
    if (build && build.hash === undefined) build.hash = hash;
    const session = build && build.hash === hash ? build.result : undefined;

    let errors: ProblemView[];
    let warnings: ProblemView[];
    if (session) {
      errors = session.problems.filter((p) => p.severity === 'error').map(viewOf);
      warnings = session.problems.filter((p) => p.severity === 'warning').map(viewOf);
    } else {
      const kept = list(status?.problems).map((p) => viewOfKept(obj(p) ?? {}));
      errors = kept.filter((p) => p.severity === 'error');
      warnings = kept.filter((p) => p.severity === 'warning');
    }
    const rules: RuleResult[] = [];
    let toAcknowledge: number | null = null;
    for (const p of published) {
      for (const r of rulesOf(p.manifest)) if (!rules.some((x) => x.id === r.id)) rules.push(r);
      for (const f of list(p.manifest.consistency)) {
        const o = obj(f);
        if (o && typeof o.differences === 'number') toAcknowledge = (toAcknowledge ?? 0) + Math.max(0, o.differences - (typeof o.acknowledged === 'number' ? o.acknowledged : 0));
      }
    }
    const builtFrom = published.map((p) => obj(obj(p.manifest.inputs)?.intake)?.sha256);
    let state: CaseState;
    const moving = this.moving.get(name);
    if (moving) state = moving;
    else if (!status) state = published.length && builtFrom.every((h) => h === hash) ? 'built' : 'new';
    else if (status.status === 'retrying') state = 'retrying';
    else if (status.status === 'rejected') state = session || (await this.statusIsCurrent(file, status)) ? 'rejected' : 'out-of-date';
    else state = published.length && builtFrom.every((h) => h === hash) ? 'built' : 'out-of-date';

    return {
      file: name,
      caseId,
      applicant: applicantOf(intake),
      proceeding: type === 'affirmative' || type === 'defensive' ? type : null,
      state,
      builtAt: typeof status?.at === 'string' ? status.at : (published[0]?.builtAt ?? null),
      deadline: deadlineOf(intake, this.today()),
      errors,
      warnings,
      rules,
      toAcknowledge,
      pipelines: published.map((p) => p.pipeline),
      hash,
    };
  }

  /** A rejection still stands while the intake is older than its status. */
  private async statusIsCurrent(file: string, status: Loose): Promise<boolean> {
    const at = typeof status.at === 'string' ? Date.parse(status.at) : NaN;
    const m = await stat(file).then((s) => s.mtimeMs, () => NaN);
    return Number.isFinite(at) && Number.isFinite(m) && m <= at;
  }
}
