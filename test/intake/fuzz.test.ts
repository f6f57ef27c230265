/**
 * Property-based tests (fast-check): whatever a paralegal's editor, a case-management export or a
 * damaged disk makes of an intake file, validation answers with located problems from the
 * catalogue and never throws (issue 13, "Fuzzing"). Mutations of the valid samples: a value
 * replaced by anything (wrong types, Unicode, huge texts and numbers, nesting), a key removed, a
 * key added; then whole random JSON documents and random bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Problem } from '../../src/errors/problem.js';
import { validateIntakeBytes } from '../../src/intake/validate.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const TODAY = '2026-11-22';
const SAMPLES = ['intake-affirmative.json', 'intake-defensive.json', 'intake-family.json'].map((f) => JSON.parse(readFileSync(path.join(samples, f), 'utf8')) as unknown);
type Path = (string | number)[];

/** Every path to a value inside a document (objects and lists included). */
function pathsOf(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  return [at];
}

function mutate(doc: unknown, at: Path, how: { kind: 'replace'; value: unknown } | { kind: 'remove' } | { kind: 'add'; key: string; value: unknown }): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  if (at.length === 0) return how.kind === 'replace' ? how.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = at.at(-1)!;
  if (how.kind === 'replace') parent[last] = how.value;
  else if (how.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[how.key] = how.value;
  }
  return copy;
}

const hugeText = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'ñ'.repeat(n));
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  hugeText,
  fc.constantFrom(Number.MAX_VALUE, -0, 1e308, Number.MIN_SAFE_INTEGER, '', ' ', '\u0000', '\u001b[2J', '2025-02-30', 'A-000-000-000', '..\\..\\etc\\passwd', '/etc/passwd'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 30 }),
);

/** What every answer of validate must be: ok with no error, or problems from the catalogue, each located. */
function expectWellFormed(r: Awaited<ReturnType<typeof validateIntakeBytes>>, file: string) {
  const errors = r.problems.filter((p: Problem) => p.severity === 'error');
  if (r.ok) expect(errors).toEqual([]);
  else expect(errors.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(p.code).toMatch(/^AP\d{4}$/);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.location.file).toBe(file);
  }
}

describe('validate never throws on a mutated intake', () => {
  const file = path.join(samples, 'fuzzed.json');
  const mutation = fc
    .nat({ max: SAMPLES.length - 1 })
    .chain((i) => {
      const paths = pathsOf(SAMPLES[i]);
      return fc.record({
        doc: fc.constant(SAMPLES[i]),
        at: fc.constantFrom(...paths),
        how: fc.oneof(
          anyValue.map((value) => ({ kind: 'replace' as const, value })),
          fc.constant({ kind: 'remove' as const }),
          fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 12 }), value: anyValue }),
        ),
      });
    });

  test('a value replaced, a key removed or added: located problems, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async ({ doc, at, how }) => {
        const bytes = Buffer.from(JSON.stringify(mutate(doc, at, how), null, 2));
        const r = await validateIntakeBytes(file, bytes, { today: TODAY });
        expectWellFormed(r, file);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  test('random JSON documents: located problems, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (v) => {
        const r = await validateIntakeBytes(file, Buffer.from(JSON.stringify(v)), { today: TODAY });
        expect(r.ok).toBe(false);
        expectWellFormed(r, file);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  test('random bytes (and a valid intake cut short at a random byte): located problems, never an exception', async () => {
    const whole = Buffer.from(JSON.stringify(SAMPLES[0], null, 2));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: whole.length - 1 }).map((n) => new Uint8Array(whole.subarray(0, n)))), async (bytes) => {
        const r = await validateIntakeBytes(file, bytes, { today: TODAY });
        expect(r.ok).toBe(false);
        expectWellFormed(r, file);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
