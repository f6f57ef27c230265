/**
 * The time limit of one case (limits.ts `caseSeconds`). Work that can run long looks at the case's
 * deadline where it can stop cleanly: before each step, and before each exhibit is loaded and
 * placed. Past the deadline, the case fails with AP3005, saying where it was; nothing of it is
 * published and the batch or watcher goes on.
 *
 * Looking is all a process can do for its own case: a build in a worker process that does not
 * look again in time (stuck in a file system or a library) is stopped from outside by its lane
 * (worker-lane.ts), which kills the worker a grace period after the deadline.
 */
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';

export class CaseDeadline {
  private readonly endsAt: number;

  constructor(
    readonly seconds: number,
    /** The intake file, to locate the problem. */
    private readonly file: string,
    startedAt = performance.now(),
  ) {
    this.endsAt = startedAt + seconds * 1000;
  }

  /** A deadline that never comes (a library caller that sets none). */
  static none(file: string): CaseDeadline {
    return new CaseDeadline(Infinity, file);
  }

  get passed(): boolean {
    return performance.now() > this.endsAt;
  }

  /** Fails the case when its time is up; `where` says what it was about to do ("placing Tab C"). */
  check(where: string): void {
    if (this.passed) throw new PacketError(problem('caseTimeLimit', { seconds: this.seconds, where }, { file: this.file }));
  }
}
