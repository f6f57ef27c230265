/**
 * The session token: random, printed once when `serve` starts, and asked of every request, as the
 * cookie the first visit sets or as `Authorization: Bearer`. Another user of the machine, or a web
 * page open in the browser, can reach 127.0.0.1 too: without the token they get nothing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_COOKIE } from './api.js';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** Compares in constant time, so that the token cannot be guessed a character at a time. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …`, else the session cookie. */
export function tokenOf(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The cookie the first visit sets: this site only, never read by scripts, gone when the browser closes. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
