/** Routing by the URL's hash: #/, #/new, #/case/<file>, #/case/<file>/evidence, #/case/<file>/filing. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'cases' }
  | { page: 'new' }
  | { page: 'form'; file: string }
  | { page: 'evidence'; file: string }
  | { page: 'filing'; file: string }
  | { page: 'unknown'; hash: string };

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (h === '' || h === '/') return { page: 'cases' };
  if (h === '/new') return { page: 'new' };
  const m = /^\/case\/([^/]+)(?:\/(evidence|filing))?\/?$/.exec(h);
  if (m && m[1]) {
    let file: string;
    try {
      file = decodeURIComponent(m[1]);
    } catch {
      return { page: 'unknown', hash: h };
    }
    if (m[2] === 'evidence') return { page: 'evidence', file };
    if (m[2] === 'filing') return { page: 'filing', file };
    return { page: 'form', file };
  }
  return { page: 'unknown', hash: h };
}

export const href = {
  cases: () => '#/',
  newCase: () => '#/new',
  form: (file: string) => `#/case/${encodeURIComponent(file)}`,
  evidence: (file: string) => `#/case/${encodeURIComponent(file)}/evidence`,
  filing: (file: string) => `#/case/${encodeURIComponent(file)}/filing`,
};

export function go(hash: string): void {
  window.location.hash = hash;
}

export function useHash(): string {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('hashchange', l);
      return () => window.removeEventListener('hashchange', l);
    },
    () => window.location.hash,
  );
}
