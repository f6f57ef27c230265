/** The committed intake.schema.json is what the zod schema generates: editors never see a stale one. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { intakeJsonSchema } from '../src/intake/json-schema.js';

const committed = path.resolve(import.meta.dirname, '../intake.schema.json');

describe('intake.schema.json', () => {
  it('is up to date (regenerate with `npm run schema`)', () => {
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(intakeJsonSchema());
  });

  it('carries descriptions and forbids unknown keys', () => {
    const s = intakeJsonSchema() as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>; additionalProperties: boolean; required: string[] };
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(expect.arrayContaining(['schemaVersion', 'caseId', 'proceeding', 'applicant', 'claim']));
    expect(s.properties.applicant?.properties?.dateOfBirth?.description).toBe('Date of birth');
    expect(s.properties.caseId?.description).toMatch(/output folder/);
  });
});
