import type { SimConfig } from '../sim-config.js';

/**
 * The gate's standard single-leader configuration. Ticks are nominal
 * milliseconds. The drift bound is deliberately harsh (±10%): a lease that
 * only holds for perfect clocks must fail here.
 */
export function defaultSingleLeaderConfig(nodeCount: number, mutants: readonly string[]): SimConfig {
  return {
    cluster: 'single-leader',
    nodeCount,
    initiallyAbsent: [],
    scheduler: null,
    mutants: [...mutants],
    driftBoundPpm: 100_000,
    timing: { electionTimeoutMinTicks: 100, electionTimeoutMaxTicks: 200, heartbeatIntervalTicks: 20 },
    baselineNetwork: { lossPermille: 0, duplicatePermille: 0, reorder: false, delayMinTicks: 1, delayMaxTicks: 4 },
    linkQueueCapacity: 64,
    faultPhaseTicks: 2_000,
    livenessBoundTicks: 2_000,
    maxSteps: 500_000,
  };
}
