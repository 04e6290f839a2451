import type { NetworkConditions } from './world/fault.js';

export type ClusterKind = 'single-leader' | 'leaderless';

/** Protocol timing, in ticks of a node's local clock. */
export interface Timing {
  readonly electionTimeoutMinTicks: number;
  readonly electionTimeoutMaxTicks: number;
  readonly heartbeatIntervalTicks: number;
}

/**
 * Everything a run needs besides its seed, schedule and workload. A trace
 * stores it whole, so a replay never depends on defaults that may change.
 */
export interface SimConfig {
  readonly cluster: ClusterKind;
  readonly nodeCount: number;
  /** Nodes that are configured members but start only when a `join` fault starts them. */
  readonly initiallyAbsent: readonly number[];
  /** The allocation policy; null while the cluster runs no allocation workload. */
  readonly scheduler: string | null;
  readonly mutants: readonly string[];
  /** Every clock runs at a rate within 1 ± driftBoundPpm/10⁶ of true time. */
  readonly driftBoundPpm: number;
  readonly timing: Timing;
  /** Network conditions before any `network` fault and again after healing. */
  readonly baselineNetwork: NetworkConditions;
  /** Messages in flight on one directed link beyond this are dropped (bounded queues). */
  readonly linkQueueCapacity: number;
  /** Faults are applied in [0, faultPhaseTicks); then everything heals. */
  readonly faultPhaseTicks: number;
  /** After healing, `liveness` requires a leader within this many ticks. */
  readonly livenessBoundTicks: number;
  /** A hard bound on processed events, so that no run can loop forever. */
  readonly maxSteps: number;
}
