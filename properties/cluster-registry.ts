import fc from 'fast-check';
import { findBuiltinScheduler } from '../impl/schedulers/builtin-schedulers.js';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { defaultLeaderlessConfig } from '../impl/leaderless/default-config.js';
import { homeOf } from '../impl/leaderless/escrow.js';
import { leaderlessLogic } from '../impl/leaderless/leaderless-node.js';
import { LEADERLESS_MUTANTS, type LeaderlessMutant } from '../impl/leaderless/leaderless-mutants.js';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { singleLeaderLogic } from '../impl/single-leader/single-leader-node.js';
import { SINGLE_LEADER_MUTANTS, type SingleLeaderMutant } from '../impl/single-leader/single-leader-mutants.js';
import type { ClusterKind, SimConfig } from '../impl/sim-config.js';
import type { LeaderlessConfig } from '../impl/leaderless/leaderless-config.js';
import type { SingleLeaderConfig } from '../impl/single-leader/single-leader-config.js';
import type { NodeLogic, Protocol } from '../impl/world/node-logic.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import { FaultlineError } from '../model/faultline-error.js';
import { PROPERTY_IDS } from '../model/property-id.js';
import type { TriggerChoice } from './fault-schedule-arbitrary.js';
import type { LeaseHolderView } from './lease-election-observer.js';
import type { CoverageCounter, ObserverFactory, RunContext } from './observer.js';
import { coordinatorObserver, coordinatorOffice } from './leaderless/coordinator-observer.js';
import { escrowObserver } from './leaderless/escrow-observer.js';
import type { LeaderlessView } from './leaderless/leaderless-view.js';
import { leaderlessLivenessObserver } from './leaderless/liveness-observer.js';
import { jobProgressObserver } from './job-progress-observer.js';
import { partitionCoverageObserver } from './partition-coverage-observer.js';
import { electionObserver, leaderOffice } from './single-leader/election-observer.js';
import { guardedScheduler } from './single-leader/guarded-scheduler.js';
import { jobObserver } from './single-leader/job-observer.js';
import { ledgerHistoryCodec } from './single-leader/ledger-history.js';
import { ledgerObserver } from './single-leader/ledger-observer.js';
import { ledgerWorkloadArbitrary } from './single-leader/ledger-workload-arbitrary.js';
import { linearizabilityObserver } from './single-leader/linearizability-observer.js';
import { livenessObserver } from './single-leader/liveness-observer.js';
import { replicationObserver } from './single-leader/replication-observer.js';
import type { SingleLeaderView } from './single-leader/single-leader-view.js';
import { workloadCoverageFor, workloadCoverageObserver } from './single-leader/workload-coverage-observer.js';

/** How a cluster's client operations and results read in a trace's history (faultline's history JSON). */
export interface HistoryCodec<P extends Protocol> {
  describeOp(op: P['op']): { readonly f: string; readonly value?: unknown };
  describeOutput(output: P['output']): { readonly outcome: 'ok' | 'refused' | 'result-unknown'; readonly result?: unknown };
}

/**
 * Everything the harness knows about one cluster kind. `runCase`,
 * `--cluster`, coverage output, JUnit and progress all go through here: a new
 * property is one observer in `observers`, a new cluster one entry.
 */
export interface ClusterEntry<P extends Protocol> {
  /** Names the cluster in output, coverage and trace file names. */
  readonly name: string;
  readonly mutants: readonly string[];
  /** The node counts the gate's runs are drawn from; they shrink toward the first. */
  readonly nodeCounts: readonly number[];
  /** The gate's configuration for a node count. */
  defaultConfig(nodeCount: number, mutants: readonly string[], scheduler?: string): SimConfig;
  /**
   * The node logic of a run. A policy named in the configuration is a
   * built-in unless `scheduler` (a user's module, loaded by the caller) is
   * given; the context takes the reports of a policy that misbehaves.
   */
  logic(config: SimConfig, context: RunContext<P>, scheduler?: Scheduler): NodeLogic<P>;
  /** What checks the runs: each observer's properties are ids of DESIGN.md, or, for a user's protocol, its own. */
  readonly observers: readonly ObserverFactory<P, string>[];
  /** The protocol moments aimed faults can wait for: its message kinds, and its disk writes. */
  readonly triggers: readonly TriggerChoice[];
  /** The longest a generated fault lasts (a crash, a partition, a pause), in ticks. */
  longestFaultTicks(config: SimConfig): number;
  /** Protocol settings the gate varies from run to run. */
  readonly tune: fc.Arbitrary<(config: SimConfig) => SimConfig>;
  /** Client workloads for the gate, generated and shrunk with the fault schedule. */
  workload(config: SimConfig): fc.Arbitrary<readonly WorkloadOp<P['op']>[]>;
  readonly history: HistoryCodec<P>;
  /** A run that reaches none of these counters proves nothing; a gate where no run does is inconclusive. */
  readonly required: readonly string[];
  /** Properties the harness checks around the node logic rather than in an observer (the scheduler guard's `termination`). */
  readonly checkedByHarness: readonly string[];
}

/** A configuration of a built-in cluster. */
export type BuiltinSimConfig = SimConfig & { readonly cluster: SingleLeaderConfig | LeaderlessConfig };

/** A built-in cluster: one of DESIGN.md's kinds, with the office it holds under a lease, which `compare` measures. */
export interface BuiltinClusterEntry<P extends Protocol> extends ClusterEntry<P> {
  readonly kind: ClusterKind;
  defaultConfig(nodeCount: number, mutants: readonly string[], scheduler?: string): BuiltinSimConfig;
  /** The office held under a lease (the leader, the coordinator): how to tell from a node's state whether it holds it. */
  readonly office: LeaseHolderView<P['state']>;
}

/** Faults last up to three maximal election timeouts: long enough to change leaders more than once. */
const threeElectionTimeouts = (config: SimConfig) => {
  const cluster = config.cluster;
  if (cluster.kind === 'custom') throw new RangeError(`a built-in cluster was given the configuration of protocol ${cluster.name}`);
  return cluster.timing.electionTimeoutMaxTicks * 3;
};

const singleLeader: BuiltinClusterEntry<SingleLeaderView> = {
  kind: 'single-leader',
  name: 'single-leader',
  mutants: SINGLE_LEADER_MUTANTS,
  nodeCounts: [3, 5],
  longestFaultTicks: threeElectionTimeouts,
  defaultConfig: (nodeCount, mutants, scheduler) => defaultSingleLeaderConfig(nodeCount, mutants as SingleLeaderMutant[], scheduler),
  logic(config, context, scheduler) {
    const named = config.cluster.kind === 'single-leader' ? config.cluster.scheduler : '';
    const policy = scheduler ?? findBuiltinScheduler(named);
    if (policy === undefined || policy.name !== named) {
      throw new FaultlineError('unknown-scheduler', `the run names scheduler ${JSON.stringify(named)}, which is not a built-in; replay it with --scheduler PATH`);
    }
    return singleLeaderLogic(config, guardedScheduler(policy, (message) => context.fail('termination', message)));
  },
  observers: [
    electionObserver,
    replicationObserver,
    ledgerObserver,
    jobObserver,
    linearizabilityObserver,
    livenessObserver,
    jobProgressObserver<SingleLeaderView>((_job, placedOn) => [Number(placedOn.replace(/^n/, ''))]),
    workloadCoverageObserver,
    partitionCoverageObserver as unknown as ObserverFactory<SingleLeaderView>,
  ],
  office: leaderOffice,
  workload: (config) => ledgerWorkloadArbitrary(config),
  // A slower heartbeat leaves a deposed leader in office longer before check-quorum; a small batch makes followers catch up
  // piecemeal, one round trip per entry, which is when an old entry is sent alone (Figure 8) or a stale message truncates
  // a log, so one entry at a time is drawn as often as the two larger batches together.
  tune: fc
    .record({
      heartbeatIntervalTicks: fc.constantFrom(20, 10, 40, 50),
      maxEntriesPerAppend: fc.oneof(fc.constant(32), fc.constant(4), { weight: 2, arbitrary: fc.constant(1) }),
    })
    .map(({ heartbeatIntervalTicks, maxEntriesPerAppend }) => (config: SimConfig) =>
      config.cluster.kind !== 'single-leader' ? config : { ...config, cluster: { ...config.cluster, maxEntriesPerAppend, timing: { ...config.cluster.timing, heartbeatIntervalTicks } } }),
  // Votes and heartbeats are the moments leases and elections turn on, so they are aimed at most.
  triggers: [
    { on: 'send', msgKind: 'request-vote' },
    { on: 'send', msgKind: 'request-vote-reply', weight: 3 },
    { on: 'send', msgKind: 'append-entries', weight: 3 },
    { on: 'send', msgKind: 'append-entries-reply', weight: 2 },
    { on: 'send', msgKind: 'assign' },
    { on: 'persist', weight: 2 },
    { on: 'append', weight: 2 },
    // "Answer the client, then die": the next leader must know the answer stands. A redirect answers nothing.
    { on: 'reply', msgKind: 'result', weight: 2 },
  ],
  history: ledgerHistoryCodec,
  required: ['leader-elected', 'job-placed', 'job-placed-first-try'],
  checkedByHarness: ['termination'],
};

const leaderless: BuiltinClusterEntry<LeaderlessView> = {
  kind: 'leaderless',
  name: 'leaderless',
  mutants: LEADERLESS_MUTANTS,
  nodeCounts: [3, 5],
  longestFaultTicks: threeElectionTimeouts,
  defaultConfig: (nodeCount, mutants) => defaultLeaderlessConfig(nodeCount, mutants as LeaderlessMutant[]),
  logic: (config) => leaderlessLogic(config),
  observers: [
    coordinatorObserver,
    escrowObserver,
    linearizabilityObserver as unknown as ObserverFactory<LeaderlessView>,
    leaderlessLivenessObserver,
    // A leaderless job is ended by its home node, wherever its capacity sits.
    jobProgressObserver<LeaderlessView>((job, _placedOn, nodeCount) => [homeOf(job, nodeCount)]),
    workloadCoverageFor<LeaderlessView>({ moves: false }),
    partitionCoverageObserver as unknown as ObserverFactory<LeaderlessView>,
  ],
  office: coordinatorOffice,
  workload: (config) => ledgerWorkloadArbitrary(config, { queries: false }),
  // Retrying transfers fast makes duplicates common; retrying slowly leaves them in flight across crashes and partitions.
  tune: fc
    .record({ transferRetryTicks: fc.constantFrom(40, 10, 120), heartbeatIntervalTicks: fc.constantFrom(20, 50) })
    .map(({ transferRetryTicks, heartbeatIntervalTicks }) => (config: SimConfig) =>
      config.cluster.kind !== 'leaderless' ? config : { ...config, cluster: { ...config.cluster, timing: { ...config.cluster.timing, transferRetryTicks, heartbeatIntervalTicks } } }),
  // Transfers and their acknowledgements are where capacity is in flight, so they are aimed at most.
  triggers: [
    { on: 'send', msgKind: 'transfer', weight: 3 },
    { on: 'send', msgKind: 'transfer-ack', weight: 3 },
    { on: 'send', msgKind: 'give' },
    { on: 'send', msgKind: 'coordinate', weight: 2 },
    { on: 'send', msgKind: 'coordinate-ack' },
    { on: 'send', msgKind: 'vote' },
    { on: 'send', msgKind: 'ack' },
    { on: 'persist', weight: 2 },
    { on: 'reply', weight: 2 },
  ],
  history: ledgerHistoryCodec as unknown as HistoryCodec<LeaderlessView>,
  required: ['coordinator-elected', 'job-placed', 'job-placed-first-try'],
  checkedByHarness: [],
};

const CLUSTERS: Partial<Record<ClusterKind, BuiltinClusterEntry<Protocol>>> = {
  'single-leader': singleLeader as unknown as BuiltinClusterEntry<Protocol>,
  leaderless: leaderless as unknown as BuiltinClusterEntry<Protocol>,
};

/** The registry entry of `kind`; a kind that is not built yet is a usage error. */
export function clusterEntry(kind: ClusterKind): BuiltinClusterEntry<Protocol> {
  const entry = CLUSTERS[kind];
  if (entry === undefined) throw new FaultlineError('usage', `the ${kind} cluster is not implemented yet; use --cluster single-leader`, { cluster: kind });
  return entry;
}

/**
 * The cluster a configuration runs: the built-in one its kind names, or,
 * for a user's protocol (`custom`), the definition the caller passes, which
 * must carry the protocol's name. A configuration (and so a trace) never
 * names code to load.
 */
export function clusterOf(config: SimConfig, protocol?: ClusterEntry<Protocol>): ClusterEntry<Protocol> {
  const cluster = config.cluster;
  if (cluster.kind !== 'custom') {
    if (protocol !== undefined) throw new FaultlineError('usage', `the run is of the built-in ${cluster.kind} cluster, not of protocol ${protocol.name}: leave the protocol out`);
    return clusterEntry(cluster.kind);
  }
  if (protocol === undefined) {
    throw new FaultlineError('unknown-protocol', `the run is of protocol ${cluster.name}, a user's own: name the module that defines it (faultline replay --protocol PATH; in code, the protocol option)`, { protocol: cluster.name });
  }
  if (protocol.name !== cluster.name) {
    throw new FaultlineError('unknown-protocol', `the run is of protocol ${cluster.name}, but the protocol given is ${protocol.name}`, { protocol: cluster.name });
  }
  return protocol;
}

/** The built-in kind a configuration names; the gate and `check` run only the built-in clusters. */
export function builtinKind(config: SimConfig): ClusterKind {
  const cluster = config.cluster;
  if (cluster.kind === 'custom') throw new FaultlineError('usage', `the gate runs the built-in clusters; check protocol ${cluster.name} from a test with protocolCheck`);
  return cluster.kind;
}

/** The cluster kinds that are built, in the order `--cluster all` checks them. */
export function builtClusters(): ClusterKind[] {
  return (Object.keys(CLUSTERS) as ClusterKind[]).filter((kind) => CLUSTERS[kind] !== undefined);
}

/** The properties a cluster checks: DESIGN.md's in the order of its table, then a user's protocol's own in the order its observers declare them. */
export function clusterProperties(entry: ClusterEntry<Protocol>): string[] {
  const checked = new Set([...entry.observers.flatMap((observer) => observer.properties), ...entry.checkedByHarness]);
  const builtin: readonly string[] = PROPERTY_IDS;
  return [...builtin.filter((property) => checked.has(property)), ...[...checked].filter((property) => !builtin.includes(property))];
}

/** The cluster's "sometimes" counters, in the order its observers declare them. */
export function clusterCounters(entry: ClusterEntry<Protocol>): CoverageCounter[] {
  return entry.observers.flatMap((observer) => observer.counters);
}
