/** derive() returns exactly the shape derivedSchema describes (templates are linted against it). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedSchema } from '../../src/intake/derived-schema.js';
import { validateIntakeFile } from '../../src/intake/validate.js';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');

describe('derivedSchema', () => {
  it.each(['intake-affirmative.json', 'intake-defensive.json'])('matches what derive() returns for %s', async (name) => {
    const r = await validateIntakeFile(path.join(samples, name), { today: '2026-11-22' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(derivedSchema.safeParse(r.case.derived).error).toBeUndefined();
  });
});
