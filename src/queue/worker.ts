/**
 * A queue worker: takes case jobs from the queue and builds them with the case builder, one at a
 * time (start one worker a core, on as many machines as the share reaches).
 *
 * - The case's lock (case-lock.ts) is taken before it builds, so two workers never build one case
 *   at once; the build publishes only if the lock is still this worker's just before.
 * - A job whose outputs are already up to date is answered "up to date" without building (the
 *   builder's incremental check, by content).
 * - A case that fails on its own input is answered at once, failed: no retry. A failure that looks
 *   temporary (the share refused the output; the lease was lost; another worker held the case too
 *   long) is thrown, and BullMQ tries the job again with back-off; the last attempt answers it.
 * - A worker killed mid-job leaves its job active with a lock that is no longer renewed: BullMQ
 *   gives it to another worker once the lock's lease ran out; the staging folder it left is removed
 *   when that worker publishes the case.
 */
import path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { looksTemporary, type CaseBuild } from '../builder/build-case.js';
import { CaseBuilder } from '../builder/case-builder.js';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { limitsWith } from '../limits.js';
import type { QueueAddress } from './address.js';
import { caseLockKey, CaseLock } from './case-lock.js';
import { toQueued, WORKER_NAME, type CaseJobData, type QueuedResult } from './case-job.js';
import { outKeyOf, queueClaims } from './claims.js';
import { definitionsStamp } from './definitions-stamp.js';
import { connectReachable, hangUp, PREFIX, QUEUE_NAME } from './redis.js';

export interface QueueWorkerOptions {
  address: QueueAddress;
  /** The templates and pipelines of a job that names none (its front door was given none). */
  templatesDir: string;
  pipelinesDir: string;
  /** The lease of a job and of a case's lock: a killed worker's case is taken again this long after. Default 30 s. */
  leaseMs?: number;
  /** Told after each job, for the worker's log: no client data. */
  onJob?: (e: JobEvent) => void;
}

/** What the log says of a job: its id, case id, outcome, codes; never a name or a message. */
export interface JobEvent {
  jobId: string;
  caseId: string | null;
  intake: string;
  outcome: 'built' | 'up-to-date' | 'failed' | 'retrying';
  attempt: number;
  ms: number;
  errors: string[];
  worker: string;
}

export interface QueueWorker {
  /** Stops taking jobs; the case under way finishes and publishes first. */
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_MS = 30_000;

/** A failure worth another attempt: BullMQ retries it with back-off. Its message carries codes only. */
class Temporary extends Error {}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const redis = await connectReachable(o.address);
  /**
   * One builder a set of build settings (usually one): loaded once, and loaded again before a case
   * when a file of its templates or pipelines changed (a colleague edited one on the share).
   */
  const builders = new Map<string, { builder: Promise<CaseBuilder>; stamp: string }>();
  const builderFor = async (d: CaseJobData): Promise<CaseBuilder> => {
    const templatesDir = d.templatesDir ?? o.templatesDir;
    const pipelinesDir = d.pipelinesDir ?? o.pipelinesDir;
    const key = JSON.stringify([d.outDir, d.modes ?? null, d.limits ?? null, templatesDir, pipelinesDir]);
    const stamp = await definitionsStamp([templatesDir, pipelinesDir]);
    const known = builders.get(key);
    if (!known) {
      const builder = CaseBuilder.open({ outDir: d.outDir, templatesDir, pipelinesDir, concurrency: 1, claims: queueClaims(redis, d.outDir), ...(d.modes ? { modes: d.modes } : {}), ...(d.limits ? { limits: d.limits } : {}) });
      builders.set(key, { builder, stamp });
      return builder;
    }
    if (known.stamp !== stamp) {
      known.stamp = stamp;
      await (await known.builder).reload();
    }
    return known.builder;
  };

  const processor = async (job: Job<CaseJobData, QueuedResult>): Promise<QueuedResult> => {
    const d = job.data;
    if (d?.v !== 1 || typeof d.intake !== 'string' || !path.isAbsolute(d.intake) || typeof d.outDir !== 'string' || !path.isAbsolute(d.outDir)) {
      throw new UnrecoverableError('AP0001: not a case job of this version of asylum-packet');
    }
    const builder = await builderFor(d);
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const started = performance.now();
    const answer = (r: CaseBuild) => {
      const temporary = looksTemporary(r) || r.problems.some((p) => p.code === 'AP3021' || p.code === 'AP3023');
      const errors = r.problems.filter((p) => p.severity === 'error').map((p) => p.code);
      const outcome = temporary && !last ? 'retrying' : !r.ok ? 'failed' : r.outputs.every((x) => x.upToDate) ? 'up-to-date' : 'built';
      o.onJob?.({ jobId: job.id ?? '?', caseId: r.caseId ?? null, intake: path.basename(d.intake), outcome, attempt: job.attemptsMade + 1, ms: Math.round(performance.now() - started), errors, worker: WORKER_NAME });
      if (outcome === 'retrying') throw new Temporary(errors.join(' '));
      return toQueued(r);
    };

    // The case's lock, by the caseId the intake names now (by its path, while it names none).
    const wants = await builder.wants(d.intake, d.today).catch(() => undefined);
    const lockedId = wants?.caseId;
    const key = caseLockKey(outKeyOf(d.outDir), lockedId ?? `intake:${d.intake}`);
    const waitS = limitsWith(d.limits).caseSeconds + Math.ceil(leaseMs / 1000);
    const lock = await CaseLock.take(redis, key, leaseMs, waitS * 1000);
    if (!lock) {
      return answer({ file: d.intake, ok: false, ...(lockedId ? { caseId: lockedId } : {}), problems: [problem('caseBusy', { caseId: lockedId ?? path.basename(d.intake), seconds: waitS }, { file: d.intake })], outputs: [], ms: 0, reads: [d.intake] });
    }
    try {
      const r = await builder.build(d.intake, {
        force: d.force,
        today: d.today,
        caseLocked: true,
        beforePublish: async (caseId) => {
          if (caseId !== lockedId) throw new PacketError(problem('caseLeaseLost', { caseId, detail: 'the intake named another case when the build began' }, { file: d.intake }));
          try {
            await lock.confirm();
          } catch (err) {
            throw new PacketError(problem('caseLeaseLost', { caseId, detail: (err as Error).message }, { file: d.intake }));
          }
        },
      });
      return answer(r);
    } finally {
      await lock.release();
    }
  };

  const worker = new Worker<CaseJobData, QueuedResult>(QUEUE_NAME, processor, {
    connection: redis,
    prefix: PREFIX,
    concurrency: 1,
    lockDuration: leaseMs,
    stalledInterval: leaseMs,
    maxStalledCount: 2,
    name: WORKER_NAME,
  });
  worker.on('error', () => undefined); // connection errors: ioredis reconnects, BullMQ carries on
  await worker.waitUntilReady();
  return {
    async stop() {
      // The case under way finishes; BullMQ then records it in Redis, which waits for a Redis that is
      // away: a worker whose Redis has been unreachable for 3 s stops without it (the job is taken
      // again once its lease runs out, and found up to date).
      await Promise.race([worker.close(), unreachableFor(redis, 3000)]);
      if (redis.status !== 'ready') {
        // Its connections (BullMQ's blocking one too) would keep trying to reconnect, and the process alive.
        await Promise.race([worker.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
        redis.disconnect();
      }
      await Promise.all([...builders.values()].map(async (b) => (await b.builder).close()));
      await hangUp(redis);
    },
  };
}

export { Temporary as TemporaryJobFailure };

/** Resolves once the connection has not been ready for `ms` in a row. */
function unreachableFor(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let since: number | undefined;
    const timer = setInterval(() => {
      if (redis.status === 'ready') since = undefined;
      else if ((since ??= Date.now()) && Date.now() - since >= ms) {
        clearInterval(timer);
        resolve();
      }
    }, 250);
    timer.unref();
  });
}
