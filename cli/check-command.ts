import { availableParallelism } from 'node:os';
import { FaultlineError } from '../model/faultline-error.js';
import { gateClusters, type ClusterChoice, type GateResult } from '../properties/check-gate.js';
import { clusterEntry, clusterProperties } from '../properties/cluster-registry.js';
import { failureReport, type FailureRecipe } from '../properties/failure-report.js';
import { describeCoverage } from '../properties/gate-coverage.js';
import { runGateParallel } from '../properties/run-gate-parallel.js';
import { listenForInterrupt } from '../runtime/interrupt-signal.js';
import { writeFailureTrace } from '../properties/write-failure-trace.js';
import { checkOutputFile, checkOutputFolder } from '../traces/write-new-file.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';
import { progressReporter } from './progress-reporter.js';
import { randomSeed } from './random-seed.js';
import { writeJunit } from './write-junit.js';
import { exitAfterOutputFailure, writeAfterRun, writeTraceAfterRun } from './after-run-output.js';

const OPTIONS = {
  cluster: { type: 'string' },
  scheduler: { type: 'string' },
  nodes: { type: 'string' },
  pods: { type: 'string' },
  mutant: { type: 'string' },
  runs: { type: 'string' },
  'time-budget': { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  'traces-dir': { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_TIME_BUDGET_SECONDS = 30;


/**
 * `faultline check`: the correctness gate. Prints the seed first, then
 * progress, then each violation with its trace and the command that replays
 * it. Exit 0 when every property held, 1 on a violation, 3 when the runs
 * prove nothing (none finished, or none elected a leader).
 */
export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('check', args, OPTIONS, { min: 0, max: 0, name: 'argument' });
  const cluster = choiceOption<ClusterChoice>('cluster', values.cluster, ['single-leader', 'leaderless', 'all'], 'all');
  const runs = values.runs === undefined ? undefined : intOption('runs', values.runs, 0, 1);
  const timeBudgetSeconds = intOption('time-budget', values['time-budget'], DEFAULT_TIME_BUDGET_SECONDS, 1, 24 * 3600);
  const seed = intOption('seed', values.seed, randomSeed(), -0x80000000, 0x7fffffff);
  const workersAsked = intOption('workers', values.workers, 1, 1, 64);
  // More shards than cores only share the cores, each starting up on them and running fewer runs: a gate of starved shards proves little.
  const workers = Math.min(workersAsked, availableParallelism());
  const tracesDir = values['traces-dir'] ?? 'faultline-traces';
  const json = values.json === true;
  const say = json ? (text: string) => io.stderr(text) : (text: string) => io.stdout(text);

  // Every output path is checked before the run, so that a typo costs a second, not the budget.
  checkOutputFolder(tracesDir);
  if (values.junit !== undefined) checkOutputFile(values.junit);
  if (values.scheduler !== undefined) {
    // The scheduler check picks its own clusters, runs no mutants and runs its workloads in one sandbox: these options would be silently ignored.
    const ignored = (['cluster', 'mutant', 'workers'] as const).find((option) => values[option] !== undefined);
    if (ignored !== undefined) throw new FaultlineError('usage', `check: --${ignored} does not apply to a scheduler check (--scheduler); leave it out`);
    const { checkSchedulerCommand } = await import('./check-scheduler-command.js');
    return checkSchedulerCommand({ scheduler: values.scheduler, runs, timeBudgetSeconds, seed, tracesDir, json, junit: values.junit, nodes: values.nodes, pods: values.pods }, io);
  }
  if (values.nodes !== undefined || values.pods !== undefined) throw new FaultlineError('usage', 'check: --nodes and --pods draw the workloads of a scheduler check: add --scheduler NAME|PATH');

  const mutant = values.mutant ?? null;
  // A cluster that is not built, or an unknown or misplaced mutant, is bad input: one line, before anything else is printed.
  gateClusters(cluster, mutant);
  say(`seed: ${seed}\n`);
  if (workers < workersAsked) say(`--workers ${workersAsked}: this machine has ${workers} core${workers === 1 ? '' : 's'}, so ${workers} worker${workers === 1 ? '' : 's'} run\n`);
  say(`checking cluster ${cluster} with mutant ${mutant ?? 'none'}, budget ${timeBudgetSeconds}s${runs === undefined ? '' : `, at most ${runs} runs`}${workers > 1 ? `, ${workers} workers` : ''}\n`);
  const progress = progressReporter({ ...io, isTTY: io.isTTY && !json }, say);
  const started = performance.now();
  // Ctrl-C stops the gate after its current run; what it found so far is reported below like any result.
  const interrupt = listenForInterrupt((text) => io.stderr(text));
  let result: GateResult;
  try {
    result = await runGateParallel({ cluster, mutant, runs, timeBudgetMs: timeBudgetSeconds * 1000, seed, onProgress: progress.update, interrupt: interrupt.flag }, workers);
  } finally {
    interrupt.dispose();
  }
  progress.done();
  const durationMs = Math.round(performance.now() - started);

  const command = ['npx faultline check', `--cluster ${cluster}`, mutant === null ? '' : `--mutant ${mutant}`, `--seed ${seed}`, `--time-budget ${timeBudgetSeconds}`, workers > 1 ? `--workers ${workers}` : '', runs === undefined ? '' : `--runs ${runs}`]
    .filter(Boolean)
    .join(' ');
  const violations = reportFailure(result, tracesDir, command, say, io);
  for (const line of describeCoverage(result.coverage)) say(`coverage (sometimes): ${line}\n`);
  say(`result: ${result.result}${result.reason === null ? '' : ` (${result.reason})`}; ${result.runs} runs of ${result.clusters.join(', ')} in ${(durationMs / 1000).toFixed(1)}s\n`);
  let outputFailed = violations.some((violation) => violation.trace === null);
  if (values.junit !== undefined) {
    const properties = [...new Set(result.clusters.flatMap((kind) => clusterProperties(clusterEntry(kind))))];
    const junit = values.junit;
    outputFailed = !writeAfterRun(io, () => writeJunit(junit, { suite: `faultline check ${cluster}`, properties, violations, durationMs, runs: result.runs })) || outputFailed;
  }
  if (json) {
    io.stdout(
      `${JSON.stringify({
        result: result.result,
        runs: result.runs,
        violations: violations.map(({ property, trace, seed: s }) => ({ property, trace, seed: s })),
        durationMs,
        seed,
        workers,
        clusters: result.clusters,
        mutant,
        coverage: result.coverage,
        ...(result.reason === null ? {} : { reason: result.reason }),
      })}\n`,
    );
  }
  return exitAfterOutputFailure(result.result === 'pass' ? EXIT.held : result.result === 'fail' ? EXIT.violated : EXIT.inconclusive, outputFailed);
}

export interface ReportedViolation {
  readonly property: string;
  /** Null when the trace could not be written (the violation is reported all the same). */
  readonly trace: string | null;
  readonly seed: number;
  readonly message: string;
}

/** Writes the shrunk failure as a trace and prints each violation with the command that replays it. */
function reportFailure(result: GateResult, tracesDir: string, command: string, say: (text: string) => void, io: CliIo): ReportedViolation[] {
  const failure = result.failure;
  if (failure === null) return [];
  const path = writeTraceAfterRun(io, () => writeFailureTrace(tracesDir, failure, { seed: result.seed, command }));
  const recipe: FailureRecipe =
    path === null ? { kind: 'not-written', reproduce: `${command} --traces-dir DIR (the same seed writes the same trace)` } : { kind: 'trace', trace: path, replay: `npx faultline replay ${path}` };
  for (const line of failureReport(failure, recipe)) say(`${line}\n`);
  return failure.outcome.violations.map((violation) => ({ property: violation.property, trace: path, seed: result.seed, message: violation.message }));
}
