import type { Trace } from '../traces/trace.generated.js';
import { TRACE_FORMAT_VERSION } from '../traces/trace-format.js';
import type { RunCase } from './run-case.js';
import type { RunOutcome } from './run-schedule.js';

export interface TraceOrigin {
  readonly seed: number;
  readonly path: string;
  readonly command?: string;
  readonly shrink?: { readonly shrinks: number; readonly complete: boolean };
}

/** Describes a recorded run as a trace. The run must have been made with `record: true`. */
export function traceFromRun(runCase: RunCase, outcome: RunOutcome, origin: TraceOrigin): Trace {
  const trace: Trace = {
    formatVersion: TRACE_FORMAT_VERSION as 1,
    seed: origin.seed,
    path: origin.path,
    worldSeed: runCase.worldSeed,
    ...(origin.command === undefined ? {} : { command: origin.command }),
    config: clone(runCase.config),
    schedule: clone(runCase.schedule),
    workload: [],
    events: clone(outcome.events),
    eventCount: outcome.events.length,
    eventsDigest: digestHex(outcome.digest),
    history: [],
    verdict: { result: outcome.violations.length === 0 ? 'held' : 'violated', violations: clone(outcome.violations) },
    coverage: { ...outcome.coverage },
    ...(origin.shrink === undefined ? {} : { shrink: { ...origin.shrink } }),
  };
  return trace;
}

export function digestHex(digest: number): string {
  return (digest >>> 0).toString(16).padStart(8, '0');
}

/** A deep, plain-JSON copy: the trace must not share objects with the simulator. */
function clone<T>(value: T): Mutable<T> {
  return JSON.parse(JSON.stringify(value)) as Mutable<T>;
}

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
