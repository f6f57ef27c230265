import { href } from '../router.ts';
import { findCase, useApp } from '../store.ts';
import { StateBadge } from './StateBadge.tsx';

/** The links between a case's pages. */
export function CaseNav({ file, current }: { file: string; current: 'form' | 'evidence' | 'filing' | 'new' }) {
  useApp();
  const summary = file ? findCase(file) : undefined;
  const tab = (id: 'form' | 'evidence' | 'filing', label: string, to: string) => (
    <a className={current === id ? 'tab tab-current' : 'tab'} href={to} data-testid={`nav-${id}`} aria-current={current === id ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav className="case-nav" aria-label="Case pages">
      <a className="back" href={href.cases()} data-testid="nav-cases">
        ← All cases
      </a>
      {current === 'new' ? (
        <span className="case-title">New case</span>
      ) : (
        <>
          <span className="case-title">
            {summary?.applicant ?? file}
            {summary?.caseId && <span className="muted"> · {summary.caseId}</span>}
            {summary && <StateBadge state={summary.state} />}
          </span>
          <span className="tabs">
            {tab('form', 'Form', href.form(file))}
            {tab('evidence', 'Evidence', href.evidence(file))}
            {tab('filing', 'Filing', href.filing(file))}
          </span>
        </>
      )}
    </nav>
  );
}
