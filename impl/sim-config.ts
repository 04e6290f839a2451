import type { CustomClusterConfig } from './custom-cluster-config.js';
import type { LeaderlessConfig } from './leaderless/leaderless-config.js';
import type { SingleLeaderConfig } from './single-leader/single-leader-config.js';
import type { WorldConfig } from './world/world-config.js';

/** The cluster kinds DESIGN.md names: faultline's built-in clusters. */
export type ClusterKind = 'single-leader' | 'leaderless';

/** The settings of a built-in cluster or of a user's protocol (`custom`), told apart by `kind`. */
export type ClusterConfig = SingleLeaderConfig | LeaderlessConfig | CustomClusterConfig;

/**
 * Everything a run needs besides its seeds, schedule and workload: the
 * world's settings and the cluster's. A trace stores it whole, so a replay
 * never depends on defaults that may change.
 */
export interface SimConfig {
  readonly world: WorldConfig;
  readonly cluster: ClusterConfig;
}
