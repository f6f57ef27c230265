/**
 * Which intake file owns each `<caseId>/<pipeline>` output folder.
 *
 * - In one run (a batch, or a watcher for days), the first intake to claim it owns it; another
 *   intake with the same caseId building the same pipeline would overwrite that client's filing,
 *   and is refused. An intake gives its claims up when it is removed, or when it names another caseId.
 * - Across runs (a watcher restarted), the published filing says which intake made it: its
 *   manifest names the intake file. An intake of the same folder with that name that still names
 *   the caseId (or cannot be read, so may still) keeps the case, whichever file is seen first
 *   after the restart. An owner in another folder cannot be known from its file name alone: the
 *   guard across runs holds for intakes of one folder, as in the watched folder.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { readIntakeBytes } from '../intake/validate.js';
import { readManifest } from './manifest.js';
import type { CaseClaimer } from './builder.js';

/** The CaseBuilder's claims by default: this run's, in memory, then the published filings' makers. */
export function localClaims(outDir: string): CaseClaimer {
  const claims = new CaseClaims();
  return {
    async claim(file, caseId, pipelines) {
      return (await publishedOwnerRefusal(outDir, file, caseId, pipelines)) ?? claims.claim(file, caseId, pipelines);
    },
    async release(file) {
      claims.release(file);
    },
  };
}

export class CaseClaims {
  private readonly owners = new Map<string, string>();

  /** Claims `<caseId>/<pipeline>` for each pipeline, or answers the refusal (and claims nothing). */
  claim(file: string, caseId: string, pipelines: readonly string[]): Problem | undefined {
    for (const pipeline of pipelines) {
      const owner = this.owners.get(`${caseId}/${pipeline}`);
      if (owner && owner !== file) return problem('caseBuiltTwice', { caseId, pipeline, other: owner, published: false }, { file, path: 'caseId' });
    }
    // What this file claimed before under another caseId or pipeline is no longer its.
    this.release(file);
    for (const pipeline of pipelines) this.owners.set(`${caseId}/${pipeline}`, file);
    return undefined;
  }

  /** The intake is gone: whatever it owned is free for the next intake that builds it. */
  release(file: string): void {
    for (const [key, owner] of this.owners) if (owner === file) this.owners.delete(key);
  }
}

/**
 * The refusal when another intake of the same folder made the case's published filing and still
 * owns it; undefined when the filing is this intake's, or nobody's, or its maker is gone or now
 * names another caseId.
 */
export async function publishedOwnerRefusal(outDir: string, file: string, caseId: string, pipelines: readonly string[]): Promise<Problem | undefined> {
  for (const pipeline of pipelines) {
    const manifest = await readManifest(path.join(outDir, caseId, pipeline));
    const maker = manifest?.inputs.intake.path;
    if (!maker || maker === path.basename(file)) continue;
    const other = path.join(path.dirname(file), maker);
    if (await stillNames(other, caseId)) return problem('caseBuiltTwice', { caseId, pipeline, other, published: true }, { file, path: 'caseId' });
  }
  return undefined;
}

/** Whether the file is there and names the caseId, or is there but cannot be read as an intake (it may still). */
export async function stillNames(file: string, caseId: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  const read = await readIntakeBytes(file);
  if (!('bytes' in read)) return true;
  try {
    const data = JSON.parse(Buffer.from(read.bytes).toString('utf8')) as { caseId?: unknown };
    return typeof data?.caseId !== 'string' || data.caseId === caseId;
  } catch {
    return true;
  }
}
