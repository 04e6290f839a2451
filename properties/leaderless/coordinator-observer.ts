import { leaseElectionObserver, type LeaseHolderView } from '../lease-election-observer.js';
import type { LeaderlessView } from './leaderless-view.js';

/** The leaderless cluster's office: its coordinator, serving under the lease. */
export const coordinatorOffice: LeaseHolderView<LeaderlessView['state']> = {
  office: 'coordinator',
  elected: { id: 'coordinator-elected', label: 'elected a coordinator' },
  changed: { id: 'coordinator-changed', label: 'had coordinators in two or more terms' },
  holds: (state) => state.role === 'coordinator',
  term: (state) => state.currentTerm,
  lease: (state) => state.lease,
  noVoteBeforeLocal: (state) => state.noVoteBeforeLocal,
};

/** `election-safety` and `single-leader` for the leaderless cluster's coordinator; see `leaseElectionObserver`. */
export const coordinatorObserver = leaseElectionObserver<LeaderlessView>(coordinatorOffice);
