import { FaultlineError } from '../../model/faultline-error.js';
import type { GpuDemand, GpuHolding, NodeGpus } from '../../model/gpu-demand.js';
import type { DemandProfile } from '../../model/gpu-fragmentation.js';
import type { Resources } from '../../model/resources.js';

/**
 * The scheduler plug-in API. A scheduler is an allocation policy written as
 * pure functions of a read-only view of the cluster: the harness builds the
 * view, calls the scheduler (twice, to check that it answers the same), checks
 * the answer against the conservation laws and applies it itself.
 */

/** One node as the scheduler sees it. A dead node holds nothing. */
export interface NodeView {
  readonly id: string;
  readonly capacity: Resources;
  /** The sum of the grants of the jobs placed on this node. */
  readonly allocated: Resources;
  readonly alive: boolean;
  /**
   * The node's GPU devices, absent on a node without GPUs. Each device holds
   * at most 1000 thousandths (`GPU_DEVICE_MILLI`).
   */
  readonly gpus?: NodeGpus | undefined;
}

/** A job that holds a grant on a node. Its id is the id of the request it came from. */
export interface JobView {
  readonly id: string;
  readonly tenant: string;
  readonly nodeId: string;
  readonly demand: Resources;
  readonly grant: Resources;
  /** The GPU devices the job holds on its node, absent for a job without GPU demand. */
  readonly gpu?: GpuHolding | undefined;
}

/**
 * A request waiting for a decision. Pending requests come in queue order:
 * oldest first, with the requests of a failed node's lost jobs re-queued at
 * the back under their original ids.
 */
export interface PendingRequest {
  readonly id: string;
  readonly tenant: string;
  readonly demand: Resources;
  /**
   * What the request asks of GPUs, absent when it asks none: whole devices,
   * or a share of one device, maybe restricted to some models. GPU demand is
   * granted whole or not at all: a placement names the devices.
   */
  readonly gpu?: GpuDemand | undefined;
}

export interface ClusterView {
  /** Every node ever seen, in join order, dead ones included. */
  readonly nodes: readonly NodeView[];
  readonly jobs: readonly JobView[];
}

/**
 * Counts the work a call does. A scheduler calls `step()` inside every loop
 * whose length it does not control; when the harness's budget is spent the
 * call throws, and the harness reports `termination` instead of hanging.
 */
export interface StepBudget {
  step(count?: number): void;
}

/**
 * What to do with one pending request: place it on a node with a grant
 * (at most its demand; less is a partial grant), or reject it. A pending
 * request left out of the answer stays pending until the next call.
 */
export type PlacementDecision =
  | {
      readonly kind: 'place';
      readonly requestId: string;
      readonly nodeId: string;
      readonly grant: Resources;
      /**
       * For a request with GPU demand: the device indexes on the node (one
       * for a share, `count` distinct ones for whole devices). Leave it out
       * for a request without GPU demand.
       */
      readonly gpuDevices?: readonly number[] | undefined;
    }
  | { readonly kind: 'reject'; readonly requestId: string; readonly reason?: string | undefined };

/** Moves a placed job, with its grant, to another node. */
export interface JobMove {
  readonly kind: 'move';
  readonly jobId: string;
  readonly toNodeId: string;
  /** For a job holding GPUs: the devices it takes on the target node, as in a placement. */
  readonly gpuDevices?: readonly number[] | undefined;
}

export interface PlaceInput {
  readonly cluster: ClusterView;
  readonly pending: readonly PendingRequest[];
  readonly budget: StepBudget;
  /**
   * The mix of requests the cluster expects (request shapes with their
   * frequencies), when the workload comes from a loaded trace; absent on
   * generated workloads. Fragmentation-aware policies plan with it.
   */
  readonly expectedDemand?: DemandProfile | undefined;
}

export interface RebalanceInput {
  readonly cluster: ClusterView;
  readonly budget: StepBudget;
}

/** What a scheduler author writes. */
export interface SchedulerSpec {
  /** Lower-case words joined by dashes; shown in reports and trace names. */
  readonly name: string;
  readonly description?: string | undefined;
  /** Decides pending requests. Must be pure: same input, same answer; never mutates the input. */
  readonly place: (input: PlaceInput) => readonly PlacementDecision[];
  /** Optional: moves placed jobs after the cluster changed. Same purity rules. */
  readonly rebalance?: ((input: RebalanceInput) => readonly JobMove[]) | undefined;
}

/** A checked scheduler: what `defineScheduler` returns and a module default-exports. */
export interface Scheduler {
  readonly kind: 'scheduler';
  readonly name: string;
  readonly description: string;
  readonly place: (input: PlaceInput) => readonly PlacementDecision[];
  readonly rebalance: ((input: RebalanceInput) => readonly JobMove[]) | undefined;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Validates a scheduler definition and returns it frozen. Wrong definitions
 * fail here, when the module loads, with one sentence saying what to fix.
 */
export function defineScheduler(spec: SchedulerSpec): Scheduler {
  if (typeof spec !== 'object' || spec === null) {
    throw new FaultlineError('usage', 'defineScheduler takes an object { name, place, rebalance? }');
  }
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) {
    throw new FaultlineError('usage', 'a scheduler name is lower-case letters, digits and dashes', { got: String(spec.name) });
  }
  if (typeof spec.place !== 'function') {
    throw new FaultlineError('usage', 'a scheduler needs a place({ cluster, pending, budget }) function', { scheduler: spec.name });
  }
  if (spec.rebalance !== undefined && typeof spec.rebalance !== 'function') {
    throw new FaultlineError('usage', 'rebalance, when given, must be a function', { scheduler: spec.name });
  }
  return Object.freeze({
    kind: 'scheduler',
    name: spec.name,
    description: spec.description ?? '',
    place: spec.place,
    rebalance: spec.rebalance,
  });
}

/** True for a value made by `defineScheduler` (also across a worker or module boundary). */
export function isScheduler(value: unknown): value is Scheduler {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Scheduler>;
  // The name is checked as defineScheduler checks it: a hand-made object must not smuggle another name into reports and traces.
  return candidate.kind === 'scheduler' && typeof candidate.name === 'string' && NAME.test(candidate.name) && typeof candidate.place === 'function';
}
