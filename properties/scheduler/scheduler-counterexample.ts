import { FaultlineError } from '../../model/faultline-error.js';
import type { DemandProfile } from '../../model/gpu-fragmentation.js';
import type { SchedulerPropertyId } from './scheduler-violation.js';
import type { SchedulerWorkload } from './scheduler-workload.js';

/** Format tag of the counterexample files `check --scheduler` writes. */
export const SCHEDULER_COUNTEREXAMPLE_FORMAT = 'faultline-scheduler-counterexample/1';

/**
 * A shrunk scheduler failure, as written to the traces folder: enough to
 * find it again (seed, fast-check path, command) and to re-run it directly
 * (scheduler and workload).
 */
export interface SchedulerCounterexample {
  readonly format: typeof SCHEDULER_COUNTEREXAMPLE_FORMAT;
  /** The name the scheduler gave itself. */
  readonly scheduler: string;
  /** `--scheduler` as given: a built-in name or a module path. */
  readonly schedulerArgument: string;
  /** The module's absolute path, so the file replays from any folder; null for a built-in. */
  readonly schedulerModule: string | null;
  readonly property: SchedulerPropertyId;
  readonly message: string;
  /** Index of the workload event after which the property broke. */
  readonly eventIndex: number;
  readonly seed: number;
  readonly path: string;
  readonly reproduce: string;
  readonly workload: SchedulerWorkload;
  /** The trace's request mix the scheduler was given, when the workload was drawn from a trace. */
  readonly expectedDemand?: DemandProfile;
}

/**
 * Reads a counterexample file's text, checking the fields replay relies on.
 * The workload itself is checked by running it: the harness validates every
 * event it applies.
 */
export function parseSchedulerCounterexample(text: string, file: string): SchedulerCounterexample {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FaultlineError('not-json', 'the counterexample file is not JSON', { path: file });
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (record.format !== SCHEDULER_COUNTEREXAMPLE_FORMAT) {
    throw new FaultlineError('format-version', `expected a ${SCHEDULER_COUNTEREXAMPLE_FORMAT} file`, { path: file, got: String(record.format) });
  }
  const workload = record.workload as Partial<SchedulerWorkload> | undefined;
  const wellFormed =
    typeof record.scheduler === 'string' &&
    typeof record.schedulerArgument === 'string' &&
    (record.schedulerModule === null || typeof record.schedulerModule === 'string') &&
    (record.property === 'conservation' || record.property === 'termination') &&
    typeof record.message === 'string' &&
    Number.isSafeInteger(record.eventIndex) &&
    Number.isSafeInteger(record.seed) &&
    typeof record.path === 'string' &&
    Array.isArray(workload?.nodes) &&
    Array.isArray(workload?.events) &&
    (record.expectedDemand === undefined || Array.isArray(record.expectedDemand));
  if (!wellFormed) throw new FaultlineError('schema', 'the counterexample file lacks a required field', { path: file });
  return record as unknown as SchedulerCounterexample;
}
