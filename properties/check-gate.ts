import fc from 'fast-check';
import { findMutant } from '../impl/mutants.js';
import type { ClusterKind } from '../impl/sim-config.js';
import { FaultlineError } from '../model/faultline-error.js';
import { builtClusters, builtinKind, clusterEntry, type ClusterEntry } from './cluster-registry.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { runCaseArbitrary } from './fault-schedule-arbitrary.js';
import { addRunCoverage, inconclusiveReason, type GateCoverage } from './gate-coverage.js';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';
import { interruptWhen } from './interrupt-when.js';

export type ClusterChoice = ClusterKind | 'all';
export interface GateOptions {
  readonly cluster: ClusterChoice;
  readonly mutant: string | null;
  /** Stop after this many runs even if time remains; undefined for "as many as the budget allows". */
  readonly runs: number | undefined;
  readonly timeBudgetMs: number;
  /**
   * When the budget started counting (milliseconds since the epoch), if
   * before this call: a shard on a worker thread then spends only what is
   * left of the gate's budget after its own start-up.
   */
  readonly budgetStartedAt?: number | undefined;
  readonly seed: number;
  /**
   * The allocation policy the clusters place jobs with: a built-in's name
   * (the cluster's default when absent), or a user's scheduler object, which
   * the runs then name by its own name.
   */
  readonly scheduler?: string | Scheduler | undefined;
  /** Called now and then with progress; must be cheap. */
  readonly onProgress?: ((progress: GateProgress) => void) | undefined;
  /**
   * Set by another thread or process (its first Int32 made non-zero) to stop
   * the gate as soon as it can (Ctrl-C): no new run starts, and shrinking
   * ends with the smallest failing case found so far.
   */
  readonly interrupt?: SharedArrayBuffer | undefined;
}

export interface GateProgress {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
  readonly coverage: GateCoverage;
}

/** A failing case after shrinking, with the outcome of re-running it in full. */
export interface GateFailure {
  readonly runCase: RunCase;
  readonly path: string;
  readonly outcome: RunOutcome;
  readonly shrinks: number;
  /** False when the shrink budget ran out: the case is smaller, but maybe not smallest. */
  readonly shrinkComplete: boolean;
}

export interface GateResult {
  readonly result: 'pass' | 'fail' | 'inconclusive';
  readonly clusters: readonly ClusterKind[];
  readonly seed: number;
  readonly runs: number;
  /** Runs in which some property could not be decided (the linearizability check timed out). */
  readonly undecided: number;
  readonly coverage: GateCoverage;
  readonly failure: GateFailure | null;
  /** Milliseconds from the start until the first failing run, before shrinking; null when none failed. */
  readonly firstFailureMs: number | null;
  /** Why the result is inconclusive, when it is. */
  readonly reason: string | null;
  /** True when the gate was stopped by its `interrupt` before its budget or run count ran out. */
  readonly interrupted: boolean;
}

/**
 * A gate (or each shard of one) that finished fewer runs than this, or than
 * it was asked for if fewer, within its budget proves too little to pass:
 * it is inconclusive. A few runs exercise a few fault schedules and
 * workloads; they say nothing of the rest.
 */
export const RUNS_PER_SHARD_MIN = 20;

/** Why a gate (or shard) that stopped after `runs` runs is inconclusive for running too few of them, or null. */
export function tooFewRuns(runs: number, asked: number | undefined): string | null {
  const needed = Math.min(RUNS_PER_SHARD_MIN, asked ?? RUNS_PER_SHARD_MIN);
  return runs >= needed ? null : `only ${runs} run${runs === 1 ? '' : 's'} finished within the time budget, and a gate needs at least ${needed}`;
}

/** Shrinking stops trying after this many candidate runs, so that one seed always gives one trace. */
export const SHRINK_RUNS_MAX = 2_000;

/**
 * The correctness gate: generates fault schedules with fast-check, runs each
 * through the simulated cluster, and on the first violation shrinks it to a
 * small case. Generation is bounded by the time budget and the run count;
 * shrinking by a count, so that the same seed gives the same trace.
 */
export function runGate(options: GateOptions): GateResult {
  const clusters = gateClusters(options.cluster, options.mutant);
  const mutants = options.mutant === null ? [] : [options.mutant];
  const policy = typeof options.scheduler === 'object' ? options.scheduler : undefined;
  const arbitrary = gateArbitrary(clusters, mutants, typeof options.scheduler === 'string' ? options.scheduler : policy?.name);
  const run = (candidate: RunCase, record: boolean) => runCase(candidate, { record, stopAtFirstViolation: !record, scheduler: policy });
  const flag = options.interrupt === undefined ? undefined : new Int32Array(options.interrupt);
  const interrupted = () => flag !== undefined && Atomics.load(flag, 0) !== 0;
  const coverage: GateCoverage = {};
  const started = performance.now();
  const budgetMs = options.budgetStartedAt === undefined ? options.timeBudgetMs : Math.max(0, options.budgetStartedAt + options.timeBudgetMs - Date.now());
  let runs = 0;
  let undecided = 0;
  let firstFailureMs: number | null = null;
  let lastProgress = started;
  const search = fc.check(
    fc.property(arbitrary, (candidate) => {
      const outcome = run(candidate, false);
      runs++;
      if (outcome.undecided.length > 0) undecided++;
      addRunCoverage(coverage, builtinKind(candidate.config), outcome.coverage);
      if (outcome.violations.length > 0) firstFailureMs ??= performance.now() - started;
      const now = performance.now();
      if (options.onProgress && now - lastProgress >= 200) {
        lastProgress = now;
        options.onProgress({ runs, elapsedMs: now - started, budgetMs: options.timeBudgetMs, coverage });
      }
      return outcome.violations.length === 0;
    }),
    {
      seed: options.seed,
      numRuns: options.runs ?? Number.MAX_SAFE_INTEGER,
      endOnFailure: true,
      plugins: [fc.interruptAfterTimeLimit(budgetMs), interruptWhen(interrupted)],
    },
  );
  options.onProgress?.({ runs, elapsedMs: performance.now() - started, budgetMs: options.timeBudgetMs, coverage });
  if (!search.failed || search.counterexample === null || search.counterexamplePath === null) {
    const stopped = interrupted();
    // Runs that were cut short prove nothing about the ones never made: an interrupted gate without a failure is inconclusive.
    const reason = stopped ? `interrupted after ${runs} run${runs === 1 ? '' : 's'}, before the budget ran out` : (inconclusiveReason(coverage, undecided) ?? tooFewRuns(runs, options.runs));
    return { result: reason === null ? 'pass' : 'inconclusive', clusters, seed: options.seed, runs, undecided, coverage, failure: null, firstFailureMs, reason, interrupted: stopped };
  }
  const found = (search.counterexample as [RunCase])[0];
  const failure = shrink(arbitrary, options.seed, search.counterexamplePath, found, run, interrupted);
  return { result: 'fail', clusters, seed: options.seed, runs, undecided, coverage, failure, firstFailureMs, reason: null, interrupted: interrupted() };
}


/** Replays the failing path and lets fast-check shrink it, within SHRINK_RUNS_MAX candidate runs. */
function shrink(arbitrary: fc.Arbitrary<RunCase>, seed: number, path: string, found: RunCase, run: (candidate: RunCase, record: boolean) => RunOutcome, interrupted: () => boolean): GateFailure {
  let candidates = 0;
  let stopped = false;
  const shrunk = fc.check(
    fc.property(arbitrary, (candidate) => {
      // Past the cap (or once interrupted) every further candidate "passes": fast-check then stops descending, deterministically.
      if (++candidates > SHRINK_RUNS_MAX || (stopped ||= interrupted())) return true;
      return run(candidate, false).violations.length === 0;
    }),
    { seed, path, numRuns: 1 },
  );
  const smallest = shrunk.failed && shrunk.counterexample !== null ? (shrunk.counterexample as [RunCase])[0] : found;
  const smallestPath = shrunk.failed && shrunk.counterexamplePath !== null ? shrunk.counterexamplePath : path;
  const outcome = run(smallest, true);
  return { runCase: smallest, path: smallestPath, outcome, shrinks: shrunk.numShrinks, shrinkComplete: candidates <= SHRINK_RUNS_MAX && !stopped };
}

/**
 * The clusters a gate checks: one kind, or every built kind for `all`. A
 * mutant belongs to one cluster: with `all` only that one runs, and naming
 * another cluster is a usage error.
 */
export function gateClusters(choice: ClusterChoice, mutantName: string | null): ClusterKind[] {
  const clusters = choice === 'all' ? builtClusters() : [clusterEntry(choice).kind];
  if (mutantName === null) return clusters;
  const mutant = findMutant(mutantName);
  if (mutant === undefined) throw new FaultlineError('unknown-mutant', `unknown mutant ${JSON.stringify(mutantName)}; see faultline mutants`);
  if (!clusters.includes(mutant.cluster)) {
    throw new FaultlineError('usage', `mutant ${mutant.name} belongs to the ${mutant.cluster} cluster`, { cluster: choice });
  }
  return [mutant.cluster];
}

/** Run cases of the given clusters, each with the gate's configuration and the cluster's own workloads. */
export function gateArbitrary(clusters: readonly ClusterKind[], mutants: readonly string[], scheduler?: string): fc.Arbitrary<RunCase> {
  const perCluster = clusters.map((kind) => clusterRunCases(clusterEntry(kind), mutants, scheduler));
  return perCluster.length === 1 ? perCluster[0]! : fc.oneof(...perCluster);
}

/** The gate's run cases of one cluster: its configuration with the given mutants, its workloads, triggers and tuning. */
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
