import type { NetworkConditions } from './fault.js';

/** How the world's clients behave; the same for every cluster kind. */
export interface ClientSettings {
  /** Clients that run the workload, numbered 0 … count-1. Each node's agent is a client too, numbered after them. */
  readonly count: number;
  /** A client sends an unanswered request again, to another node, after this many ticks. */
  readonly retryTicks: number;
  /** A client gives up on a request after this many ticks; its outcome is then unknown. */
  readonly timeoutTicks: number;
}

/**
 * The settings of the simulated world itself, whatever cluster runs in it.
 * A trace stores them whole, so a replay never depends on defaults that may
 * change.
 */
export interface WorldConfig {
  readonly nodeCount: number;
  /** Nodes that are configured members but start only when a `join` fault starts them. */
  readonly initiallyAbsent: readonly number[];
  /** Every clock runs at a rate within 1 ± driftBoundPpm/10⁶ of true time. */
  readonly driftBoundPpm: number;
  /** Network conditions before any `network` fault and again after healing. */
  readonly baselineNetwork: NetworkConditions;
  /** Messages in flight on one directed link beyond this are dropped (bounded queues). */
  readonly linkQueueCapacity: number;
  /** Faults are applied in [0, faultPhaseTicks); then everything heals. */
  readonly faultPhaseTicks: number;
  /** After healing, `liveness` requires the cluster to serve within this many ticks. */
  readonly livenessBoundTicks: number;
  /** A hard bound on processed events, so that no run can loop forever. */
  readonly maxSteps: number;
  readonly clients: ClientSettings;
}

/**
 * The world the gate's clusters run in, for a node count. Ticks are nominal
 * milliseconds. The drift bound is deliberately harsh (±10%): a lease that
 * only holds for perfect clocks must fail here.
 */
export function defaultWorldConfig(nodeCount: number): WorldConfig {
  return {
    nodeCount,
    initiallyAbsent: [],
    driftBoundPpm: 100_000,
    baselineNetwork: { lossPermille: 0, duplicatePermille: 0, reorder: false, delayMinTicks: 1, delayMaxTicks: 4 },
    linkQueueCapacity: 64,
    faultPhaseTicks: 2_000,
    livenessBoundTicks: 2_000,
    maxSteps: 500_000,
    clients: { count: 3, retryTicks: 60, timeoutTicks: 1_000 },
  };
}

/** The last tick of a run: the fault phase, then the liveness window. */
export function runEndTick(config: WorldConfig): number {
  return config.faultPhaseTicks + config.livenessBoundTicks;
}
