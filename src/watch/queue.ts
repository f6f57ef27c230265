/**
 * The watcher's work queue, pure (no files, no timers), so it is tested on its own: one build at
 * a time per key (an intake file), at most `concurrency` builds at once, and a request that
 * arrives while its key is building queues exactly one more build, however many arrive.
 */
export type Job = (key: string) => Promise<void>;

export class BuildQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly job: Job,
    private readonly concurrency: number,
  ) {}

  /** Asks for a build of `key`: now if there is room, after the running one if it is building. */
  request(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) this.again.add(key);
    else if (!this.waiting.includes(key)) this.waiting.push(key);
    this.pump();
  }

  /** Takes no more work; resolves when the builds under way have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    this.again.clear();
    await this.idle();
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running.size };
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.waiting.length > 0) {
      const key = this.waiting.shift()!;
      this.running.add(key);
      void this.job(key)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(key);
          if (this.again.delete(key) && !this.stopped) this.waiting.push(key);
          this.pump();
          if (this.running.size === 0 && this.waiting.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }
}
