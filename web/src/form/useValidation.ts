import { useEffect, useRef, useState } from 'react';
import { errorText, postJson } from '../api.ts';
import type { ProblemView, Validation } from '../api.ts';

export interface ValidationState {
  problems: ProblemView[] | null;
  checking: boolean;
  error: string | null;
  /** Replaces the problems with ones the server gave another way (a save's answer). */
  setProblems: (p: ProblemView[]) => void;
}

/** Asks the server to validate the intake ~300 ms after the last change; only the latest answer counts. */
export function useValidation(intake: unknown, file: string | null, enabled = true): ValidationState {
  const [problems, setProblems] = useState<ProblemView[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const first = useRef(true);

  useEffect(() => {
    if (!enabled || intake === undefined) return;
    const mine = ++seq.current;
    const delay = first.current ? 0 : 300;
    first.current = false;
    setChecking(true);
    const timer = window.setTimeout(() => {
      const body: { file?: string; intake: unknown } = { intake };
      if (file) body.file = file;
      postJson<Validation>('/api/validate', body).then(
        (v) => {
          if (mine !== seq.current) return;
          setProblems(v.problems);
          setError(null);
          setChecking(false);
        },
        (e) => {
          if (mine !== seq.current) return;
          setError(`Could not check the form: ${errorText(e)}`);
          setChecking(false);
        },
      );
    }, delay);
    return () => window.clearTimeout(timer);
  }, [intake, file, enabled]);

  return {
    problems,
    checking,
    error,
    setProblems: (p) => {
      seq.current++;
      setChecking(false);
      setProblems(p);
    },
  };
}
