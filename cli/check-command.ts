import { FaultlineError } from '../model/faultline-error.js';
import type { ClusterChoice, GateResult } from '../properties/check-gate.js';
import { clusterEntry, clusterProperties } from '../properties/cluster-registry.js';
import { failureReport } from '../properties/failure-report.js';
import { describeCoverage } from '../properties/gate-coverage.js';
import { runGateParallel } from '../properties/run-gate-parallel.js';
import { writeFailureTrace } from '../properties/write-failure-trace.js';
import { checkOutputFolder } from '../traces/write-new-file.js';
import { EXIT, type CliIo } from './cli-io.js';
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
  const workers = intOption('workers', values.workers, 1, 1, 64);
  const tracesDir = values['traces-dir'] ?? 'faultline-traces';
  const json = values.json === true;
  const say = json ? (text: string) => io.stderr(text) : (text: string) => io.stdout(text);

  checkOutputFolder(tracesDir);
  if (values.scheduler !== undefined) {
    const { checkSchedulerCommand } = await import('./check-scheduler-command.js');
    return checkSchedulerCommand({ scheduler: values.scheduler, runs, timeBudgetSeconds, seed, tracesDir, json, junit: values.junit, nodes: values.nodes, pods: values.pods }, io);
  }
  if (values.nodes !== undefined || values.pods !== undefined) throw new FaultlineError('usage', 'check: --nodes and --pods draw the workloads of a scheduler check: add --scheduler NAME|PATH');

  say(`seed: ${seed}\n`);
  const mutant = values.mutant ?? null;
  say(`checking cluster ${cluster} with mutant ${mutant ?? 'none'}, budget ${timeBudgetSeconds}s${runs === undefined ? '' : `, at most ${runs} runs`}${workers > 1 ? `, ${workers} workers` : ''}\n`);
  const progress = progressReporter({ ...io, isTTY: io.isTTY && !json }, say);
  const started = performance.now();
  const result = await runGateParallel({ cluster, mutant, runs, timeBudgetMs: timeBudgetSeconds * 1000, seed, onProgress: progress.update }, workers);
  progress.done();
  const durationMs = Math.round(performance.now() - started);

  const command = ['npx faultline check', `--cluster ${cluster}`, mutant === null ? '' : `--mutant ${mutant}`, `--seed ${seed}`, `--time-budget ${timeBudgetSeconds}`, workers > 1 ? `--workers ${workers}` : '', runs === undefined ? '' : `--runs ${runs}`]
    .filter(Boolean)
    .join(' ');
  const violations = reportFailure(result, tracesDir, command, say);
  for (const line of describeCoverage(result.coverage)) say(`coverage (sometimes): ${line}\n`);
  say(`result: ${result.result}${result.reason === null ? '' : ` (${result.reason})`}; ${result.runs} runs of ${result.clusters.join(', ')} in ${(durationMs / 1000).toFixed(1)}s\n`);
  if (values.junit !== undefined) {
    const properties = [...new Set(result.clusters.flatMap((kind) => clusterProperties(clusterEntry(kind))))];
    writeJunit(values.junit, { suite: `faultline check ${cluster}`, properties, violations, durationMs, runs: result.runs });
  }
  if (json) {
    io.stdout(
      `${JSON.stringify({
        result: result.result,
        runs: result.runs,
        violations: violations.map(({ property, trace, seed: s }) => ({ property, trace, seed: s })),
        durationMs,
        seed,
        clusters: result.clusters,
        mutant,
        coverage: result.coverage,
        ...(result.reason === null ? {} : { reason: result.reason }),
      })}\n`,
    );
  }
  return result.result === 'pass' ? EXIT.held : result.result === 'fail' ? EXIT.violated : EXIT.inconclusive;
}

export interface ReportedViolation {
  readonly property: string;
  readonly trace: string;
  readonly seed: number;
  readonly message: string;
}

/** Writes the shrunk failure as a trace and prints each violation with the command that replays it. */
function reportFailure(result: GateResult, tracesDir: string, command: string, say: (text: string) => void): ReportedViolation[] {
  const failure = result.failure;
  if (failure === null) return [];
  const path = writeFailureTrace(tracesDir, failure, { seed: result.seed, command });
  for (const line of failureReport(failure, path, `npx faultline replay ${path}`)) say(`${line}\n`);
  return failure.outcome.violations.map((violation) => ({ property: violation.property, trace: path, seed: result.seed, message: violation.message }));
}
