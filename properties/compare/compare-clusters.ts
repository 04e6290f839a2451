import type { ClusterKind } from '../../impl/sim-config.js';
import { runEndTick } from '../../impl/world/world-config.js';
import { clusterEntry } from '../cluster-registry.js';
import { COMPARED_CLUSTERS, compareCases, FAULT_EPISODES_MIN } from './compare-case.js';
import { measureRun } from './measure-run.js';
import type { RunMetrics } from './run-metrics.js';
import { summarize, type Summary } from './summarize-comparison.js';

export interface CompareOptions {
  readonly seed: number;
  /** Cases to generate; each runs once on every cluster. */
  readonly cases: number;
  readonly nodeCount: number;
  /** Called after each case with how many are done. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** How the comparison was made: what its figures rest on, besides their own counts. */
export interface CompareMethod {
  readonly seed: number;
  readonly cases: number;
  readonly nodeCount: number;
  /** Every run: the fault phase, then the liveness phase with every fault healed. */
  readonly runTicks: number;
  readonly faultPhaseTicks: number;
  /** Fault episodes drawn per case at least, before swarm testing drops the groups it switched off. */
  readonly faultEpisodesMin: number;
  /** A request made this long after the office holder crashed counts as made after the crash. */
  readonly crashWindowTicks: number;
  /** The width of a time bucket of the plots. */
  readonly bucketTicks: number;
  /** A client gives up on a request after this long. */
  readonly clientTimeoutTicks: number;
}

export interface Comparison extends Summary {
  readonly method: CompareMethod;
}

const BUCKET_TICKS = 100;

/**
 * Runs both clusters on the same generated cases (one schedule of timed
 * faults, one workload and one world seed per case) and measures what their
 * clients lived through: availability, latency, rejections, messages,
 * recovery after a crash of the leader or coordinator. Deterministic: the
 * same options give the same figures.
 */
export function compareClusters(options: CompareOptions): Comparison {
  const cases = compareCases(options.seed, options.cases, options.nodeCount);
  const probe = clusterEntry(COMPARED_CLUSTERS[0]!).defaultConfig(options.nodeCount, []);
  // Two maximal election timeouts: long enough to cover an election after the crash, short enough to stay about it.
  const crashWindowTicks = 2 * probe.cluster.timing.electionTimeoutMaxTicks;
  const runs = new Map<ClusterKind, RunMetrics[]>(COMPARED_CLUSTERS.map((kind) => [kind, []]));
  cases.forEach((compareCase, index) => {
    for (const kind of COMPARED_CLUSTERS) runs.get(kind)!.push(measureRun(kind, compareCase, crashWindowTicks));
    options.onProgress?.(index + 1, cases.length);
  });
  const runTicks = runEndTick(probe.world);
  const summary = summarize(
    COMPARED_CLUSTERS.map((cluster) => ({ cluster, runs: runs.get(cluster)! })),
    runTicks,
    BUCKET_TICKS,
  );
  return {
    method: {
      seed: options.seed,
      cases: cases.length,
      nodeCount: options.nodeCount,
      runTicks,
      faultPhaseTicks: probe.world.faultPhaseTicks,
      faultEpisodesMin: FAULT_EPISODES_MIN,
      crashWindowTicks,
      bucketTicks: BUCKET_TICKS,
      clientTimeoutTicks: probe.world.clients.timeoutTicks,
    },
    ...summary,
  };
}
