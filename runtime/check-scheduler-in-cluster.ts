import { FaultlineError } from '../model/faultline-error.js';
import type { GateProgress, GateResult } from '../properties/check-gate.js';
import { runGate } from '../properties/check-gate.js';
import type { CheckInterrupts } from './check-interrupts.js';
import { describeCoverage } from '../properties/gate-coverage.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import { shellWord } from '../properties/shell-word.js';
import { writeFailureTrace } from '../properties/write-failure-trace.js';
import { runGateInSandbox } from './cluster-sandbox.js';
import { bundleSchedulerModule } from '../properties/scheduler/scheduler-bundle.js';

export interface ClusterSchedulerOptions {
  /** A built-in's name or a path to a module default-exporting `defineScheduler(...)`. */
  readonly scheduler: string;
  readonly seed: number;
  readonly runs: number | undefined;
  readonly timeBudgetMs: number;
  readonly tracesDir: string;
  /** Wall-clock limit of one call of a user scheduler (default 1 000 ms). */
  readonly callTimeoutMs?: number | undefined;
  readonly cwd?: string | undefined;
  readonly onProgress?: ((progress: GateProgress) => void) | undefined;
  /** Ctrl-C: the gate stops after its current run and reports what it has. */
  readonly interrupt?: CheckInterrupts | undefined;
}

export interface ClusterSchedulerViolation {
  readonly property: string;
  readonly message: string;
  /** The shrunk run, or null when a call never returned (its sandbox was stopped, so no run could be kept) or the trace could not be written. */
  readonly trace: string | null;
  /** Why the trace could not be written, as one line; absent when it was, or when there was none to write. */
  readonly traceError?: string;
  readonly replay: string | null;
}

export interface ClusterSchedulerCheck {
  readonly result: GateResult['result'];
  readonly runs: number;
  readonly coverage: readonly string[];
  readonly violations: readonly ClusterSchedulerViolation[];
  readonly reason: string | null;
  readonly durationMs: number;
}

/**
 * Runs the single-leader cluster (the one that places jobs with a policy)
 * with a scheduler as its allocation policy, through the same gate
 * `faultline check` runs: every cluster property, with the
 * scheduler placing (and rebalancing) the jobs. A built-in runs on a worker
 * thread; a user's module runs, with the whole gate, inside a sandbox
 * process that the parent stops when one call outlives its limit. A failure is shrunk and
 * written as a trace like any other; replaying it needs the same
 * `--scheduler`.
 */
export async function checkSchedulerInCluster(options: ClusterSchedulerOptions): Promise<ClusterSchedulerCheck> {
  const started = performance.now();
  const source = resolveSchedulerSource(options.scheduler, options.cwd);
  // Only the single-leader cluster places jobs with a policy: the leaderless one grants from escrow shares and would run the same with any scheduler.
  const gate = { cluster: 'single-leader' as const, mutant: null, runs: options.runs, timeBudgetMs: options.timeBudgetMs, seed: options.seed };
  const callTimeoutMs = options.callTimeoutMs ?? 1_000;
  const bundle = source.kind === 'module' ? await bundleSchedulerModule(source.path) : undefined;
  const outcome =
    bundle === undefined
      ? { kind: 'done' as const, result: await runGate({ ...gate, scheduler: source.kind === 'builtin' ? source.scheduler.name : undefined, onProgress: options.onProgress, signal: options.interrupt?.signal }) }
      : await runGateInSandbox(gate, { bundle, callTimeoutMs, onProgress: options.onProgress, interrupt: options.interrupt?.signal });
  const durationMs = Math.round(performance.now() - started);
  if (outcome.kind === 'hung') {
    return {
      result: 'fail',
      runs: 0,
      coverage: [],
      violations: [{ property: 'termination', message: `a scheduler call did not return within ${outcome.limitMs} ms while it placed jobs in a cluster (its sandbox was stopped)`, trace: null, replay: null }],
      reason: null,
      durationMs,
    };
  }
  if (outcome.kind === 'silent') {
    return { result: 'inconclusive', runs: 0, coverage: [], violations: [], reason: `the scheduler's sandbox process stopped answering for ${outcome.silentMs / 1000} s (it was stopped)`, durationMs };
  }
  const result = outcome.result;
  const failure = result.failure;
  const violations: ClusterSchedulerViolation[] = [];
  if (failure !== null) {
    const schedulerArgument = shellWord(options.scheduler);
    const command = `npx faultline check --scheduler ${schedulerArgument} --seed ${result.seed}`;
    const schedulerSource = bundle === undefined ? undefined : { file: bundle.file, sha256: bundle.sha256 };
    // A trace that cannot be written (the disk filled up during the check) does not hide the violation: the check's command finds it again.
    let path: string | null = null;
    let traceError: string | undefined;
    try {
      path = writeFailureTrace(options.tracesDir, failure, { seed: result.seed, command, prefix: 'cluster-', schedulerSource });
    } catch (error) {
      if (!(error instanceof FaultlineError)) throw error;
      traceError = error.oneLine();
    }
    const replay = path === null ? command : `npx faultline replay ${shellWord(path)}${source.kind === 'module' ? ` --scheduler ${schedulerArgument}` : ''}`;
    for (const violation of failure.outcome.violations) violations.push({ property: violation.property, message: violation.message, trace: path, ...(traceError === undefined ? {} : { traceError }), replay });
  }
  return { result: result.result, runs: result.runs, coverage: describeCoverage(result.coverage), violations, reason: result.reason, durationMs };
}
