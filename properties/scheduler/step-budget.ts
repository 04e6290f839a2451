import type { StepBudget } from '../../impl/schedulers/define-scheduler.js';

/** Thrown inside a scheduler call when its step budget is spent. */
export class StepBudgetExhausted extends Error {
  constructor(readonly limit: number) {
    super(`step budget of ${limit} exhausted`);
    this.name = 'StepBudgetExhausted';
  }
}

/** A step budget plus what the harness needs to know about it afterwards. */
export interface MeteredStepBudget {
  readonly budget: StepBudget;
  /** True once the scheduler asked for more steps than allowed, even if it caught the error. */
  exhausted(): boolean;
  used(): number;
}

/**
 * A fresh budget for one scheduler call. Each call gets its own, so the two
 * calls of the determinism check see exactly the same limit.
 */
export function createStepBudget(limit: number): MeteredStepBudget {
  let used = 0;
  let exhausted = false;
  return {
    budget: {
      step(count = 1) {
        used += Number.isFinite(count) && count > 0 ? count : 1;
        if (used > limit) {
          exhausted = true;
          throw new StepBudgetExhausted(limit);
        }
      },
    },
    exhausted: () => exhausted,
    used: () => used,
  };
}
