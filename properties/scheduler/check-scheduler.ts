import fc from 'fast-check';
import { FaultlineError } from '../../model/faultline-error.js';
import { meanQualityFigures, type QualityFigures } from '../../model/quality-figures.js';
import { writeUniqueFileAtomic } from '../../traces/write-new-file.js';
import { openSchedulerSession } from './open-scheduler-session.js';
import { resolveSchedulerSource } from './resolve-scheduler.js';
import { runWorkload, type WorkloadOutcome } from './run-workload.js';
import { COUNTEREXAMPLE_MESSAGE_MAX, SCHEDULER_COUNTEREXAMPLE_FORMAT, type SchedulerCounterexample } from './scheduler-counterexample.js';
import { schedulerCounterexampleSchemaError } from '../../traces/load-scheduler-counterexample.js';
import { bundleSchedulerModule } from './scheduler-bundle.js';
import { clipText } from '../lin/clip-text.js';
import { interruptWhen } from '../interrupt-when.js';
import { shellWord } from '../shell-word.js';
import type { SchedulerPropertyId } from './scheduler-violation.js';
import { demandProfile } from '../../model/gpu-fragmentation.js';
import { drawnWorkloadArbitrary, schedulerWorkloadArbitrary, type SchedulerWorkload, type WorkloadDraws } from './scheduler-workload.js';

export interface CheckSchedulerOptions {
  /** A built-in name or a path to a .ts/.js module default-exporting `defineScheduler(...)`. */
  readonly scheduler: string;
  readonly seed: number;
  /** Stop after this many workloads; without it, run until the time budget is spent. */
  readonly runs?: number | undefined;
  readonly timeBudgetMs: number;
  readonly tracesDir: string;
  /** Steps one scheduler call may count before it is stopped (default 100 000). */
  readonly stepLimit?: number | undefined;
  /** Wall-clock limit of one call of a user scheduler (default 1 000 ms). */
  readonly callTimeoutMs?: number | undefined;
  readonly cwd?: string | undefined;
  /** Node sizes and request shapes from a loaded trace, for workloads drawn from it. */
  readonly draws?:
    | (WorkloadDraws & {
        /** The words that load the same trace again, for the reproducing command (`--nodes N.csv --pods P.csv`). */
        readonly arguments: string;
      })
    | undefined;
  /** Aborted to stop the check as soon as it can (Ctrl-C): no new workload starts, shrinking stops, and the result says so. */
  readonly interrupt?: AbortSignal | undefined;
  /** Called once the scheduler is loaded (a user's module in its sandbox), before the first workload. */
  readonly onReady?: (() => void) | undefined;
  /** Called after every workload run, for progress output. */
  readonly onProgress?: ((progress: { readonly runs: number; readonly elapsedMs: number }) => void) | undefined;
}

export interface SchedulerCheckViolation {
  readonly property: SchedulerPropertyId;
  readonly message: string;
  /** Where the shrunk counterexample was written; null when it could not be (then `traceError` says why). */
  readonly trace: string | null;
  /** Why the counterexample could not be written (a full disk, say), as one line; absent when it was. */
  readonly traceError?: string;
  readonly seed: number;
  /** fast-check's path to the shrunk counterexample. */
  readonly path: string;
  /** The command that finds and shrinks the same counterexample again. */
  readonly reproduce: string;
  readonly requests: number;
}

export interface SchedulerCheckResult {
  readonly result: 'pass' | 'fail' | 'inconclusive';
  readonly scheduler: string;
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  readonly violations: readonly SchedulerCheckViolation[];
  /** Averaged over the workloads that held; absent when none did. */
  readonly quality: QualityFigures | undefined;
  /** True when the check was interrupted (Ctrl-C) before its budget or run count ran out; a check without a failure is then inconclusive. */
  readonly interrupted: boolean;
}

/** fast-check reports a counterexample as the tuple of the property's arguments; there is one. */
function firstArgument(counterexample: unknown): SchedulerWorkload {
  return (counterexample as readonly [SchedulerWorkload])[0];
}

/** A plain-JSON copy, without the harness's read-only types. */
function plainCopy<T>(value: T): Mutable<T> {
  return JSON.parse(JSON.stringify(value)) as Mutable<T>;
}

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

function requestCount(workload: SchedulerWorkload): number {
  return workload.events.reduce((sum, e) => sum + (e.kind === 'submit' ? e.requests.length : 0), 0);
}

/**
 * Runs the scheduler-level properties (`conservation`, `termination`) on
 * generated workloads with fast-check from an explicit seed. The first
 * failure is shrunk (unless it was a call that never returned: each shrink
 * attempt would cost a full time limit) and written as a counterexample file.
 */
export async function checkScheduler(options: CheckSchedulerOptions): Promise<SchedulerCheckResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const interrupted = () => options.interrupt?.aborted === true;
  const session = await openSchedulerSession(options.scheduler, options);
  options.onReady?.();
  try {
    const outcomes = new WeakMap<SchedulerWorkload, WorkloadOutcome>();
    const held: QualityFigures[] = [];
    let counting = true;
    let runsDone = 0;
    const expectedDemand = options.draws === undefined ? undefined : Object.freeze(demandProfile(options.draws.requests).map((m) => Object.freeze(m)));
    const arbitrary = options.draws === undefined ? schedulerWorkloadArbitrary : drawnWorkloadArbitrary(options.draws);
    const run = (workload: SchedulerWorkload) => runWorkload(workload, session, { expectedDemand });
    const property = fc.asyncProperty(arbitrary, async (workload) => {
      const outcome = await run(workload);
      outcomes.set(workload, outcome);
      if (counting) {
        runsDone += 1;
        if (outcome.kind === 'held') held.push(outcome.quality);
        options.onProgress?.({ runs: runsDone, elapsedMs: elapsed() });
      }
      return outcome.kind === 'held';
    });
    const numRuns = options.runs ?? 1_000_000;
    const search = await fc.check(property, {
      seed: options.seed,
      numRuns,
      endOnFailure: true,
      plugins: [fc.interruptAfterTimeLimit(options.timeBudgetMs), interruptWhen(interrupted)],
    });
    counting = false;
    const quality = held.length > 0 ? meanQualityFigures(held) : undefined;
    const base = { scheduler: session.name, seed: options.seed, quality, interrupted: interrupted() };
    if (!search.failed || search.counterexample === null || search.counterexamplePath === null) {
      return { ...base, result: runsDone > 0 && !interrupted() ? 'pass' : 'inconclusive', runs: runsDone, durationMs: Math.round(elapsed()), violations: [] };
    }
    let workload = firstArgument(search.counterexample);
    let path = search.counterexamplePath;
    let outcome = outcomes.get(workload) ?? (await run(workload));
    if (outcome.kind === 'violated' && !outcome.timedOut) {
      const shrink = await fc.check(property, {
        seed: options.seed,
        path,
        numRuns,
        plugins: [fc.interruptAfterTimeLimit(Math.max(1_000, options.timeBudgetMs - elapsed())), interruptWhen(interrupted)],
      });
      if (shrink.failed && shrink.counterexample !== null && shrink.counterexamplePath !== null) {
        const shrunk = firstArgument(shrink.counterexample);
        const shrunkOutcome = outcomes.get(shrunk) ?? (await run(shrunk));
        if (shrunkOutcome.kind === 'violated') [workload, path, outcome] = [shrunk, shrink.counterexamplePath, shrunkOutcome];
      }
    }
    if (outcome.kind !== 'violated') {
      // The failing workload held when run again: the scheduler (or its time
      // limit) is not reproducible, and the honest answer is "unknown".
      return { ...base, result: 'inconclusive', runs: search.numRuns, durationMs: Math.round(elapsed()), violations: [] };
    }
    const reproduce = `npx faultline check --scheduler ${shellWord(options.scheduler)}${options.draws === undefined ? '' : ` ${options.draws.arguments}`} --seed ${options.seed} --runs ${search.numRuns}`;
    const source = resolveSchedulerSource(options.scheduler, options.cwd);
    const bundle = source.kind === 'module' ? await bundleSchedulerModule(source.path) : undefined;
    // Events after the one that broke the property never ran; the file keeps only what the failure depends on.
    const failingWorkload: SchedulerWorkload = { nodes: workload.nodes, events: workload.events.slice(0, outcome.eventIndex + 1) };
    const counterexample: SchedulerCounterexample = plainCopy({
      format: SCHEDULER_COUNTEREXAMPLE_FORMAT,
      scheduler: session.name,
      schedulerArgument: options.scheduler,
      // The module is named and hashed, never recorded as a path to load: replay loads only what its user names.
      schedulerSource: bundle === undefined ? { kind: 'builtin' } : { kind: 'module', file: bundle.file, sha256: bundle.sha256 },
      property: outcome.violation.property,
      message: clipText(outcome.violation.message, COUNTEREXAMPLE_MESSAGE_MAX),
      eventIndex: outcome.eventIndex,
      seed: options.seed,
      path,
      reproduce,
      workload: failingWorkload,
      ...(expectedDemand === undefined ? {} : { expectedDemand }),
    });
    // A file replay would refuse is a bug here, not something to write.
    const problem = schedulerCounterexampleSchemaError(counterexample);
    if (problem !== null) throw new Error(`refusing to write a counterexample that does not match its schema: ${problem}`);
    // A counterexample that cannot be written (the disk filled up during the check) does not hide the violation.
    let trace: string | null = null;
    let traceError: string | undefined;
    try {
      trace = writeUniqueFileAtomic(options.tracesDir, `scheduler-${session.name}-${outcome.violation.property}-seed${options.seed}`, '.json', `${JSON.stringify(counterexample, null, 2)}\n`);
    } catch (error) {
      if (!(error instanceof FaultlineError)) throw error;
      traceError = error.oneLine();
    }
    return {
      ...base,
      result: 'fail',
      runs: search.numRuns,
      durationMs: Math.round(elapsed()),
      violations: [{ property: outcome.violation.property, message: outcome.violation.message, trace, ...(traceError === undefined ? {} : { traceError }), seed: options.seed, path, reproduce, requests: requestCount(counterexample.workload) }],
    };
  } finally {
    await session.close();
  }
}
