import type { Resources } from '../../model/resources.js';
import type { LeaderlessMutant } from './leaderless-mutants.js';

/** Protocol timing, in ticks of a node's local clock. */
export interface LeaderlessTiming {
  /** SWIM's protocol period: each node probes one member this often, and gossips with every message. */
  readonly gossipIntervalTicks: number;
  /** A probe not answered this long is retried through others (SWIM's indirect probe). */
  readonly probeTimeoutTicks: number;
  /** A member suspected this long without refuting it is declared dead. */
  readonly suspicionTicks: number;
  /** The coordinator's election, as in the single-leader cluster. */
  readonly electionTimeoutMinTicks: number;
  readonly electionTimeoutMaxTicks: number;
  readonly heartbeatIntervalTicks: number;
  /** How long a submit may wait for capacity to reach its node before it is refused. */
  readonly holdTicks: number;
  /** An unacknowledged transfer is sent again this often. */
  readonly transferRetryTicks: number;
}

/** The leaderless cluster's own settings. */
export interface LeaderlessConfig {
  readonly kind: 'leaderless';
  readonly mutants: readonly LeaderlessMutant[];
  readonly timing: LeaderlessTiming;
  /** What each node's host can hold in all, indexed by node id; each node starts owning its own host's capacity. */
  readonly capacities: readonly Resources[];
}
