/**
 * faultline's programmatic API: the same functions the CLI calls. Each export
 * names the file it lives in, except that the scheduler authors' smaller entry
 * point (`scheduler.ts`) is included whole; nothing is re-exported under
 * another name.
 */
export { main } from './cli/main.js';
export type { CliIo } from './cli/cli-io.js';
export { EXIT } from './cli/cli-io.js';

export { FaultlineError, type FaultlineErrorCode } from './model/faultline-error.js';
export { PROPERTY_IDS, type PropertyId } from './model/property-id.js';

export type { AimedFault, AimedFaults, Fault, FaultKind, FaultTrigger, NetworkConditions, Partition, ScheduledFault } from './impl/world/fault.js';
export type { ClusterConfig, ClusterKind, SimConfig } from './impl/sim-config.js';
export type { CustomClusterConfig } from './impl/custom-cluster-config.js';
export { defaultWorldConfig, type ClientSettings, type WorldConfig } from './impl/world/world-config.js';
export type { WorkloadOp } from './impl/world/workload.js';
export type { SingleLeaderConfig, SingleLeaderTiming } from './impl/single-leader/single-leader-config.js';
export type { ClientReply, ClientRequest, Disk, Effect, NodeContext, NodeLogic, Protocol } from './impl/world/node-logic.js';
export type { NodeStatus, ObservedEvent, WorldEvent } from './impl/world/world-event.js';
export { World, type StepInfo, type WorldOptions } from './impl/world/world.js';
export { Prng } from './impl/world/prng.js';
export { MUTANTS, findMutant, type Mutant } from './impl/mutants.js';
export { singleLeaderLogic } from './impl/single-leader/single-leader-node.js';
export { isServingLeader } from './impl/single-leader/election.js';
export { safeLeaseTicks } from './impl/lease.js';
export type { SingleLeaderProtocol, SingleLeaderState, Role } from './impl/single-leader/single-leader-state.js';
export type { LogEntry, SingleLeaderHard, SingleLeaderMsg } from './impl/single-leader/single-leader-msg.js';
export type { SchedulerPort } from './impl/single-leader/scheduler-port.js';
export { leaderlessLogic } from './impl/leaderless/leaderless-node.js';
export { defaultLeaderlessConfig } from './impl/leaderless/default-config.js';
export { isServingCoordinator } from './impl/leaderless/coordinator.js';
export type { LeaderlessConfig, LeaderlessTiming } from './impl/leaderless/leaderless-config.js';
export type { LeaderlessHard, LeaderlessProtocol, LeaderlessState } from './impl/leaderless/leaderless-state.js';
export type { LeaderlessMsg } from './impl/leaderless/leaderless-msg.js';
export type { LedgerClientOp, LedgerCommand } from './model/ledger-command.js';

export { runGate, type ClusterChoice, type GateNondeterminism, type GateOptions, type GateProgress, type GateResult } from './properties/check-gate.js';
export type { GateFailure } from './properties/shrink-failure.js';
export { clusterRunCases, type GateShard } from './properties/gate-search.js';
export { checkMinimal, type MinimalityReport, type UnitCheck } from './properties/check-minimal.js';
export type { RemovalUnit } from './properties/removal-units.js';
export { runCase, type RunCase, type RunOptions, type RunOutcome } from './properties/run-case.js';
export type { CoverageCounter, Observer, ObserverFactory, ObservedWorld, RunContext } from './properties/observer.js';
export { clusterEntry, clusterOf, type ClusterEntry, type HistoryCodec } from './properties/cluster-registry.js';
export { defineProtocol, isProtocolDefinition, type ProtocolDefinition, type ProtocolRun, type ProtocolSpec, type ProtocolWorld } from './properties/define-protocol.js';
export { protocolCheck, ProtocolFailure, type ProtocolCheck, type ProtocolCheckOptions } from './properties/protocol-check.js';
export { HistoryRecorder, type HistoryCall } from './properties/history-recorder.js';
export type { Violation } from './properties/violation.js';
export { runCaseArbitrary, logUniformTicks, FAULT_GROUPS, type FaultGroup, type RunCaseShape, type TriggerChoice } from './properties/fault-schedule-arbitrary.js';
export { defaultSingleLeaderConfig } from './impl/single-leader/default-config.js';
export { replayTrace, type Divergence, type ReplayOptions, type ReplayResult } from './properties/replay-trace.js';
export { traceFromRun, type TraceOrigin } from './properties/trace-from-run.js';
export { writeFailureTrace, type FailureTraceOptions } from './properties/write-failure-trace.js';
export { failureReport, recipeLines, type FailureRecipe, type ShrunkFailure } from './properties/failure-report.js';
export { compareClusters, type CompareMethod, type CompareOptions, type Comparison } from './properties/compare/compare-clusters.js';
export type { AnsweredShare, ClusterFigures, ClusterSeries, Summary, TickQuantiles, TimeBucket } from './properties/compare/summarize-comparison.js';

export type { Trace } from './traces/trace.generated.js';
export { loadTrace } from './traces/load-trace.js';
export { serializeTrace, writeTrace } from './traces/write-trace.js';
export { TRACE_FORMAT_VERSION } from './traces/trace-format.js';

// The scheduler authors' entry (`faultline/scheduler`) is part of this one, whole.
export * from './scheduler.js';
export { isScheduler } from './impl/schedulers/define-scheduler.js';
export { BUILTIN_SCHEDULERS } from './impl/schedulers/builtin-schedulers.js';
export { checkScheduler, type CheckSchedulerOptions, type SchedulerCheckResult, type SchedulerCheckViolation } from './properties/scheduler/check-scheduler.js';
export type { QualityFigures } from './model/quality-figures.js';
export { compareSchedulers, type SchedulerComparison, type SchedulerComparisonRow } from './properties/scheduler/compare-schedulers.js';
export { replaySchedulerCounterexample, type SchedulerReplay } from './properties/scheduler/replay-scheduler-counterexample.js';
export { replaySchedulersOnTrace, type TraceReplayOptions, type TraceReplayRow } from './properties/scheduler/replay-schedulers-on-trace.js';
export { readOpenbNodes, parseOpenbNodes } from './properties/scheduler/openb-nodes.js';
export { readOpenbPods, parseOpenbPods, type TracePod } from './properties/scheduler/openb-pods.js';
export type { WorkloadNode } from './properties/scheduler/scheduler-workload.js';
export type { FillArrivals, ReplayMode } from './properties/scheduler/trace-workload.js';
export type { TraceFigures, TraceSample, PlacementTimes } from './properties/scheduler/trace-figures.js';

export { checkLinearizable, type CheckLinearizableOptions } from './properties/lin/check-linearizable.js';
export type { LinOperation, RecordedHistory, RecordedOperation, RecordedOutcome, HistoryFormat } from './properties/lin/history.js';
export type { LinResult, PartitionResult, PartialLinearization } from './properties/lin/lin-result.js';
export { ILLEGAL, type Illegal, type LinSpec, type LinSpecOperation } from './model/lin-spec.js';
export { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from './model/register-spec.js';
export { kvSpec, type KvInput, type KvOutput, type KvState } from './model/kv-spec.js';
export { ledgerSpec, jobLedgerSpec, type LedgerInput, type LedgerOutput, type LedgerNode } from './model/ledger-spec.js';
export type { LedgerState } from './model/ledger-state.js';
export { mayRefuseLedgerSpec } from './model/may-refuse-ledger-spec.js';
export { toDeterministicSpec, type NondeterministicSpec } from './model/nondeterministic-spec.js';
export { readHistoryFile } from './properties/lin/read-history-file.js';
