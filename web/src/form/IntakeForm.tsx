import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, Experimental_DefaultFormStateBehavior, RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { ProblemView } from '../api.ts';
import { problemText } from '../api.ts';
import type { LoadedSchema } from './load.ts';
import { addError, parsePath, pathIsRendered, type ErrorSchemaNode, type Segment } from './paths.ts';
import { sectionOfKey, type Section } from './schema.ts';
import { ArrayFieldItemButtonsTemplate, FieldErrorTemplate, ObjectFieldTemplate, OptionalDataControlsTemplate, type IntakeFormContext } from './templates.tsx';
import { alignKeys } from './order.ts';

/** Nothing is added to the file that the paralegal did not type: no empty objects, no `false` for unanswered questions. */
const DEFAULTS: Experimental_DefaultFormStateBehavior = {
  emptyObjectFields: 'skipEmptyDefaults',
  arrayMinItems: { populate: 'never' },
  constAsDefaults: 'never',
  requiredBooleanDefault: 'skip',
  mergeDefaultsIntoFormData: 'useFormDataIfPresent',
};

const TEMPLATES = { ArrayFieldItemButtonsTemplate, FieldErrorTemplate, ObjectFieldTemplate, OptionalDataControlsTemplate };

interface Placed {
  problem: ProblemView;
  segments: Segment[];
  /** The section its path is in; null for a problem of the whole file. */
  section: Section['id'] | null;
  onField: boolean;
}

function fieldMessage(p: ProblemView): string {
  return (p.severity === 'warning' ? 'Warning ' : '') + problemText(p);
}

export interface IntakeFormProps {
  loaded: LoadedSchema;
  formData: unknown;
  onChange: (next: unknown) => void;
  problems: ProblemView[] | null;
  checking: boolean;
  validationError: string | null;
  /** The save bar (or the create bar): drawn above the form. */
  toolbar: ReactNode;
}

export function IntakeForm({ loaded, formData, onChange, problems, checking, validationError, toolbar }: IntakeFormProps) {
  const [sectionId, setSectionId] = useState<Section['id']>('applicant');
  const section = loaded.sections.find((s) => s.id === sectionId) ?? loaded.sections[0]!;

  const placed: Placed[] = useMemo(
    () =>
      (problems ?? []).map((problem) => {
        const segments = parsePath(problem.path);
        const first = segments[0];
        return {
          problem,
          segments,
          section: typeof first === 'string' ? sectionOfKey(first) : null,
          onField: pathIsRendered(loaded.schema, formData, segments),
        };
      }),
    [problems, formData, loaded.schema],
  );

  const extraErrors = useMemo(() => {
    const root: ErrorSchemaNode = {};
    for (const p of placed) if (p.onField) addError(root, p.segments, fieldMessage(p.problem));
    return root as ErrorSchema;
  }, [placed]);

  const counts = useMemo(() => {
    const c: Record<string, { errors: number; warnings: number }> = {};
    for (const p of placed) {
      if (!p.section) continue;
      const entry = (c[p.section] ??= { errors: 0, warnings: 0 });
      if (p.problem.severity === 'error') entry.errors++;
      else entry.warnings++;
    }
    return c;
  }, [placed]);

  const unplaced = placed.filter((p) => !p.onField);

  const jump = useCallback(
    (p: Placed) => {
      if (p.section) setSectionId(p.section);
      // After the section is drawn: bring the nearest field there is into view.
      window.setTimeout(() => {
        for (let n = p.segments.length; n > 0; n--) {
          const id = ['root', ...p.segments.slice(0, n).map(String)].join('_');
          const el = document.getElementById(id);
          if (el) {
            el.scrollIntoView({ block: 'center' });
            if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) el.focus();
            return;
          }
        }
        window.scrollTo(0, 0);
      }, 30);
    },
    [setSectionId],
  );

  const total = problems?.length ?? 0;
  const errorCount = problems?.filter((p) => p.severity === 'error').length ?? 0;

  return (
    <div className="intake-form" data-testid="intake-form">
      <aside className="section-nav" aria-label="Parts of the intake">
        {loaded.sections.map((s) => {
          const c = counts[s.id];
          return (
            <button
              type="button"
              key={s.id}
              className={s.id === section.id ? 'section-button current' : 'section-button'}
              aria-current={s.id === section.id ? 'true' : undefined}
              data-testid={`section-${s.id}`}
              onClick={() => {
                setSectionId(s.id);
                window.scrollTo(0, 0);
              }}
            >
              <span>{s.label}</span>
              {c && c.errors > 0 && (
                <span className="count bad" title={`${c.errors} ${c.errors === 1 ? 'error' : 'errors'} in this part`}>
                  {c.errors}
                </span>
              )}
              {c && c.errors === 0 && c.warnings > 0 && (
                <span className="count warn" title={`${c.warnings} ${c.warnings === 1 ? 'warning' : 'warnings'} in this part`}>
                  {c.warnings}
                </span>
              )}
            </button>
          );
        })}
      </aside>
      <div className="form-main">
        <div className="form-toolbar" id="form-top">
          {toolbar}
          <span className={total === 0 ? 'validation-status ok' : errorCount > 0 ? 'validation-status bad' : 'validation-status warn'}>
            <span data-testid="validation-status">
              {problems === null ? 'Checking…' : total === 0 ? 'No problems' : `${total} ${total === 1 ? 'problem' : 'problems'}`}
            </span>
            {checking && problems !== null && <span className="muted small"> (checking…)</span>}
          </span>
        </div>
        {validationError && (
          <div className="banner banner-warn" role="status">
            {validationError}
          </div>
        )}
        {unplaced.length > 0 && (
          <div className="problem-list" data-testid="problem-list">
            <h3>{unplaced.length === 1 ? 'A problem not tied to one field' : 'Problems not tied to one field'}</h3>
            <ul>
              {unplaced.map((p, i) => (
                <li key={i} className={p.problem.severity === 'error' ? 'problem error' : 'problem warning'}>
                  <button type="button" className="link-button" onClick={() => jump(p)} data-path={p.problem.path ?? ''}>
                    <span className="problem-path">{p.problem.path ? p.problem.path : 'the whole file'}</span>
                    {': '}
                    {problemText(p.problem)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <RjsfForm
          schema={loaded.schema as RJSFSchema}
          uiSchema={loaded.uiSchema as UiSchema}
          formData={formData}
          onChange={onChange}
          extraErrors={extraErrors}
          section={section}
        />
      </div>
    </div>
  );
}

interface RjsfFormProps {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: unknown;
  onChange: (next: unknown) => void;
  extraErrors: ErrorSchema;
  section: Section;
}

const RjsfForm = memo(function RjsfForm({ schema, uiSchema, formData, onChange, extraErrors, section }: RjsfFormProps) {
  const formContext: IntakeFormContext = useMemo(() => ({ section }), [section]);
  const handleChange = useCallback(
    (e: IChangeEvent) => {
      onChange(alignKeys(e.formData, formData));
    },
    [onChange, formData],
  );
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      formData={formData}
      validator={validator}
      onChange={handleChange}
      onSubmit={() => undefined}
      extraErrors={extraErrors}
      noHtml5Validate
      noValidate
      liveValidate={false}
      showErrorList={false}
      templates={TEMPLATES}
      formContext={formContext}
      experimental_defaultFormStateBehavior={DEFAULTS}
      className="rjsf intake"
    >
      <></>
    </Form>
  );
});
