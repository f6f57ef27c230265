/**
 * What a step that writes a whole document of the filing (a converted Word document, a filled
 * form) tells the packet about it: its title in the contents, and who signs it by hand. Written by
 * those steps, also when they wrote nothing (the form not downloaded, LibreOffice missing: the
 * document is then still listed to sign on paper), and read by the packet step.
 */
import { z } from 'zod';
import type { RunContext, StepResult } from './types.js';

/** The `signedBy` option of a step whose document is signed by hand. */
export const signedByOption = z
  .string()
  .min(1)
  .optional()
  .describe('Who signs it by hand, a handlebars pattern, e.g. "{{derived.fullName}}": the filing lists it among the signatures, and a signed scan in signed/ beside the intake, named as the PDF, takes its place');

export interface FiledDocument {
  title: string;
  signedBy?: string;
}

/** The facts of a document, its patterns expanded with the case's model. */
export function filedDocument(ctx: RunContext, title: string, signedBy: string | undefined): FiledDocument {
  return { title, ...(signedBy ? { signedBy: ctx.expand(signedBy) } : {}) };
}

/** What a step's result says of its document; undefined when it says nothing. */
export function filedDocumentOf(result: StepResult | undefined): FiledDocument | undefined {
  const d = result?.data;
  if (typeof d?.title !== 'string') return undefined;
  return { title: d.title, ...(typeof d.signedBy === 'string' ? { signedBy: d.signedBy } : {}) };
}
