import { availableParallelism } from 'node:os';
import { FaultlineError } from '../model/faultline-error.js';
import { builtinPropertyId, type PropertyId } from '../model/property-id.js';
import { gateClusters, runGate, type ClusterChoice, type GateResult } from '../properties/check-gate.js';
import { clusterEntry, clusterProperties } from '../properties/cluster-registry.js';
import { failureReport, recipeLines, type FailureRecipe } from '../properties/failure-report.js';
import { describeCoverage, unreachedGoals } from '../properties/gate-coverage.js';
import type { GateShard } from '../properties/gate-search.js';
import { traceFromRun } from '../properties/trace-from-run.js';
import { writeFailureTrace } from '../properties/write-failure-trace.js';
import { describeDivergence } from '../properties/replay-trace.js';
import { runCase } from '../properties/run-case.js';
import { watchCheckInterrupts } from '../runtime/check-interrupts.js';
import { checkOutputFile, checkOutputFolder } from '../traces/write-new-file.js';
import { writeTrace } from '../traces/write-trace.js';
import { exitAfterOutputFailure, writeAfterRun, writeTraceAfterRun } from './after-run-output.js';
import { EXIT, type CliIo } from './cli-io.js';
import { CHECK_RESULT_FORMAT, CHECK_RESULT_VERSION, type CheckResultJson } from './check-result.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';
import { progressReporter } from './progress-reporter.js';
import { randomSeed } from './random-seed.js';
import { writeJunit } from './write-junit.js';

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
  shard: { type: 'string' },
  'check-determinism': { type: 'boolean' },
  'traces-dir': { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_TIME_BUDGET_SECONDS = 30;

/**
 * `faultline check`: the correctness gate. Prints the seed first, then
 * progress, then each violation with its trace and the command that replays
 * it. Exit 0 when every property held, 1 on a violation, 3 when the runs
 * prove nothing (none finished, none elected a leader, or one did not repeat
 * itself under --check-determinism); 130 or 143 when SIGINT or SIGTERM cut
 * it short, after writing what it found and the summary so far.
 */
export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('check', args, OPTIONS, { min: 0, max: 0, name: 'argument' });
  const cluster = choiceOption<ClusterChoice>('cluster', values.cluster, ['single-leader', 'leaderless', 'all'], 'all');
  const runs = values.runs === undefined ? undefined : intOption('runs', values.runs, 0, 1);
  const timeBudgetSeconds = intOption('time-budget', values['time-budget'], DEFAULT_TIME_BUDGET_SECONDS, 1, 24 * 3600);
  const seed = intOption('seed', values.seed, randomSeed(), -0x80000000, 0x7fffffff);
  const workersAsked = intOption('workers', values.workers, 1, 1, 64);
  // More threads than cores only share the cores, each starting up on them: a gate of starved threads runs fewer runs, not more.
  const workers = Math.min(workersAsked, availableParallelism());
  const shard = values.shard === undefined ? undefined : shardOption(values.shard);
  const checkDeterminism = values['check-determinism'] === true;
  const tracesDir = values['traces-dir'] ?? 'faultline-traces';
  const json = values.json === true;
  const say = json ? (text: string) => io.stderr(text) : (text: string) => io.stdout(text);

  // Every output path is checked before the run, so that a typo costs a second, not the budget.
  checkOutputFolder(tracesDir);
  if (values.junit !== undefined) checkOutputFile(values.junit);
  if (values.scheduler !== undefined) {
    // The scheduler check picks its own cluster, runs no mutants and runs its workloads in one sandbox: these options would be silently ignored.
    const ignored = (['cluster', 'mutant', 'workers', 'shard', 'check-determinism'] as const).find((option) => values[option] !== undefined);
    if (ignored !== undefined) throw new FaultlineError('usage', `check: --${ignored} does not apply to a scheduler check (--scheduler); leave it out`);
    const { checkSchedulerCommand } = await import('./check-scheduler-command.js');
    return checkSchedulerCommand({ scheduler: values.scheduler, runs, timeBudgetSeconds, seed, tracesDir, json, junit: values.junit, nodes: values.nodes, pods: values.pods }, io);
  }
  if (values.nodes !== undefined || values.pods !== undefined) throw new FaultlineError('usage', 'check: --nodes and --pods draw the workloads of a scheduler check: add --scheduler NAME|PATH');

  const mutant = values.mutant ?? null;
  // A cluster that is not built, or an unknown or misplaced mutant, is bad input: one line, before anything else is printed.
  gateClusters(cluster, mutant);
  const progress = progressReporter({ ...io, isTTY: io.isTTY && !json }, say);
  // Listening starts before the first line, so that a signal after it always gets the summary.
  const interrupts = watchCheckInterrupts((signal) => {
    progress.done();
    say(`${signal}: stopping; runs under way finish, a failure found is kept as shrunk so far (again to stop at once)\n`);
  });
  say(`seed: ${seed}\n`);
  if (workers < workersAsked) say(`--workers ${workersAsked}: this machine has ${workers} core${workers === 1 ? '' : 's'}, so ${workers} worker${workers === 1 ? '' : 's'} run\n`);
  const shardText = shard === undefined ? '' : `, shard ${shard.index + 1}/${shard.count}`;
  say(`checking cluster ${cluster} with mutant ${mutant ?? 'none'}, budget ${timeBudgetSeconds}s${runs === undefined ? '' : `, at most ${runs} runs`}${shardText}${workers > 1 ? `, ${workers} workers` : ''}${checkDeterminism ? ', every run twice' : ''}\n`);
  const started = performance.now();
  let result: GateResult;
  try {
    result = await runGate({ cluster, mutant, runs, timeBudgetMs: timeBudgetSeconds * 1000, seed, workers, shard, checkDeterminism, signal: interrupts.signal, onProgress: progress.update });
  } finally {
    interrupts.dispose();
  }
  progress.done();
  const durationMs = Math.round(performance.now() - started);

  // The result does not depend on --workers, so the command that reproduces a trace leaves it out.
  const command = [
    'npx faultline check',
    `--cluster ${cluster}`,
    mutant === null ? '' : `--mutant ${mutant}`,
    `--seed ${seed}`,
    `--time-budget ${timeBudgetSeconds}`,
    runs === undefined ? '' : `--runs ${runs}`,
    shard === undefined ? '' : `--shard ${shard.index + 1}/${shard.count}`,
    checkDeterminism ? '--check-determinism' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const violations = reportFailure(result, tracesDir, command, say, io);
  const nondeterminism = reportNondeterminism(result, tracesDir, command, say, io);
  for (const line of describeCoverage(result.coverage)) say(`coverage (sometimes): ${line}\n`);
  for (const goal of unreachedGoals(result.coverage)) if (!goal.required) say(`goal not reached (sometimes): ${goal.sentence}\n`);
  say(`result: ${result.result}${result.reason === null ? '' : ` (${result.reason})`}; ${result.runs} runs of ${result.clusters.join(', ')}${shardText} in ${(durationMs / 1000).toFixed(1)}s\n`);
  let outputFailed = violations.some((violation) => violation.trace === null) || (nondeterminism !== null && nondeterminism.trace === null);
  if (values.junit !== undefined) {
    const properties = [...new Set(result.clusters.flatMap((kind) => clusterProperties(clusterEntry(kind))))];
    const junit = values.junit;
    outputFailed = !writeAfterRun(io, () => writeJunit(junit, { suite: `faultline check ${cluster}`, properties, violations, durationMs, runs: result.runs })) || outputFailed;
  }
  if (json) {
    const output: CheckResultJson = {
      format: CHECK_RESULT_FORMAT,
      formatVersion: CHECK_RESULT_VERSION,
      result: result.result,
      runs: result.runs,
      violations: violations.map(({ property, trace, seed: s, run, message }) => ({ property, trace, seed: s, run, message })),
      durationMs,
      seed,
      clusters: result.clusters,
      mutant,
      coverage: result.coverage as CheckResultJson['coverage'],
      undecided: result.undecided,
      ...(runs === undefined ? {} : { runsPlanned: runs }),
      shard: { index: result.shard.index + 1, count: result.shard.count },
      checkDeterminism,
      ...(nondeterminism === null ? {} : { nondeterminism }),
      ...(result.reason === null ? {} : { reason: result.reason }),
      ...(interrupts.received() === null ? {} : { interrupted: interrupts.received()! }),
    };
    io.stdout(`${JSON.stringify(output)}\n`);
  }
  return interrupts.exitCode() ?? exitAfterOutputFailure(result.result === 'pass' ? EXIT.held : result.result === 'fail' ? EXIT.violated : EXIT.inconclusive, outputFailed);
}

/** Reads `--shard K/N`: shard K (from 1) of N. */
export function shardOption(raw: string): GateShard {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const k = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(n) || n < 1 || n > 10_000 || k < 1 || k > n) {
    throw new FaultlineError('usage', '--shard takes K/N: shard K of N, 1 <= K <= N <= 10000 (e.g. --shard 2/4)', { got: raw });
  }
  return { index: k - 1, count: n };
}

export interface ReportedViolation {
  readonly property: PropertyId;
  /** Null when the trace could not be written (the violation is reported all the same). */
  readonly trace: string | null;
  readonly seed: number;
  readonly message: string;
  /** The failing run's number in the seed's sequence (the same in every shard and with any number of workers). */
  readonly run: number;
}

/** Writes the shrunk failure as a trace and prints each violation with the command that replays it. */
function reportFailure(result: GateResult, tracesDir: string, command: string, say: (text: string) => void, io: CliIo): ReportedViolation[] {
  const failure = result.failure;
  if (failure === null) return [];
  const path = writeTraceAfterRun(io, () => writeFailureTrace(tracesDir, failure, { seed: result.seed, command }));
  for (const line of failureReport(failure, checkRecipe(path, command, true), result.interrupted)) say(`${line}\n`);
  return failure.outcome.violations.map((violation) => ({ property: builtinPropertyId(violation.property), trace: path, seed: result.seed, message: violation.message, run: failure.run }));
}

/** Writes the run that did not repeat itself as a trace and prints where its two executions parted. */
function reportNondeterminism(result: GateResult, tracesDir: string, command: string, say: (text: string) => void, io: CliIo): { run: number; trace: string | null; step: number | null } | null {
  const found = result.nondeterminism;
  if (found === null) return null;
  const outcome = runCase(found.runCase, { record: true, stopAtFirstViolation: false });
  const trace = traceFromRun(found.runCase, outcome, { seed: result.seed, path: String(found.run), command });
  const path = writeTraceAfterRun(io, () => writeTrace(tracesDir, `${found.runCase.config.cluster.kind}-nondeterministic-seed${result.seed}`, trace));
  const divergence = found.divergence;
  say(
    divergence === null
      ? `NONDETERMINISM in run ${found.run}: the two executions' digests differ, their recorded events agree\n`
      : `NONDETERMINISM in run ${found.run} ${describeDivergence(divergence, { expected: 'first execution', actual: 'second' })}\n`,
  );
  for (const line of recipeLines(checkRecipe(path, command, false))) say(`${line}\n`);
  return { run: found.run, trace: path, step: divergence?.step ?? null };
}

/** Where a trace was written and how to use it; when it could not be written, how to write it again. */
function checkRecipe(path: string | null, command: string, view: boolean): FailureRecipe {
  if (path === null) return { kind: 'not-written', reproduce: `${command} --traces-dir DIR (the same seed writes the same trace)` };
  return { kind: 'trace', trace: path, replay: `npx faultline replay ${path}`, view: view ? `npx faultline view ${path} -o ${path.replace(/\.json$/, '')}.html` : undefined };
}
