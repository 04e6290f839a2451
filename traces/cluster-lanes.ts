import type { ClusterConfig, ClusterKind } from '../impl/sim-config.js';
import { leaderlessLanes } from './leaderless-lanes.js';
import { singleLeaderLanes } from './single-leader-lanes.js';
import type { ClusterLaneBuilder } from './trace-timeline.js';

/**
 * What each cluster kind adds to the trace view's node lanes (its roles,
 * quantities and marks read from its messages) beside the lanes every
 * cluster has: node status, faults, aimed faults and their triggers, client
 * operations, violations. A new cluster kind must add its entry.
 */
const LANES: Record<ClusterKind, ClusterLaneBuilder> = {
  'single-leader': singleLeaderLanes,
  leaderless: leaderlessLanes,
};

/** The lanes of a built-in kind; a user's protocol (`custom`) has only those every cluster has. */
export function clusterLanes(kind: ClusterConfig['kind']): ClusterLaneBuilder | undefined {
  return kind === 'custom' ? undefined : LANES[kind];
}
