/**
 * The web app's server: Fastify on 127.0.0.1, one more front door over the watched folder. It
 * reads and writes the same files as the CLI and the watcher (intakes, evidence, status files,
 * published outputs), so each sees what the others do; builds go through the watcher's builder.
 * Every request needs the session token; every answer carries a Content-Security-Policy; nothing
 * of a client is logged (this server logs nothing at all: the CLI logs what it decides to).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { problem } from '../errors/catalogue.js';
import type { Problem } from '../errors/problem.js';
import { validateIntakeBytes } from '../intake/validate.js';
import { MAX_INTAKE_BYTES } from '../limits.js';
import { API_VERSION, type ApiError, type IntakeDocument, type QueueCounts, type Saved, type Session, type Uploaded, type Validation } from './api.js';
import { CaseBook, publishedFor } from './case-book.js';
import { filingOf } from './filing-view.js';
import { SECURITY_HEADERS } from './headers.js';
import { intakeName, IntakeStore } from './intake-store.js';
import { viewOf } from './problem-view.js';
import { typeOf, webFile } from './static-files.js';
import { sameToken, tokenCookie, tokenOf } from './token.js';
import { caseFolderName, saveUpload } from './uploads.js';

export interface WebAppOptions {
  inDir: string;
  outDir: string;
  token: string;
  /** The built web app (dist/web). */
  webDir: string;
  book: CaseBook;
  store: IntakeStore;
  /** The intake JSON Schema the form is made from. */
  schema: () => unknown;
  today: () => string;
  /** Asks the builder to build the intake (with force: even when current). */
  requestBuild: (file: string, force: boolean) => void;
  pipelineProblems: () => readonly Problem[];
  queueCounts?: () => Promise<QueueCounts | undefined>;
  maxUploadBytes: number;
}

const fail = (reply: FastifyReply, status: number, p: Problem, extra: Partial<ApiError> = {}) => {
  const body: ApiError = { error: viewOf(p), ...extra };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
};

export async function createWebApp(o: WebAppOptions): Promise<FastifyInstance> {
  const inDir = path.resolve(o.inDir);
  const webDir = path.resolve(o.webDir);
  // No logger: request lines carry case file names and client data may appear in URLs.
  const app = Fastify({ logger: false, bodyLimit: MAX_INTAKE_BYTES * 2 + 4096, return503OnClosing: true, forceCloseConnections: true });
  // Evidence arrives as raw bytes, streamed to disk and counted there (uploads.ts).
  app.addContentTypeParser('application/octet-stream', (_req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => done(null, payload));

  let port = 0;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    port ||= (app.server.address() as { port?: number } | null)?.port ?? 0;
    // Another name for this machine (DNS rebinding) is not this app.
    if (!hosts().has(req.headers.host ?? '')) return fail(reply, 421, problem('badRequest', { detail: 'the address is not this app\'s (open it as http://127.0.0.1:<port>/)' }, { file: 'Host' }));
    const url = new URL(req.url, 'http://x');
    const given = url.searchParams.get('token');
    if (req.method === 'GET' && url.pathname === '/' && given !== null) {
      if (!sameToken(given, o.token)) return fail(reply, 401, problem('notSignedIn', {}, { file: 'token' }));
      // The token leaves the address bar at once: it lives on in a cookie only this app reads.
      return reply.code(303).header('set-cookie', tokenCookie(o.token)).header('location', '/').send();
    }
    if (!sameToken(tokenOf(req.headers), o.token)) {
      if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return reply.code(401).type('text/html; charset=utf-8').send(SIGN_IN_PAGE);
      return fail(reply, 401, problem('notSignedIn', {}, { file: 'token' }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().has(origin)) return fail(reply, 403, problem('badRequest', { detail: 'a change must come from the app\'s own page' }, { file: 'Origin' }));
    }
    return undefined;
  });

  /** The intake a URL names, if it is one of the folder's. */
  const caseName = (req: FastifyRequest) => intakeName((req.params as { file: string }).file);

  app.get('/api/session', async (): Promise<Session> => ({
    apiVersion: API_VERSION,
    folder: path.basename(inDir),
    today: o.today(),
    pipelineProblems: o.pipelineProblems().map(viewOf),
    // A queue that does not answer shows no counts rather than zeros.
    ...(o.queueCounts ? await o.queueCounts().then((queue) => (queue ? { queue } : {}), () => ({})) : {}),
    maxUploadBytes: o.maxUploadBytes,
  }));

  app.get('/api/schema', async () => o.schema());

  app.get('/api/cases', async () => ({ today: o.today(), cases: o.book.list() }));

  app.get('/api/events', (req, reply) => {
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': asylum-packet\n\n');
    const send = (event: string) => (data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const listeners = { case: send('case'), removed: send('removed'), progress: send('progress') };
    for (const [k, f] of Object.entries(listeners)) o.book.on(k, f);
    const beat = setInterval(() => {
      res.write(': beat\n\n');
      if (o.queueCounts) void o.queueCounts().then((c) => c && send('queue')(c), () => undefined);
    }, 10_000);
    const end = () => {
      clearInterval(beat);
      for (const [k, f] of Object.entries(listeners)) o.book.off(k, f);
    };
    req.raw.on('close', end);
    res.on('error', end);
  });

  app.post('/api/validate', async (req, reply): Promise<Validation | FastifyReply> => {
    const body = req.body as { file?: unknown; intake?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !('intake' in body)) return fail(reply, 400, problem('badRequest', { detail: 'the body must be {"intake": …}' }, { file: 'body' }));
    const name = typeof body.file === 'string' ? intakeName(body.file) : undefined;
    const file = path.join(inDir, name ?? '.new-case.json');
    const r = await validateIntakeBytes(file, Buffer.from(JSON.stringify(body.intake)), { today: o.today() });
    // Lines and columns would be those of the request, not of a file anyone has: only the JSON path is kept.
    return { ok: r.ok, problems: r.problems.map((p) => viewOf({ ...p, location: { file: p.location.file, ...(p.location.path !== undefined ? { path: p.location.path } : {}) } })) };
  });

  app.post('/api/cases', async (req, reply): Promise<Saved | FastifyReply> => {
    const body = req.body as { file?: unknown; intake?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !('intake' in body)) return fail(reply, 400, problem('badRequest', { detail: 'the body must be {"file": …, "intake": …}' }, { file: 'body' }));
    const caseId = (body.intake as { caseId?: unknown } | null)?.caseId;
    const wanted = typeof body.file === 'string' && body.file.trim() ? body.file : typeof caseId === 'string' && caseId ? caseId : '';
    const name = intakeName(wanted);
    if (!name) return fail(reply, 400, problem('badRequest', { detail: 'give the new case a file name (letters, digits, dashes), or a caseId' }, { file: 'file' }));
    const r = await o.store.create(name, body.intake);
    if (!r.ok) return r.reason === 'exists' ? fail(reply, 409, problem('intakeExists', { file: name }, { file: name })) : fail(reply, 413, problem('badRequest', { detail: 'the intake is too large' }, { file: name }));
    const v = await validateIntakeBytes(o.store.pathOf(name), Buffer.from(r.text), { today: o.today() });
    void o.book.refresh(name);
    return reply.code(201).send({ file: name, hash: r.hash, problems: v.problems.map(viewOf) } satisfies Saved);
  });

  /** The case a URL names, read: its file name, hash and intake (null when it is not whole JSON: the form starts empty; saving writes it anew). */
  const readCase = async (req: FastifyRequest) => {
    const name = caseName(req);
    const read = name ? await o.store.read(name) : undefined;
    if (!name || !read) return undefined;
    let intake: unknown;
    try {
      intake = JSON.parse(read.text);
    } catch {
      intake = null;
    }
    return { name, hash: read.hash, intake };
  };
  const noSuchCase = (req: FastifyRequest, reply: FastifyReply) => fail(reply, 404, problem('badRequest', { detail: 'no such case in the folder' }, { file: String((req.params as { file: string }).file) }));

  app.get('/api/cases/:file', async (req, reply): Promise<IntakeDocument | FastifyReply> => {
    const c = await readCase(req);
    if (!c) return noSuchCase(req, reply);
    return { file: c.name, hash: c.hash, intake: c.intake };
  });

  app.put('/api/cases/:file', async (req, reply): Promise<Saved | FastifyReply> => {
    const name = caseName(req);
    const body = req.body as { baseHash?: unknown; intake?: unknown } | undefined;
    if (!name) return noSuchCase(req, reply);
    if (!body || typeof body !== 'object' || typeof body.baseHash !== 'string' || !('intake' in body)) return fail(reply, 400, problem('badRequest', { detail: 'the body must be {"baseHash": …, "intake": …}' }, { file: 'body' }));
    const r = await o.store.save(name, body.baseHash, body.intake);
    if (!r.ok) {
      if (r.reason === 'changed') return fail(reply, 409, problem('intakeChanged', { file: name }, { file: name }), r.currentHash ? { currentHash: r.currentHash } : {});
      return fail(reply, 413, problem('badRequest', { detail: 'the intake is too large' }, { file: name }));
    }
    const v = await validateIntakeBytes(o.store.pathOf(name), Buffer.from(r.text), { today: o.today() });
    void o.book.refresh(name);
    return { file: name, hash: r.hash, problems: v.problems.map(viewOf) } satisfies Saved;
  });

  app.post('/api/cases/:file/build', async (req, reply) => {
    const name = caseName(req);
    if (!name || !o.book.get(name)) return noSuchCase(req, reply);
    const force = (req.body as { force?: unknown } | undefined)?.force === true;
    o.requestBuild(path.join(inDir, name), force);
    return reply.code(202).send({ file: name });
  });

  app.put('/api/cases/:file/evidence', async (req, reply): Promise<Uploaded | FastifyReply> => {
    const name = caseName(req);
    const given = (req.query as { name?: unknown }).name;
    const body = req.body as Readable | undefined;
    if (!name || !o.book.get(name)) {
      body?.resume();
      return fail(reply, 404, problem('badRequest', { detail: 'no such case in the folder: save the case before adding evidence' }, { file: String((req.params as { file: string }).file) }));
    }
    if (typeof given !== 'string' || !body || typeof body.pipe !== 'function') return fail(reply, 400, problem('uploadRefused', { file: String(given ?? ''), reason: 'send the file\'s bytes (application/octet-stream) with ?name=<file name>' }, { file: name }));
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > o.maxUploadBytes) {
      body.resume();
      return fail(reply, 413, problem('uploadRefused', { file: given, reason: `it is larger than the limit of ${Math.round(o.maxUploadBytes / 1048576)} MB` }, { file: name }));
    }
    const caseId = o.book.get(name)?.caseId;
    const r = await saveUpload({ inDir, caseFolder: caseId ?? name.replace(/\.json$/i, ''), name: given, body, maxBytes: o.maxUploadBytes });
    if (!r.ok) {
      const reason = r.reason === 'too-large' ? `it is larger than the limit of ${Math.round(r.limit / 1048576)} MB` : r.reason === 'bad-name' ? 'its name has no usable letters' : 'the case\'s evidence folder leads outside the watched folder';
      return fail(reply, r.reason === 'too-large' ? 413 : 400, problem('uploadRefused', { file: given, reason }, { file: name }));
    }
    return reply.code(201).send({ path: r.path, bytes: r.bytes } satisfies Uploaded);
  });

  app.get('/api/cases/:file/filing', async (req, reply) => {
    const c = await readCase(req);
    if (!c) return noSuchCase(req, reply);
    const { name, intake } = c;
    const session = o.book.lastBuild(name);
    const summary = o.book.get(name);
    const problems = session ? session.problems.map(viewOf) : [...(summary?.errors ?? []), ...(summary?.warnings ?? [])];
    const filing = await filingOf({ outDir: o.outDir, intakeName: name, intake, problems });
    if (!filing) return fail(reply, 404, problem('badRequest', { detail: 'the case has no filing yet: build it first' }, { file: name }));
    return filing;
  });

  app.get('/api/cases/:file/outputs/:pipeline/:name', async (req, reply) => {
    const name = caseName(req);
    const { pipeline, name: output } = req.params as { pipeline: string; name: string };
    const caseId = name ? o.book.get(name)?.caseId : undefined;
    const published = name && caseId ? (await publishedFor(o.outDir, caseId, name)).find((p) => p.pipeline === pipeline) : undefined;
    const listed = published && Array.isArray(published.manifest.outputs) && (published.manifest.outputs as { file?: unknown }[]).some((f) => f.file === output);
    if (!published || !listed || output !== path.basename(output)) return fail(reply, 404, problem('badRequest', { detail: 'no such output of this case' }, { file: output }));
    const full = path.join(published.dir, output);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return fail(reply, 404, problem('badRequest', { detail: 'no such output of this case' }, { file: output }));
    const download = (req.query as { download?: unknown }).download !== undefined;
    const disposition = `${download ? 'attachment' : 'inline'}; filename="${output.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(output)}`;
    return reply.type(typeOf(output) === 'application/octet-stream' ? contentType(output) : typeOf(output)).header('content-length', info.size).header('content-disposition', disposition).send(createReadStream(full));
  });

  // The web app itself. A file of it that is not there is a 404 (a page served for a script would
  // fail as "not a module", saying nothing); a path with no extension is the app's page.
  app.get('/*', async (req, reply) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    const found = await webFile(webDir, pathname);
    // The app's own code, named by its content's hash, holds nothing of a client: the browser may keep it.
    if (found && pathname.startsWith('/assets/')) reply.header('cache-control', 'private, max-age=31536000, immutable');
    if (found) return reply.type(found.type).send(found.body);
    if (path.posix.extname(pathname) && pathname !== '/') return fail(reply, 404, problem('badRequest', { detail: `no such file of the web app: ${pathname}` }, { file: 'url' }));
    const page = await webFile(webDir, '/index.html');
    if (!page) return fail(reply, 500, problem('webAppMissing', { folder: webDir }, { file: webDir }));
    return reply.type(page.type).send(page.body);
  });

  app.setNotFoundHandler((req, reply) => fail(reply, 404, problem('badRequest', { detail: `no such address: ${req.method} ${new URL(req.url, 'http://x').pathname}` }, { file: 'url' })));
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    // The message of a body the parser refused quotes nothing of the client; others are not shown.
    return fail(reply, status, problem('badRequest', { detail: status === 500 ? 'the server failed on it (nothing was written)' : err.message }, { file: 'request' }));
  });
  return app;
}

function contentType(name: string): string {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.pdf') return 'application/pdf';
  if (ext === '.docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (ext === '.md') return 'text/markdown; charset=utf-8';
  return 'application/octet-stream';
}

const SIGN_IN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>asylum-packet</title></head><body>
<h1>asylum-packet</h1><p>This page needs the address <code>asylum-packet serve</code> printed when it started: it ends with <code>?token=…</code>. Copy it from the terminal into the address bar.</p>
<p>(AP3030: the token is missing or belongs to an earlier start.)</p></body></html>`;
