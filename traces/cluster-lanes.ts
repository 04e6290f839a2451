import type { ClusterConfig } from '../impl/sim-config.js';
import { singleLeaderLanes } from './single-leader-lanes.js';
import type { ClusterLaneBuilder } from './trace-timeline.js';

/**
 * What each cluster kind adds to the trace view's node lanes. A new cluster
 * adds one entry (its roles, quantities and marks read from its messages);
 * until it does, its traces show the lanes every cluster has: node status,
 * faults, aimed faults and their triggers, client operations, violations.
 * A user's protocol (`custom`) shows those.
 */
const LANES: Partial<Record<ClusterConfig['kind'], ClusterLaneBuilder>> = {
  'single-leader': singleLeaderLanes,
};

export function clusterLanes(kind: ClusterConfig['kind']): ClusterLaneBuilder | undefined {
  return LANES[kind];
}
