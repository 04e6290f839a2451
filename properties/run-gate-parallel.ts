import { Worker } from 'node:worker_threads';
import { runGate, tooFewRuns, type GateOptions, type GateProgress, type GateResult } from './check-gate.js';
import { inconclusiveReason, mergeCoverage, type GateCoverage } from './gate-coverage.js';
import { workerSource } from './worker-source.js';

type WorkerMessage = { kind: 'progress'; progress: GateProgress } | { kind: 'result'; result: GateResult };

/** The seed of shard `index`: shard 0 uses the gate's own seed, so `--workers 1` equals no workers. */
export function shardSeed(seed: number, index: number): number {
  return (seed + index * 0x9e3779b1) | 0;
}

/**
 * Runs the gate on `workers` threads, each with its own seed derived from the
 * gate's seed and the same budget, and merges the results. The failure
 * reported is that of the lowest-numbered failing shard, so which trace a
 * seed produces does not depend on which thread finished first: a failure
 * stops the shards after it at once, while the shards before it run on.
 */
export async function runGateParallel(options: GateOptions, workers: number): Promise<GateResult> {
  // A gate that may be interrupted runs on a worker thread even alone: this thread must stay free to hear the signal.
  if (workers <= 1 && options.interrupt === undefined) return runGate(options);
  const { onProgress, ...rest } = options;
  // Every shard spends what is left of one budget, counted from here: start-up on a busy machine comes out of it.
  const plain = { ...rest, budgetStartedAt: rest.budgetStartedAt ?? Date.now() };
  const latest: (GateProgress | undefined)[] = Array.from({ length: workers }, () => undefined);
  const bootstrap = workerSource(import.meta.url, './gate-worker');
  const workersByShard: Worker[] = [];
  let firstFailedShard = Number.POSITIVE_INFINITY;
  const shards = Array.from({ length: workers }, (_, index) =>
    new Promise<GateResult | null>((resolve, reject) => {
      const runs = plain.runs === undefined ? undefined : Math.ceil(plain.runs / workers);
      const worker = new Worker(bootstrap, { eval: true, workerData: { ...plain, runs, seed: shardSeed(plain.seed, index) } });
      workersByShard[index] = worker;
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'result') {
          if (message.result.result === 'fail' && index < firstFailedShard) {
            // Shards after a failing one cannot change the answer: the lowest failing shard wins. Earlier shards run on.
            firstFailedShard = index;
            workersByShard.slice(index + 1).forEach((other) => void other.terminate());
          }
          return resolve(message.result);
        }
        latest[index] = message.progress;
        const seen = latest.filter((p): p is GateProgress => p !== undefined);
        const coverage: GateCoverage = {};
        for (const p of seen) mergeCoverage(coverage, p.coverage);
        onProgress?.({ runs: seen.reduce((sum, p) => sum + p.runs, 0), elapsedMs: Math.max(...seen.map((p) => p.elapsedMs)), budgetMs: plain.timeBudgetMs, coverage });
      });
      worker.on('error', reject);
      // A shard stopped because an earlier one failed ends without a result.
      worker.on('exit', (code) => (index > firstFailedShard ? resolve(null) : code !== 0 && reject(new Error(`gate worker ${index} exited with status ${code}`))));
    }),
  );
  const results = (await Promise.all(shards)).filter((result): result is GateResult => result !== null);
  const coverage: GateCoverage = {};
  for (const result of results) mergeCoverage(coverage, result.coverage);
  const runs = results.reduce((sum, result) => sum + result.runs, 0);
  const undecided = results.reduce((sum, result) => sum + result.undecided, 0);
  const interrupted = results.some((result) => result.interrupted);
  const failed = results.find((result) => result.result === 'fail');
  if (failed !== undefined) return { ...failed, runs, undecided, coverage, interrupted };
  if (interrupted) return { ...results[0]!, result: 'inconclusive', seed: options.seed, runs, undecided, coverage, reason: `interrupted after ${runs} run${runs === 1 ? '' : 's'}, before the budget ran out`, interrupted };
  // The shards' verdicts are judged on their merged counts (one idle shard does not make the gate inconclusive), but every shard must have run enough.
  const short = results.map((result, index) => ({ index, problem: tooFewRuns(result.runs, plain.runs === undefined ? undefined : Math.ceil(plain.runs / workers)) })).find(({ problem }) => problem !== null);
  const reason = inconclusiveReason(coverage, undecided) ?? (short === undefined ? null : `shard ${short.index} of ${workers}: ${short.problem}; use fewer workers or a longer budget`);
  return { ...results[0]!, result: reason === null ? 'pass' : 'inconclusive', seed: options.seed, runs, undecided, coverage, reason, interrupted };
}

