import type { CaseState } from '../api.ts';

export const STATE_WORDS: Record<CaseState, string> = {
  built: 'Built',
  rejected: 'Rejected',
  building: 'Building…',
  waiting: 'Waiting',
  'out-of-date': 'Out of date',
  retrying: 'Retrying',
  new: 'New',
};

const STATE_HELP: Record<CaseState, string> = {
  built: 'Its outputs are current',
  rejected: 'The last build failed: see the errors',
  building: 'Being built now',
  waiting: 'Asked for, waiting for a worker',
  'out-of-date': 'Built, but the intake changed since',
  retrying: 'The output folder refused it; it is built again soon',
  new: 'Never built',
};

export function StateBadge({ state, testId }: { state: CaseState; testId?: string }) {
  return (
    <span className={`badge state-${state}`} data-testid={testId} title={STATE_HELP[state]}>
      {STATE_WORDS[state] ?? state}
    </span>
  );
}
