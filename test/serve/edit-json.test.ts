import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rewriteIntake } from '../../src/intake/edit-json.js';
import { formatIntake } from '../../src/intake/write-format.js';
import { ROOT } from '../helpers/watch-env.js';

const samples = ['intake-affirmative', 'intake-defensive', 'intake-family', 'intake-court-family'].map((n) => readFileSync(path.join(ROOT, 'fixtures/samples', `${n}.json`), 'utf8'));

describe('saving an intake as people edit one', () => {
  it('an unchanged intake is written back byte for byte, whatever its layout', () => {
    for (const text of samples) expect(rewriteIntake(text, JSON.parse(text))).toBe(text);
  });

  it('a removed key, a removed last list item and an added key touch only their own lines', () => {
    const text = samples[0]!;
    const v = JSON.parse(text);
    delete v.applicant.phone;
    v.evidence.pop();
    v.filing.note = 'x';
    const out = rewriteIntake(text, v);
    expect(JSON.parse(out)).toEqual(v);
    expect(out).not.toMatch(/\} \]/); // no list closed on the line of its last item
    expect(out).toContain('"filing": { "date": "2025-05-20", "note": "x" }');
    const kept = text.split('\n').filter((l) => !l.includes('"phone"') && !l.includes('filing'));
    const now = new Set(out.split('\n'));
    // Every line of the file that was not edited (and not part of the removed exhibit) is still there.
    const removedExhibit = JSON.stringify(JSON.parse(text).evidence.at(-1));
    expect(kept.filter((l) => !now.has(l) && !removedExhibit.includes(l.trim().replace(/,$/, '').replace(/^"(\w+)": /, '')))).toEqual([]);
  });

  it('whatever the edit, the file holds exactly the value given (a thousand random edits)', () => {
    const base = JSON.parse(samples[2]!);
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), leaf, { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constant('set'), fc.constant('delete'), fc.constant('add')), value, fc.string({ minLength: 1, maxLength: 8 })), { maxLength: 6 }), (edits) => {
        const v = structuredClone(base);
        for (const [n, op, x, key] of edits) {
          // Walks to a random object or list of the intake.
          let at: any = v;
          for (let depth = 0; depth < 3; depth++) {
            const keys = Object.keys(at);
            const k = keys[n % Math.max(1, keys.length)];
            if (k === undefined || at[k] === null || typeof at[k] !== 'object') break;
            at = at[k];
          }
          const keys = Object.keys(at);
          const k = keys[n % Math.max(1, keys.length)];
          if (op === 'set' && k !== undefined) at[k] = x;
          else if (op === 'delete' && k !== undefined) Array.isArray(at) ? at.splice(Number(k), 1) : delete at[k];
          else if (Array.isArray(at)) at.push(x);
          else at[key] = x;
        }
        const out = rewriteIntake(samples[2]!, v);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(out.endsWith('\n')).toBe(samples[2]!.endsWith('\n'));
      }),
      { numRuns: 1000 },
    );
  });

  it('a new intake: two spaces of indent, objects of plain values and lists of plain values on one line, lists of objects one a line', () => {
    const text = formatIntake({ schemaVersion: 1, applicant: { name: { family: 'Ávila', given: 'Rosa' }, languages: ['es', 'en'] }, events: [{ date: '2020-01-02', what: 'x' }] });
    expect(text).toBe(
      '{\n  "schemaVersion": 1,\n  "applicant": {\n    "name": { "family": "Ávila", "given": "Rosa" },\n    "languages": ["es", "en"]\n  },\n  "events": [\n    { "date": "2020-01-02", "what": "x" }\n  ]\n}\n',
    );
  });

  it('a file that is not whole JSON is written anew', () => {
    expect(rewriteIntake('{"a": ', { a: 1 })).toBe('{ "a": 1 }\n');
  });
});
