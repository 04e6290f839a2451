import { readInputFile } from '../../traces/read-input-file.js';
import { openSchedulerSession, type SchedulerSessionOptions } from './open-scheduler-session.js';
import { runWorkload, type WorkloadOutcome } from './run-workload.js';
import { parseSchedulerCounterexample, type SchedulerCounterexample } from './scheduler-counterexample.js';

export interface SchedulerReplay {
  readonly counterexample: SchedulerCounterexample;
  readonly outcome: WorkloadOutcome;
  /** True when the replay broke the same property after the same event. */
  readonly reproduced: boolean;
}

/**
 * Re-runs a scheduler counterexample file: the recorded workload against the
 * recorded scheduler (built-in by name, or the module by absolute path),
 * without trusting the recorded verdict, and says whether the same property
 * broke at the same event.
 */
export async function replaySchedulerCounterexample(file: string, options: SchedulerSessionOptions = {}): Promise<SchedulerReplay> {
  const counterexample = parseSchedulerCounterexample(readInputFile(file, 'counterexample'), file);
  const session = await openSchedulerSession(counterexample.schedulerModule ?? counterexample.schedulerArgument, options);
  try {
    const outcome = await runWorkload(counterexample.workload, session, { expectedDemand: counterexample.expectedDemand });
    const reproduced = outcome.kind === 'violated' && outcome.violation.property === counterexample.property && outcome.eventIndex === counterexample.eventIndex;
    return { counterexample, outcome, reproduced };
  } finally {
    await session.close();
  }
}
