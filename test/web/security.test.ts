/**
 * The web app's guards, through HTTP against the real `serve`: the token on every request (pages,
 * API, outputs), the cookie the printed address sets, the Content-Security-Policy, loopback only,
 * uploads that cannot leave the case's folder, changes from another origin refused, and a save
 * that cannot overwrite one made since it started (409), over HTTP and in two browser tabs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_MS, copySamples, ROOT, sha256, tid, until, waitBuilt, webFixture } from './harness.js';

const FILE = 'intake-affirmative.json';
const enc = encodeURIComponent(FILE);
const fx = webFixture('security', { prepare: (dir) => copySamples(dir, [FILE]) });

interface Filing {
  pipelines: { pipeline: string; files: { name: string; url: string }[]; packet: { name: string; url: string } | null }[];
}

async function walk(dir: string, skip: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (p === skip) continue;
    if (e.isDirectory()) out.push(...(await walk(p, skip)));
    else out.push(p);
  }
  return out;
}

const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

describe('serve: security', () => {
  let outputUrl = '';

  it('refuses every request without the token, or with a wrong one (401): the page, the API, an output file', { timeout: BUILD_MS + 30_000 }, async () => {
    const s = fx.server;
    await waitBuilt(s, FILE);
    const filing = (await (await s.api(`/api/cases/${enc}/filing`)).json()) as Filing;
    const files = filing.pipelines.flatMap((p) => p.files);
    expect(files.length).toBeGreaterThan(0);
    outputUrl = files[0]!.url;
    // With the token, it is there: so a 401 below is the guard, not a missing file.
    const ok = await s.api(outputUrl);
    expect(ok.status).toBe(200);
    expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const paths = ['/', '/index.html', '/api/session', '/api/cases', `/api/cases/${enc}`, `/api/cases/${enc}/filing`, outputUrl, `${outputUrl}?download=1`, '/api/schema', '/api/events'];
    const wrong = 'ab'.repeat(s.token.length / 2) === s.token ? 'cd'.repeat(s.token.length / 2) : 'ab'.repeat(s.token.length / 2);
    for (const p of paths) {
      const ways: [string, Record<string, string>][] = [
        ['no token', {}],
        ['a wrong Bearer token', { authorization: `Bearer ${wrong}` }],
        ['a wrong cookie', { cookie: `asylum-packet-token=${wrong}` }],
        ['the token with one character changed', { authorization: `Bearer ${s.token.slice(0, -1)}${s.token.endsWith('0') ? '1' : '0'}` }],
      ];
      for (const [how, headers] of ways) {
        const r = await fetch(s.origin + p, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
        expect(r.status, `GET ${p} with ${how}`).toBe(401);
        const body = await r.text();
        expect(body, `GET ${p} with ${how}: nothing of the case in the answer`).not.toMatch(/Núñez|nunez|2025-0142/i);
      }
    }
    // A changing request without the token is refused too.
    const put = await fetch(`${s.origin}/api/cases/${enc}/evidence?name=no-token.pdf`, { method: 'PUT', body: '%PDF-1.4', headers: { origin: s.origin } });
    expect(put.status).toBe(401);
    expect(existsSync(path.join(s.inDir, 'no-token.pdf'))).toBe(false);
    expect(existsSync(path.join(s.inDir, 'evidence', 'no-token.pdf'))).toBe(false);
  });

  it('the printed address sets the token as an HttpOnly, SameSite cookie and redirects to /; a wrong token sets none', async () => {
    const s = fx.server;
    const r = await fetch(s.loginUrl, { redirect: 'manual' });
    expect([302, 303, 307]).toContain(r.status);
    expect(new URL(r.headers.get('location')!, s.origin).pathname).toBe('/');
    expect(new URL(r.headers.get('location')!, s.origin).search).toBe('');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`asylum-packet-token=${s.token}`);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Strict|Lax)/i);
    const page = await fetch(`${s.origin}/`, { headers: { cookie: `asylum-packet-token=${s.token}` }, redirect: 'manual' });
    expect(page.status).toBe(200);

    const bad = await fetch(`${s.origin}/?token=${'0'.repeat(s.token.length)}`, { redirect: 'manual' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
  });

  it('the page carries a Content-Security-Policy', async () => {
    const s = fx.server;
    const r = await fetch(`${s.origin}/`, { headers: { cookie: `asylum-packet-token=${s.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const csp = r.headers.get('content-security-policy');
    expect(csp, 'Content-Security-Policy header on /').toBeTruthy();
    expect(csp).toMatch(/(default-src|script-src) /);
    expect(csp, 'no inline or eval scripts allowed').not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // An output shown inline (the consistency report is HTML made from the intake's text) is
    // under a policy too, since it is served from the app's own origin.
    const filing = (await (await s.api(`/api/cases/${enc}/filing`)).json()) as Filing;
    const html = filing.pipelines.flatMap((p) => p.files).find((f) => f.name.endsWith('.html'));
    expect(html, 'an HTML output (the consistency report)').toBeTruthy();
    const out = await s.api(html!.url);
    expect(out.status).toBe(200);
    const disposition = out.headers.get('content-disposition') ?? '';
    if (!/attachment/i.test(disposition)) expect(out.headers.get('content-security-policy'), `Content-Security-Policy on ${html!.url}, served inline`).toBeTruthy();
  });

  it('the browser enforces the policy (an inline script injected into the page does not run), and the harness sees the violation', async () => {
    const tab = await fx.open('#/');
    await tab.page.locator(tid('case-list')).waitFor();
    // (eval cannot be tried from here: what Playwright evaluates is exempt from the page's policy.)
    const ran = await tab.page.evaluate(() => {
      const g = globalThis as any;
      const script = g.document.createElement('script');
      script.textContent = 'globalThis.__inlineRan = true';
      g.document.body.appendChild(script);
      return g.__inlineRan === true;
    });
    expect(ran).toBe(false);
    await until(() => tab.problems.filter((p) => p.kind === 'csp').length >= 1, 5000, 'the violation to reach the harness');
    // Provoked on purpose: not a problem of the app.
    tab.problems.splice(0);
  });

  it('listens on 127.0.0.1 only', async () => {
    const s = fx.server;
    const ss = spawnSync('ss', ['-Hltn'], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    const locals = ss.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[3])
      .filter((a): a is string => !!a && a.endsWith(`:${s.port}`));
    expect(locals.length, `ss -ltn shows the port ${s.port}`).toBeGreaterThan(0);
    for (const a of locals) expect(a, 'the listening address').toBe(`127.0.0.1:${s.port}`);
    // And no other address of this machine answers on it.
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.address !== '127.0.0.1' && !a.address.startsWith('fe80'))
      .map((a) => a!.address);
    for (const host of others) {
      const connected = await new Promise<boolean>((resolve) => {
        const c = net.connect({ host, port: s.port, timeout: 3000 });
        c.once('connect', () => (c.destroy(), resolve(true)));
        c.once('error', () => resolve(false));
        c.once('timeout', () => (c.destroy(), resolve(false)));
      });
      expect(connected, `a connection to ${host}:${s.port}`).toBe(false);
    }
  });

  it('an upload named ../../x (or into folder ../.., or an absolute path) lands inside the case\'s folder or is refused', async () => {
    const s = fx.server;
    const skip = s.outDir; // builds write there all along; uploads never should
    const before = new Set(await walk(fx.tmp, skip));
    const outsideTmp = path.join(os.tmpdir(), 'x');
    const outsideTmpBefore = await stat(outsideTmp).then((st) => st.mtimeMs).catch(() => null);
    const absName = path.join(fx.tmp, 'absolute-x');
    const tries = [
      `name=${encodeURIComponent('../../x')}`,
      `name=${encodeURIComponent('../../../x')}`,
      `name=x&folder=${encodeURIComponent('../..')}`,
      `name=x&folder=${encodeURIComponent('evidence/../../..')}`,
      `name=${encodeURIComponent(absName)}`,
      `name=x&folder=${encodeURIComponent(path.join(fx.tmp, 'a'))}`,
    ];
    for (const q of tries) {
      const body = Buffer.from(`%PDF-1.4\n% traversal probe ${q}\n`);
      const r = await s.api(`/api/cases/${enc}/evidence?${q}`, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } });
      const text = await r.text();
      expect(r.status === 201 || (r.status >= 400 && r.status < 500), `PUT evidence?${q}: 201 or refused (4xx), got ${r.status} ${text}`).toBe(true);
      if (r.status === 201) {
        const up = JSON.parse(text) as { path: string; bytes: number };
        const where = path.resolve(s.inDir, up.path);
        expect(inside(s.inDir, where), `PUT evidence?${q} answered path ${up.path}: inside the case's folder`).toBe(true);
        expect(await readFile(where)).toEqual(body);
      }
    }
    const after = await walk(fx.tmp, skip);
    const added = after.filter((f) => !before.has(f));
    for (const f of added) expect(inside(s.inDir, f), `a file written by an upload: ${f}`).toBe(true);
    expect(after.filter((f) => path.basename(f) === 'x' && !inside(s.inDir, f))).toEqual([]);
    expect(existsSync(absName)).toBe(false);
    expect(existsSync(path.join(fx.tmp, 'a', 'x'))).toBe(false);
    expect(await stat(outsideTmp).then((st) => st.mtimeMs).catch(() => null)).toBe(outsideTmpBefore);
  });

  it('names in URLs (a case, an output, a page file) and a new case\'s file name cannot reach outside the folders', async () => {
    const s = fx.server;
    const secret = '{"secret":"outside the watched folder"}';
    await writeFile(path.join(fx.tmp, 'secret.json'), secret);
    await writeFile(path.join(fx.tmp, 'a', 'secret.json'), secret);
    const pipeline = (await readdir(path.join(s.outDir, (JSON.parse(await readFile(path.join(s.inDir, FILE), 'utf8')) as { caseId: string }).caseId)))[0]!;
    const reads = [
      `/api/cases/${enc}/outputs/${pipeline}/..%2F..%2F..%2Fsecret.json`,
      `/api/cases/${enc}/outputs/${pipeline}/..%2F..%2F..%2Fa%2Fb%2Fin%2F${enc}`,
      `/api/cases/${enc}/outputs/..%2F..%2F..%2Fa/secret.json`,
      `/api/cases/${enc}/outputs/${pipeline}/%2Fetc%2Fpasswd`,
      '/api/cases/..%2Fsecret.json',
      '/api/cases/..%2F..%2Fsecret.json',
      '/api/cases/..%2F..%2F..%2Fsecret.json',
      '/api/cases/evidence%2Fpassport.pdf',
      '/%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/%2E%2E%2F%2E%2E%2F%2E%2E%2Fpackage.json',
    ];
    const pkg = await readFile(path.join(ROOT, 'package.json'), 'utf8');
    const passport = await readFile(path.join(s.inDir, 'evidence/passport.pdf'));
    for (const u of reads) {
      const r = await s.api(u);
      const body = Buffer.from(await r.arrayBuffer());
      expect(r.status, `GET ${u}`).not.toBe(500);
      expect(body.toString('utf8'), `GET ${u}`).not.toContain('outside the watched folder');
      expect(body.toString('utf8'), `GET ${u}`).not.toContain('root:x:0:0');
      expect(body.toString('utf8') === pkg, `GET ${u} answered package.json`).toBe(false);
      expect(body.equals(passport), `GET ${u} answered an evidence file`).toBe(false);
    }
    const doc = (await (await s.api(`/api/cases/${enc}`)).json()) as { hash: string; intake: Record<string, unknown> };
    const before = new Set(await walk(fx.tmp, s.outDir));
    const put = await s.api('/api/cases/..%2F..%2Fevil.json', { method: 'PUT', json: { baseHash: doc.hash, intake: doc.intake } });
    expect(put.status, 'PUT /api/cases/../../evil.json').toBeGreaterThanOrEqual(400);
    expect(put.status).toBeLessThan(500);
    for (const file of ['../../evil.json', 'evidence/evil.json', path.join(fx.tmp, 'evil-absolute.json')]) {
      const r = await s.api('/api/cases', { method: 'POST', json: { file, intake: { ...doc.intake, caseId: 'evil' } } });
      const text = await r.text();
      expect(r.status === 201 || (r.status >= 400 && r.status < 500), `POST /api/cases {file: ${file}}: 201 or refused, got ${r.status} ${text}`).toBe(true);
      if (r.status === 201) {
        const created = path.resolve(s.inDir, (JSON.parse(text) as { file: string }).file);
        expect(path.dirname(created), `a new case ${file} lands directly in the watched folder`).toBe(s.inDir);
      }
    }
    const added = (await walk(fx.tmp, s.outDir)).filter((f) => !before.has(f));
    for (const f of added) expect(inside(s.inDir, f), `a file written: ${f}`).toBe(true);
  });

  it('refuses a change from another origin, even with the token', async () => {
    const s = fx.server;
    const r = await s.api(`/api/cases/${enc}/evidence?name=cross-origin.pdf`, { method: 'PUT', body: '%PDF-1.4\n', headers: { origin: 'http://evil.example', 'content-type': 'application/octet-stream' } });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await walk(s.inDir, '')).filter((f) => f.includes('cross-origin'))).toEqual([]);
    const before = await readFile(path.join(s.inDir, FILE));
    const doc = (await (await s.api(`/api/cases/${enc}`)).json()) as { hash: string; intake: Record<string, unknown> };
    const save = await s.api(`/api/cases/${enc}`, { method: 'PUT', json: { baseHash: doc.hash, intake: { ...doc.intake, caseId: 'cross-origin' } }, headers: { origin: 'http://evil.example' } });
    expect(save.status).toBeGreaterThanOrEqual(400);
    expect(save.status).toBeLessThan(500);
    expect(await readFile(path.join(s.inDir, FILE))).toEqual(before);
  });

  it('two saves from the same version: the first is written (200), the second refused (409), and the file keeps the first exactly', async () => {
    const s = fx.server;
    const a = await s.api(`/api/cases/${enc}`);
    const b = await s.api(`/api/cases/${enc}`);
    expect(a.status).toBe(200);
    const docA = (await a.json()) as { file: string; hash: string; intake: Record<string, any> };
    const docB = (await b.json()) as { file: string; hash: string; intake: Record<string, any> };
    expect(docA.hash).toBe(docB.hash);
    expect(docA.hash).toBe(sha256(await readFile(path.join(s.inDir, FILE))));

    const first = structuredClone(docA.intake);
    first.applicant.phone = '+1 718 555 0001';
    const second = structuredClone(docB.intake);
    second.applicant.phone = '+1 718 555 0002';
    second.applicant.religion = 'Catholic';

    const r1 = await s.api(`/api/cases/${enc}`, { method: 'PUT', json: { baseHash: docA.hash, intake: first } });
    expect(r1.status).toBe(200);
    const saved = (await r1.json()) as { file: string; hash: string; problems: unknown[] };
    expect(saved.file).toBe(FILE);
    const onDisk1 = await readFile(path.join(s.inDir, FILE));
    expect(saved.hash).toBe(sha256(onDisk1));
    expect(JSON.parse(onDisk1.toString('utf8'))).toEqual(first);

    const r2 = await s.api(`/api/cases/${enc}`, { method: 'PUT', json: { baseHash: docB.hash, intake: second } });
    expect(r2.status).toBe(409);
    const refused = (await r2.json()) as { error: { code: string }; currentHash?: string };
    expect(refused.error?.code).toMatch(/^AP\d+/);
    expect(refused.currentHash).toBe(saved.hash);
    const onDisk2 = await readFile(path.join(s.inDir, FILE));
    expect(onDisk2.equals(onDisk1), 'the file still has the first save, byte for byte').toBe(true);
    expect(((await (await s.api(`/api/cases/${enc}`)).json()) as { hash: string }).hash).toBe(saved.hash);
  });

  it('two saves sent at the same moment from the same version: exactly one is written', async () => {
    const s = fx.server;
    const doc = (await (await s.api(`/api/cases/${enc}`)).json()) as { hash: string; intake: Record<string, any> };
    const versions = [1, 2, 3, 4].map((k) => {
      const v = structuredClone(doc.intake);
      v.applicant.phone = `+1 718 555 01${k}0`;
      return v;
    });
    const rs = await Promise.all(versions.map((v) => s.api(`/api/cases/${enc}`, { method: 'PUT', json: { baseHash: doc.hash, intake: v } })));
    const statuses = rs.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(3);
    const winner = versions[statuses.indexOf(200)]!;
    const saved = (await rs[statuses.indexOf(200)]!.json()) as { hash: string };
    const disk = await readFile(path.join(s.inDir, FILE));
    expect(JSON.parse(disk.toString('utf8'))).toEqual(winner);
    expect(sha256(disk)).toBe(saved.hash);
  });

  it('in the browser, the second of two tabs that save the same version shows save-conflict, and the file keeps the first tab\'s save', { timeout: 60_000 }, async () => {
    const s = fx.server;
    const hash = `#/case/${enc}`;
    // The refused PUT is a 409: Chromium logs every failed response as a console error.
    const one = await fx.open(hash, { allow: [/status of 409/] });
    const two = await fx.openTab(one, hash);
    for (const t of [one, two]) await t.page.locator(tid('intake-form')).waitFor({ timeout: 15_000 });
    const field = '#root_applicant_nationality';
    await one.page.locator(field).fill('Honduras (first tab)');
    await two.page.locator(field).fill('Honduras (second tab)');

    await one.page.locator(tid('save')).click();
    const firstBytes = await until(
      async () => {
        const b = await readFile(path.join(s.inDir, FILE));
        return JSON.parse(b.toString('utf8')).applicant.nationality === 'Honduras (first tab)' ? b : null;
      },
      15_000,
      'the first tab\'s save on disk',
    );
    await expect.poll(() => one.page.locator(tid('save-conflict')).count()).toBe(0);

    await two.page.locator(tid('save')).click();
    await two.page.locator(tid('save-conflict')).waitFor({ state: 'visible', timeout: 15_000 });
    // The refused save reached the browser's console as a 409 (the collector sees what the page logs).
    await until(() => two.problems.some((p) => /status of 409/.test(p.text)), 5000, 'the 409 in the second tab\'s console');
    const disk = await readFile(path.join(s.inDir, FILE));
    expect(disk.equals(firstBytes), 'the file keeps the first tab\'s save, byte for byte').toBe(true);
    expect(await one.page.locator(tid('save-conflict')).count()).toBe(0);
  });

  it('stops on SIGTERM, exit 0', { timeout: 20_000 }, async () => {
    const r = await fx.server.stop();
    expect(r, fx.server.output().slice(-2000)).toEqual({ code: 0, signal: null });
  });
});
