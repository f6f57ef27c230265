/** The queue's address as given to --queue (src/queue/address.ts): checked, and shown without its password. */
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors/problem.js';
import { queueAddress } from '../../src/queue/address.js';

/** The PacketError `queueAddress(url)` throws (failing the test when it throws none, or another). */
function refusal(url: string): PacketError {
  try {
    queueAddress(url);
  } catch (err) {
    expect(err).toBeInstanceOf(PacketError);
    return err as PacketError;
  }
  throw new Error(`queueAddress(${JSON.stringify(url)}) was accepted`);
}

describe('queueAddress', () => {
  it('keeps the address as given, and shows it without its password', () => {
    const url = 'redis://worker:Tr0ub4dor-fict1onal@queue.example.test:6380/2';
    const a = queueAddress(url);
    expect(a.url).toBe(url);
    expect(a.shown).toBe('redis://worker:***@queue.example.test:6380/2');
    expect(a.shown).not.toContain('Tr0ub4dor');
  });

  it('hides a password given without a user name', () => {
    const a = queueAddress('redis://:s3cret-fictional@10.0.0.5:6379');
    expect(a.url).toBe('redis://:s3cret-fictional@10.0.0.5:6379');
    expect(a.shown).not.toContain('s3cret');
    expect(a.shown).toContain('***');
    expect(a.shown).toContain('10.0.0.5:6379');
  });

  it('hides a password with characters that are escaped in a URL', () => {
    const a = queueAddress('redis://u:p%40ss%3Aw0rd@h.example.test:6379');
    expect(a.shown).toBe('redis://u:***@h.example.test:6379');
  });

  it('shows an address without a password as it is (without a trailing slash)', () => {
    expect(queueAddress('redis://127.0.0.1:6379')).toEqual({ url: 'redis://127.0.0.1:6379', shown: 'redis://127.0.0.1:6379' });
    expect(queueAddress('redis://127.0.0.1:6379/').shown).toBe('redis://127.0.0.1:6379');
    expect(queueAddress('redis://localhost').shown).toBe('redis://localhost');
  });

  it('accepts rediss:// (TLS), hiding its password too', () => {
    const a = queueAddress('rediss://default:hunter2-fictional@queue.example.test:6390');
    expect(a.url).toBe('rediss://default:hunter2-fictional@queue.example.test:6390');
    expect(a.shown).toBe('rediss://default:***@queue.example.test:6390');
  });

  it.each([
    ['http://x', 'Redis address'],
    ['https://queue.example.test:6379', 'Redis address'],
    ['not a url', 'not an address'],
    ['', 'not an address'],
    ['localhost:6379', 'Redis address'],
    ['redis://', 'no host'],
    ['redis:///0', 'no host'],
    ['rediss://', 'no host'],
  ])('refuses %j with AP0001, saying how to write it', (url, why) => {
    const err = refusal(url);
    expect(err.problems).toHaveLength(1);
    const p = err.problems[0]!;
    expect(p.code).toBe('AP0001');
    expect(p.name).toBe('usage');
    expect(p.severity).toBe('error');
    expect(p.location.file).toBe('--queue');
    expect(p.message).toContain('--queue');
    expect(p.message).toContain(why);
    expect(p.message).toContain('write redis://host:port');
    expect(err.message).toContain(p.message);
  });

  it('does not quote a refused address\'s password back', () => {
    const err = refusal('http://user:Zq9-fictional-secret@queue.example.test');
    expect(err.problems[0]!.message).not.toContain('Zq9-fictional-secret');
    expect(err.message).not.toContain('Zq9-fictional-secret');
  });

  it('hides a password given in the query, which ioredis reads too', () => {
    const a = queueAddress('redis://queue.example:6379/?password=sekrit-9&db=2');
    expect(a.shown).not.toContain('sekrit-9');
    expect(a.shown).toContain('password=***');
    expect(a.url).toContain('sekrit-9');
  });
});
