import { NO_RESOURCES, type Resources } from '../../model/resources.js';
import type { LeaderlessEnv, Out } from './leaderless-env.js';
import type { LeaderlessHard, LeaderlessState } from './leaderless-state.js';

/**
 * What node `node` finds on an empty disk: its own host's whole capacity and
 * nothing else. Observers use the same function for a node that has not
 * written its disk yet, so both agree on where every unit of capacity starts.
 */
export function initialHard(node: number, capacities: readonly Resources[]): LeaderlessHard {
  return {
    currentTerm: 0,
    votedFor: null,
    incarnation: 0,
    shares: capacities.map((capacity, host) => (host === node ? capacity : NO_RESOURCES)),
    jobs: [],
    outgoing: [],
    received: [],
    nextTransfer: 1,
    lastByClient: [],
  };
}

/** The durable record of the node's state as it stands. */
export function hardOf(state: LeaderlessState): LeaderlessHard {
  return {
    currentTerm: state.currentTerm,
    votedFor: state.votedFor,
    incarnation: state.incarnation,
    shares: [...state.shares],
    jobs: [...state.jobs.values()],
    outgoing: [...state.outgoing.values()],
    received: [...state.received],
    nextTransfer: state.nextTransfer,
    lastByClient: [...state.lastByClient],
  };
}

/** Rewrites the durable record; every handler calls it before it tells anyone about a change. */
export function persist(state: LeaderlessState, _env: LeaderlessEnv, out: Out): void {
  out.push({ kind: 'persist', hard: hardOf(state) });
}
