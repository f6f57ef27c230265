import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { caseUrl, errorText, formatBytes, getJson, HttpError, problemText, putJson, uploadFile } from '../api.ts';
import type { ExhibitView, Filing, IntakeDocument, ProblemView, Saved, Uploaded } from '../api.ts';
import { CaseNav } from '../components/CaseNav.tsx';
import { ConflictBanner } from '../components/ConflictBanner.tsx';
import { href } from '../router.ts';
import { getApp, getDraft, onServerEvent, setDraft, useApp } from '../store.ts';

interface IntakeExhibit {
  id?: string;
  title?: string;
  category?: string;
  file?: string;
  date?: string | null;
  language?: string;
  translation?: { file?: string; translator?: { name?: string; address?: string; phone?: string } } | null;
  [key: string]: unknown;
}

const CATEGORIES = ['identity', 'persecution', 'medical', 'witness', 'country-conditions', 'other'] as const;

const FLAG_WORDS: Record<ExhibitView['flags'][number], { label: string; help: string }> = {
  encrypted: { label: 'Encrypted', help: 'Password-protected: opened with its password for the packet' },
  repaired: { label: 'Repaired', help: 'The file was damaged and was repaired for the packet: check its pages' },
  'image-without-text': { label: 'Image without text', help: 'Pages with no searchable text (a scan or photo)' },
};

function exhibitsOf(intake: unknown): IntakeExhibit[] {
  const ev = intake && typeof intake === 'object' ? (intake as { evidence?: unknown }).evidence : undefined;
  return Array.isArray(ev) ? (ev as IntakeExhibit[]) : [];
}

export function slugId(title: string, taken: Set<string>): string {
  const base =
    'ex-' +
    (title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/g, '') || 'exhibit');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function EvidencePage({ file }: { file: string }) {
  const [doc, setDoc] = useState<IntakeDocument | null>(null);
  const [filing, setFiling] = useState<Filing | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await getJson<IntakeDocument>(caseUrl(file));
      setDoc(d);
      setLoadError(null);
    } catch (e) {
      setLoadError(`Could not load the case: ${errorText(e)}`);
    }
  }, [file]);

  useEffect(() => {
    void load();
  }, [load]);

  // The intake changed on disk (the form, another tab, an editor): show the new version.
  const docHash = doc?.hash;
  useEffect(
    () =>
      onServerEvent((name, data) => {
        const c = data as { file?: string; hash?: string } | null;
        if (name === 'case' && c?.file === file && docHash && c.hash && c.hash !== docHash) void load();
      }),
    [file, docHash, load],
  );

  // A file dropped beside the drop zones must not make the browser open it (and leave the app).
  useEffect(() => {
    const stop = (e: globalThis.DragEvent) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  // Pages, tabs and flags come from the last build: asked for only when there is one (a 404 would
  // be a console error in the browser), and again after each build.
  const { cases } = useApp();
  const summary = cases?.find((c) => c.file === file);
  const builtKey = summary && summary.pipelines.length > 0 ? `${summary.pipelines.join(',')}|${summary.builtAt ?? ''}` : null;
  useEffect(() => {
    if (!builtKey) {
      setFiling(null);
      return;
    }
    let cancelled = false;
    getJson<Filing>(caseUrl(file, '/filing')).then(
      (f) => !cancelled && setFiling(f),
      () => !cancelled && setFiling(null),
    );
    return () => {
      cancelled = true;
    };
  }, [file, builtKey]);

  const draft = getDraft(file);
  const intake = draft?.dirty ? draft.formData : doc?.intake;
  const exhibits = exhibitsOf(intake);
  const views = new Map<string, ExhibitView>();
  for (const p of filing?.pipelines ?? []) for (const e of p.exhibits) if (!views.has(e.id) || (p.packet && views.get(e.id)?.firstPage == null)) views.set(e.id, e);

  return (
    <main className="page page-wide">
      <CaseNav file={file} current="evidence" />
      {loadError && (
        <div className="banner banner-error" role="alert">
          {loadError}
        </div>
      )}
      <div className="evidence-layout">
        <section className="exhibits">
          <h1>Exhibits</h1>
          {draft?.dirty && (
            <div className="banner banner-warn">
              The form has changes not saved yet; they are shown here, and adding an exhibit saves them too.{' '}
              <a href={href.form(file)}>Go to the form</a>
            </div>
          )}
          {doc && exhibits.length === 0 && <p className="empty">No exhibits yet. Add the first one with the panel on the right.</p>}
          <ol className="exhibit-list">
            {exhibits.map((ex, i) => (
              <ExhibitItem key={ex.id ?? i} ex={ex} view={ex.id ? views.get(ex.id) : undefined} />
            ))}
          </ol>
          {filing === null && doc && <p className="muted small">Pages and tabs appear after the case is built.</p>}
        </section>
        {doc && <AddExhibit file={file} doc={doc} onSaved={load} />}
      </div>
    </main>
  );
}

function ExhibitItem({ ex, view }: { ex: IntakeExhibit; view: ExhibitView | undefined }) {
  const flags = view?.flags ?? [];
  return (
    <li className="exhibit panel" data-testid="exhibit" data-id={ex.id ?? ''}>
      <div className="exhibit-head">
        <span className="tab-label">{view?.tab ? `Tab ${view.tab}` : 'No tab yet'}</span>
        <strong className="exhibit-title">{ex.title ?? view?.title ?? <em>untitled</em>}</strong>
        {view?.firstPage != null && (
          <span className="pages">
            pp. {view.firstPage}–{view.lastPage ?? view.firstPage}
          </span>
        )}
      </div>
      <div className="exhibit-meta small">
        <span>{ex.category ?? '—'}</span>
        <span>language: {ex.language ?? '—'}</span>
        {ex.date && <span>dated {ex.date}</span>}
        <span className="mono">{ex.file ?? view?.file}</span>
        {(ex.translation?.file ?? view?.translation) && <span>translation: <span className="mono">{ex.translation?.file ?? view?.translation}</span></span>}
      </div>
      <div className="exhibit-flags" data-testid="exhibit-flags">
        {flags.map((f) => (
          <span key={f} className={`badge flag flag-${f}`} title={FLAG_WORDS[f]?.help}>
            {FLAG_WORDS[f]?.label ?? f}
          </span>
        ))}
      </div>
      {view && view.warnings.length > 0 && (
        <ul className="warnings small">
          {view.warnings.map((w, i) => (
            <li key={i}>{problemText(w)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

interface Progress {
  loaded: number;
  total: number;
}

function DropZone({
  label,
  testId,
  file,
  onFile,
  progress,
  required,
}: {
  label: string;
  testId: string;
  file: File | null;
  onFile: (f: File | null) => void;
  progress: Progress | null;
  required?: boolean;
}) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) onFile(f);
  };
  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <div className="drop-label">
        {label}
        {required && <span className="bad"> (required)</span>}
      </div>
      <div className="small muted">Drop the file here, or choose it:</div>
      <input
        ref={input}
        type="file"
        data-testid={testId}
        aria-label={label}
        accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
      {file && (
        <div className="small">
          {file.name} · {formatBytes(file.size)}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onFile(null);
              if (input.current) input.current.value = '';
            }}
          >
            remove
          </button>
        </div>
      )}
      {progress && (
        <progress data-testid="upload-progress" max={progress.total || 1} value={progress.loaded}>
          {Math.round((progress.loaded / (progress.total || 1)) * 100)}%
        </progress>
      )}
    </div>
  );
}

function AddExhibit({ file, doc, onSaved }: { file: string; doc: IntakeDocument; onSaved: () => Promise<void> }) {
  const { session } = useApp();
  const [exhibitFile, setExhibitFile] = useState<File | null>(null);
  const [translationFile, setTranslationFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<string>('identity');
  const [language, setLanguage] = useState('en');
  const [date, setDate] = useState('');
  const [tName, setTName] = useState('');
  const [tAddress, setTAddress] = useState('');
  const [tPhone, setTPhone] = useState('');
  const [progress, setProgress] = useState<{ exhibit: Progress | null; translation: Progress | null }>({ exhibit: null, translation: null });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problems, setProblems] = useState<ProblemView[]>([]);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<unknown>(null);

  const lang = language.trim().toLowerCase();
  const needsTranslation = lang !== '' && lang !== 'en';
  const showTranslator = needsTranslation || translationFile !== null;

  const check = (): string | null => {
    if (!exhibitFile) return 'Choose the exhibit’s file (or drop it on the first box).';
    if (!title.trim()) return 'Give the exhibit a title: it is how the index of evidence names it.';
    if (!/^[a-z]{2}$/.test(lang)) return 'The language is a two-letter ISO 639-1 code, such as en, es, fr, ar.';
    if (date.trim() && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date.trim())) return 'The date is YYYY-MM-DD (or YYYY-MM, or YYYY), or empty.';
    if (needsTranslation && !translationFile) return `The document is not in English (${lang}): add its English translation too.`;
    if (translationFile && (!tName.trim() || !tAddress.trim() || !tPhone.trim()))
      return 'Give the translator’s name, address and telephone number: the certificate of translation needs them.';
    const max = session?.maxUploadBytes;
    for (const f of [exhibitFile, translationFile]) {
      if (f && max && f.size > max) return `${f.name} is too large (${formatBytes(f.size)}): the server accepts files up to ${formatBytes(max)}.`;
      if (f && f.size === 0) return `${f.name} is empty.`;
    }
    return null;
  };

  const uploadOne = async (f: File, which: 'exhibit' | 'translation'): Promise<Uploaded> => {
    setProgress((p) => ({ ...p, [which]: { loaded: 0, total: f.size } }));
    try {
      return (await uploadFile(caseUrl(file, `/evidence?name=${encodeURIComponent(f.name)}`), f, (loaded, total) =>
        setProgress((p) => ({ ...p, [which]: { loaded, total } })),
      )) as Uploaded;
    } catch (e) {
      if (e instanceof HttpError && e.status === 413) {
        const max = getApp().session?.maxUploadBytes;
        throw new Error(`${f.name} was refused: it is too large${max ? ` (the limit is ${formatBytes(max)})` : ''}.`);
      }
      throw new Error(`${f.name} was not uploaded: ${errorText(e)}`);
    }
  };

  const add = async () => {
    setError(null);
    setDone(null);
    setProblems([]);
    const problem = check();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const up = await uploadOne(exhibitFile!, 'exhibit');
      const upT = translationFile ? await uploadOne(translationFile, 'translation') : null;

      // The intake to add it to: unsaved edits of the form if any, else the saved file.
      const draft = getDraft(file);
      const base = draft?.dirty ? draft.formData : doc.intake;
      const baseHash = draft?.dirty && draft.baseHash ? draft.baseHash : doc.hash;
      const intake = { ...(base as Record<string, unknown>) };
      const list = exhibitsOf(intake);
      const taken = new Set(list.map((e) => e.id).filter((x): x is string => typeof x === 'string'));
      const entry: IntakeExhibit = { id: slugId(title, taken), title: title.trim(), category, file: up.path, language: lang };
      if (date.trim()) entry.date = date.trim();
      if (upT) entry.translation = { file: upT.path, translator: { name: tName.trim(), address: tAddress.trim(), phone: tPhone.trim() } };
      intake.evidence = [...list, entry];
      try {
        const saved = await putJson<Saved>(caseUrl(file), { baseHash, intake });
        setDraft(file, null);
        const mine = saved.problems.filter((p) => p.path?.startsWith(`evidence[${list.length}]`));
        setProblems(mine);
        setDone(`Added “${entry.title}” (${entry.id}) and saved the case.`);
        setExhibitFile(null);
        setTranslationFile(null);
        setTitle('');
        setDate('');
        setProgress({ exhibit: null, translation: null });
        await onSaved();
      } catch (e) {
        if (e instanceof HttpError && e.status === 409) {
          setConflict(intake);
          setError('The files were uploaded, but the case was not saved: it was changed elsewhere. Reload this page and add the exhibit again (the files are in the folder already).');
        } else throw new Error(`The files were uploaded, but the case was not saved: ${errorText(e)}`);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="add-exhibit panel" aria-labelledby="add-exhibit-title">
      <h2 id="add-exhibit-title">Add an exhibit</h2>
      {conflict !== null && <ConflictBanner formData={conflict} />}
      <DropZone label="The exhibit" testId="upload-file" file={exhibitFile} onFile={setExhibitFile} progress={progress.exhibit} required />
      <label className="field">
        Title
        <input type="text" data-testid="upload-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="as in the index of evidence" />
      </label>
      <div className="field-row">
        <label className="field">
          Category
          <select data-testid="upload-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Language
          <input
            type="text"
            data-testid="upload-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            maxLength={2}
            size={4}
            spellCheck={false}
            title="ISO 639-1 code: en, es, fr, ar, …"
          />
        </label>
        <label className="field">
          Date (optional)
          <input type="text" data-testid="upload-date" value={date} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD" size={12} />
        </label>
      </div>
      <DropZone
        label="Its English translation"
        testId="upload-translation"
        file={translationFile}
        onFile={setTranslationFile}
        progress={progress.translation}
        required={needsTranslation}
      />
      {(
        <fieldset className={showTranslator ? 'translator' : 'translator dim'}>
          <legend>The translator {showTranslator ? '' : '(when there is a translation)'}</legend>
          <label className="field">
            Name
            <input type="text" data-testid="upload-translator-name" value={tName} onChange={(e) => setTName(e.target.value)} />
          </label>
          <label className="field">
            Address
            <input type="text" data-testid="upload-translator-address" value={tAddress} onChange={(e) => setTAddress(e.target.value)} />
          </label>
          <label className="field">
            Telephone
            <input type="text" data-testid="upload-translator-phone" value={tPhone} onChange={(e) => setTPhone(e.target.value)} />
          </label>
        </fieldset>
      )}
      <button type="button" className="button button-primary" data-testid="upload-add" onClick={() => void add()} disabled={busy}>
        {busy ? 'Uploading…' : 'Upload and add the exhibit'}
      </button>
      {error && (
        <div className="banner banner-error" role="alert" data-testid="upload-error">
          {error}
        </div>
      )}
      {done && (
        <div className="banner banner-ok" role="status" data-testid="upload-done">
          {done}
        </div>
      )}
      {problems.length > 0 && (
        <ul className="warnings small">
          {problems.map((p, i) => (
            <li key={i}>
              {p.path}: {problemText(p)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
