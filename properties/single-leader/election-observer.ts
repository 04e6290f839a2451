import { leaseElectionObserver } from '../lease-election-observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/** `election-safety` and `single-leader` for the single-leader cluster's leader; see `leaseElectionObserver`. */
export const electionObserver = leaseElectionObserver<SingleLeaderView>({
  office: 'leader',
  elected: { id: 'leader-elected', label: 'elected a leader' },
  changed: { id: 'leader-changed', label: 'had leaders in two or more terms' },
  holds: (state) => state.role === 'leader',
  term: (state) => state.currentTerm,
  lease: (state) => state.lease,
  noVoteBeforeLocal: (state) => state.noVoteBeforeLocal,
});
