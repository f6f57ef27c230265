/**
 * The builder of `build --queue` and `watch --queue`: instead of building a case here, it claims
 * the case in Redis (claims.ts), puts a job on the queue and waits for a worker's answer. It loads
 * the pipelines too, to check them and to read which case each intake builds.
 *
 * - Answers come through BullMQ's events stream. A job the queue no longer has (Redis restarted
 *   without its data) is queued again, at most MAX_REQUEUES times; while Redis cannot be reached
 *   for `lostAfterMs`, the cases still waiting are answered AP3022, "did not run", each by name.
 * - An answer carries codes and locations, not messages (case-job.ts); the messages of the
 *   intake's own problems are read again here, where the intake is, by validating it.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CaseBuild } from '../builder/build-case.js';
import type { Builder, CaseClaimer, CaseProgress } from '../builder/builder.js';
import { CaseBuilder } from '../builder/case-builder.js';
import type { OutputModes } from '../builder/privacy.js';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { validateIntakeFile, localToday } from '../intake/validate.js';
import { limitsWith, type Limits } from '../limits.js';
import type { QueueAddress } from './address.js';
import { fromQueued, JOB_NAME, jobIdOf, type CaseJobData, type QueuedResult } from './case-job.js';
import { queueClaims } from './claims.js';
import { connect, connectReachable, hangUp, PREFIX, QUEUE_NAME } from './redis.js';

export interface QueuedBuilderOptions {
  address: QueueAddress;
  outDir: string;
  /** Given to the workers with each case; without them, each worker uses its own (those shipped with it, or its --templates and --pipelines). */
  templatesDir?: string;
  pipelinesDir?: string;
  today?: string;
  force?: boolean;
  modes?: OutputModes;
  limits?: Partial<Limits>;
  /** How long Redis may stay unreachable before the cases still waiting are answered "did not run". Default 60 s. */
  lostAfterMs?: number;
  /** How long without any answer before the waiting jobs are looked up (a lost event, a lost job). Default 3 s. */
  quietMs?: number;
}

/** Times a job the queue lost is queued again before its case is answered AP3022. */
const MAX_REQUEUES = 3;
/** A temporary failure (the share away, a lease lost) is tried this many times, 2, 4, 8, 16 s apart. */
const ATTEMPTS = 5;

interface Pending {
  file: string;
  data: CaseJobData;
  resolve: (r: CaseBuild) => void;
  requeues: number;
}

export class QueuedBuilder implements Builder {
  private readonly events = new EventEmitter();
  private readonly pending = new Map<string, Pending>();
  private readonly claims: CaseClaimer;
  private lastHeard = Date.now();
  private unreachableSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  /** Cases are claimed and queued one after the other, in the order asked: the first intake of a batch to name a caseId owns it. */
  private queueing: Promise<unknown> = Promise.resolve();
  /** Rejects when Redis has been unreachable for `lostAfterMs`: queueing stops waiting for it (made again once Redis answers). */
  private gaveUp!: Promise<never>;
  private giveUp!: (err: Error) => void;

  private constructor(
    private readonly o: QueuedBuilderOptions,
    /** Reads the intakes' case ids and checks the pipelines; never builds. */
    private readonly local: CaseBuilder,
    /** The commands' connection first, then the events stream's. */
    private readonly connections: [Redis, Redis],
    private readonly queue: Queue<CaseJobData, QueuedResult>,
    private readonly queueEvents: QueueEvents,
  ) {
    this.claims = queueClaims(this.redis, local.outDir);
    this.resetGiveUp();
  }

  private get redis(): Redis {
    return this.connections[0];
  }

  private resetGiveUp(): void {
    this.gaveUp = new Promise<never>((_, reject) => (this.giveUp = reject));
    this.gaveUp.catch(() => undefined);
  }

  static async open(o: QueuedBuilderOptions): Promise<QueuedBuilder> {
    const redis = await connectReachable(o.address);
    const local = await CaseBuilder.open({ outDir: o.outDir, ...(o.templatesDir ? { templatesDir: o.templatesDir } : {}), ...(o.pipelinesDir ? { pipelinesDir: o.pipelinesDir } : {}), ...(o.today ? { today: o.today } : {}), ...(o.limits ? { limits: o.limits } : {}) });
    const queue = new Queue<CaseJobData, QueuedResult>(QUEUE_NAME, { connection: redis, prefix: PREFIX });
    queue.on('error', () => undefined);
    // The answers from the stream's present end on: read before the first job is queued.
    const eventsKey = `${PREFIX}:${QUEUE_NAME}:events`;
    const top = (await redis.xrevrange(eventsKey, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    // Its own connection (it blocks reading the stream); BullMQ leaves a connection it was given open, so close() ends it.
    const eventsConnection = connect(o.address);
    const queueEvents = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: PREFIX, lastEventId: top });
    queueEvents.on('error', () => undefined);
    await queueEvents.waitUntilReady();
    const b = new QueuedBuilder(o, local, [redis, eventsConnection], queue, queueEvents);
    b.listen();
    return b;
  }

  get problems(): readonly Problem[] {
    return this.local.problems;
  }

  today(): string {
    return this.o.today ?? localToday();
  }

  on(event: 'progress', listener: (p: CaseProgress) => void): this {
    this.events.on(event, listener);
    return this;
  }

  reload(): Promise<readonly Problem[]> {
    return this.local.reload();
  }

  release(file: string): Promise<void> {
    return this.claims.release(path.resolve(file));
  }

  /** How many cases wait in the queue, are being built, and failed for good, for a front door to show. */
  async counts(): Promise<{ waiting: number; active: number; delayed: number; failed: number }> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  async build(file: string, o: { force?: boolean } = {}): Promise<CaseBuild> {
    const abs = path.resolve(file);
    const refused = (problems: Problem[], caseId?: string): CaseBuild => {
      const r: CaseBuild = { file: abs, ok: false, ...(caseId ? { caseId } : {}), problems, outputs: [], ms: 0, reads: [abs] };
      this.progress({ file: abs, state: 'done', result: r });
      return r;
    };
    if (this.closed) return refused([problem('stepFailed', { detail: 'the builder was closed' }, { file: abs })]);
    if (this.local.problems.length) return refused([...this.local.problems]);
    const turn = this.queueing.then(() => Promise.race([this.claimAndQueue(abs, o, refused), this.gaveUp]));
    this.queueing = turn.catch(() => undefined);
    return turn.then(
      (t) => ('answered' in t ? t.answered : t),
      (err: unknown) => {
        this.pending.forEach((p, id) => p.file === abs && this.pending.delete(id));
        return refused([problem('queueJobLost', { address: this.o.address.shown, detail: (err as Error).message }, { file: abs })]);
      },
    );
  }

  /** Claims the case and queues its job: answers the refusal, or the promise of the job's answer (wrapped, so as not to wait for it). */
  private async claimAndQueue(abs: string, o: { force?: boolean }, refused: (problems: Problem[], caseId?: string) => CaseBuild): Promise<CaseBuild | { answered: Promise<CaseBuild> }> {
    const today = this.today();
    const bytes = await readFile(abs).catch(() => undefined);
    const wants = await this.local.wants(abs, today).catch(() => undefined);
    if (wants) {
      const conflict = await this.claims.claim(abs, wants.caseId, wants.pipelines);
      if (conflict) return refused([conflict], wants.caseId);
    }
    const data: CaseJobData = {
      v: 1,
      intake: abs,
      fingerprint: bytes ? createHash('sha256').update(bytes).digest('hex') : 'unreadable',
      ...(wants ? { caseId: wants.caseId } : {}),
      outDir: this.local.outDir,
      today,
      force: o.force ?? this.o.force ?? false,
      ...(this.o.modes ? { modes: this.o.modes } : {}),
      ...(this.o.limits ? { limits: this.o.limits } : {}),
      ...(this.o.templatesDir ? { templatesDir: path.resolve(this.o.templatesDir) } : {}),
      ...(this.o.pipelinesDir ? { pipelinesDir: path.resolve(this.o.pipelinesDir) } : {}),
    };
    const jobId = jobIdOf(data);
    const answered = new Promise<CaseBuild>((resolve) => {
      const earlier = this.pending.get(jobId);
      // The same unchanged intake asked for twice: one job, both answered.
      this.pending.set(jobId, { file: abs, data, requeues: 0, resolve: earlier ? (r) => (earlier.resolve(r), resolve(r)) : resolve });
    });
    this.progress({ file: abs, state: 'waiting' });
    await this.enqueue(jobId, data);
    return { answered };
  }

  /** Queues the job; one that finished earlier under the same id (the same intake, unchanged) is replaced, so that the case is looked at again now. */
  private async enqueue(jobId: string, data: CaseJobData): Promise<void> {
    const opts = { jobId, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 24 * 3600 } };
    const job = await this.queue.add(JOB_NAME, data, opts);
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      await job.remove().catch(() => undefined);
      await this.queue.add(JOB_NAME, data, opts);
    }
  }

  private listen(): void {
    const heard = () => {
      this.lastHeard = Date.now();
    };
    this.queueEvents.on('active', ({ jobId }) => {
      heard();
      const p = this.pending.get(jobId);
      if (p) this.progress({ file: p.file, state: 'building' });
    });
    this.queueEvents.on('completed', ({ jobId, returnvalue }) => {
      heard();
      void this.answer(jobId, returnvalue as unknown as QueuedResult);
    });
    this.queueEvents.on('failed', ({ jobId, failedReason }) => {
      heard();
      void this.failed(jobId, failedReason);
    });
    this.queueEvents.on('progress', heard);
    this.watchdog = setInterval(() => void this.look(), Math.min(1000, this.o.quietMs ?? 3000));
    this.watchdog.unref();
  }

  private async answer(jobId: string, q: QueuedResult): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    const r = await withMessages(fromQueued(p.file, q), p.data);
    this.progress({ file: p.file, state: 'done', result: r });
    p.resolve(r);
  }

  /** A job BullMQ failed for good (an unexpected error thrown by the worker, attempts used up): its reason holds codes only. */
  private async failed(jobId: string, reason: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p) return;
    // A failed attempt that will be retried is told as 'failed' too: only the last one answers.
    const job = await this.queue.getJob(jobId).catch(() => undefined);
    if (job && (await job.getState().catch(() => 'unknown')) !== 'failed') return;
    this.settle(jobId, p, [problem('stepFailed', { detail: `the queue's worker failed the case: ${reason}` }, { file: p.file })]);
  }

  private settle(jobId: string, p: Pending, problems: Problem[]): void {
    this.pending.delete(jobId);
    const r: CaseBuild = { file: p.file, ok: false, ...(p.data.caseId ? { caseId: p.data.caseId } : {}), problems, outputs: [], ms: 0, reads: [p.file] };
    this.progress({ file: p.file, state: 'done', result: r });
    p.resolve(r);
  }

  /**
   * When nothing was heard for a while: is Redis there, and does it still have every job waited for?
   * A finished job whose event was missed is answered from the job; a lost one is queued again.
   */
  private looking = false;
  private async look(): Promise<void> {
    if (this.looking || this.closed || this.pending.size === 0) return;
    if (Date.now() - this.lastHeard < (this.o.quietMs ?? 3000)) return;
    this.looking = true;
    try {
      const ok = this.redis.status === 'ready' && (await answersWithin(this.redis.ping(), 2000));
      if (!ok) {
        this.unreachableSince ??= Date.now();
        if (Date.now() - this.unreachableSince >= (this.o.lostAfterMs ?? 60_000)) {
          this.giveUp(new Error(`could not be reached for ${Math.round((Date.now() - this.unreachableSince) / 1000)} s`));
          for (const [jobId, p] of [...this.pending]) this.settle(jobId, p, [problem('queueJobLost', { address: this.o.address.shown, detail: `could not be reached for ${Math.round((Date.now() - this.unreachableSince) / 1000)} s` }, { file: p.file })]);
        }
        return;
      }
      if (this.unreachableSince !== undefined) {
        this.unreachableSince = undefined;
        this.resetGiveUp();
      }
      for (const [jobId, p] of [...this.pending]) {
        const job = await within(this.queue.getJob(jobId), 5000);
        if (!job) {
          if (p.requeues >= MAX_REQUEUES) {
            this.settle(jobId, p, [problem('queueJobLost', { address: this.o.address.shown, detail: `lost its job ${MAX_REQUEUES + 1} times (Redis restarted without its data?)` }, { file: p.file })]);
          } else {
            p.requeues++;
            await within(this.enqueue(jobId, p.data), 10_000);
          }
          continue;
        }
        const state = await within(job.getState(), 5000);
        if (state === 'completed') await this.answer(jobId, job.returnvalue);
        else if (state === 'failed') await this.failed(jobId, job.failedReason);
      }
      this.lastHeard = Date.now();
    } catch {
      // Redis went away while looking: the next look tells.
    } finally {
      this.looking = false;
    }
  }

  private progress(p: CaseProgress): void {
    this.events.emit('progress', p);
  }

  /** Stops waiting: the cases not yet answered are answered "stopped"; jobs already queued are still built by the workers. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    for (const [jobId, p] of [...this.pending]) {
      this.pending.delete(jobId);
      p.resolve({ file: p.file, ok: false, problems: [problem('stepFailed', { detail: 'this front door stopped waiting for the case; a queue worker still builds it' }, { file: p.file })], outputs: [], ms: 0, reads: [p.file], stopped: true });
    }
    // BullMQ's close waits for Redis: while Redis is away, the connections are cut first.
    if (this.connections.some((c) => c.status !== 'ready')) for (const c of this.connections) c.disconnect();
    await within(this.queueEvents.close(), 2000).catch(() => undefined);
    await within(this.queue.close(), 2000).catch(() => undefined);
    await this.local.close();
    await Promise.all(this.connections.map(hangUp));
  }
}

/**
 * The messages of the intake's own problems, read here where the intake is (they did not travel
 * through Redis): a problem the validation finds again, by code and place, gets its message.
 */
async function withMessages(r: CaseBuild, d: CaseJobData): Promise<CaseBuild> {
  if (!r.problems.some((p) => p.code.startsWith('AP1'))) return r;
  const { maxIntakeBytes, maxIntakeDepth } = limitsWith(d.limits);
  const v = await validateIntakeFile(r.file, { today: d.today, maxBytes: maxIntakeBytes, maxDepth: maxIntakeDepth }).catch(() => undefined);
  if (!v) return r;
  const local = [...v.problems];
  const problems = r.problems.map((p) => {
    const i = local.findIndex((l) => l.code === p.code && (l.location.path ?? '') === (p.location.path ?? '') && l.location.line === p.location.line);
    if (i < 0) return p;
    const [found] = local.splice(i, 1);
    return { ...p, message: found!.message, ...(found!.hint ? { hint: found!.hint } : {}) };
  });
  return { ...r, problems };
}

/** Whether the promise answers (resolves) within `ms`. */
function answersWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return within(p, ms).then(() => true, () => false);
}

/** The promise, or a rejection after `ms`: a command queued while Redis is away waits for it otherwise. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
