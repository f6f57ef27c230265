/** Talking to `asylum-packet serve`: relative URLs, the session cookie goes along by itself. */
import type { ApiError, ProblemView } from '../../src/serve/api.ts';

export type * from '../../src/serve/api.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
    message: string,
  ) {
    super(message);
  }
}

export function caseUrl(file: string, rest = ''): string {
  return `/api/cases/${encodeURIComponent(file)}${rest}`;
}

/** A sentence for a problem: "AP1104 — 1990-13-45 is not a real date (month 13) · hint: …". */
export function problemText(p: ProblemView, withHint = true): string {
  let s = `${p.code} — ${p.message ?? p.title}`;
  if (withHint && p.hint) s += ` · hint: ${p.hint}`;
  return s;
}

function describeStatus(status: number, body: ApiError | null): string {
  if (body?.error) return problemText(body.error);
  if (status === 401) return 'Not signed in: open the address that "asylum-packet serve" printed (it carries the key to this session).';
  if (status === 403) return 'Refused: this page is not the app’s own (open it from the address "asylum-packet serve" printed).';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'Too large for the server.';
  if (status >= 500) return `The server failed (${status}). Try again; if it goes on, look at the terminal where "asylum-packet serve" runs.`;
  return `The server answered ${status}.`;
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = body && typeof body === 'object' && 'error' in body ? (body as ApiError) : null;
    throw new HttpError(res.status, err, describeStatus(res.status, err));
  }
  return body as T;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new HttpError(0, null, 'The server does not answer. Is "asylum-packet serve" still running?');
  }
  return parse<T>(res);
}

export const getJson = <T>(url: string) => request<T>('GET', url);
export const postJson = <T>(url: string, body: unknown) => request<T>('POST', url, body);
export const putJson = <T>(url: string, body: unknown) => request<T>('PUT', url, body);

export function errorText(e: unknown): string {
  if (e instanceof HttpError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Uploads a file's bytes with progress (XMLHttpRequest: fetch has no upload progress). */
export function uploadFile(
  url: string,
  file: Blob,
  onProgress: (loaded: number, total: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve(body);
      } else {
        const err = body && typeof body === 'object' && 'error' in body ? (body as ApiError) : null;
        reject(new HttpError(xhr.status, err, describeStatus(xhr.status, err)));
      }
    };
    xhr.onerror = () => reject(new HttpError(0, null, 'The upload was cut off: the server does not answer.'));
    xhr.onabort = () => reject(new HttpError(0, null, 'The upload was stopped.'));
    xhr.send(file);
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
