import { useCallback, useEffect, useRef, useState } from 'react';
import { caseUrl, errorText, getJson, HttpError, postJson } from '../api.ts';
import type { IntakeDocument, NewCase, Saved } from '../api.ts';
import { CaseNav } from '../components/CaseNav.tsx';
import { IntakeForm } from '../form/IntakeForm.tsx';
import { loadSchema, type LoadedSchema } from '../form/load.ts';
import { useValidation } from '../form/useValidation.ts';
import { go, href } from '../router.ts';
import { getDraft, setDraft, useApp } from '../store.ts';

const DRAFT_KEY = '\u0000new';

function blankIntake(): Record<string, unknown> {
  return { schemaVersion: 1 };
}

function caseIdOf(intake: unknown): string {
  const id = intake && typeof intake === 'object' ? (intake as { caseId?: unknown }).caseId : undefined;
  return typeof id === 'string' ? id : '';
}

export function NewCasePage() {
  const { cases } = useApp();
  const [loaded, setLoaded] = useState<LoadedSchema | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const initial = getDraft(DRAFT_KEY);
  const [formData, setFormData] = useState<unknown>(initial?.formData ?? blankIntake());
  const [origin, setOrigin] = useState<string>('a blank form');
  const [copyFrom, setCopyFrom] = useState('');
  const [fileName, setFileName] = useState('');
  const [fileNameTouched, setFileNameTouched] = useState(false);
  const [status, setStatus] = useState<{ kind: 'idle' | 'creating' | 'error'; text?: string }>({ kind: 'idle' });
  const creating = useRef(false);

  const caseId = caseIdOf(formData);
  const effectiveFile = fileNameTouched ? fileName : caseId ? `${caseId}.json` : '';

  const validation = useValidation(formData, effectiveFile || null);

  useEffect(() => {
    loadSchema().then(setLoaded, (e) => setLoadError(`Could not load the form: ${errorText(e)}`));
  }, []);

  useEffect(() => {
    if (!copyFrom && cases && cases.length > 0) setCopyFrom(cases[0]!.file);
  }, [cases, copyFrom]);

  const onChange = useCallback((next: unknown) => {
    setFormData(next);
    setDraft(DRAFT_KEY, { formData: next, baseHash: null, dirty: true });
    setStatus((s) => (s.kind === 'error' ? s : { kind: 'idle' }));
  }, []);

  const startBlank = () => {
    const dirty = getDraft(DRAFT_KEY)?.dirty;
    if (dirty && !window.confirm('Start again from a blank form? What you typed here is lost.')) return;
    setFormData(blankIntake());
    setOrigin('a blank form');
    setDraft(DRAFT_KEY, null);
    setStatus({ kind: 'idle' });
  };

  const startCopy = async () => {
    if (!copyFrom) return;
    const dirty = getDraft(DRAFT_KEY)?.dirty;
    if (dirty && !window.confirm(`Start again from a copy of ${copyFrom}? What you typed here is lost.`)) return;
    try {
      const doc = await getJson<IntakeDocument>(caseUrl(copyFrom));
      setFormData(doc.intake);
      setOrigin(`a copy of ${copyFrom}`);
      setDraft(DRAFT_KEY, { formData: doc.intake, baseHash: null, dirty: true });
      setStatus({ kind: 'idle' });
    } catch (e) {
      setStatus({ kind: 'error', text: `Could not copy ${copyFrom}: ${errorText(e)}` });
    }
  };

  const create = async () => {
    if (creating.current) return;
    const file = effectiveFile.trim();
    if (!file) {
      setStatus({ kind: 'error', text: 'Give the case a case id (in Proceeding) or a file name first.' });
      return;
    }
    creating.current = true;
    setStatus({ kind: 'creating' });
    try {
      const body: NewCase = { file, intake: formData };
      const saved = await postJson<Saved>('/api/cases', body);
      setDraft(DRAFT_KEY, null);
      go(href.form(saved.file));
    } catch (e) {
      const text =
        e instanceof HttpError && e.status === 409
          ? `Not created: a case file named “${file.endsWith('.json') ? file : file + '.json'}” exists already. Choose another file name (or case id).`
          : `Not created: ${errorText(e)}`;
      setStatus({ kind: 'error', text });
    } finally {
      creating.current = false;
    }
  };

  // Ctrl+S / Cmd+S creates the case (as it saves one on the form of a case).
  const createRef = useRef(create);
  createRef.current = create;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void createRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toolbar = (
    <>
      <button type="button" className="button button-primary" data-testid="create-case" onClick={() => void create()} disabled={status.kind === 'creating'}>
        Create the case
      </button>
      <span className={status.kind === 'error' ? 'save-status save-error' : 'save-status save-unsaved'} data-testid="save-status" role="status">
        {status.kind === 'creating' ? 'Creating…' : status.kind === 'error' ? status.text : 'Unsaved changes'}
      </span>
    </>
  );

  return (
    <main className="page page-wide">
      <CaseNav file="" current="new" />
      <section className="new-case-start panel">
        <h1>New case</h1>
        <div className="start-options">
          <div>
            <button type="button" className="button" data-testid="new-blank" onClick={startBlank}>
              Start from a blank form
            </button>
          </div>
          <div className="copy-from">
            <label>
              or from a copy of{' '}
              <select data-testid="new-copy-from" value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)} disabled={!cases || cases.length === 0}>
                {(cases ?? []).map((c) => (
                  <option key={c.file} value={c.file}>
                    {c.file}
                    {c.applicant ? ` — ${c.applicant}` : ''}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" className="button" data-testid="new-copy" onClick={() => void startCopy()} disabled={!copyFrom}>
              Start from this copy
            </button>
          </div>
        </div>
        <p className="muted small">
          Starting from {origin}. {origin !== 'a blank form' && 'Change the case id (in Proceeding) and everything that is not this client’s.'}
        </p>
        <label className="file-name">
          File name{' '}
          <input
            type="text"
            data-testid="new-file-name"
            value={effectiveFile}
            placeholder="the case id + .json"
            onChange={(e) => {
              setFileName(e.target.value);
              setFileNameTouched(true);
            }}
            spellCheck={false}
          />
        </label>
        <span className="muted small"> The intake file in the watched folder.</span>
      </section>
      {loadError && (
        <div className="banner banner-error" role="alert">
          {loadError}
        </div>
      )}
      {loaded ? (
        <IntakeForm
          loaded={loaded}
          formData={formData}
          onChange={onChange}
          problems={validation.problems}
          checking={validation.checking}
          validationError={validation.error}
          toolbar={toolbar}
        />
      ) : (
        !loadError && <p className="muted">Loading the form…</p>
      )}
    </main>
  );
}
