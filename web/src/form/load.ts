import { getJson } from '../api.ts';
import { prepareSchema, sectionsFor, type FormSchema, type JsonSchema, type Section } from './schema.ts';

export interface LoadedSchema extends FormSchema {
  sections: Section[];
}

let cached: Promise<LoadedSchema> | null = null;

/** The intake schema, fetched once per page load. */
export function loadSchema(): Promise<LoadedSchema> {
  if (!cached) {
    cached = getJson<JsonSchema>('/api/schema').then((raw) => {
      const prepared = prepareSchema(raw);
      return { ...prepared, sections: sectionsFor(prepared.schema) };
    });
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
