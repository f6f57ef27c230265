import { useCallback, useEffect, useMemo, useState } from 'react';
import { caseUrl, errorText, formatBytes, getJson, HttpError, postJson, problemText } from '../api.ts';
import type { Filing, FilingPipeline, ProblemView, RuleResult } from '../api.ts';
import { CaseNav } from '../components/CaseNav.tsx';
import { PacketViewer } from '../filing/PacketViewer.tsx';
import { renderMarkdown } from '../markdown.ts';
import { findCase, onServerEvent, useApp } from '../store.ts';

type BuildState = 'idle' | 'asking' | 'waiting' | 'building' | 'done' | 'failed';

const BUILD_WORDS: Record<BuildState, string> = {
  idle: '',
  asking: 'Asking for a build…',
  waiting: 'Waiting for a worker…',
  building: 'Building…',
  done: 'Done',
  failed: 'The build failed: see the errors below.',
};

export function FilingPage({ file }: { file: string }) {
  const [filing, setFiling] = useState<Filing | null>(null);
  const [notBuilt, setNotBuilt] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pipelineName, setPipelineName] = useState<string | null>(null);
  const [build, setBuild] = useState<BuildState>('idle');
  const [buildError, setBuildError] = useState<string | null>(null);
  const { progress } = useApp();
  const summary = findCase(file);

  const load = useCallback(async () => {
    try {
      const f = await getJson<Filing>(caseUrl(file, '/filing'));
      setFiling(f);
      setNotBuilt(false);
      setError(null);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) {
        setFiling(null);
        setNotBuilt(true);
        setError(null);
      } else setError(`Could not load the filing: ${errorText(e)}`);
    }
  }, [file]);

  // Ask for the filing only when the case has one (a 404 would be a console error in the browser).
  const { cases } = useApp();
  const listLoaded = cases !== null;
  const builtKey = summary ? `${summary.pipelines.join(',')}|${summary.builtAt ?? ''}` : null;
  const hasOutputs = !!summary && summary.pipelines.length > 0;
  useEffect(() => {
    if (!listLoaded) return;
    if (!hasOutputs) {
      setFiling(null);
      setNotBuilt(true);
      return;
    }
    void load();
  }, [listLoaded, hasOutputs, builtKey, load]);

  // A build under way when the page opens.
  useEffect(() => {
    const p = progress[file];
    if ((p === 'waiting' || p === 'building') && (build === 'idle' || build === 'done' || build === 'failed')) setBuild(p);
  }, [progress, file, build]);

  useEffect(
    () =>
      onServerEvent((name, data) => {
        if (!data) return;
        if (name === 'progress') {
          const p = data as { file: string; state: 'waiting' | 'building' | 'done' };
          if (p.file !== file) return;
          if (p.state === 'done') {
            const c = findCase(file);
            setBuild(c?.state === 'rejected' ? 'failed' : 'done');
            if (c && c.pipelines.length > 0) void load();
          } else setBuild(p.state);
        } else if (name === 'case') {
          const c = data as { file: string; state: string };
          if (c.file !== file) return;
          setBuild((b) => (b === 'done' && c.state === 'rejected' ? 'failed' : b));
        }
      }),
    [file, load],
  );

  const startBuild = async () => {
    setBuildError(null);
    setBuild('asking');
    try {
      await postJson(caseUrl(file, '/build'), { force: true });
      setBuild((b) => (b === 'asking' ? 'waiting' : b));
    } catch (e) {
      setBuild('idle');
      setBuildError(`The build was not started: ${errorText(e)}`);
    }
  };

  const pipelines = filing?.pipelines ?? [];
  const current: FilingPipeline | undefined = pipelines.find((p) => p.pipeline === pipelineName) ?? pipelines.find((p) => p.packet) ?? pipelines[0];
  const busy = build === 'asking' || build === 'waiting' || build === 'building';

  return (
    <main className="page page-wide" data-testid="filing">
      <CaseNav file={file} current="filing" />
      <div className="build-bar panel">
        <button type="button" className="button button-primary" data-testid="build" onClick={() => void startBuild()} disabled={busy}>
          {busy ? 'Building…' : notBuilt ? 'Build the filing' : 'Build again'}
        </button>
        <span className={`build-progress build-${build}`} data-testid="build-progress" data-state={build} role="status">
          {build === 'idle' ? (summary?.builtAt ? `Last built ${new Date(summary.builtAt).toLocaleString()}` : notBuilt ? 'Not built yet' : '') : BUILD_WORDS[build]}
        </span>
        {buildError && <span className="bad">{buildError}</span>}
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {summary && (summary.errors.length > 0 || !current) && (
        <CaseProblems errors={summary.errors} warnings={current ? [] : summary.warnings} rules={current ? [] : summary.rules} title="The case" />
      )}
      {notBuilt && <p className="empty">This case has not been built yet: there is nothing to show. Press “Build the filing”.</p>}
      {pipelines.length > 1 && (
        <div className="pipeline-tabs" role="tablist" aria-label="Filings">
          {pipelines.map((p) => (
            <button
              type="button"
              role="tab"
              key={p.pipeline}
              aria-selected={p === current}
              className={p === current ? 'tab tab-current' : 'tab'}
              data-testid="pipeline-tab"
              data-pipeline={p.pipeline}
              onClick={() => setPipelineName(p.pipeline)}
            >
              {p.pipeline}
            </button>
          ))}
        </div>
      )}
      {current && <PipelineView key={`${current.pipeline}|${current.builtAt ?? ''}`} p={current} />}
    </main>
  );
}

function PipelineView({ p }: { p: FilingPipeline }) {
  const checklist = useMemo(() => (p.checklist ? renderMarkdown(p.checklist) : null), [p.checklist]);
  const consistency = useMemo(() => (p.consistency ? renderMarkdown(p.consistency) : null), [p.consistency]);
  return (
    <section className="pipeline">
      <h2>
        {p.pipeline}
        {p.builtAt && <span className="muted small"> · built {new Date(p.builtAt).toLocaleString()}</span>}
      </h2>
      {p.packet ? (
        <div className="panel">
          <h3>
            The exhibit packet{' '}
            <a className="small" href={p.packet.url} target="_blank" rel="noopener">
              (open the PDF)
            </a>
          </h3>
          <PacketViewer url={p.packet.url} exhibits={p.exhibits} />
        </div>
      ) : (
        <p className="muted">This filing has no exhibit packet.</p>
      )}
      <div className="pipeline-top">
      <div className="outputs panel">
        <h3>Files</h3>
        <table className="outputs-table">
          <tbody>
            {p.files.map((f) => (
              <tr key={f.name}>
                <td className="mono">{f.name}</td>
                <td className="muted small">{formatBytes(f.bytes)}</td>
                <td>
                  <a href={f.url} target="_blank" rel="noopener" data-testid="output-link" data-name={f.name}>
                    Open
                  </a>
                </td>
                <td>
                  <a href={`${f.url}${f.url.includes('?') ? '&' : '?'}download=1`} download={f.name} data-testid="output-download" data-name={f.name}>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CaseProblems errors={[]} warnings={p.warnings} rules={p.rules} title="This filing" />
      </div>
      <div className="reports">
        <div className="panel markdown" data-testid="checklist">
          <h3>Filing checklist</h3>
          {checklist ? <div dangerouslySetInnerHTML={{ __html: checklist }} /> : <p className="muted">None for this filing.</p>}
        </div>
        <div className="panel markdown" data-testid="consistency">
          <h3>Consistency report</h3>
          {consistency ? <div dangerouslySetInnerHTML={{ __html: consistency }} /> : <p className="muted">None for this filing.</p>}
        </div>
      </div>
    </section>
  );
}

function CaseProblems({ errors, warnings, rules, title }: { errors: ProblemView[]; warnings: ProblemView[]; rules: RuleResult[]; title: string }) {
  const notPass = rules.filter((r) => r.severity !== 'pass');
  if (errors.length === 0 && warnings.length === 0 && rules.length === 0) return null;
  return (
    <div className="case-problems panel">
      {errors.length > 0 && (
        <>
          <h3 className="bad">
            {title}: {errors.length} {errors.length === 1 ? 'error' : 'errors'}
          </h3>
          <ul className="problems">
            {errors.map((e, i) => (
              <li key={i} className="problem error">
                {e.path && <span className="problem-path">{e.path}: </span>}
                {problemText(e)}
              </li>
            ))}
          </ul>
        </>
      )}
      {warnings.length > 0 && (
        <details open={warnings.length <= 5}>
          <summary>
            {title}: {warnings.length} {warnings.length === 1 ? 'warning' : 'warnings'}
          </summary>
          <ul className="problems">
            {warnings.map((e, i) => (
              <li key={i} className="problem warning">
                {e.path && <span className="problem-path">{e.path}: </span>}
                {problemText(e)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {rules.length > 0 && (
        <details open={notPass.length > 0}>
          <summary>
            Filing rules: {rules.length - notPass.length} pass{notPass.length > 0 ? `, ${notPass.length} to look at` : ''}
          </summary>
          <table className="rules">
            <tbody>
              {rules.map((r, i) => (
                <tr key={i} className={`rule rule-${r.severity}`}>
                  <td>
                    <span className={`badge sev-${r.severity}`}>{r.severity}</span>
                  </td>
                  <td className="mono">{r.id}</td>
                  <td className="small">{r.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
