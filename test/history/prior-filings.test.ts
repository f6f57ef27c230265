/** The priorFilings entry is added as a person would write it: nothing else of the file changes. */
import { describe, expect, it } from 'vitest';
import { withPriorFiling } from '../../src/history/prior-filings.js';

const filing = { stage: 'affirmative', filedOn: '2026-11-20', snapshot: 'history/2026-11-20-affirmative.json' };
const lines = (s: string) => s.split(/\r?\n/);

describe('withPriorFiling', () => {
  it('an intake without priorFilings gets the list, after the proceeding\'s last key; every other line is as it was', () => {
    const text = '{\n  "schemaVersion": 1,\n  "proceeding": {\n    "type": "affirmative",\n    "filingMethod": "mail"\n  },\n  "applicant": { "name": { "family": "Núñez" } }\n}\n';
    const out = withPriorFiling(text, filing)!;
    expect(JSON.parse(out).proceeding.priorFilings).toEqual([filing]);
    expect(JSON.parse(out).proceeding.type).toBe('affirmative');
    // only added lines (and the comma after the last key)
    const before = lines(text).map((l) => l.replace(/,$/, ''));
    const after = lines(out).map((l) => l.replace(/,$/, ''));
    expect(after.filter((l) => !before.includes(l)).join('\n')).toMatch(/priorFilings/);
    for (const l of before) expect(after).toContain(l);
    expect(out).toContain('    "priorFilings": [\n      {\n        "stage": "affirmative",');
  });

  it('appends to an existing list, keeping the entries there', () => {
    const text = JSON.stringify({ proceeding: { type: 'defensive', priorFilings: [{ stage: 'affirmative', filedOn: '2025-05-20', outcome: 'referred' }] } }, null, 2);
    const out = JSON.parse(withPriorFiling(text, { stage: 'defensive', filedOn: '2026-11-20', snapshot: 'history/2026-11-20-defensive.json' })!);
    expect(out.proceeding.priorFilings).toEqual([
      { stage: 'affirmative', filedOn: '2025-05-20', outcome: 'referred' },
      { stage: 'defensive', filedOn: '2026-11-20', snapshot: 'history/2026-11-20-defensive.json' },
    ]);
  });

  it('an entry of that stage and date written by hand without a snapshot gets the snapshot; one that names a snapshot is refused (undefined)', () => {
    const text = JSON.stringify({ proceeding: { priorFilings: [{ stage: 'affirmative', filedOn: '2026-11-20', office: 'Newark' }] } }, null, 2);
    const out = withPriorFiling(text, filing)!;
    expect(JSON.parse(out).proceeding.priorFilings).toEqual([{ stage: 'affirmative', filedOn: '2026-11-20', office: 'Newark', snapshot: filing.snapshot }]);
    expect(withPriorFiling(out, filing)).toBeUndefined();
  });

  it('keeps tabs and CRLF line ends', () => {
    const text = '{\r\n\t"proceeding": {\r\n\t\t"type": "affirmative"\r\n\t}\r\n}\r\n';
    const out = withPriorFiling(text, filing)!;
    expect(out).not.toMatch(/[^\r]\n/);
    expect(out).toContain('\r\n\t\t"priorFilings": [\r\n\t\t\t{\r\n\t\t\t\t"stage"');
  });
});
