/** The README's error-code table lists the catalogue exactly: paralegals look codes up there. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../src/errors/catalogue.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('lists every catalogue entry with its code, name, severity and title', () => {
    for (const e of Object.values(catalogue)) expect(readme).toContain(`| ${e.code} | ${e.name} | ${e.severity} | ${e.title} |`);
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm install && npm start\nnpm test');
  });
});

describe('catalogue', () => {
  it('has unique codes and names', () => {
    const entries = Object.values(catalogue);
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });
});
