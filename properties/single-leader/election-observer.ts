import { leaseElectionObserver, type LeaseHolderView } from '../lease-election-observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/** The single-leader cluster's office: its leader, serving under the lease. */
export const leaderOffice: LeaseHolderView<SingleLeaderView['state']> = {
  office: 'leader',
  elected: { id: 'leader-elected', label: 'elected a leader' },
  changed: { id: 'leader-changed', label: 'had leaders in two or more terms' },
  holds: (state) => state.role === 'leader',
  term: (state) => state.currentTerm,
  lease: (state) => state.lease,
  noVoteBeforeLocal: (state) => state.noVoteBeforeLocal,
};

/** `election-safety` and `single-leader` for the single-leader cluster's leader; see `leaseElectionObserver`. */
export const electionObserver = leaseElectionObserver<SingleLeaderView>(leaderOffice);
