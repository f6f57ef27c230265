/** The one table where step kinds are registered. A new kind is a file in this folder and a line here. */
import { consistencyStep } from './consistency.js';
import { convertStep } from './convert.js';
import { docxStep } from './docx.js';
import { formStep } from './form.js';
import { packetStep } from './packet.js';
import { textStep } from './text.js';
import type { StepKind } from './types.js';

export const STEP_KINDS: readonly StepKind[] = [docxStep, textStep, packetStep, formStep, consistencyStep, convertStep];

export function stepKind(kind: string): StepKind | undefined {
  return STEP_KINDS.find((k) => k.kind === kind);
}

export const STEP_KIND_NAMES = STEP_KINDS.map((k) => k.kind);
