import { findBuiltinScheduler } from '../../impl/schedulers/builtin-schedulers.js';
import { FaultlineError } from '../../model/faultline-error.js';
import { loadSchedulerCounterexample } from '../../traces/load-scheduler-counterexample.js';
import { inProcessSession } from './in-process-session.js';
import { openModuleSession, type SchedulerSessionOptions } from './open-scheduler-session.js';
import { runWorkload, type WorkloadOutcome } from './run-workload.js';
import type { SchedulerBundle } from './scheduler-bundle.js';
import type { SchedulerCounterexample } from './scheduler-counterexample.js';

export interface SchedulerReplay {
  readonly counterexample: SchedulerCounterexample;
  readonly outcome: WorkloadOutcome;
  /** True when the replay broke the same property after the same event. */
  readonly reproduced: boolean;
  /** For a user's module: whether the module replayed has the source hash recorded; null for a built-in. */
  readonly sourceMatches: boolean | null;
}

/**
 * Re-runs a scheduler counterexample file: the recorded workload, without
 * trusting the recorded verdict, and says whether the same property broke
 * at the same event. A built-in replays by its name. A user's module runs
 * only when the user names it (`module`, from `replay --scheduler PATH`):
 * the file holds the module's name and source hash, never a path to load,
 * so a counterexample that travels cannot make anyone run code they did
 * not choose. The replay says whether the module's source is the one
 * recorded.
 */
export async function replaySchedulerCounterexample(file: string, module: SchedulerBundle | undefined, options: SchedulerSessionOptions = {}): Promise<SchedulerReplay> {
  const counterexample = loadSchedulerCounterexample(file);
  const source = counterexample.schedulerSource;
  let session;
  if (source.kind === 'builtin') {
    const builtin = findBuiltinScheduler(counterexample.scheduler);
    if (builtin === undefined) throw new FaultlineError('unknown-scheduler', `the counterexample names the built-in scheduler ${JSON.stringify(counterexample.scheduler)}, which this faultline does not have`, { file });
    session = inProcessSession(builtin, options.stepLimit ?? 100_000);
  } else {
    if (module === undefined) {
      throw new FaultlineError('usage', `the counterexample was made with the scheduler module ${source.file} (${counterexample.scheduler}): replay it with --scheduler PATH; faultline never loads code named inside a file`, { file });
    }
    session = await openModuleSession(module, options);
    if (session.name !== counterexample.scheduler) {
      await session.close();
      throw new FaultlineError('usage', `the counterexample was made with scheduler ${counterexample.scheduler}, but ${module.file} defines ${session.name}`, { file });
    }
  }
  try {
    // The profile's classes without GPU demand carry none in the file (JSON has no undefined).
    const expectedDemand = counterexample.expectedDemand?.map((m) => ({ demand: m.demand, gpu: m.gpu, weight: m.weight }));
    const outcome = await runWorkload(counterexample.workload, session, { expectedDemand });
    const reproduced = outcome.kind === 'violated' && outcome.violation.property === counterexample.property && outcome.eventIndex === counterexample.eventIndex;
    return { counterexample, outcome, reproduced, sourceMatches: source.kind === 'module' ? module?.sha256 === source.sha256 : null };
  } finally {
    await session.close();
  }
}
