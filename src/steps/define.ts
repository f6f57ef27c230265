/**
 * Makes a step kind from its typed definition: the options of a step are parsed by the kind's own
 * schema when the pipeline loads (defaults filled in), and handed to `bind` typed, so nothing
 * downstream casts them. The options every step has (kind, id, when, uses) are parsed apart.
 */
import type { z } from 'zod';
import { stepBaseSchema } from '../pipeline/step-base.js';
import type { StepDefinition, StepKind } from './types.js';

const BASE_KEYS = Object.keys(stepBaseSchema.shape);

export function defineStep<S extends z.ZodObject>(def: StepDefinition<S>): StepKind {
  return {
    kind: def.kind,
    description: def.description,
    options: def.options,
    bind(raw, folders) {
      const base = stepBaseSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => BASE_KEYS.includes(k))));
      const own = def.options.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => !BASE_KEYS.includes(k))));
      if (!base.success || !own.success) return { ok: false, issues: [...(base.error?.issues ?? []), ...(own.error?.issues ?? [])] };
      return { ok: true, options: base.data, step: def.bind(own.data, folders) };
    },
  };
}
