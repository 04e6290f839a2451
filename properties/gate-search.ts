import fc from 'fast-check';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import type { ClusterKind } from '../impl/sim-config.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { clusterEntry, type ClusterEntry } from './cluster-registry.js';
import { runCaseArbitrary } from './fault-schedule-arbitrary.js';
import { GateCaseStream } from './gate-case-stream.js';
import { endsSearch, runGateCase, type GateRunRecord } from './gate-run.js';
import type { RunCase } from './run-case.js';

/** Which part of a seed's runs a gate makes: shard `index` (from 0) of `count` makes runs index, index + count, index + 2·count, ... */
export interface GateShard {
  readonly index: number;
  readonly count: number;
}

/** Everything that decides which runs a gate makes and how it judges them: plain data, so that it crosses to worker threads. */
export interface GateSearchSpec {
  readonly clusters: readonly ClusterKind[];
  readonly mutants: readonly string[];
  /** The policy's name in the configuration: a built-in, or a user's scheduler passed alongside. */
  readonly scheduler: string | undefined;
  readonly seed: number;
  readonly shard: GateShard;
  /** Runs of the whole seed (over every shard); undefined for as many as the time allows. */
  readonly runs: number | undefined;
  readonly checkDeterminism: boolean;
}

/** The run numbers of a shard, in order: below `runs` when runs are counted. */
export function* shardRuns(shard: GateShard, runs: number | undefined): Generator<number> {
  for (let index = shard.index; runs === undefined || index < runs; index += shard.count) yield index;
}

/** How many runs a shard makes when runs are counted. */
export function shardRunCount(shard: GateShard, runs: number | undefined): number | undefined {
  return runs === undefined ? undefined : Math.max(0, Math.ceil((runs - shard.index) / shard.count));
}

/** Run cases of the given clusters, each with the gate's configuration and the cluster's own workloads. */
export function gateArbitrary(clusters: readonly ClusterKind[], mutants: readonly string[], scheduler?: string): fc.Arbitrary<RunCase> {
  const perCluster = clusters.map((kind) => clusterRunCases(clusterEntry(kind), mutants, scheduler));
  return perCluster.length === 1 ? perCluster[0]! : fc.oneof(...perCluster);
}

/**
 * The gate's run cases of one cluster, a built-in or a user's protocol: its
 * configuration with the given mutants, its node counts, workloads,
 * triggers, tuning and longest fault.
 */
export function clusterRunCases<P extends Protocol>(entry: ClusterEntry<P>, mutants: readonly string[], scheduler?: string): fc.Arbitrary<RunCase> {
  const base = (nodeCount: number) => entry.defaultConfig(nodeCount, mutants, scheduler);
  const probe = base(Math.max(...entry.nodeCounts));
  return runCaseArbitrary({
    base,
    nodeCounts: entry.nodeCounts,
    maxEpisodes: 24,
    longestFaultTicks: entry.longestFaultTicks(probe),
    workload: entry.workload(probe),
    triggers: entry.triggers,
    tune: entry.tune,
  });
}

/** Runs the gate's run `index` of the spec's seed; numbers must be asked for in increasing order. */
export function gateRunner(spec: GateSearchSpec, policy?: Scheduler): (index: number) => GateRunRecord {
  const stream = new GateCaseStream(gateArbitrary(spec.clusters, spec.mutants, spec.scheduler), spec.seed);
  return (index) => runGateCase(stream.at(index), index, { checkDeterminism: spec.checkDeterminism, scheduler: policy });
}

/** How often a search on the main thread lets the event loop run (signals, progress, timers). */
const YIELD_EVERY_MS = 50;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The gate's search on this thread: the shard's runs in order, until one
 * breaks a property (or repeats differently), the runs are done, or `stopped`
 * says so. It lets the event loop run every few dozen milliseconds, so that
 * a signal or a timer is handled while it works.
 */
export async function searchInProcess(spec: GateSearchSpec, policy: Scheduler | undefined, stopped: () => boolean, onRecord: (record: GateRunRecord) => void): Promise<void> {
  const runAt = gateRunner(spec, policy);
  let lastYield = performance.now();
  for (const index of shardRuns(spec.shard, spec.runs)) {
    if (stopped()) return;
    const record = runAt(index);
    onRecord(record);
    if (endsSearch(record)) return;
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
}
