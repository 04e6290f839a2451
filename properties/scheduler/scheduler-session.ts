import type { ClusterView, PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import type { DemandProfile } from '../../model/gpu-fragmentation.js';

/** How one scheduler call ended, as the harness saw it. */
export type CallOutcome =
  | { readonly kind: 'returned'; readonly value: unknown }
  | { readonly kind: 'threw'; readonly message: string }
  | { readonly kind: 'budget-exhausted'; readonly steps: number }
  | { readonly kind: 'timed-out'; readonly limitMs: number }
  | { readonly kind: 'uncopyable'; readonly message: string };

export type SchedulerFunction = 'place' | 'rebalance';

export interface CallInput {
  readonly cluster: ClusterView;
  readonly pending: readonly PendingRequest[];
  /** Passed on to `place` as `expectedDemand`, when the workload comes from a trace. */
  readonly expectedDemand?: DemandProfile;
}

/**
 * A scheduler ready to be called by the harness, wherever it runs: in this
 * thread for built-ins (bounded by the step budget) or in a worker for user
 * files (bounded by a time limit too, since their loops may not count steps).
 */
export interface SchedulerSession {
  readonly name: string;
  readonly hasRebalance: boolean;
  call(fn: SchedulerFunction, input: CallInput): Promise<CallOutcome>;
  close(): Promise<void>;
}
