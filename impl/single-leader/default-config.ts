import type { Resources } from '../../model/resources.js';
import type { SimConfig } from '../sim-config.js';
import { defaultWorldConfig } from '../world/world-config.js';
import type { SingleLeaderConfig } from './single-leader-config.js';
import type { SingleLeaderMutant } from './single-leader-mutants.js';

/** Node capacities by node id: unequal on purpose, so that where a job lands matters. */
const CAPACITIES: readonly Resources[] = [
  { cpuMillis: 4000, memoryMiB: 8192 },
  { cpuMillis: 2000, memoryMiB: 4096 },
  { cpuMillis: 4000, memoryMiB: 4096 },
  { cpuMillis: 8000, memoryMiB: 8192 },
  { cpuMillis: 2000, memoryMiB: 8192 },
];

/** The gate's standard single-leader configuration, in the gate's standard world. */
export function defaultSingleLeaderConfig(nodeCount: number, mutants: readonly SingleLeaderMutant[], scheduler = 'least-loaded'): SimConfig & { readonly cluster: SingleLeaderConfig } {
  return {
    world: defaultWorldConfig(nodeCount),
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
