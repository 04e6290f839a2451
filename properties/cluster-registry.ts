import fc from 'fast-check';
import { electionLogic } from '../impl/single-leader/election-node.js';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { SINGLE_LEADER_MUTANTS, type SingleLeaderMutant } from '../impl/single-leader/single-leader-mutants.js';
import type { ClusterKind, SimConfig } from '../impl/sim-config.js';
import type { NodeLogic, Protocol } from '../impl/world/node-logic.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import { FaultlineError } from '../model/faultline-error.js';
import { PROPERTY_IDS, type PropertyId } from '../model/property-id.js';
import type { CoverageCounter, ObserverFactory } from './observer.js';
import { partitionCoverageObserver } from './partition-coverage-observer.js';
import { electionObserver } from './single-leader/election-observer.js';
import { livenessObserver } from './single-leader/liveness-observer.js';
import type { SingleLeaderView } from './single-leader/single-leader-view.js';

/** How a cluster's client operations and results read in a trace's history (faultline's history JSON). */
export interface HistoryCodec<P extends Protocol> {
  describeOp(op: P['op']): { readonly f: string; readonly value?: unknown };
  describeOutput(output: P['output']): { readonly outcome: 'ok' | 'refused'; readonly result?: unknown };
}

/**
 * Everything the harness knows about one cluster kind. `runCase`,
 * `--cluster`, coverage output, JUnit and progress all go through here: a new
 * property is one observer in `observers`, a new cluster one entry.
 */
export interface ClusterEntry<P extends Protocol> {
  readonly kind: ClusterKind;
  readonly mutants: readonly string[];
  /** The gate's configuration for a node count. */
  defaultConfig(nodeCount: number, mutants: readonly string[]): SimConfig;
  logic(config: SimConfig): NodeLogic<P>;
  readonly observers: readonly ObserverFactory<P>[];
  /** Client workloads for the gate, generated and shrunk with the fault schedule. */
  workload(config: SimConfig): fc.Arbitrary<readonly WorkloadOp<P['op']>[]>;
  readonly history: HistoryCodec<P>;
  /** A run that reaches none of these counters proves nothing; a gate where no run does is inconclusive. */
  readonly required: readonly string[];
}

const singleLeader: ClusterEntry<SingleLeaderView> = {
  kind: 'single-leader',
  mutants: SINGLE_LEADER_MUTANTS,
  defaultConfig: (nodeCount, mutants) => defaultSingleLeaderConfig(nodeCount, mutants as SingleLeaderMutant[]),
  logic: electionLogic,
  observers: [electionObserver, livenessObserver, partitionCoverageObserver],
  workload: () => fc.constant([]),
  history: {
    describeOp: (op) => op,
    describeOutput: (output) => output,
  },
  required: ['leader-elected'],
};

const CLUSTERS: Partial<Record<ClusterKind, ClusterEntry<Protocol>>> = {
  'single-leader': singleLeader as unknown as ClusterEntry<Protocol>,
};

/** The registry entry of `kind`; a kind that is not built yet is a usage error. */
export function clusterEntry(kind: ClusterKind): ClusterEntry<Protocol> {
  const entry = CLUSTERS[kind];
  if (entry === undefined) throw new FaultlineError('usage', `the ${kind} cluster is not implemented yet; use --cluster single-leader`, { cluster: kind });
  return entry;
}

/** The cluster kinds that are built, in the order `--cluster all` checks them. */
export function builtClusters(): ClusterKind[] {
  return (Object.keys(CLUSTERS) as ClusterKind[]).filter((kind) => CLUSTERS[kind] !== undefined);
}

/** The properties a cluster's observers check, in the order of DESIGN.md's table. */
export function clusterProperties(entry: ClusterEntry<Protocol>): PropertyId[] {
  const checked = new Set(entry.observers.flatMap((observer) => observer.properties));
  return PROPERTY_IDS.filter((property) => checked.has(property));
}

/** The cluster's "sometimes" counters, in the order its observers declare them. */
export function clusterCounters(entry: ClusterEntry<Protocol>): CoverageCounter[] {
  return entry.observers.flatMap((observer) => observer.counters);
}
