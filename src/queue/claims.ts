/**
 * The caseId claims of every worker and front door of one queue, kept in Redis: which intake file
 * owns each `<caseId>/<pipeline>` of an output folder. The first intake to claim it owns it for as
 * long as that file is there and names the case; then the next intake to claim it takes it over
 * (no release to forget, and none lost when a front door is killed). The published filings'
 * makers are asked first, as without a queue (claims.ts of the builder), so that a Redis that lost
 * its data still keeps one client's filing from being overwritten by another's.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CaseClaimer } from '../builder/builder.js';
import { publishedOwnerRefusal, stillNames } from '../builder/claims.js';
import { problem } from '../errors/catalogue.js';
import { PREFIX } from './redis.js';

/** An output folder, in Redis's keys: every machine mounts the share at the same path. */
export const outKeyOf = (outDir: string) => createHash('sha256').update(outDir).digest('hex').slice(0, 16);

const GIVE_BACK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const TAKE_OVER = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2]) return 1 else return 0 end`;

export function queueClaims(redis: Redis, outDir: string): CaseClaimer {
  const outKey = outKeyOf(outDir);
  const keyOf = (caseId: string, pipeline: string) => `${PREFIX}:claim:${outKey}:${caseId}/${pipeline}`;
  return {
    async claim(file, caseId, pipelines) {
      const published = await publishedOwnerRefusal(outDir, file, caseId, pipelines);
      if (published) return published;
      /** What this claim took (not what the file owned already): given back if the claim is refused, so that a refused intake owns nothing. */
      const taken: string[] = [];
      for (const pipeline of pipelines) {
        const key = keyOf(caseId, pipeline);
        for (;;) {
          if ((await redis.set(key, file, 'NX')) === 'OK') {
            taken.push(key);
            break;
          }
          const owner = await redis.get(key);
          if (owner === null) continue; // released meanwhile: claim again
          if (owner === file) break;
          if (await stillNames(owner, caseId)) {
            for (const k of taken) await redis.eval(GIVE_BACK, 1, k, file);
            return problem('caseBuiltTwice', { caseId, pipeline, other: owner, published: false, queued: true }, { file, path: 'caseId' });
          }
          // Its owner is gone or names another case now: taken over, unless another intake was quicker.
          if ((await redis.eval(TAKE_OVER, 1, key, owner, file)) === 1) {
            taken.push(key);
            break;
          }
        }
      }
      return undefined;
    },
    // A claim is taken over once its file is gone or names another case: nothing to release.
    async release() {},
  };
}
