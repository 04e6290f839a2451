import type { Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { deepFrozenCopy } from './deep-frozen-copy.js';
import type { CallInput, CallOutcome, SchedulerFunction, SchedulerSession } from './scheduler-session.js';
import { createStepBudget, StepBudgetExhausted } from './step-budget.js';

/**
 * Runs a built-in scheduler in this thread. Built-ins count their loops on
 * the injected step budget, which is what bounds them: the naive manager's
 * endless rebalance loop ends as `budget-exhausted`, never as a hang.
 */
export function inProcessSession(scheduler: Scheduler, stepLimit: number): SchedulerSession {
  return {
    name: scheduler.name,
    hasRebalance: scheduler.rebalance !== undefined,
    call: async (fn: SchedulerFunction, input: CallInput): Promise<CallOutcome> => callScheduler(scheduler, fn, input, stepLimit),
    close: async () => {},
  };
}

/** One guarded call; shared with the worker, which runs user schedulers the same way. */
export function callScheduler(scheduler: Scheduler, fn: SchedulerFunction, input: CallInput, stepLimit: number): CallOutcome {
  const metered = createStepBudget(stepLimit);
  const cluster = deepFrozenCopy(input.cluster);
  try {
    const value =
      fn === 'place'
        ? scheduler.place({
            cluster,
            pending: deepFrozenCopy(input.pending),
            budget: metered.budget,
            ...(input.expectedDemand === undefined ? {} : { expectedDemand: deepFrozenCopy(input.expectedDemand) }),
          })
        : (scheduler.rebalance?.({ cluster, budget: metered.budget }) ?? []);
    if (metered.exhausted()) return { kind: 'budget-exhausted', steps: stepLimit };
    if (typeof (value as { then?: unknown } | null)?.then === 'function') {
      return { kind: 'uncopyable', message: `${fn} returned a Promise; scheduler functions must be synchronous` };
    }
    return { kind: 'returned', value };
  } catch (error) {
    if (error instanceof StepBudgetExhausted || metered.exhausted()) return { kind: 'budget-exhausted', steps: stepLimit };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : `threw ${String(error)}`;
    return { kind: 'threw', message: message.split('\n')[0] ?? message };
  }
}
