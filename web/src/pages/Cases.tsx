import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { CaseSummary, Deadline } from '../api.ts';
import { href } from '../router.ts';
import { useApp } from '../store.ts';
import { StateBadge } from '../components/StateBadge.tsx';

export function CasesPage() {
  const { cases, casesError } = useApp();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<'file' | 'deadline'>('file');
  const deferredFilter = useDeferredValue(filter);

  const shown = useMemo(() => {
    if (!cases) return [];
    const q = deferredFilter.trim().toLowerCase();
    let list = q
      ? cases.filter((c) => `${c.file} ${c.caseId ?? ''} ${c.applicant ?? ''}`.toLowerCase().includes(q))
      : cases;
    if (sort === 'deadline') {
      list = [...list].sort((a, b) => (a.deadline?.daysLeft ?? Infinity) - (b.deadline?.daysLeft ?? Infinity));
    }
    return list;
  }, [cases, deferredFilter, sort]);

  return (
    <main className="page page-wide">
      <div className="page-title-row">
        <h1>Cases</h1>
        <a className="button button-primary" href={href.newCase()} data-testid="new-case">
          + New case
        </a>
      </div>
      {casesError && (
        <div className="banner banner-error" role="alert">
          Could not load the cases: {casesError}
        </div>
      )}
      {cases && (
        <div className="toolbar">
          <label>
            Find{' '}
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, case id or file" />
          </label>
          <label>
            Order by{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as 'file' | 'deadline')}>
              <option value="file">file name</option>
              <option value="deadline">nearest deadline</option>
            </select>
          </label>
          <span className="muted">
            {shown.length === cases.length ? `${cases.length} cases` : `${shown.length} of ${cases.length} cases`}
          </span>
        </div>
      )}
      {!cases && !casesError && <p className="muted">Loading the cases…</p>}
      {cases && cases.length === 0 && (
        <p className="empty">
          No intake files in the watched folder yet. <a href={href.newCase()}>Start a new case</a>, or put a case’s .json
          file in the folder.
        </p>
      )}
      {cases && cases.length > 0 && (
        <table className="cases" data-testid="case-list" role="table">
          <colgroup>
            <col className="col-applicant" />
            <col className="col-proceeding" />
            <col className="col-state" />
            <col className="col-deadline" />
            <col className="col-count" />
            <col className="col-count" />
            <col className="col-ack" />
            <col className="col-links" />
          </colgroup>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader">Applicant</th>
              <th role="columnheader">Proceeding</th>
              <th role="columnheader">State</th>
              <th role="columnheader">Deadline</th>
              <th role="columnheader" title="Warnings of the last build or validation">Warnings</th>
              <th role="columnheader" title="Filing rules that did not pass">Rules</th>
              <th role="columnheader" title="Differences from an earlier filing to acknowledge">To acknowledge</th>
              <th role="columnheader">Open</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {shown.map((c) => (
              <CaseRow key={c.file} c={c} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** A deadline already met (filed in time) is no alarm, whatever the days since. */
function isMet(d: Deadline): boolean {
  return d.met;
}

function deadlineClass(d: Deadline): string {
  if (isMet(d)) return 'deadline met';
  if (d.daysLeft < 0) return 'deadline past';
  if (d.daysLeft < 30) return 'deadline soon';
  return 'deadline';
}

function daysWords(d: Deadline): string {
  if (isMet(d)) return 'met';
  if (d.daysLeft < 0) return `${-d.daysLeft} days past`;
  if (d.daysLeft === 0) return 'today';
  if (d.daysLeft === 1) return '1 day left';
  return `${d.daysLeft} days left`;
}

const CaseRow = memo(function CaseRow({ c }: { c: CaseSummary }) {
  const notPass = c.rules.filter((r) => r.severity !== 'pass');
  const warningTitles = c.warnings.map((w) => `${w.code} ${w.title}`).join('\n');
  const errorTitles = c.errors.map((w) => `${w.code} ${w.message ?? w.title}`).join('\n');
  return (
    <tr role="row" data-testid="case-row" data-file={c.file} data-state={c.state}>
      <td role="cell">
        <a className="case-link" href={href.form(c.file)}>
          {c.applicant ?? <em className="muted">no name yet</em>}
        </a>
        <span className="small muted case-file">
          {c.caseId ?? 'no case id'} · {c.file}
        </span>
      </td>
      <td role="cell">{c.proceeding ?? <span className="muted">—</span>}</td>
      <td role="cell">
        <StateBadge state={c.state} testId="case-state" />
        {c.errors.length > 0 && (
          <span className="small bad errors-count" title={errorTitles}>
            {c.errors.length} {c.errors.length === 1 ? 'error' : 'errors'}
          </span>
        )}
      </td>
      <td role="cell" data-testid="case-deadline" title={c.deadline?.label} className={c.deadline ? deadlineClass(c.deadline) : undefined}>
        {c.deadline ? (
          <>
            {c.deadline.date} <span className="days">{daysWords(c.deadline)}</span>
            <span className="small">{c.deadline.label}</span>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td role="cell" data-testid="case-warnings" title={warningTitles || undefined} data-count={c.warnings.length}>
        {c.warnings.length === 0 ? <span className="muted">0</span> : <span className="count warn">{c.warnings.length}</span>}
      </td>
      <td role="cell" title={notPass.map((r) => `${r.id}: ${r.severity}`).join('\n') || 'All pass'}>
        {notPass.length === 0 ? <span className="muted">0</span> : <span className="count warn">{notPass.length}</span>}
      </td>
      <td role="cell">
        {c.toAcknowledge === null ? (
          <span className="muted" title="No earlier filing compared">—</span>
        ) : c.toAcknowledge > 0 ? (
          <span className="count bad">{c.toAcknowledge}</span>
        ) : (
          '0'
        )}
      </td>
      <td role="cell" className="row-links">
        <a href={href.form(c.file)}>Form</a>
        <a href={href.evidence(c.file)}>Evidence</a>
        <a href={href.filing(c.file)}>Filing</a>
      </td>
    </tr>
  );
});
