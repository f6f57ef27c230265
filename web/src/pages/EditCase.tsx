import { useCallback, useEffect, useRef, useState } from 'react';
import { caseUrl, errorText, getJson, HttpError, putJson } from '../api.ts';
import type { CaseSummary, IntakeDocument, Saved } from '../api.ts';
import { CaseNav } from '../components/CaseNav.tsx';
import { ConflictBanner } from '../components/ConflictBanner.tsx';
import { IntakeForm } from '../form/IntakeForm.tsx';
import { loadSchema, type LoadedSchema } from '../form/load.ts';
import { useValidation } from '../form/useValidation.ts';
import { getDraft, onServerEvent, setDraft } from '../store.ts';

type SaveState = { kind: 'saved' } | { kind: 'saving' } | { kind: 'unsaved' } | { kind: 'conflict' } | { kind: 'error'; text: string };

export function EditCasePage({ file }: { file: string }) {
  const [loaded, setLoaded] = useState<LoadedSchema | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formData, setFormData] = useState<unknown>(undefined);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const baseHash = useRef<string | null>(null);
  const savedJson = useRef<string>('');
  const saving = useRef(false);
  const formDataRef = useRef<unknown>(undefined);
  formDataRef.current = formData;

  const validation = useValidation(formData, file, formData !== undefined);

  const fetchIntake = useCallback(async () => {
    const doc = await getJson<IntakeDocument>(caseUrl(file));
    baseHash.current = doc.hash;
    savedJson.current = JSON.stringify(doc.intake);
    setFormData(doc.intake);
    setSave({ kind: 'saved' });
    setChangedElsewhere(false);
    setDraft(file, null);
  }, [file]);

  useEffect(() => {
    let cancelled = false;
    loadSchema().then(
      (s) => !cancelled && setLoaded(s),
      (e) => !cancelled && setLoadError(`Could not load the form: ${errorText(e)}`),
    );
    const draft = getDraft(file);
    if (draft && draft.dirty && draft.baseHash) {
      baseHash.current = draft.baseHash;
      savedJson.current = draft.savedJson ?? '';
      setFormData(draft.formData);
      setSave({ kind: 'unsaved' });
    } else {
      fetchIntake().catch((e) => {
        if (!cancelled) setLoadError(e instanceof HttpError && e.status === 404 ? `There is no case file named “${file}” in the folder.` : `Could not load the case: ${errorText(e)}`);
      });
    }
    return () => {
      cancelled = true;
    };
  }, [file, fetchIntake]);

  const onChange = useCallback(
    (next: unknown) => {
      setFormData(next);
      const dirty = JSON.stringify(next) !== savedJson.current;
      setDraft(file, dirty ? ({ formData: next, baseHash: baseHash.current, dirty, savedJson: savedJson.current }) : null);
      setSave((s) => (s.kind === 'saving' || s.kind === 'conflict' ? s : dirty ? { kind: 'unsaved' } : { kind: 'saved' }));
    },
    [file],
  );

  const doSave = useCallback(async () => {
    if (saving.current || formDataRef.current === undefined || !baseHash.current) return;
    saving.current = true;
    const data = formDataRef.current;
    setSave({ kind: 'saving' });
    try {
      const saved = await putJson<Saved>(caseUrl(file), { baseHash: baseHash.current, intake: data });
      baseHash.current = saved.hash;
      savedJson.current = JSON.stringify(data);
      const stillSame = formDataRef.current === data;
      if (stillSame) {
        setDraft(file, null);
        setSave({ kind: 'saved' });
        validation.setProblems(saved.problems);
      } else {
        setDraft(file, { formData: formDataRef.current, baseHash: saved.hash, dirty: true, savedJson: savedJson.current });
        setSave({ kind: 'unsaved' });
      }
      setChangedElsewhere(false);
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) setSave({ kind: 'conflict' });
      else setSave({ kind: 'error', text: `Not saved: ${errorText(e)}` });
    } finally {
      saving.current = false;
    }
  }, [file, validation]);

  // Ctrl+S / Cmd+S saves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void doSave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doSave]);

  // The file changed on disk (another tab, another person, an editor): reload it when nothing here is unsaved.
  useEffect(
    () =>
      onServerEvent((name, data) => {
        if (name !== 'case' || !data) return;
        const c = data as CaseSummary;
        if (c.file !== file || saving.current || !baseHash.current || c.hash === baseHash.current) return;
        const dirty = JSON.stringify(formDataRef.current) !== savedJson.current;
        if (dirty) setChangedElsewhere(true);
        else void fetchIntake().catch(() => undefined);
      }),
    [file, fetchIntake],
  );

  const reload = async () => {
    if (!window.confirm('Reload the version on disk? The edits made here since the last save are lost.')) return;
    try {
      await fetchIntake();
    } catch (e) {
      setSave({ kind: 'error', text: errorText(e) });
    }
  };

  const statusText =
    save.kind === 'saved'
      ? 'Saved'
      : save.kind === 'saving'
        ? 'Saving…'
        : save.kind === 'unsaved'
          ? 'Unsaved changes'
          : save.kind === 'conflict'
            ? 'Not saved: changed elsewhere'
            : save.text;

  const toolbar = (
    <>
      <button type="button" className="button button-primary" data-testid="save" onClick={() => void doSave()} disabled={save.kind === 'saving'} title="Save (Ctrl+S)">
        Save
      </button>
      <span className={`save-status save-${save.kind}`} data-testid="save-status" role="status">
        {statusText}
      </span>
    </>
  );

  return (
    <main className="page page-wide">
      <CaseNav file={file} current="form" />
      {loadError && (
        <div className="banner banner-error" role="alert">
          {loadError}
        </div>
      )}
      {save.kind === 'conflict' && <ConflictBanner formData={formData} onReload={reload} />}
      {changedElsewhere && save.kind !== 'conflict' && (
        <div className="banner banner-warn" role="alert" data-testid="changed-elsewhere">
          This case was just changed elsewhere (another tab, person or program). Your edits here are not saved, and saving
          them will be refused. Copy what you need, then reload.{' '}
          <button type="button" className="button" onClick={() => void reload()}>
            Reload the other version
          </button>
        </div>
      )}
      {loaded && formData !== undefined ? (
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
        !loadError && <p className="muted">Loading the case…</p>
      )}
    </main>
  );
}
