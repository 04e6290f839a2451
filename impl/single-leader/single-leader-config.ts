import type { Resources } from '../../model/resources.js';
import type { SingleLeaderMutant } from './single-leader-mutants.js';

/** Protocol timing, in ticks of a node's local clock. */
export interface SingleLeaderTiming {
  readonly electionTimeoutMinTicks: number;
  readonly electionTimeoutMaxTicks: number;
  readonly heartbeatIntervalTicks: number;
}

/** The single-leader cluster's own settings. */
export interface SingleLeaderConfig {
  readonly kind: 'single-leader';
  /** Planted bugs switched on for this run (none in a real check). */
  readonly mutants: readonly SingleLeaderMutant[];
  /** The allocation policy the leader places jobs with, by name. */
  readonly scheduler: string;
  readonly timing: SingleLeaderTiming;
  /** What each node can grant in all, indexed by node id. */
  readonly capacities: readonly Resources[];
  /** At most this many entries travel in one AppendEntries, so that a lagging follower catches up in bounded messages. */
  readonly maxEntriesPerAppend: number;
}
