import type { Resources } from '../../model/resources.js';
import type { SimConfig } from '../sim-config.js';
import type { SingleLeaderMutant } from './single-leader-mutants.js';

/** Node capacities by node id: unequal on purpose, so that where a job lands matters. */
const CAPACITIES: readonly Resources[] = [
  { cpuMillis: 4000, memoryMiB: 8192 },
  { cpuMillis: 2000, memoryMiB: 4096 },
  { cpuMillis: 4000, memoryMiB: 4096 },
  { cpuMillis: 8000, memoryMiB: 8192 },
  { cpuMillis: 2000, memoryMiB: 8192 },
];

/**
 * The gate's standard single-leader configuration. Ticks are nominal
 * milliseconds. The drift bound is deliberately harsh (±10%): a lease that
 * only holds for perfect clocks must fail here.
 */
export function defaultSingleLeaderConfig(nodeCount: number, mutants: readonly SingleLeaderMutant[], scheduler = 'least-loaded'): SimConfig {
  return {
    world: {
      nodeCount,
      initiallyAbsent: [],
      driftBoundPpm: 100_000,
      baselineNetwork: { lossPermille: 0, duplicatePermille: 0, reorder: false, delayMinTicks: 1, delayMaxTicks: 4 },
      linkQueueCapacity: 64,
      faultPhaseTicks: 2_000,
      livenessBoundTicks: 2_000,
      maxSteps: 500_000,
      clients: { count: 3, retryTicks: 60, timeoutTicks: 1_000 },
    },
    cluster: {
      kind: 'single-leader',
      mutants: [...mutants],
      scheduler,
      timing: { electionTimeoutMinTicks: 100, electionTimeoutMaxTicks: 200, heartbeatIntervalTicks: 20 },
      capacities: Array.from({ length: nodeCount }, (_, node) => CAPACITIES[node % CAPACITIES.length]!),
      maxEntriesPerAppend: 32,
    },
  };
}
