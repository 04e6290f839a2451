import type { Protocol } from '../impl/world/node-logic.js';
import { writeTrace } from '../traces/write-trace.js';
import { clusterOf, type ClusterEntry } from './cluster-registry.js';
import type { ShrunkFailure } from './failure-report.js';
import { traceFromFailure, type TraceOrigin } from './trace-from-run.js';

export interface FailureTraceOptions {
  /** The fast-check seed the failure was found with. */
  readonly seed: number;
  /** The command that found it, kept in the trace. */
  readonly command?: string | undefined;
  /** Put before the file name (`cluster-` for a scheduler's cluster check). */
  readonly prefix?: string | undefined;
  /** The user's scheduler module the run placed jobs with, kept in the trace by name and hash. */
  readonly schedulerSource?: TraceOrigin['schedulerSource'] | undefined;
  /** The user's protocol the run is of, when it is not a built-in cluster. */
  readonly protocol?: ClusterEntry<Protocol> | undefined;
}

/**
 * Writes a shrunk failure as a trace under `folder`, named after its
 * cluster, the property it broke and the seed, and returns the path. A
 * trace that cannot be written is a `FaultlineError`; callers still report
 * the violation.
 */
export function writeFailureTrace(folder: string, failure: ShrunkFailure, options: FailureTraceOptions): string {
  const trace = traceFromFailure(failure, options.seed, options.command, options.schedulerSource, options.protocol);
  const cluster = clusterOf(failure.runCase.config, options.protocol).name;
  return writeTrace(folder, `${options.prefix ?? ''}${cluster}-${failure.property}-seed${options.seed}`, trace);
}
