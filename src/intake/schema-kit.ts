/**
 * The builders every part of the intake schema uses: each field carries its description (for the
 * JSON Schema and the web form) and the words of what it expects (for "expected …" messages).
 */
import { z } from 'zod';
import { FORMATS, type FormatName } from './formats.js';

/** What a field expects, in words, for "… is required: expected …" messages. */
export const expectations = z.registry<{ expect: string }>();

export function expect<T extends z.ZodType>(schema: T, words: string): T {
  expectations.add(schema, { expect: words });
  return schema;
}

/** A text in one of the known formats. Its issues carry `params.format` for the error mapper. */
export function formatted(format: FormatName, description: string) {
  const f = FORMATS[format];
  const s = z
    .string()
    .refine(f.test, { params: { format } })
    .meta({ description, ...('pattern' in f ? { pattern: f.pattern } : {}) });
  return expect(s, f.expected);
}

export const text = (description: string) =>
  expect(
    z
      .string()
      .refine(FORMATS.nonBlank.test, { params: { format: 'nonBlank' } })
      .refine(FORMATS.noControl.test, { params: { format: 'noControl' } })
      .meta({ description }),
    'a text',
  );
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  expect(z.enum(values).meta({ description }), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
export const list = <T extends z.ZodType>(item: T, description: string) => expect(z.array(item).meta({ description }), 'a list [ … ]');
export const bool = (description: string) => expect(z.boolean().meta({ description }), 'true or false');
export const obj = <S extends z.ZodRawShape>(shape: S, description: string) => expect(z.strictObject(shape).meta({ description }), 'an object { … }');

export const date = (description: string) => formatted('date', description);

export const usAddress = obj(
  {
    street: text('Number and street'),
    unit: text('Apartment, suite or room').nullish(),
    city: text('City'),
    state: formatted('state', 'Two-letter US state or territory code, e.g. "NY"'),
    zip: formatted('zip', 'ZIP code, 5 or 9 digits'),
  },
  'A US postal address',
);

export const personName = obj(
  {
    family: text('Family name(s) (surname), exactly as on the passport'),
    given: text('Given name(s)'),
    middle: text('Middle name(s)').nullish(),
  },
  'A person\'s name',
);
