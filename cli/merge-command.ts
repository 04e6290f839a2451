import type { ClusterKind } from '../impl/sim-config.js';
import { FaultlineError } from '../model/faultline-error.js';
import { clusterEntry, clusterProperties } from '../properties/cluster-registry.js';
import { describeCoverage, inconclusiveReason, mergeCoverage, type GateCoverage } from '../properties/gate-coverage.js';
import { readInputFile } from '../traces/read-input-file.js';
import { checkOutputFile } from '../traces/write-new-file.js';
import { exitAfterOutputFailure, writeAfterRun } from './after-run-output.js';
import { EXIT, type CliIo } from './cli-io.js';
import { parseCheckResult, type CheckResultJson, type CheckResultViolation } from './check-result.js';
import { parseOptions } from './parse-options.js';
import { writeJunit } from './write-junit.js';

const OPTIONS = {
  json: { type: 'boolean' },
  junit: { type: 'string' },
} as const;

/** The merged verdict of a seed's shards. */
export interface MergedResult {
  readonly result: CheckResultJson['result'];
  readonly runs: number;
  readonly undecided: number;
  readonly coverage: GateCoverage;
  /** Every shard's violations, the lowest-numbered run first: that one is what a single process would have reported. */
  readonly violations: readonly (CheckResultViolation & { readonly shard: number })[];
  readonly reason: string | null;
  readonly durationMs: number;
}

/**
 * `faultline merge RESULT.json... [--json] [--junit FILE]`: combines the
 * `check --json` outputs of the shards of one seed (`check --shard K/N` on N
 * CI machines) into one verdict and one JUnit report. Every shard of the
 * seed must be there, once, with the same settings. The verdict is the one a
 * single process would give: fail when any shard failed, with the violation
 * of the lowest-numbered failing run first; otherwise the "sometimes" counts
 * and undecided runs are judged summed over the shards.
 */
export async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('merge', args, OPTIONS, { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'check result file (faultline merge RESULT.json...)' });
  if (values.junit !== undefined) checkOutputFile(values.junit);
  const shards = positionals.map((file) => ({ file, result: parseCheckResult(readInputFile(file, 'check result'), file) }));
  checkSameGate(shards);
  const merged = mergeResults(shards.map((shard) => shard.result));
  const first = shards[0]!.result;
  let outputFailed = false;
  if (values.junit !== undefined) {
    const properties = [...new Set(first.clusters.flatMap((kind) => clusterProperties(clusterEntry(kind as ClusterKind))))];
    const junit = values.junit;
    outputFailed = !writeAfterRun(io, () => writeJunit(junit, { suite: `faultline check ${first.clusters.join(',')}`, properties, violations: merged.violations, durationMs: merged.durationMs, runs: merged.runs }));
  }
  if (values.json === true) {
    io.stdout(
      `${JSON.stringify({
        result: merged.result,
        runs: merged.runs,
        violations: merged.violations,
        durationMs: merged.durationMs,
        seed: first.seed,
        clusters: first.clusters,
        mutant: first.mutant,
        coverage: merged.coverage,
        undecided: merged.undecided,
        shards: first.shard.count,
        ...(merged.reason === null ? {} : { reason: merged.reason }),
      })}\n`,
    );
  } else {
    const out = (text: string) => io.stdout(`${text}\n`);
    out(`merged ${shards.length} shard${shards.length === 1 ? '' : 's'} of seed ${first.seed}: cluster ${first.clusters.join(', ')}, mutant ${first.mutant ?? 'none'}`);
    for (const violation of merged.violations) {
      out(`VIOLATION ${violation.property} in run ${violation.run} (shard ${violation.shard}/${first.shard.count}): ${violation.message}`);
      out(violation.trace === null ? '  trace:  not written by its shard (see that shard\'s log)' : `  trace:  ${violation.trace}\n  replay: npx faultline replay ${violation.trace}`);
    }
    for (const line of describeCoverage(merged.coverage)) out(`coverage (sometimes): ${line}`);
    out(`result: ${merged.result}${merged.reason === null ? '' : ` (${merged.reason})`}; ${merged.runs} runs`);
  }
  return exitAfterOutputFailure(merged.result === 'pass' ? EXIT.held : merged.result === 'fail' ? EXIT.violated : EXIT.inconclusive, outputFailed);
}

/** The shards must be one seed's, each once, all of them, made with the same settings. */
function checkSameGate(shards: readonly { file: string; result: CheckResultJson }[]): void {
  const first = shards[0]!;
  const settings = (result: CheckResultJson) =>
    JSON.stringify({ seed: result.seed, clusters: result.clusters, mutant: result.mutant, shards: result.shard.count, runs: result.runsPlanned ?? null, twice: result.checkDeterminism });
  const seen = new Map<number, string>();
  for (const { file, result } of shards) {
    if (settings(result) !== settings(first.result)) {
      throw new FaultlineError('usage', `merge: ${file} is not a shard of the same check as ${first.file} (seed, cluster, mutant, shard count, runs and --check-determinism must agree)`, { file });
    }
    const other = seen.get(result.shard.index);
    if (other !== undefined) throw new FaultlineError('usage', `merge: ${file} and ${other} are both shard ${result.shard.index}/${result.shard.count}`, { file });
    seen.set(result.shard.index, file);
  }
  const count = first.result.shard.count;
  for (let index = 1; index <= count; index++) {
    if (!seen.has(index)) throw new FaultlineError('usage', `merge: shard ${index}/${count} is missing: merge needs every shard of the check`);
  }
}

/** One verdict from the shards' results; see mergeCommand. */
export function mergeResults(results: readonly CheckResultJson[]): MergedResult {
  const coverage: GateCoverage = {};
  for (const result of results) mergeCoverage(coverage, result.coverage as GateCoverage);
  const runs = results.reduce((sum, result) => sum + result.runs, 0);
  const undecided = results.reduce((sum, result) => sum + result.undecided, 0);
  const durationMs = Math.max(...results.map((result) => result.durationMs));
  const violations = results
    .flatMap((result) => result.violations.map((violation) => ({ ...violation, shard: result.shard.index })))
    .sort((a, b) => a.run - b.run);
  // As in one process, the lowest-numbered run that ended a search decides: a failure, or a run that did not repeat itself.
  const nondeterministic = results.filter((result) => result.nondeterminism !== undefined).sort((a, b) => a.nondeterminism!.run - b.nondeterminism!.run)[0];
  const failedRun = violations[0]?.run;
  if (nondeterministic !== undefined && (failedRun === undefined || nondeterministic.nondeterminism!.run < failedRun)) {
    const { shard, reason } = nondeterministic;
    return { result: 'inconclusive', runs, undecided, coverage, violations, reason: `shard ${shard.index}/${shard.count}: ${reason ?? `run ${nondeterministic.nondeterminism!.run} did not repeat itself`}`, durationMs };
  }
  if (failedRun !== undefined) return { result: 'fail', runs, undecided, coverage, violations, reason: null, durationMs };
  const interrupted = results.find((result) => result.interrupted !== undefined);
  if (interrupted !== undefined) {
    return { result: 'inconclusive', runs, undecided, coverage, violations, reason: `shard ${interrupted.shard.index}/${interrupted.shard.count} was interrupted (${interrupted.interrupted})`, durationMs };
  }
  // Judged on the summed counts, as one process would judge them: a shard whose runs never placed a job does not make the gate inconclusive.
  const reason = inconclusiveReason(coverage, undecided);
  return { result: reason === null ? 'pass' : 'inconclusive', runs, undecided, coverage, violations, reason, durationMs };
}
