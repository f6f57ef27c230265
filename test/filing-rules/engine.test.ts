/** The engine: every rule named, sourced and run in a fixed order. */
import { describe, expect, it } from 'vitest';
import { checkRules, FILING_RULES } from '../../src/filing-rules/engine.js';
import { caseOf, type Sample } from './helpers.js';

describe('FILING_RULES', () => {
  it('gives every rule a unique, kebab-case id, a title and a non-empty source', () => {
    const ids = FILING_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of FILING_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.title.trim()).not.toBe('');
      expect(r.source.trim()).not.toBe('');
    }
  });

  it('has the rules issue 11 asks for', () => {
    expect(FILING_RULES.map((r) => r.id)).toEqual([
      'one-year-deadline',
      'proof-of-arrival',
      'court-filing-deadline',
      'dates-not-past',
      'translations',
      'certificate-of-interpretation',
      'derivative-children',
      'eoir-case-details',
      'representative-eoir-id',
      'i589-fee',
      'annual-asylum-fee',
      'ecas-file-size',
    ]);
  });
});

describe('checkRules', () => {
  it.each<[Sample, string]>([
    ['affirmative', '2025-05-20'],
    ['defensive', '2026-08-10'],
    ['family', '2026-11-20'],
    ['defensive', '2026-11-22'],
  ])('on the %s sample (%s): every rule answers, in order, each result with its source', async (name, today) => {
    const results = checkRules(await caseOf(name, today), { today });
    const order = FILING_RULES.map((r) => r.id);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(order));
    const positions = results.map((r) => order.indexOf(r.id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const r of results) {
      expect(['error', 'warning', 'info', 'pass']).toContain(r.severity);
      expect(r.source.trim()).not.toBe('');
      expect(r.message.trim()).not.toBe('');
    }
  });

  it('is the same for the same case and day', async () => {
    const c = await caseOf('defensive', '2026-08-10');
    expect(checkRules(c, { today: '2026-08-10' })).toEqual(checkRules(c, { today: '2026-08-10' }));
  });
});
