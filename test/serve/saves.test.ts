import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sample, startEnv, stopAll, until } from './harness.js';
import { ROOT } from '../helpers/watch-env.js';

afterEach(stopAll);

type Json = Record<string, any>;
const json = async (r: Response) => (await r.json()) as Json;

describe('serve: saving intakes', () => {
  it('of two saves from one version, the second is refused (AP3031) and the first one\'s content stays intact', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    const opened = await json(await env.api('/api/cases/a.json'));
    const first = structuredClone(opened.intake);
    first.applicant.phone = '+1 212 555 0101';
    const second = structuredClone(opened.intake);
    second.applicant.phone = '+1 212 555 0202';
    const r1 = await env.api('/api/cases/a.json', { method: 'PUT', body: JSON.stringify({ baseHash: opened.hash, intake: first }) });
    expect(r1.status).toBe(200);
    const r2 = await env.api('/api/cases/a.json', { method: 'PUT', body: JSON.stringify({ baseHash: opened.hash, intake: second }) });
    expect(r2.status).toBe(409);
    const refused = await json(r2);
    expect(refused.error.code).toBe('AP3031');
    expect(refused.error.message).toMatch(/changed elsewhere/);
    expect(refused.currentHash).toBe((await json(r1)).hash);
    expect(JSON.parse(await readFile(path.join(env.inDir, 'a.json'), 'utf8'))).toEqual(first);
  });

  it('saves sent at the same moment from one version: exactly one is written, whole', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    const opened = await json(await env.api('/api/cases/a.json'));
    const edits = Array.from({ length: 8 }, (_, i) => {
      const v = structuredClone(opened.intake);
      v.applicant.phone = `+1 212 555 01${String(i).padStart(2, '0')}`;
      return v;
    });
    const answers = await Promise.all(edits.map((intake) => env.api('/api/cases/a.json', { method: 'PUT', body: JSON.stringify({ baseHash: opened.hash, intake }) })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const winner = edits[statuses.indexOf(200)];
    expect(JSON.parse(await readFile(path.join(env.inDir, 'a.json'), 'utf8'))).toEqual(winner);
  });

  it('a save rewrites only what changed: every other line, the key order and the file mode stay', async () => {
    const text = await readFile(path.join(ROOT, 'fixtures/samples/intake-affirmative.json'), 'utf8');
    const env = await startEnv({ intakes: { 'a.json': text }, buildAtStart: false });
    await chmod(path.join(env.inDir, 'a.json'), 0o640);
    const opened = await json(await env.api('/api/cases/a.json'));
    const v = opened.intake;
    v.applicant.dateOfBirth = '1990-05-18';
    v.applicant.otherNames.push('Pepito');
    const r = await env.api('/api/cases/a.json', { method: 'PUT', body: JSON.stringify({ baseHash: opened.hash, intake: v }) });
    expect(r.status).toBe(200);
    const after = await readFile(path.join(env.inDir, 'a.json'), 'utf8');
    const before = text.split('\n');
    const now = after.split('\n');
    expect(now.length).toBe(before.length);
    const changed = now.map((l, i) => (l === before[i] ? null : i)).filter((i) => i !== null);
    expect(changed.map((i) => now[i!]!.trim())).toEqual(['"otherNames": ["Pepe Núñez", "Pepito"],', '"dateOfBirth": "1990-05-18",']);
    expect((await stat(path.join(env.inDir, 'a.json'))).mode & 0o777).toBe(0o640);
    // No temporary file is left beside the intake.
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(env.inDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a new case is written owner-only, as people write JSON; a second of that name is refused (AP3032); a name with a path is refused', async () => {
    const env = await startEnv({ buildAtStart: false });
    const intake = JSON.parse(await sample('case-new'));
    const made = await env.api('/api/cases', { method: 'POST', body: JSON.stringify({ intake }) });
    expect(made.status).toBe(201);
    expect((await json(made)).file).toBe('case-new.json');
    const file = path.join(env.inDir, 'case-new.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual(intake);
    expect(text).toMatch(/^\{\n  "schemaVersion": 1,\n  "caseId": "case-new",\n/);
    expect(text).toContain('"name": { "family": ');
    expect(text.endsWith('}\n')).toBe(true);
    const again = await env.api('/api/cases', { method: 'POST', body: JSON.stringify({ file: 'case-new', intake: {} }) });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('AP3032');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(intake);
    for (const bad of ['../x', 'sub/x', '.hidden', 'x.status']) {
      const r = await env.api('/api/cases', { method: 'POST', body: JSON.stringify({ file: bad, intake: {} }) });
      expect(r.status, bad).toBe(400);
    }
  });

  it('validates as the CLI does: the located problem with the catalogue\'s message and hint', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    const opened = await json(await env.api('/api/cases/a.json'));
    opened.intake.applicant.dateOfBirth = '1990-13-45';
    const v = await json(await env.api('/api/validate', { method: 'POST', body: JSON.stringify({ file: 'a.json', intake: opened.intake }) }));
    expect(v.ok).toBe(false);
    const p = v.problems.find((x: Json) => x.path === 'applicant.dateOfBirth');
    expect(p).toMatchObject({ code: 'AP1106', severity: 'error' });
    expect(p.message).toContain('1990-13-45');
    expect(p.hint).toBeTruthy();
    opened.intake.applicant.dateOfBirth = '1990-05-17';
    const fixed = await json(await env.api('/api/validate', { method: 'POST', body: JSON.stringify({ file: 'a.json', intake: opened.intake }) }));
    expect(fixed.problems.filter((x: Json) => x.severity === 'error')).toEqual([]);
    // An evidence file that is not there is found, as the CLI finds it.
    opened.intake.evidence[0].file = 'evidence/nowhere.pdf';
    const missing = await json(await env.api('/api/validate', { method: 'POST', body: JSON.stringify({ file: 'a.json', intake: opened.intake }) }));
    expect(missing.problems.some((x: Json) => x.path === 'evidence[0].file' && x.severity === 'error')).toBe(true);
  });

  it('the case list follows the folder live: a save builds the case, and its state comes as an event', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    const list = await json(await env.api('/api/cases'));
    expect(list.cases.map((c: Json) => [c.file, c.state, c.caseId])).toEqual([['a.json', 'new', 'case-a']]);
    const events: { event: string; data: Json }[] = [];
    const controller = new AbortController();
    const stream = await env.api('/api/events', { signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const ev = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (ev && data) events.push({ event: ev, data: JSON.parse(data) as Json });
          }
        }
      } catch {
        // aborted
      }
    })();
    const opened = await json(await env.api('/api/cases/a.json'));
    opened.intake.applicant.phone = '+1 212 555 0199';
    expect((await env.api('/api/cases/a.json', { method: 'PUT', body: JSON.stringify({ baseHash: opened.hash, intake: opened.intake }) })).status).toBe(200);
    await until(() => events.some((e) => e.event === 'case' && e.data.file === 'a.json' && e.data.state === 'built'), 60_000, 'a "built" event');
    expect(events.some((e) => e.event === 'progress' && e.data.state === 'building')).toBe(true);
    // A new intake dropped by another program appears; one removed goes.
    await writeFile(path.join(env.inDir, 'b.json'), await sample('case-b'));
    await until(() => events.some((e) => e.event === 'case' && e.data.file === 'b.json'), 20_000, 'b.json to appear');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(env.inDir, 'b.json'));
    await until(() => events.some((e) => e.event === 'removed' && e.data.file === 'b.json'), 20_000, 'b.json to go');
    controller.abort();
    await reading;
    // The log names no client: no name, no phone.
    const logs = env.logs.join('\n');
    expect(logs).not.toContain('555 0199');
    expect(logs).not.toContain('Núñez');
  });

  it('a case shows its own filing only: another intake with the same caseId does not show the first one\'s', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') } });
    await until(() => env.builds.length >= 1, 60_000, 'the build of a.json');
    await writeFile(path.join(env.inDir, 'b.json'), await sample('case-a'));
    await until(() => env.builds.length >= 2, 60_000, 'the build of b.json');
    // A build is said to be done once the app shows it (before, a request at that moment could still see "waiting").
    expect(env.builds.map((x) => [path.basename(x.file), x.shown]).at(-1)).toEqual(['b.json', 'rejected']);
    const cases = (await json(await env.api('/api/cases'))).cases as Json[];
    const a = cases.find((c) => c.file === 'a.json')!;
    const b = cases.find((c) => c.file === 'b.json')!;
    expect(a.state).toBe('built');
    expect(a.pipelines).toEqual(['light']);
    expect(b.state).toBe('rejected');
    expect(b.errors.map((p: Json) => p.code)).toContain('AP3004');
    expect(b.pipelines).toEqual([]);
    expect((await env.api('/api/cases/b.json/filing')).status).toBe(404);
    expect((await env.api('/api/cases/b.json/outputs/light/case-a-filing-checklist.md')).status).toBe(404);
    expect((await env.api('/api/cases/a.json/filing')).status).toBe(200);
  });

  it('a case changed by another program while built shows "out of date" until it is built again', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') } });
    await until(() => env.builds.length >= 1, 60_000, 'the build');
    await env.app.watching.stop(); // nobody builds now
    await writeFile(path.join(env.inDir, 'a.json'), await sample('case-a', (d) => ((d.applicant as Json).phone = '+1 212 555 0100')));
    const s = await env.app.book.refresh('a.json');
    expect(s?.state).toBe('out-of-date');
  });
});
