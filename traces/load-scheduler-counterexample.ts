import { FaultlineError } from '../model/faultline-error.js';
import { readJsonFile } from './read-input-file.js';
import type { SchedulerCounterexample } from './scheduler-counterexample.generated.js';
import validateCounterexample from './scheduler-counterexample-validator.generated.js';
import { schemaCheck, type CompiledValidator } from './schema-check.js';

/** Format tag of the counterexample files `check --scheduler` writes (the schema's `format`, which the type checks). */
export const SCHEDULER_COUNTEREXAMPLE_FORMAT: SchedulerCounterexample['format'] = 'faultline-scheduler-counterexample/2';

/** The tag of counterexample files from before the schema, which named a module path to load. */
const OLDER_FORMAT = /^faultline-scheduler-counterexample\/1$/;

/** Counterexamples are small (a few dozen events); a larger file did not come from faultline. */
const COUNTEREXAMPLE_BYTES_MAX = 16 * 1024 * 1024;

/** Checks a value against `scheduler-counterexample.schema.json`; null when it conforms, or a one-line reason. */
export const schedulerCounterexampleSchemaError: (value: unknown) => string | null = schemaCheck(validateCounterexample as CompiledValidator, 'the counterexample');

/**
 * Reads and validates a scheduler counterexample file, the way traces are
 * loaded: missing, too large, not JSON, another format, not matching the
 * schema (every size bounded), or an event index past the workload, each
 * as one FaultlineError naming the file. Nothing in it is ever loaded as
 * code.
 */
export function loadSchedulerCounterexample(path: string): SchedulerCounterexample {
  const value = readJsonFile(path, 'counterexample', COUNTEREXAMPLE_BYTES_MAX);
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  if (typeof format === 'string' && OLDER_FORMAT.test(format)) {
    throw new FaultlineError('format-version', `the counterexample was written by an older faultline (${format}); run the check that wrote it again to get a ${SCHEDULER_COUNTEREXAMPLE_FORMAT} file`, { file: path });
  }
  if (format !== SCHEDULER_COUNTEREXAMPLE_FORMAT) {
    throw new FaultlineError('format-version', `expected a ${SCHEDULER_COUNTEREXAMPLE_FORMAT} file`, { file: path, got: JSON.stringify(format ?? null) });
  }
  const problem = schedulerCounterexampleSchemaError(value);
  if (problem !== null) throw new FaultlineError('schema', `the counterexample does not match the schema: ${problem}`, { file: path });
  const counterexample = value as SchedulerCounterexample;
  const events = counterexample.workload.events.length;
  if (counterexample.eventIndex >= events) {
    throw new FaultlineError('schema', `the counterexample does not fit its workload: /eventIndex is ${counterexample.eventIndex}, but the workload has ${events} events`, { file: path });
  }
  return counterexample;
}
