/**
 * What every page shares: the session, the list of cases kept current by the event stream, build
 * progress, queue counts, and the form drafts not saved yet (so that moving between a case's pages
 * loses nothing typed).
 */
import { useSyncExternalStore } from 'react';
import { getJson, errorText } from './api.ts';
import type { CaseList, CaseSummary, Progress, QueueCounts, Session } from './api.ts';

export interface AppState {
  session: Session | null;
  sessionError: string | null;
  cases: CaseSummary[] | null;
  casesError: string | null;
  today: string | null;
  progress: Record<string, Progress['state']>;
  queue: QueueCounts | null;
  /** Whether the event stream is connected. */
  live: boolean;
}

let state: AppState = {
  session: null,
  sessionError: null,
  cases: null,
  casesError: null,
  today: null,
  progress: {},
  queue: null,
  live: false,
};

const listeners = new Set<() => void>();

function set(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function useApp(): AppState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

export function getApp(): AppState {
  return state;
}

type EventName = 'case' | 'removed' | 'progress' | 'queue';
const eventListeners = new Set<(name: EventName, data: unknown) => void>();

/** Listens to the server's events (after the store has applied them). */
export function onServerEvent(fn: (name: EventName, data: unknown) => void): () => void {
  eventListeners.add(fn);
  return () => eventListeners.delete(fn);
}

function upsert(summary: CaseSummary): void {
  const cases = state.cases ? [...state.cases] : [];
  const i = cases.findIndex((c) => c.file === summary.file);
  if (i >= 0) cases[i] = summary;
  else {
    const at = cases.findIndex((c) => c.file.localeCompare(summary.file) > 0);
    if (at < 0) cases.push(summary);
    else cases.splice(at, 0, summary);
  }
  // A summary newer than a progress event says where the build is.
  const progress = { ...state.progress };
  if (summary.state !== 'waiting' && summary.state !== 'building' && progress[summary.file] !== 'done') {
    delete progress[summary.file];
  }
  set({ cases, progress });
}

export async function loadCases(): Promise<void> {
  try {
    const list = await getJson<CaseList>('/api/cases');
    const before = new Map((state.cases ?? []).map((c) => [c.file, c]));
    const same = (a: CaseSummary, b: CaseSummary | undefined) => b !== undefined && JSON.stringify(a) === JSON.stringify(b);
    const cases = list.cases.map((c) => (same(c, before.get(c.file)) ? before.get(c.file)! : c));
    set({ cases, today: list.today, casesError: null });
  } catch (e) {
    set({ casesError: errorText(e) });
  }
}

export async function loadSession(): Promise<void> {
  try {
    const session = await getJson<Session>('/api/session');
    set({ session, sessionError: null, queue: session.queue ?? state.queue });
  } catch (e) {
    set({ sessionError: errorText(e) });
  }
}

let source: EventSource | null = null;

export function connectEvents(): void {
  if (source) return;
  source = new EventSource('/api/events');
  const parse = (e: MessageEvent): unknown => {
    try {
      return JSON.parse(String(e.data));
    } catch {
      return null;
    }
  };
  const emit = (name: EventName, data: unknown) => {
    for (const l of eventListeners) l(name, data);
  };
  source.onopen = () => {
    set({ live: true });
    // What happened before the stream opened (or while it was down) is only in a fresh list; the
    // rows that did not change keep their objects, so they are not drawn again.
    if (state.cases !== null) void loadCases();
  };
  source.onerror = () => {
    if (state.live) set({ live: false });
  };
  source.addEventListener('case', (e) => {
    const data = parse(e as MessageEvent) as CaseSummary | null;
    if (data && typeof data.file === 'string') upsert(data);
    emit('case', data);
  });
  source.addEventListener('removed', (e) => {
    const data = parse(e as MessageEvent) as { file: string } | null;
    if (data && state.cases) set({ cases: state.cases.filter((c) => c.file !== data.file) });
    emit('removed', data);
  });
  source.addEventListener('progress', (e) => {
    const data = parse(e as MessageEvent) as Progress | null;
    if (data && typeof data.file === 'string') {
      const progress = { ...state.progress, [data.file]: data.state };
      let cases = state.cases;
      if (cases && (data.state === 'waiting' || data.state === 'building')) {
        cases = cases.map((c) => (c.file === data.file ? { ...c, state: data.state as 'waiting' | 'building' } : c));
      }
      set({ progress, cases });
    }
    emit('progress', data);
  });
  source.addEventListener('queue', (e) => {
    const data = parse(e as MessageEvent) as QueueCounts | null;
    if (data) set({ queue: data });
    emit('queue', data);
  });
}

// ---- drafts: edits not saved yet, per intake file (or '' for the new case) ----

export interface Draft {
  formData: unknown;
  baseHash: string | null;
  dirty: boolean;
  /** The JSON of the version last loaded or saved (to tell whether there are changes). */
  savedJson?: string;
}

const drafts = new Map<string, Draft>();

export function getDraft(file: string): Draft | undefined {
  return drafts.get(file);
}

export function setDraft(file: string, draft: Draft | null): void {
  if (draft) drafts.set(file, draft);
  else drafts.delete(file);
}

export function hasUnsavedDrafts(): boolean {
  for (const d of drafts.values()) if (d.dirty) return true;
  return false;
}

export function findCase(file: string): CaseSummary | undefined {
  return state.cases?.find((c) => c.file === file);
}
