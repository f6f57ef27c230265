/**
 * The intake JSON Schema as the form shows it: every `anyOf: [X, {type: 'null'}]` becomes X with
 * `type: [X.type, 'null']` (RJSF renders X, no "Option 1 / Option 2" chooser, and a null in the
 * file stays null until someone types there), titles made from property names when the schema has
 * none, and a uiSchema (text areas for long texts, Yes/No for answers, dates as text).
 * Validation is the server's: this schema only drives what is rendered.
 */

export type JsonSchema = { [key: string]: unknown };
export type UiSchema = { [key: string]: unknown };

const LONG_TEXT = new Set([
  'text',
  'explanation',
  'summary',
  'narrative',
  'reason',
  'particularSocialGroup',
  'subject',
  'whereabouts',
]);

const WORDS: Record<string, string> = {
  caseId: 'Case id',
  aNumber: 'A-Number',
  ssn: 'U.S. Social Security number',
  uscisAccountNumber: 'USCIS online account number',
  i94: 'I-94 number',
  eoirId: 'EOIR id',
  dhsService: 'DHS service',
  g28Signed: 'G-28 signed',
  usAddress: 'U.S. address',
  schemaVersion: 'Schema version',
  $schema: 'Schema file (for editors)',
  id: 'Id',
};

/** `dateOfBirth` → "Date of birth". */
export function humanize(key: string): string {
  const known = WORDS[key];
  if (known) return known;
  const spaced = key
    .replace(/^\$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function isObj(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collapses `anyOf: [X, {type: 'null'}]` into X, nullable. */
function unwrapNullable(node: JsonSchema): JsonSchema {
  const anyOf = node.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return node;
  const nullIndex = anyOf.findIndex((o) => isObj(o) && o.type === 'null');
  if (nullIndex < 0) return node;
  const other = anyOf[1 - nullIndex];
  if (!isObj(other) || typeof other.type !== 'string') return node;
  const { anyOf: _drop, ...rest } = node;
  const merged: JsonSchema = { ...other, ...rest, type: [other.type, 'null'] };
  if (!merged.description && other.description) merged.description = other.description;
  return merged;
}

export interface FormSchema {
  schema: JsonSchema;
  uiSchema: UiSchema;
}

/** Builds the schema and uiSchema the form renders from the intake schema the server gives. */
export function prepareSchema(raw: JsonSchema): FormSchema {
  const ui: UiSchema = {};
  const schema = transform(raw, ui, null, true);
  // The root is drawn by the section template: no title or description above it.
  delete schema.title;
  delete schema.description;
  ui['ui:submitButtonOptions'] = { norender: true };
  // Optional parts not filled in (a court, a second address…) show as one "add" button, not as empty fields.
  ui['ui:globalOptions'] = { enableOptionalDataFieldForType: ['object'] };
  const props = schema.properties;
  if (isObj(props)) {
    if (props.schemaVersion) ui.schemaVersion = { ...(ui.schemaVersion as UiSchema), 'ui:readonly': true };
  }
  return { schema, uiSchema: ui };
}

function transform(rawNode: JsonSchema, ui: UiSchema, key: string | null, root = false): JsonSchema {
  const node = unwrapNullable(rawNode);
  const out: JsonSchema = { ...node };
  const type = Array.isArray(node.type) ? (node.type.find((t) => t !== 'null') as string) : (node.type as string);
  if (key !== null && !out.title) out.title = humanize(key);
  if (root) delete out.$schema;

  if (type === 'object' && isObj(node.properties)) {
    const props: JsonSchema = {};
    for (const [name, child] of Object.entries(node.properties)) {
      if (!isObj(child)) {
        props[name] = child;
        continue;
      }
      const childUi: UiSchema = {};
      props[name] = transform(child, childUi, name);
      if (Object.keys(childUi).length) ui[name] = childUi;
    }
    out.properties = props;
    if (isObj(node.additionalProperties)) {
      const childUi: UiSchema = {};
      out.additionalProperties = transform(node.additionalProperties, childUi, null);
      if (Object.keys(childUi).length) ui.additionalProperties = childUi;
    }
  } else if (type === 'array' && isObj(node.items)) {
    const childUi: UiSchema = {};
    const items = transform(node.items, childUi, null);
    // An item's own title would repeat on every row: the array's title says it.
    delete items.title;
    out.items = items;
    if (Object.keys(childUi).length) ui.items = childUi;
    // Entries with several fields (events, exhibits, children…) can be moved up and down; single words cannot.
    const itemType = Array.isArray(items.type) ? items.type.find((t) => t !== 'null') : items.type;
    if (itemType !== 'object') ui['ui:options'] = { orderable: false };
  } else if (type === 'boolean') {
    ui['ui:widget'] = 'radio';
    ui['ui:options'] = { inline: true };
  } else if (type === 'string' && !node.enum && key !== null && LONG_TEXT.has(key)) {
    ui['ui:widget'] = 'textarea';
    ui['ui:options'] = { rows: key === 'text' || key === 'narrative' ? 8 : 3 };
  }
  if (type === 'string' && typeof node.pattern === 'string' && node.pattern.startsWith('^\\d{4}')) {
    ui['ui:placeholder'] = node.pattern.includes('(-') ? 'YYYY-MM-DD (or YYYY-MM, YYYY)' : 'YYYY-MM-DD';
  }
  return out;
}

/** The form's sections, as a paralegal thinks of the file. */
export interface Section {
  id: 'applicant' | 'family' | 'claim' | 'chronology' | 'evidence' | 'proceeding';
  label: string;
  keys: string[];
}

export const SECTIONS: Section[] = [
  { id: 'applicant', label: 'Applicant', keys: ['applicant'] },
  { id: 'family', label: 'Family', keys: ['family'] },
  { id: 'claim', label: 'Claim & I-589 parts', keys: ['claim', 'background', 'questions', 'exceptions', 'assistance'] },
  { id: 'chronology', label: 'Chronology', keys: ['events', 'statement'] },
  { id: 'evidence', label: 'Evidence', keys: ['evidence'] },
  {
    id: 'proceeding',
    label: 'Proceeding',
    keys: [
      'schemaVersion',
      'caseId',
      'proceeding',
      'representative',
      'interpreter',
      'witnesses',
      'filing',
      'acknowledgements',
      '$schema',
    ],
  },
];

/** The section a top-level key belongs to; keys no section names go to Proceeding (the case's own data). */
export function sectionOfKey(key: string | undefined): Section['id'] {
  if (key === undefined) return 'proceeding';
  for (const s of SECTIONS) if (s.keys.includes(key)) return s.id;
  return 'proceeding';
}

/** Sections with the schema's top-level keys that none names added to Proceeding, so none is ever dropped. */
export function sectionsFor(schema: JsonSchema): Section[] {
  const keys = isObj(schema.properties) ? Object.keys(schema.properties) : [];
  const named = new Set(SECTIONS.flatMap((s) => s.keys));
  const extra = keys.filter((k) => !named.has(k));
  return SECTIONS.map((s) => (s.id === 'proceeding' && extra.length ? { ...s, keys: [...s.keys, ...extra] } : s));
}
