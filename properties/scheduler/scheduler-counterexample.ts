import type { SchedulerCounterexample as GeneratedCounterexample, SchedulerWorkload as GeneratedWorkload } from '../../traces/scheduler-counterexample.generated.js';
import type { SchedulerWorkload } from './scheduler-workload.js';

export { SCHEDULER_COUNTEREXAMPLE_FORMAT } from '../../traces/load-scheduler-counterexample.js';

/**
 * A shrunk scheduler failure, as written to the traces folder: enough to
 * find it again (seed, fast-check path, command) and to re-run it directly
 * (scheduler and workload). `traces/scheduler-counterexample.schema.json` is
 * the source of truth; it names the scheduler and hashes its source, and
 * never holds a path to load.
 */
export type SchedulerCounterexample = GeneratedCounterexample;

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compile-time proof that the schema's workload and the harness's are the same values, so one can be passed as the other. */
export const counterexampleWorkloadAgrees: Same<GeneratedWorkload, Mutable<SchedulerWorkload>> = true;

/** The longest message a counterexample keeps (the schema's bound); a longer one is cut. */
export const COUNTEREXAMPLE_MESSAGE_MAX = 4096;
