import { lazy, Suspense, useEffect } from 'react';
import { hasUnsavedDrafts, useApp } from './store.ts';
import { href, parseHash, useHash } from './router.ts';
import { problemText } from './api.ts';
import { CasesPage } from './pages/Cases.tsx';
import { EvidencePage } from './pages/Evidence.tsx';

// The form (RJSF, its validator) and the filing (markdown-it; pdf.js lazily again) load when first
// opened: the cases page, the one opened most, needs none of it.
const NewCasePage = lazy(() => import('./pages/NewCase.tsx').then((m) => ({ default: m.NewCasePage })));
const EditCasePage = lazy(() => import('./pages/EditCase.tsx').then((m) => ({ default: m.EditCasePage })));
const FilingPage = lazy(() => import('./pages/Filing.tsx').then((m) => ({ default: m.FilingPage })));

const TITLES: Record<string, string> = { cases: 'Cases', new: 'New case', form: 'Form', evidence: 'Evidence', filing: 'Filing', unknown: 'Not found' };

export function App() {
  const hash = useHash();
  const route = parseHash(hash);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (hasUnsavedDrafts()) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const routeFile = 'file' in route ? route.file : '';
  useEffect(() => {
    window.scrollTo(0, 0);
    document.title = `${routeFile ? `${routeFile} — ` : ''}${TITLES[route.page] ?? ''} — asylum-packet`;
  }, [route.page, routeFile]);

  let page;
  switch (route.page) {
    case 'cases':
      page = <CasesPage />;
      break;
    case 'new':
      page = <NewCasePage />;
      break;
    case 'form':
      page = <EditCasePage key={route.file} file={route.file} />;
      break;
    case 'evidence':
      page = <EvidencePage key={route.file} file={route.file} />;
      break;
    case 'filing':
      page = <FilingPage key={route.file} file={route.file} />;
      break;
    default:
      page = (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            <a href={href.cases()}>Go to the list of cases</a>
          </p>
        </main>
      );
  }
  return (
    <>
      <Header />
      <Suspense fallback={<p className="page muted">Loading…</p>}>{page}</Suspense>
    </>
  );
}

function Header() {
  const { session, sessionError, queue, live, today } = useApp();
  const problems = session?.pipelineProblems ?? [];
  return (
    <header className="app-header">
      <div className="app-header-row">
        <a className="app-name" href={href.cases()}>
          asylum-packet
        </a>
        {session && (
          <span className="header-item" title="The folder the server watches: its .json files are the cases">
            Folder: <strong>{session.folder}</strong>
          </span>
        )}
        {(session?.today ?? today) && (
          <span className="header-item" title="The date cases are built as of">
            Today: <strong>{session?.today ?? today}</strong>
          </span>
        )}
        {queue && (
          <span className="header-item queue" data-testid="queue-counts" title="The build queue">
            Queue: {queue.waiting} waiting · {queue.active} building · {queue.delayed} delayed
            {queue.failed > 0 ? <strong className="bad"> · {queue.failed} failed</strong> : <> · 0 failed</>}
          </span>
        )}
        <span className={live ? 'header-item live' : 'header-item not-live'} title={live ? 'Updates arrive as they happen' : 'Not receiving updates from the server'}>
          {live ? '● Live' : '○ Not connected'}
        </span>
      </div>
      {sessionError && (
        <div className="banner banner-error" role="alert">
          {sessionError}
        </div>
      )}
      {problems.length > 0 && (
        <div className="banner banner-error pipeline-problems" role="alert" data-testid="pipeline-problems">
          <strong>The pipelines have problems: no case builds until they are fixed.</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
        </div>
      )}
    </header>
  );
}
