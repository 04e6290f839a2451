import type { LeaderlessConfig } from './leaderless/leaderless-config.js';
import type { SingleLeaderConfig } from './single-leader/single-leader-config.js';
import type { WorldConfig } from './world/world-config.js';

/** The cluster kinds DESIGN.md names. */
export type ClusterKind = 'single-leader' | 'leaderless';

/** The settings of one cluster kind, told apart by `kind`. */
export type ClusterConfig = SingleLeaderConfig | LeaderlessConfig;

/**
 * Everything a run needs besides its seeds, schedule and workload: the
 * world's settings and the cluster's. A trace stores it whole, so a replay
 * never depends on defaults that may change.
 */
export interface SimConfig {
  readonly world: WorldConfig;
  readonly cluster: ClusterConfig;
}
