import type { Protocol } from '../impl/world/node-logic.js';
import type { HistoryOperation, Trace } from '../traces/trace.generated.js';
import { TRACE_FORMAT_VERSION } from '../traces/trace-format.js';
import { clusterOf, type ClusterEntry, type HistoryCodec } from './cluster-registry.js';
import type { HistoryCall } from './history-recorder.js';
import type { RunCase, RunOutcome } from './run-case.js';
import type { ShrunkFailure } from './failure-report.js';

export interface TraceOrigin {
  readonly seed: number;
  readonly path: string;
  readonly command?: string;
  readonly shrink?: { readonly shrinks: number; readonly complete: boolean; readonly property?: string; readonly removed?: number };
  /** The user's scheduler module the run placed jobs with: its file name and source hash, never a path to load. */
  readonly schedulerSource?: { readonly file: string; readonly sha256: string };
}

/**
 * The trace of a shrunk failure (the gate's, or a user's protocol check's),
 * written with the command that found it, the user's scheduler module it
 * placed jobs with, if any, and the user's protocol, if the run is of one.
 */
export function traceFromFailure(
  failure: ShrunkFailure,
  seed: number,
  command: string | undefined,
  schedulerSource?: { readonly file: string; readonly sha256: string },
  protocol?: ClusterEntry<Protocol>,
): Trace {
  const origin: TraceOrigin = {
    seed,
    path: failure.path,
    ...(command === undefined ? {} : { command }),
    shrink: { shrinks: failure.shrinks, complete: failure.shrinkComplete, property: failure.property, removed: failure.removed },
    ...(schedulerSource === undefined ? {} : { schedulerSource }),
  };
  return traceFromRun(failure.runCase, failure.outcome, origin, protocol);
}

/**
 * Describes a recorded run as a trace. The run must have been made with
 * `record: true`; a run of a user's protocol needs the protocol again, for
 * how its client operations read in the history.
 */
export function traceFromRun(runCase: RunCase, outcome: RunOutcome, origin: TraceOrigin, protocol?: ClusterEntry<Protocol>): Trace {
  const codec = clusterOf(runCase.config, protocol).history;
  const trace: Trace = {
    formatVersion: TRACE_FORMAT_VERSION as 2,
    seed: origin.seed,
    path: origin.path,
    worldSeed: runCase.worldSeed,
    ...(origin.command === undefined ? {} : { command: origin.command }),
    ...(origin.schedulerSource === undefined ? {} : { schedulerSource: { ...origin.schedulerSource } }),
    config: clone(runCase.config),
    schedule: clone(runCase.schedule),
    aimed: clone(runCase.aimed),
    workload: clone(runCase.workload) as Trace['workload'],
    events: clone(outcome.events) as Trace['events'],
    eventCount: outcome.events.length,
    eventsDigest: digestHex(outcome.digest),
    history: outcome.history.map((call) => historyOperation(call, codec)),
    verdict: { result: outcome.violations.length === 0 ? 'held' : 'violated', violations: clone(outcome.violations) },
    coverage: { ...outcome.coverage },
    ...(origin.shrink === undefined ? {} : { shrink: { ...origin.shrink } }),
  };
  return trace;
}

/** One recorded call in the shape of faultline's history JSON, which `faultline lin` reads. */
export function historyOperation(call: HistoryCall<Protocol>, codec: HistoryCodec<Protocol>): HistoryOperation {
  const { f, value } = codec.describeOp(call.op);
  const base = { client: call.process, f, ...(value === undefined ? {} : { value: clone(value) as HistoryOperation['value'] }), call: call.call };
  if (call.output === undefined) return { ...base, return: null, outcome: 'open' };
  const { outcome, result } = codec.describeOutput(call.output);
  return { ...base, return: call.return, outcome, ...(result === undefined ? {} : { result: clone(result) as HistoryOperation['result'] }) };
}

export function digestHex(digest: number): string {
  return (digest >>> 0).toString(16).padStart(8, '0');
}

/** A deep, plain-JSON copy: the trace must not share objects with the simulator. */
function clone<T>(value: T): Mutable<T> {
  return JSON.parse(JSON.stringify(value)) as Mutable<T>;
}

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
