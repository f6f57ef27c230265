/**
 * Which intake file owns each `<caseId>/<pipeline>` output folder. The first intake to claim it
 * owns it for as long as the builder runs (a batch, or a watcher for days); another intake with
 * the same caseId building the same pipeline would overwrite that client's filing, and is refused.
 * An intake gives its claims up when it is removed, or when it names another caseId.
 */
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';

export class CaseClaims {
  private readonly owners = new Map<string, string>();

  /** Claims `<caseId>/<pipeline>` for each pipeline, or answers the refusal (and claims nothing). */
  claim(file: string, caseId: string, pipelines: readonly string[]): Problem | undefined {
    for (const pipeline of pipelines) {
      const owner = this.owners.get(`${caseId}/${pipeline}`);
      if (owner && owner !== file) return problem('caseBuiltTwice', { caseId, pipeline, other: owner }, { file, path: 'caseId' });
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
