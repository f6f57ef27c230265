import type { ArrayFieldItemButtonsTemplateProps, FieldErrorProps, ObjectFieldTemplateProps, OptionalDataControlsTemplateProps } from '@rjsf/utils';
import { getDefaultRegistry } from '@rjsf/core';
import { formatPath } from './paths.ts';
import type { Section } from './schema.ts';

const DefaultObjectFieldTemplate = getDefaultRegistry().templates.ObjectFieldTemplate;

export interface IntakeFormContext {
  section: Section;
}

/** A field's problems, findable by the path the server gave them. */
export function FieldErrorTemplate(props: FieldErrorProps) {
  const { errors = [], fieldPathId } = props;
  const shown = errors.filter((e) => !!e);
  if (shown.length === 0) return null;
  const path = formatPath(fieldPathId.path);
  const onlyWarnings = shown.every((e) => typeof e === 'string' && e.startsWith('Warning '));
  return (
    <div className={onlyWarnings ? 'field-error only-warnings' : 'field-error'} data-testid="field-error" data-path={path} id={`${fieldPathId.$id}__error`} role="alert">
      <ul>
        {shown.map((e, i) => (
          <li key={i} className={typeof e === 'string' && e.startsWith('Warning ') ? 'warning' : undefined}>
            {e}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Objects: the root shows only the current section's properties (one form, one formData); nested
 * objects are the usual fieldset.
 */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { fieldPathId, registry, properties } = props;
  if (fieldPathId.path.length === 0) {
    const ctx = registry.formContext as IntakeFormContext | undefined;
    const section = ctx?.section;
    const byName = new Map(properties.map((p) => [p.name, p]));
    const keys = section ? section.keys : properties.map((p) => p.name);
    return (
      <div className="form-section" id={`section-${section?.id ?? 'all'}`}>
        {section && section.keys.length > 1 && <h2 className="section-title">{section.label}</h2>}
        {keys.map((k) => {
          const p = byName.get(k);
          if (!p || p.hidden) return null;
          return (
            <div className="root-property" key={k}>
              {p.content}
            </div>
          );
        })}
      </div>
    );
  }
  return <DefaultObjectFieldTemplate {...props} />;
}

/**
 * An optional part not filled in: one button that adds it. (No one-click "remove" for a filled-in
 * part: a paralegal clears fields one by one; nothing typed disappears by a slip.)
 */
export function OptionalDataControlsTemplate(props: OptionalDataControlsTemplateProps) {
  const { id, label, onAddClick } = props;
  if (onAddClick) {
    return (
      <button type="button" id={id} className="btn add-optional" onClick={onAddClick} title={label}>
        + Fill in
      </button>
    );
  }
  return null;
}

const DefaultItemButtons = getDefaultRegistry().templates.ArrayFieldItemButtonsTemplate;

/** Removing an entry (an event, an exhibit, a child…) asks first: one slip would lose what it held. */
export function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps) {
  const { onRemoveItem, index } = props;
  const confirmRemove = (e?: unknown) => {
    if (window.confirm(`Remove entry ${index + 1} and everything in it from the form? (The file changes only when you save.)`)) onRemoveItem(e);
  };
  return <DefaultItemButtons {...props} onRemoveItem={confirmRemove} />;
}
