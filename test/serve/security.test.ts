import { mkdir, readdir, symlink, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { sample, startEnv, stopAll } from './harness.js';

afterEach(stopAll);

describe('serve: safe by default', () => {
  it('refuses every request without the token, or with a wrong one, and takes it as a header or as the cookie the first visit sets', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    for (const p of ['/', '/api/cases', '/api/session', '/api/schema', '/api/cases/a.json', '/api/cases/a.json/outputs/light/case-a-filing-checklist.md', '/api/events', '/assets/x.js']) {
      const none = await fetch(env.base + p);
      expect(none.status, p).toBe(401);
      const wrong = await fetch(env.base + p, { headers: { authorization: 'Bearer ' + 'f'.repeat(48) } });
      expect(wrong.status, p).toBe(401);
      const body = await wrong.text();
      expect(body, p).toContain('AP3030');
    }
    const put = await fetch(env.base + '/api/cases/a.json', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(401);
    expect((await fetch(env.base + '/?token=' + 'f'.repeat(48), { redirect: 'manual' })).status).toBe(401);
    // The first visit: the token is traded for a cookie, and leaves the address bar.
    const visit = await fetch(env.app.url, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/');
    const cookie = visit.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await fetch(env.base + '/api/cases', { headers: { cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    expect((await env.api('/api/cases')).status).toBe(200);
  });

  it('answers only on 127.0.0.1, to its own host name, with a Content-Security-Policy on every answer', async () => {
    const env = await startEnv({ buildAtStart: false });
    const lan = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (lan) await expect(fetch(`http://${lan}:${env.app.port}/api/cases`)).rejects.toThrow();
    // A missing file of the app is a 404, not its page; a path without an extension is the page.
    expect((await env.api('/assets/missing.js')).status).toBe(404);
    // The app's hashed code may be kept by the browser; nothing else.
    const { writeFile: write, mkdir: mk } = await import('node:fs/promises');
    await mk(path.join(env.root, 'web', 'assets'), { recursive: true });
    await write(path.join(env.root, 'web', 'assets', 'index-abc.js'), 'export {};');
    const code = await env.api('/assets/index-abc.js');
    expect(code.status).toBe(200);
    expect(code.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(code.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await env.api('/cases')).status).toBe(200);
    for (const p of ['/', '/api/cases', '/nothing']) {
      const r = await env.api(p);
      expect(r.headers.get('content-security-policy'), p).toContain("default-src 'self'");
      expect(r.headers.get('content-security-policy'), p).toContain("frame-ancestors 'none'");
      expect(r.headers.get('cache-control'), p).toBe('no-store');
    }
    expect((await fetch(env.base + '/api/cases')).headers.get('content-security-policy')).toContain("script-src 'self'");
    // DNS rebinding: another name for the machine is not this app.
    const rebound = await new Promise<number>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: env.app.port, path: '/api/cases', headers: { host: `evil.example:${env.app.port}`, authorization: `Bearer ${env.app.token}` } }, (res) => resolve(res.statusCode!)).on('error', reject),
    );
    expect(rebound).toBe(421);
    // A change from another site's page is refused even with the token.
    const cross = await env.api('/api/validate', { method: 'POST', body: JSON.stringify({ intake: {} }), headers: { origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
  });

  it('an upload named ../../x lands inside the case folder; a path in the name is never followed', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false });
    for (const name of ['../../x', '..\\..\\y', '/etc/z', '....//w']) {
      const r = await env.api(`/api/cases/a.json/evidence?name=${encodeURIComponent(name)}`, { method: 'PUT', body: new Uint8Array([37, 80, 68, 70]), headers: { 'content-type': 'application/octet-stream' } });
      expect(r.status, name).toBe(201);
      const { path: rel } = (await r.json()) as { path: string };
      const full = path.resolve(env.inDir, rel);
      expect(full.startsWith(path.join(env.inDir, 'evidence', 'case-a') + path.sep), `${name} → ${rel}`).toBe(true);
      expect(existsSync(full)).toBe(true);
    }
    for (const outside of [path.join(env.root, 'x'), path.join(env.inDir, 'x'), path.join(env.root, '..', 'x'), '/etc/z']) expect(existsSync(outside), outside).toBe(false);
    // A name that is nothing but dots is refused.
    const dots = await env.api(`/api/cases/a.json/evidence?name=${encodeURIComponent('../..')}`, { method: 'PUT', body: new Uint8Array([1]), headers: { 'content-type': 'application/octet-stream' } });
    expect(dots.status).toBe(400);
    expect(((await dots.json()) as { error: { code: string } }).error.code).toBe('AP3033');
  });

  it('an evidence folder that is a link leading outside is refused, and nothing is written there', async () => {
    const env = await startEnv({
      intakes: { 'a.json': await sample('case-a') },
      buildAtStart: false,
      before: async (inDir) => {
        const outside = path.join(path.dirname(inDir), 'elsewhere');
        await mkdir(outside);
        await symlink(outside, path.join(inDir, 'evidence', 'case-a'));
      },
    });
    const r = await env.api('/api/cases/a.json/evidence?name=x.pdf', { method: 'PUT', body: new Uint8Array([1, 2]), headers: { 'content-type': 'application/octet-stream' } });
    expect(r.status).toBe(400);
    expect(await readdir(path.join(env.root, 'elsewhere'))).toEqual([]);
  });

  it('an upload over the limit is refused (413) and leaves no file behind, however it is sent', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') }, buildAtStart: false, maxUploadBytes: 1000 });
    const big = new Uint8Array(5000);
    const declared = await env.api('/api/cases/a.json/evidence?name=big.pdf', { method: 'PUT', body: big, headers: { 'content-type': 'application/octet-stream' } });
    expect(declared.status).toBe(413);
    // Sent as a stream, with no length declared: counted as it comes.
    const stream = new ReadableStream({ start(c) { for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(500)); c.close(); } });
    const chunked = await env.api('/api/cases/a.json/evidence?name=big2.pdf', { method: 'PUT', body: stream, headers: { 'content-type': 'application/octet-stream' }, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    const folder = path.join(env.inDir, 'evidence', 'case-a');
    const left = existsSync(folder) ? await readdir(folder) : [];
    expect(left).toEqual([]);
    // Within the limit: written, owner-only.
    const ok = await env.api('/api/cases/a.json/evidence?name=small.pdf', { method: 'PUT', body: new Uint8Array(900), headers: { 'content-type': 'application/octet-stream' } });
    expect(ok.status).toBe(201);
    expect((await stat(path.join(folder, 'small.pdf'))).mode & 0o777).toBe(0o600);
    // The same name again never replaces the first.
    const again = await env.api('/api/cases/a.json/evidence?name=small.pdf', { method: 'PUT', body: new Uint8Array(10), headers: { 'content-type': 'application/octet-stream' } });
    expect(((await again.json()) as { path: string }).path).toBe('evidence/case-a/small-2.pdf');
    expect((await stat(path.join(folder, 'small.pdf'))).size).toBe(900);
  });

  it('serves only the outputs a case published, never another path', async () => {
    const env = await startEnv({ intakes: { 'a.json': await sample('case-a') } });
    const { until } = await import('./harness.js');
    await until(() => env.builds.length >= 1, 30_000, 'the build');
    const ok = await env.api('/api/cases/a.json/outputs/light/case-a-filing-checklist.md?download=1');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="case-a-filing-checklist.md"/);
    for (const p of ['/api/cases/a.json/outputs/light/manifest.json', '/api/cases/a.json/outputs/light/..%2F..%2Fcase-a%2Flight%2Fmanifest.json', '/api/cases/a.json/outputs/..%2Flight/case-a-filing-checklist.md', '/api/cases/..%2Fa.json/outputs/light/case-a-filing-checklist.md']) {
      expect((await env.api(p)).status, p).toBe(404);
    }
  });
});

describe('serve: what a killed serve left', () => {
  it('a save\'s temporary file and an upload\'s part of a process that is gone are removed at start; those of a live process are kept', async () => {
    const { writeFile: write, mkdir: mk } = await import('node:fs/promises');
    const gone = 2 ** 22 + 1; // above any pid Linux gives (pid_max is at most 2^22): no process has it
    const env = await startEnv({
      buildAtStart: false,
      before: async (inDir) => {
        await write(path.join(inDir, `.a.json.${gone}.0badc0de.tmp`), '{"caseId": "x", "applicant": {"phone": "555"}}');
        await write(path.join(inDir, `.a.json.${process.pid}.0badc0de.tmp`), '{}');
        await mk(path.join(inDir, 'evidence', 'case-a'), { recursive: true });
        await write(path.join(inDir, 'evidence', 'case-a', `.upload-${gone}-abcdef.part`), 'x');
      },
    });
    expect(existsSync(path.join(env.inDir, `.a.json.${gone}.0badc0de.tmp`))).toBe(false);
    expect(existsSync(path.join(env.inDir, 'evidence', 'case-a', `.upload-${gone}-abcdef.part`))).toBe(false);
    expect(existsSync(path.join(env.inDir, `.a.json.${process.pid}.0badc0de.tmp`))).toBe(true);
  });
});
