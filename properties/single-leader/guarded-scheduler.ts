import type { SchedulerPort } from '../../impl/single-leader/scheduler-port.js';
import type { ClusterView, JobMove, PendingRequest, PlacementDecision, Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { isWholeResources, RESOURCE_DIMENSIONS, type Resources } from '../../model/resources.js';
import { deepFrozenCopy } from '../scheduler/deep-frozen-copy.js';
import { createStepBudget, StepBudgetExhausted } from '../scheduler/step-budget.js';

/** The step budget of one scheduler call inside a cluster run. */
export const CLUSTER_STEP_LIMIT = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResources(value: unknown): value is Resources {
  return isRecord(value) && RESOURCE_DIMENSIONS.every((d) => typeof value[d] === 'number') && isWholeResources(value as unknown as Resources);
}

/**
 * Why `value` is not a well-formed answer of `place`, or null. Well formed
 * means: an array of decisions on pending ids, each decided once, placed on a
 * node id with a grant of whole non-negative units. Whether the grants fit is
 * not asked here: that is for the cluster's properties to judge.
 */
function malformedPlacement(value: unknown, cluster: ClusterView, pending: readonly PendingRequest[]): string | null {
  if (!Array.isArray(value)) return 'place did not return an array of decisions';
  const ids = new Set(pending.map((request) => request.id));
  const nodes = new Set(cluster.nodes.map((node) => node.id));
  const decided = new Set<string>();
  for (const item of value) {
    if (!isRecord(item) || typeof item.requestId !== 'string' || !ids.has(item.requestId)) return `place decided ${JSON.stringify(item)}, which names no pending request`;
    if (decided.has(item.requestId)) return `place decided request ${item.requestId} twice`;
    decided.add(item.requestId);
    if (item.kind === 'reject') continue;
    if (item.kind !== 'place') return `place returned a decision of kind ${JSON.stringify(item.kind)}`;
    if (typeof item.nodeId !== 'string' || !nodes.has(item.nodeId)) return `place put request ${item.requestId} on ${JSON.stringify(item.nodeId)}, which is not a node id`;
    if (!isResources(item.grant)) return `place granted request ${item.requestId} ${JSON.stringify(item.grant)}, not whole non-negative units`;
  }
  return null;
}

function malformedMoves(value: unknown, cluster: ClusterView): string | null {
  if (!Array.isArray(value)) return 'rebalance did not return an array of moves';
  const jobs = new Set(cluster.jobs.map((job) => job.id));
  const nodes = new Set(cluster.nodes.map((node) => node.id));
  for (const item of value) {
    if (!isRecord(item) || item.kind !== 'move') return `rebalance returned ${JSON.stringify(item)}, not a move`;
    if (typeof item.jobId !== 'string' || !jobs.has(item.jobId)) return `rebalance moved ${JSON.stringify(item.jobId)}, which is not a placed job`;
    if (typeof item.toNodeId !== 'string' || !nodes.has(item.toNodeId)) return `rebalance moved job ${item.jobId} to ${JSON.stringify(item.toNodeId)}, which is not a node id`;
  }
  return null;
}

/**
 * The leader's scheduler inside a cluster run: each call runs twice on a
 * frozen copy of its input under a step budget; a call that throws, runs out
 * of steps, answers differently the second time, or answers malformed output
 * is reported through `fail` (as `termination`) and decides nothing.
 */
export function guardedScheduler(scheduler: Scheduler, fail: (message: string) => void, stepLimit = CLUSTER_STEP_LIMIT): SchedulerPort {
  const call = <T>(fn: 'place' | 'rebalance', invoke: (budget: ReturnType<typeof createStepBudget>['budget']) => unknown, malformed: (value: unknown) => string | null): T | null => {
    const answers: string[] = [];
    let value: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      const metered = createStepBudget(stepLimit);
      try {
        value = invoke(metered.budget);
      } catch (error) {
        if (error instanceof StepBudgetExhausted || metered.exhausted()) fail(`${fn} did not return within its step budget of ${stepLimit} steps`);
        else fail(`${fn} threw ${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)}`);
        return null;
      }
      if (metered.exhausted()) {
        fail(`${fn} did not return within its step budget of ${stepLimit} steps`);
        return null;
      }
      answers.push(JSON.stringify(value) ?? 'undefined');
    }
    if (answers[0] !== answers[1]) {
      fail(`${fn} is not deterministic: two calls on the same input returned different answers`);
      return null;
    }
    const problem = malformed(value);
    if (problem !== null) {
      fail(problem);
      return null;
    }
    return value as T;
  };
  return {
    hasRebalance: scheduler.rebalance !== undefined,
    place(cluster, pending) {
      const frozenCluster = deepFrozenCopy(cluster);
      const frozenPending = deepFrozenCopy(pending);
      return call<readonly PlacementDecision[]>('place', (budget) => scheduler.place({ cluster: frozenCluster, pending: frozenPending, budget }), (value) => malformedPlacement(value, cluster, pending));
    },
    rebalance(cluster) {
      const rebalance = scheduler.rebalance;
      if (rebalance === undefined) return [];
      const frozenCluster = deepFrozenCopy(cluster);
      return call<readonly JobMove[]>('rebalance', (budget) => rebalance({ cluster: frozenCluster, budget }), (value) => malformedMoves(value, cluster));
    },
  };
}
