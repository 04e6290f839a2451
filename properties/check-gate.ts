import { findMutant } from '../impl/mutants.js';
import type { ClusterKind } from '../impl/sim-config.js';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { FaultlineError } from '../model/faultline-error.js';
import { builtClusters, clusterEntry } from './cluster-registry.js';
import { inconclusiveReason, type GateCoverage } from './gate-coverage.js';
import { GateCaseStream } from './gate-case-stream.js';
import { endsSearch, type GateRunRecord } from './gate-run.js';
import { gateArbitrary, searchInProcess, shardRunCount, yieldToEventLoop, type GateSearchSpec, type GateShard } from './gate-search.js';
import { GateTally } from './gate-tally.js';
import { firstDivergence, type Divergence } from './replay-trace.js';
import { runCase, type RunCase } from './run-case.js';
import { searchInWorkers } from './run-gate-parallel.js';
import { shrinkFailure, type GateFailure } from './shrink-failure.js';

export type ClusterChoice = ClusterKind | 'all';
export interface GateOptions {
  readonly cluster: ClusterChoice;
  readonly mutant: string | null;
  /** Runs of the seed (over every shard); undefined for "as many as the budget allows". */
  readonly runs: number | undefined;
  /** How long the search for a failing run may take; shrinking one is bounded by a count of runs instead. */
  readonly timeBudgetMs: number;
  readonly seed: number;
  /**
   * The allocation policy the clusters place jobs with: a built-in's name
   * (the cluster's default when absent), or a user's scheduler object, which
   * the runs then name by its own name.
   */
  readonly scheduler?: string | Scheduler | undefined;
  /** Called now and then with progress; must be cheap. */
  readonly onProgress?: ((progress: GateProgress) => void) | undefined;
  /** Threads that share the runs (1, the default, runs them on this one). The result does not depend on it. */
  readonly workers?: number | undefined;
  /** Make only this shard's part of the seed's runs (CI machines each take one shard; `faultline merge` combines them). */
  readonly shard?: GateShard | undefined;
  /** Run every run twice, digesting message contents, and report a run that does not repeat itself. */
  readonly checkDeterminism?: boolean | undefined;
  /** Aborting ends the gate early: runs under way finish, a failure found is shrunk as far as it got, and the result says it was interrupted. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The same as `signal`, for a gate whose thread is too busy to hear one
   * (a user's scheduler in its sandbox process): another thread makes its
   * first Int32 non-zero.
   */
  readonly interrupt?: SharedArrayBuffer | undefined;
}

export interface GateProgress {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
  readonly coverage: GateCoverage;
  /** How many runs the gate makes at most, when a run count bounds it. */
  readonly runsPlanned?: number | undefined;
  /** `search` while runs are made; `shrink` once a failing run is being shrunk. */
  readonly phase?: 'search' | 'shrink' | undefined;
  /** Candidate runs tried while shrinking. */
  readonly shrinkRuns?: number | undefined;
}

/** A run that did not repeat itself: the same case, run twice, did different things. */
export interface GateNondeterminism {
  readonly run: number;
  readonly runCase: RunCase;
  /** The first recorded event that differed between two recording runs of the case; null when only the digests differed. */
  readonly divergence: Divergence | null;
}

export interface GateResult {
  readonly result: 'pass' | 'fail' | 'inconclusive';
  readonly clusters: readonly ClusterKind[];
  readonly seed: number;
  readonly shard: GateShard;
  /** Runs counted: every run up to the first that broke a property (or did not repeat itself), all of them otherwise. */
  readonly runs: number;
  /** Runs in which some property could not be decided (the linearizability check timed out). */
  readonly undecided: number;
  readonly coverage: GateCoverage;
  readonly failure: GateFailure | null;
  readonly nondeterminism: GateNondeterminism | null;
  /** Milliseconds from the start until the first failing run, before shrinking; null when none failed. */
  readonly firstFailureMs: number | null;
  /** Why the result is inconclusive, when it is. */
  readonly reason: string | null;
  /** True when the gate was aborted before it was done. */
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

/** How often progress is reported at most. */
const PROGRESS_EVERY_MS = 200;

/**
 * The correctness gate: makes the runs of a seed (fault schedules and
 * workloads generated by fast-check, run i being fast-check's run i of the
 * seed), checks every property in each, and shrinks the lowest-numbered run
 * that breaks one. The search is bounded by the time budget and the run
 * count; shrinking by counts, so that the same seed gives the same trace.
 * The result depends on the seed, the run count and the shard, not on the
 * number of threads.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const clusters = gateClusters(options.cluster, options.mutant);
  const shard = options.shard ?? { index: 0, count: 1 };
  if (!(Number.isSafeInteger(shard.count) && shard.count >= 1 && Number.isSafeInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new FaultlineError('usage', `shard ${shard.index + 1} of ${shard.count} does not exist`);
  }
  const workers = options.workers ?? 1;
  const policy = typeof options.scheduler === 'object' ? options.scheduler : undefined;
  if (policy !== undefined && workers > 1) throw new FaultlineError('usage', 'a scheduler object runs on one thread: leave workers at 1');
  const spec: GateSearchSpec = {
    clusters,
    mutants: options.mutant === null ? [] : [options.mutant],
    scheduler: typeof options.scheduler === 'string' ? options.scheduler : policy?.name,
    seed: options.seed,
    shard,
    runs: options.runs,
    checkDeterminism: options.checkDeterminism === true,
  };
  const started = performance.now();
  const deadline = started + options.timeBudgetMs;
  const flag = options.interrupt === undefined ? undefined : new Int32Array(options.interrupt);
  const interrupted = () => options.signal?.aborted === true || (flag !== undefined && Atomics.load(flag, 0) !== 0);
  const tally = new GateTally(shard);
  const runsPlanned = shardRunCount(shard, options.runs);
  let firstFailureMs: number | null = null;
  let lastProgress = started;
  const report = (extra: Pick<GateProgress, 'phase' | 'shrinkRuns'>, force: boolean) => {
    const now = performance.now();
    if (options.onProgress === undefined || (!force && now - lastProgress < PROGRESS_EVERY_MS)) return;
    lastProgress = now;
    options.onProgress({ runs: tally.count, elapsedMs: now - started, budgetMs: options.timeBudgetMs, coverage: tally.progressCoverage, runsPlanned, ...extra });
  };
  const onRecord = (record: GateRunRecord) => {
    tally.add(record);
    if (firstFailureMs === null && endsSearch(record)) firstFailureMs = performance.now() - started;
    report({ phase: 'search' }, false);
  };
  if (workers > 1) await searchInWorkers(spec, workers, { deadline, signal: options.signal }, onRecord);
  else await searchInProcess(spec, policy, () => interrupted() || performance.now() >= deadline, onRecord);
  report({ phase: 'search' }, true);

  const summary = tally.summary();
  const base = { clusters, seed: options.seed, shard, runs: summary.runs, undecided: summary.undecided, coverage: summary.coverage, firstFailureMs };
  const stop = summary.stop;
  if (stop === null) {
    const reason = interrupted()
      ? `interrupted after ${summary.runs} run${summary.runs === 1 ? '' : 's'}, before the budget ran out`
      : (inconclusiveReason(summary.coverage, summary.undecided) ?? tooFewRuns(summary.runs, runsPlanned));
    return { ...base, result: reason === null ? 'pass' : 'inconclusive', failure: null, nondeterminism: null, reason, interrupted: interrupted() };
  }
  const arbitrary = gateArbitrary(spec.clusters, spec.mutants, spec.scheduler);
  const found = new GateCaseStream(arbitrary, spec.seed).at(stop.index);
  if (stop.verdict === 'nondeterministic') {
    const divergence = recordedDivergence(found, policy);
    const where = divergence === null ? 'their digests differ though their recorded events agree' : `first at step ${divergence.step}`;
    const reason = `run ${stop.index} of seed ${options.seed} did something else when run again (${where}), so no verdict can be trusted`;
    return { ...base, result: 'inconclusive', failure: null, nondeterminism: { run: stop.index, runCase: found, divergence }, reason, interrupted: interrupted() };
  }
  let shrinkRuns = 0;
  let lastYield = performance.now();
  const failure = await shrinkFailure(
    { arbitrary, seed: spec.seed, run: stop.index, found, property: stop.property!, scheduler: policy },
    {
      stopped: interrupted,
      beforeRun: async () => {
        shrinkRuns++;
        report({ phase: 'shrink', shrinkRuns }, false);
        if (performance.now() - lastYield < 50) return;
        await yieldToEventLoop();
        lastYield = performance.now();
      },
    },
  );
  return { ...base, result: 'fail', failure, nondeterminism: null, reason: null, interrupted: interrupted() };
}

/** Runs a case twice, recording, and finds the first event where the two runs differ. */
function recordedDivergence(found: RunCase, policy: Scheduler | undefined): Divergence | null {
  const run = () => runCase(found, { record: true, stopAtFirstViolation: false, scheduler: policy }).events;
  return firstDivergence(run(), run());
}

/**
 * The clusters a gate checks: one kind, or every built kind for `all`. A
 * mutant belongs to one cluster: with `all` only that one runs, and naming
 * another cluster is a usage error.
 */
/** The clusters a gate runs: all that are built, or one; a mutant narrows them to its own, and must belong to one of them. */
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
