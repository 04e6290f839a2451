import { FaultlineError } from '../model/faultline-error.js';
import { checkScheduler } from '../properties/scheduler/check-scheduler.js';
import { shellWord } from '../properties/shell-word.js';
import { readOpenbNodes } from '../properties/scheduler/openb-nodes.js';
import { readOpenbPods } from '../properties/scheduler/openb-pods.js';
import { traceRequest } from '../properties/scheduler/trace-workload.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import { formatQualityFigure, QUALITY_FIGURE_LABELS } from '../properties/scheduler/quality-figure-labels.js';
import type { SchedulerPropertyId } from '../properties/scheduler/scheduler-violation.js';
import { clusterEntry, clusterProperties } from '../properties/cluster-registry.js';
import { checkSchedulerInCluster } from '../runtime/check-scheduler-in-cluster.js';
import { watchCheckInterrupts, type CheckInterrupts } from '../runtime/check-interrupts.js';
import { EXIT, type CliIo } from './cli-io.js';
import { writeJunit } from './write-junit.js';
import { exitAfterOutputFailure, writeAfterRun } from './after-run-output.js';

export interface CheckSchedulerCommandOptions {
  scheduler: string;
  runs: number | undefined;
  timeBudgetSeconds: number;
  seed: number;
  tracesDir: string;
  json: boolean;
  junit: string | undefined;
  /** A trace's node list and pod list, both or neither: workloads then draw node sizes and demands from them. */
  nodes?: string | undefined;
  pods?: string | undefined;
}

const PROPERTIES: readonly SchedulerPropertyId[] = ['conservation', 'termination'];

/** Reads the trace a check draws from, when --nodes and --pods name one. */
function loadDraws(options: CheckSchedulerCommandOptions) {
  if (options.nodes === undefined && options.pods === undefined) return undefined;
  if (options.nodes === undefined || options.pods === undefined) throw new FaultlineError('usage', 'check: --nodes and --pods go together (an openb node list and pod list)');
  const nodes = readOpenbNodes(options.nodes);
  const requests = readOpenbPods(options.pods).map((pod) => traceRequest(pod)).map(({ tenant: _tenant, id: _id, ...shape }) => shape);
  return { nodes, requests, arguments: `--nodes ${shellWord(options.nodes)} --pods ${shellWord(options.pods)}` };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `faultline check --scheduler NAME|PATH`: two checks, each with half the
 * time budget. First the scheduler-level properties on generated workloads,
 * with quality figures; then the clusters with the scheduler as their
 * allocation policy, every cluster property checked (the scheduler-level
 * check alone skips this when it is given --nodes and --pods, whose trace
 * the clusters do not run). Returns 0 when everything held, 1 on a
 * violation, 3 when nothing could be judged; bad input throws a
 * FaultlineError (exit 2).
 */
export async function checkSchedulerCommand(options: CheckSchedulerCommandOptions, io: CliIo): Promise<number> {
  const budgetMs = options.timeBudgetSeconds * 1000;
  // Resolve the name or path before printing anything, so that bad input is
  // the single line the dispatcher prints and nothing else.
  resolveSchedulerSource(options.scheduler);
  const draws = loadDraws(options);
  // The header is printed once the module has loaded in its sandbox, so that a module that does not compile or load is one line and nothing else.
  const printHeader = () => {
    if (options.json) return;
    io.stdout(`seed: ${options.seed}\n`);
    io.stdout(`checking scheduler ${options.scheduler}: properties ${PROPERTIES.join(', ')}; time budget ${options.timeBudgetSeconds} s${options.runs === undefined ? '' : `, at most ${options.runs} workloads`}\n`);
    if (draws !== undefined) io.stdout(`workloads draw from ${draws.nodes.length} nodes of ${options.nodes} and ${draws.requests.length} pods of ${options.pods}\n`);
  };
  // The first run always reports, so even a short check shows it started.
  let lastReportMs = Number.NEGATIVE_INFINITY;
  const onProgress = (progress: { runs: number; elapsedMs: number }) => {
    if (options.json) return;
    if (io.isTTY) {
      if (progress.elapsedMs - lastReportMs < 100) return;
      lastReportMs = progress.elapsedMs;
      const fraction = Math.min(1, progress.elapsedMs / budgetMs);
      const filled = Math.round(fraction * 30);
      io.stdout(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(progress.elapsedMs / 1000).toFixed(1)} s  ${plural(progress.runs, 'workload')}`);
    } else if (progress.elapsedMs - lastReportMs >= 2000) {
      lastReportMs = progress.elapsedMs;
      io.stdout(`progress: ${plural(progress.runs, 'workload')}, ${(progress.elapsedMs / 1000).toFixed(1)} s\n`);
    }
  };
  const inCluster = draws === undefined;
  // Ctrl-C stops the check after its current workload or run; what it found so far is reported below like any result.
  const interrupt = watchCheckInterrupts((signal) => io.stderr(`${signal}: stopping after the current workload or run, then printing what was found so far (again to stop at once)\n`));
  try {
    const verdict = await checkAndReport(options, io, { draws, inCluster, onProgress, printHeader, budgetMs, interrupt });
    return interrupt.exitCode() ?? verdict;
  } finally {
    interrupt.dispose();
  }
}

interface CheckContext {
  readonly draws: ReturnType<typeof loadDraws>;
  readonly inCluster: boolean;
  readonly onProgress: (progress: { runs: number; elapsedMs: number }) => void;
  readonly printHeader: () => void;
  readonly budgetMs: number;
  readonly interrupt: CheckInterrupts;
}

/** Runs both checks and prints the report; see `checkSchedulerCommand`. */
async function checkAndReport(options: CheckSchedulerCommandOptions, io: CliIo, { draws, inCluster, onProgress, printHeader, budgetMs, interrupt }: CheckContext): Promise<number> {
  const result = await checkScheduler({
    scheduler: options.scheduler,
    seed: options.seed,
    runs: options.runs,
    timeBudgetMs: inCluster ? Math.ceil(budgetMs / 2) : budgetMs,
    tracesDir: options.tracesDir,
    onProgress,
    onReady: printHeader,
    interrupt: interrupt.signal,
    ...(draws === undefined ? {} : { draws }),
  });
  if (io.isTTY && !options.json) io.stdout('\n');
  // An interrupted check does not start its second half.
  const cluster = inCluster && !interrupt.signal.aborted
    ? await checkSchedulerInCluster({
        scheduler: options.scheduler,
        seed: options.seed,
        runs: options.runs,
        timeBudgetMs: Math.ceil(budgetMs / 2),
        tracesDir: options.tracesDir,
        interrupt,
        onProgress: (progress) => {
          if (!options.json && !io.isTTY) onProgress({ runs: progress.runs, elapsedMs: result.durationMs + progress.elapsedMs });
        },
      })
    : undefined;
  const clusterViolations = (cluster?.violations ?? []).map((v) => ({ property: v.property, trace: v.trace, seed: options.seed, message: v.message, replay: v.replay }));
  // A counterexample or trace that could not be written is one line on stderr; the violation is reported all the same.
  const traceErrors = [...result.violations, ...(cluster?.violations ?? [])].flatMap((v) => (v.traceError === undefined ? [] : [v.traceError]));
  for (const error of traceErrors) io.stderr(`${error}\n`);
  let outputFailed = traceErrors.length > 0;
  if (options.junit !== undefined) {
    const properties = [...new Set<string>([...PROPERTIES, ...(inCluster ? clusterProperties(clusterEntry('single-leader')) : [])])];
    const junit = options.junit;
    outputFailed = !writeAfterRun(io, () => writeJunit(junit, {
      suite: `faultline check --scheduler ${result.scheduler}`,
      properties,
      violations: [...result.violations, ...clusterViolations],
      durationMs: result.durationMs + (cluster?.durationMs ?? 0),
      runs: result.runs + (cluster?.runs ?? 0),
    })) || outputFailed;
  }
  const verdicts = [result.result, ...(cluster === undefined ? [] : [cluster.result])];
  const overall = verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
  const exit = exitAfterOutputFailure(overall === 'pass' ? EXIT.held : overall === 'fail' ? EXIT.violated : EXIT.inconclusive, outputFailed);
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        result: overall,
        runs: result.runs + (cluster?.runs ?? 0),
        violations: [
          ...result.violations.map((v) => ({ property: v.property, trace: v.trace, seed: v.seed, message: v.message, path: v.path, reproduce: v.reproduce })),
          ...clusterViolations.map((v) => ({ ...v, in: 'cluster' })),
        ],
        durationMs: result.durationMs + (cluster?.durationMs ?? 0),
        scheduler: result.scheduler,
        quality: result.quality ?? null,
        workloads: { result: result.result, runs: result.runs },
        ...(cluster === undefined ? {} : { cluster: { result: cluster.result, runs: cluster.runs, coverage: cluster.coverage, ...(cluster.reason === null ? {} : { reason: cluster.reason }) } }),
      })}\n`,
    );
    return exit;
  }
  for (const violation of result.violations) {
    io.stdout(`VIOLATED ${violation.property}: ${violation.message}\n`);
    if (violation.trace === null) {
      io.stdout(`  counterexample: not written (see the error above)\n`);
    } else {
      io.stdout(`  counterexample: ${violation.trace} (${plural(violation.requests, 'request')} after shrinking)\n`);
      io.stdout(`  replay: npx faultline replay ${violation.trace}\n`);
    }
    io.stdout(`  reproduce: ${violation.reproduce}\n`);
  }
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.result === 'pass') io.stdout(`held: ${PROPERTIES.join(', ')} on ${plural(result.runs, 'workload')} (${seconds} s)\n`);
  if (result.result === 'inconclusive') io.stdout(result.interrupted ? `inconclusive: interrupted after ${plural(result.runs, 'workload')} (${seconds} s)\n` : `inconclusive: no workload could be judged within the budget (${seconds} s)\n`);
  // After a violation the figures describe only the workloads before it, so
  // they are printed for a scheduler that held (--json carries them always).
  if (result.result === 'pass' && result.quality !== undefined) {
    io.stdout(`quality of ${result.scheduler} (mean over the workloads that held):\n`);
    for (const { key, label } of QUALITY_FIGURE_LABELS) io.stdout(`  ${label.padEnd(26)} ${formatQualityFigure(key, result.quality[key])}\n`);
  }
  if (cluster !== undefined) {
    io.stdout(`in the clusters, with ${result.scheduler} placing the jobs:\n`);
    for (const violation of cluster.violations) {
      io.stdout(`VIOLATED ${violation.property}: ${violation.message}\n`);
      if (violation.trace !== null) io.stdout(`  trace: ${violation.trace}\n  replay: ${violation.replay}\n`);
      else if (violation.replay !== null) io.stdout(`  trace: not written (see the error above)\n  reproduce: ${violation.replay}\n`);
    }
    for (const line of cluster.coverage) io.stdout(`  coverage (sometimes): ${line}\n`);
    io.stdout(`  ${cluster.result === 'pass' ? 'held' : cluster.result === 'fail' ? 'violated' : `inconclusive (${cluster.reason ?? 'nothing could be judged'})`}: ${plural(cluster.runs, 'run')} (${(cluster.durationMs / 1000).toFixed(1)} s)\n`);
  }
  io.stdout(`result: ${overall}\n`);
  return exit;
}
