import type { ClusterView, JobMove, PendingRequest, PlacementDecision } from '../schedulers/define-scheduler.js';

/**
 * How the leader reaches its allocation policy. The harness implements it
 * around a scheduler: it runs the scheduler under a step budget, checks that
 * each answer is well formed and the same when asked twice, and reports a
 * scheduler that fails at that as `termination`. What the answer decides is
 * not checked here: a placement that overdraws a node goes through, and the
 * cluster's own properties judge it. `null` means the call failed: the leader
 * then decides nothing this time.
 */
export interface SchedulerPort {
  readonly hasRebalance: boolean;
  place(cluster: ClusterView, pending: readonly PendingRequest[]): readonly PlacementDecision[] | null;
  rebalance(cluster: ClusterView): readonly JobMove[] | null;
}
