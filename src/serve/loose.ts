/**
 * Reading what other front doors wrote (status files, manifests, an intake being edited) without
 * trusting its shape: a file of an older version, or half written, gives "nothing" here, never a throw.
 */
import type { RuleResult } from './api.js';

export type Loose = Record<string, unknown>;

export const obj = (v: unknown): Loose | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A manifest's filing rules: id, severity, source. */
export function rulesOf(manifest: Loose): RuleResult[] {
  return list(manifest.rules).flatMap((r) => {
    const x = obj(r);
    return x && typeof x.id === 'string' ? [{ id: x.id, severity: String(x.severity ?? ''), source: String(x.source ?? '') }] : [];
  });
}
