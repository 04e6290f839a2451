import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { ClusterKind } from '../../impl/sim-config.js';
import type { ScheduledFault } from '../../impl/world/fault.js';
import type { WorkloadOp } from '../../impl/world/workload.js';
import type { WorldConfig } from '../../impl/world/world-config.js';
import type { LedgerClientOp } from '../../model/ledger-command.js';
import { clusterEntry } from '../cluster-registry.js';
import { runCaseArbitrary } from '../fault-schedule-arbitrary.js';
import type { RunCase } from '../run-case.js';
import { ledgerWorkloadArbitrary } from '../single-leader/ledger-workload-arbitrary.js';

/** The clusters `compare` runs, in the order it reports them. */
export const COMPARED_CLUSTERS: readonly ClusterKind[] = ['single-leader', 'leaderless'];

/**
 * What one comparison case fixes for every cluster it runs on: the world
 * (its settings, with the members absent at the start), the world's seed,
 * the fault schedule and the client workload.
 */
export interface CompareCase {
  readonly world: WorldConfig;
  readonly worldSeed: number;
  readonly schedule: readonly ScheduledFault[];
  readonly workload: readonly WorkloadOp<LedgerClientOp>[];
}

/** Fault episodes drawn per case at least (the gate draws from none): the figures under faults need faults to rest on. */
export const FAULT_EPISODES_MIN = 8;

/** Bursts of client operations per case: twice the gate's, since requests are what compare counts and they cost little beside the background traffic. */
const WORKLOAD_BURSTS_MAX = 12;

/**
 * Cases as the gate generates them (swarm fault schedules, bursts of client
 * operations), denser in faults and requests, and with two differences
 * that make one case mean the same to every cluster: no aimed faults (they wait for protocol messages, which
 * differ between clusters) and no queries (the leaderless cluster keeps no
 * global view to read). The clusters must share their default world, or the
 * comparison would not be on equal terms; that is checked here.
 */
export function compareCaseArbitrary(nodeCount: number): fc.Arbitrary<CompareCase> {
  const worlds = COMPARED_CLUSTERS.map((kind) => clusterEntry(kind).defaultConfig(nodeCount, []).world);
  if (!worlds.every((world) => isDeepStrictEqual(world, worlds[0]))) {
    throw new Error(`the default worlds of ${COMPARED_CLUSTERS.join(' and ')} differ: compare would not run them on equal terms`);
  }
  const base = (count: number) => clusterEntry(COMPARED_CLUSTERS[0]!).defaultConfig(count, []);
  return runCaseArbitrary({
    base,
    nodeCounts: [nodeCount],
    minEpisodes: FAULT_EPISODES_MIN,
    maxEpisodes: 24,
    longestFaultTicks: clusterEntry(COMPARED_CLUSTERS[0]!).longestFaultTicks(base(nodeCount)),
    workload: ledgerWorkloadArbitrary(base(nodeCount), { queries: false, maxBursts: WORKLOAD_BURSTS_MAX }),
    triggers: [],
  }).map((generated) => ({
    world: generated.config.world,
    worldSeed: generated.worldSeed,
    schedule: generated.schedule,
    workload: generated.workload as readonly WorkloadOp<LedgerClientOp>[],
  }));
}

/** `count` cases drawn from `seed`: the same seed always gives the same cases. */
export function compareCases(seed: number, count: number, nodeCount: number): CompareCase[] {
  return fc.sample(compareCaseArbitrary(nodeCount), { seed, numRuns: count });
}

/** The run of `kind` on a case: the cluster's default settings in the case's world. */
export function runCaseOf(kind: ClusterKind, compareCase: CompareCase): RunCase {
  const { cluster } = clusterEntry(kind).defaultConfig(compareCase.world.nodeCount, []);
  return { config: { world: compareCase.world, cluster }, worldSeed: compareCase.worldSeed, schedule: compareCase.schedule, aimed: [], workload: compareCase.workload };
}
