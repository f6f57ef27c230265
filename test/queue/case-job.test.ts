/**
 * A case job and its answer as they go through Redis (src/queue/case-job.ts): the answer carries
 * problem codes, titles and locations, never a message that may quote a client's values (AP3004's
 * message, made of file names and case ids only, excepted); and one job id a set of inputs.
 */
import { describe, expect, it } from 'vitest';
import type { CaseBuild, PipelineOutput } from '../../src/builder/build-case.js';
import { catalogue, problem } from '../../src/errors/catalogue.js';
import type { Problem } from '../../src/errors/problem.js';
import { fromQueued, jobIdOf, toQueued, WORKER_NAME, type CaseJobData, type QueuedResult } from '../../src/queue/case-job.js';

// Made-up client values: none of them may reach Redis.
const CLIENT_VALUES = ['Marisol Quintero-Fakename', '1987-02-30', 'Teodoro Fictitious-Ramos', '+1 555 0100 7731', 'Calle Ficticia 42', 'widowed-fictional-status'];

const INTAKE = '/srv/intake/quintero.json';
const CASE_ID = 'case-4711';

function sampleBuild(): { build: CaseBuild; problems: Problem[]; caseBuiltTwice: Problem } {
  const caseBuiltTwice = problem('caseBuiltTwice', { caseId: CASE_ID, pipeline: 'uscis-affirmative', other: '/srv/intake/older-copy.json', published: false, queued: true }, { file: INTAKE, path: 'caseId' });
  const problems: Problem[] = [
    problem('invalidDate', { found: JSON.stringify('1987-02-30'), example: '1987-02-28' }, { file: INTAKE, path: 'applicant.dateOfBirth', line: 7, column: 21 }),
    problem('derivativeChildAge', { name: 'Marisol Quintero-Fakename', age: 22, filingDate: '2026-03-14' }, { file: INTAKE, path: 'family.children[1].dateOfBirth', line: 31, column: 9 }),
    problem('derivativeChildMarried', { name: 'Teodoro Fictitious-Ramos', status: 'widowed-fictional-status' }, { file: INTAKE, path: 'family.children[2].maritalStatus' }),
    // A hint given by the caller, quoting a value: it must not travel either.
    problem('invalidFormat', { expected: 'a phone number', found: JSON.stringify('+1 555 0100 7731') }, { file: INTAKE, path: 'applicant.phone' }, 'you wrote "+1 555 0100 7731"; write it like +1 202 555 0199'),
    problem('invalidFormat', { expected: 'a street address', found: JSON.stringify('Calle Ficticia 42') }, { file: INTAKE, path: 'applicant.address.street' }),
    caseBuiltTwice,
  ];
  const outputs: PipelineOutput[] = [{ pipeline: 'eoir-defensive', dir: `/srv/out/${CASE_ID}/eoir-defensive`, files: ['declaration.docx', 'packet.pdf'], upToDate: false }];
  const kept: PipelineOutput[] = [{ pipeline: 'uscis-affirmative', dir: `/srv/out/${CASE_ID}/uscis-affirmative`, files: ['i589.pdf'], upToDate: true }];
  const build: CaseBuild = { file: INTAKE, ok: false, caseId: CASE_ID, problems, outputs, kept, ms: 1234, reads: [INTAKE, '/srv/intake/exhibits/passport-scan.pdf'] };
  return { build, problems, caseBuiltTwice };
}

describe('toQueued', () => {
  it('quotes none of the client values that the problems\' messages and hints quote', () => {
    const { build, problems } = sampleBuild();
    // The messages do quote them (else this test would prove nothing).
    const messages = problems.map((p) => `${p.message} ${p.hint ?? ''}`).join('\n');
    for (const v of CLIENT_VALUES) expect(messages).toContain(v);

    const json = JSON.stringify(toQueued(build));
    for (const v of CLIENT_VALUES) expect(json).not.toContain(v);
  });

  it('carries the codes, names, severities, titles and locations (JSON paths) of the problems', () => {
    const { build, problems } = sampleBuild();
    const q = toQueued(build);
    const json = JSON.stringify(q);
    for (const code of ['AP1106', 'AP1401', 'AP1409', 'AP1109', 'AP3004']) expect(json).toContain(code);
    for (const title of [catalogue.invalidDate.title, catalogue.derivativeChildAge.title, catalogue.derivativeChildMarried.title, catalogue.invalidFormat.title, catalogue.caseBuiltTwice.title]) {
      expect(json).toContain(JSON.stringify(title));
    }
    for (const p of ['applicant.dateOfBirth', 'family.children[1].dateOfBirth', 'family.children[2].maritalStatus', 'applicant.phone', 'applicant.address.street']) {
      expect(json).toContain(JSON.stringify(p));
    }
    expect(q.problems).toHaveLength(problems.length);
    q.problems.forEach((qp, i) => {
      expect(qp.code).toBe(problems[i]!.code);
      expect(qp.name).toBe(problems[i]!.name);
      expect(qp.severity).toBe(problems[i]!.severity);
      expect(qp.location).toEqual(problems[i]!.location);
    });
    expect(q.problems[0]).toMatchObject({ code: 'AP1106', name: 'invalid-date', severity: 'error', title: 'Not a date', location: { path: 'applicant.dateOfBirth', line: 7, column: 21 } });
    expect(q.problems[1]).toMatchObject({ code: 'AP1401', severity: 'warning' });
  });

  it('drops the messages, and the hints that depend on the case, of every problem but AP3004', () => {
    const { build } = sampleBuild();
    const q = toQueued(build);
    for (const p of q.problems.filter((x) => x.code !== 'AP3004')) expect(p.message).toBeUndefined();
    // invalidDate's hint quotes an example from the case; invalidFormat's was the caller's own.
    expect(q.problems[0]!.hint).toBeUndefined();
    expect(q.problems[3]!.hint).toBeUndefined();
    // A hint that is the same for every case travels.
    expect(q.problems[1]!.hint).toBe(catalogue.derivativeChildAge.hint!({} as never));
  });

  it('keeps AP3004\'s message, which names only files and case ids', () => {
    const { build, caseBuiltTwice } = sampleBuild();
    const q = toQueued(build);
    const p = q.problems.find((x) => x.code === 'AP3004')!;
    expect(p.message).toBe(caseBuiltTwice.message);
    expect(p.message).toContain('/srv/intake/older-copy.json');
    expect(JSON.stringify(q)).toContain('/srv/intake/older-copy.json');
  });

  it('carries the outcome, outputs, kept outputs, time, reads and the worker', () => {
    const { build } = sampleBuild();
    const q = toQueued(build);
    expect(q).toMatchObject({ v: 1, ok: false, caseId: CASE_ID, outputs: build.outputs, kept: build.kept, ms: 1234, reads: build.reads, worker: WORKER_NAME });
    expect(WORKER_NAME).toContain(String(process.pid));
    // Through JSON (as Redis keeps it) it is the same.
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
  });

  it('leaves out an absent caseId and an empty list of kept outputs', () => {
    const q = toQueued({ file: INTAKE, ok: true, problems: [], outputs: [], kept: [], ms: 5, reads: [INTAKE] });
    expect(q).not.toHaveProperty('caseId');
    expect(q).not.toHaveProperty('kept');
    expect(q.ok).toBe(true);
  });
});

describe('fromQueued', () => {
  it('gives back a CaseBuild whose problems read their title (AP3004: its message)', () => {
    const { build, caseBuiltTwice } = sampleBuild();
    const q = JSON.parse(JSON.stringify(toQueued(build))) as QueuedResult;
    const back = fromQueued('/mnt/share/intake/quintero.json', q);

    expect(back.file).toBe('/mnt/share/intake/quintero.json');
    expect(back).toMatchObject({ ok: false, caseId: CASE_ID, outputs: build.outputs, kept: build.kept, ms: 1234, reads: build.reads });
    expect(back).not.toHaveProperty('worker');
    expect(back).not.toHaveProperty('v');
    expect(back.problems).toHaveLength(build.problems.length);
    back.problems.forEach((p, i) => {
      const orig = build.problems[i]!;
      expect(p.code).toBe(orig.code);
      expect(p.name).toBe(orig.name);
      expect(p.severity).toBe(orig.severity);
      expect(p.location).toEqual(orig.location);
    });
    expect(back.problems[0]!.message).toBe(catalogue.invalidDate.title);
    expect(back.problems[1]!.message).toBe(catalogue.derivativeChildAge.title);
    expect(back.problems[2]!.message).toBe(catalogue.derivativeChildMarried.title);
    expect(back.problems[3]!.message).toBe(catalogue.invalidFormat.title);
    expect(back.problems[5]!.message).toBe(caseBuiltTwice.message);
    // Hints: the case-free one comes back, the others do not.
    expect(back.problems[1]!.hint).toBe(build.problems[1]!.hint);
    expect(back.problems[0]).not.toHaveProperty('hint');
    expect(back.problems[3]).not.toHaveProperty('hint');

    const json = JSON.stringify(back);
    for (const v of CLIENT_VALUES) expect(json).not.toContain(v);
  });

  it('leaves out an absent caseId and an empty list of kept outputs', () => {
    const back = fromQueued(INTAKE, { v: 1, ok: true, problems: [], outputs: [], ms: 3, reads: [], worker: 'host:1', kept: [] });
    expect(back).toEqual({ file: INTAKE, ok: true, problems: [], outputs: [], ms: 3, reads: [] });
  });
});

describe('jobIdOf', () => {
  const base: CaseJobData = {
    v: 1,
    intake: '/srv/intake/quintero.json',
    fingerprint: 'a'.repeat(64),
    caseId: CASE_ID,
    outDir: '/srv/out',
    today: '2026-11-22',
    force: false,
  };

  it('is deterministic: the same inputs, in another object or order, are the same job', () => {
    const id = jobIdOf(base);
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(jobIdOf({ ...base })).toBe(id);
    const reordered = { force: false, today: '2026-11-22', outDir: '/srv/out', caseId: CASE_ID, fingerprint: 'a'.repeat(64), intake: '/srv/intake/quintero.json', v: 1 } as CaseJobData;
    expect(jobIdOf(reordered)).toBe(id);
    expect(jobIdOf({ ...base, modes: { dir: 0o750, file: 0o640 }, limits: { caseSeconds: 60 } })).toBe(jobIdOf({ ...base, limits: { caseSeconds: 60 }, modes: { dir: 0o750, file: 0o640 } }));
  });

  it.each<[string, Partial<CaseJobData>]>([
    ['intake path', { intake: '/srv/intake/other.json' }],
    ['fingerprint', { fingerprint: 'b'.repeat(64) }],
    ['unreadable fingerprint', { fingerprint: 'unreadable' }],
    ['outDir', { outDir: '/srv/out2' }],
    ['today', { today: '2026-11-23' }],
    ['force', { force: true }],
    ['modes', { modes: { dir: 0o700, file: 0o600 } }],
    ['limits', { limits: { caseSeconds: 60 } }],
  ])('changes with the %s', (_what, change) => {
    expect(jobIdOf({ ...base, ...change })).not.toBe(jobIdOf(base));
  });

  it('tells apart different modes and different limits', () => {
    const shared = jobIdOf({ ...base, modes: { dir: 0o750, file: 0o640 } });
    const priv = jobIdOf({ ...base, modes: { dir: 0o700, file: 0o600 } });
    expect(shared).not.toBe(priv);
    expect(jobIdOf({ ...base, limits: { caseSeconds: 60 } })).not.toBe(jobIdOf({ ...base, limits: { caseSeconds: 61 } }));
    expect(jobIdOf({ ...base, limits: { caseSeconds: 60 } })).not.toBe(jobIdOf({ ...base, limits: { maxIntakeBytes: 60 } }));
  });

  it('every changed input gives a job id of its own', () => {
    const variants: CaseJobData[] = [
      base,
      { ...base, intake: '/srv/intake/other.json' },
      { ...base, fingerprint: 'b'.repeat(64) },
      { ...base, outDir: '/srv/out2' },
      { ...base, today: '2026-11-23' },
      { ...base, force: true },
      { ...base, modes: { dir: 0o750, file: 0o640 } },
      { ...base, limits: { caseSeconds: 60 } },
    ];
    expect(new Set(variants.map(jobIdOf)).size).toBe(variants.length);
  });
});
