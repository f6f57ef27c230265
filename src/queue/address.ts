/**
 * The queue's address, as given to --queue: `redis://[user:password@]host[:port][/db]`, or
 * `rediss://…` for TLS. Shown to people without its password.
 */
import { PacketError } from '../errors/problem.js';
import { problem } from '../errors/catalogue.js';

export interface QueueAddress {
  /** As given: the connection uses it (password and all). */
  url: string;
  /** For messages and logs: the password replaced by `***`. */
  shown: string;
}

export function queueAddress(url: string): QueueAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PacketError(problem('usage', { detail: `--queue ${JSON.stringify(url)} is not an address: write redis://host:port (or rediss://host:port for TLS)` }, { file: '--queue' }));
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new PacketError(problem('usage', { detail: `--queue ${JSON.stringify(u.protocol + '//…')} is not a Redis address: write redis://host:port (or rediss://host:port for TLS)` }, { file: '--queue' }));
  }
  if (!u.hostname) throw new PacketError(problem('usage', { detail: '--queue names no host: write redis://host:port' }, { file: '--queue' }));
  const shown = new URL(u.href);
  if (shown.password) shown.password = '***';
  // ioredis takes a password from the query too (?password=…).
  for (const name of [...shown.searchParams.keys()]) if (/pass/i.test(name)) shown.searchParams.set(name, '***');
  return { url, shown: shown.href.replace(/\/$/, '') };
}
