import { bestFitScheduler } from './best-fit-scheduler.js';
import type { Scheduler } from './define-scheduler.js';
import { drfScheduler } from './drf-scheduler.js';
import { firstFitScheduler } from './first-fit-scheduler.js';
import { fragmentationGradientScheduler } from './fragmentation-gradient-scheduler.js';
import { leastLoadedScheduler } from './least-loaded-scheduler.js';
import { originEquationsScheduler } from './origin-equations-scheduler.js';
import { originNaiveManagerScheduler } from './origin-naive-manager-scheduler.js';
import { proportionalShareScheduler } from './proportional-share-scheduler.js';

/**
 * The built-in scheduler variants, in the order `faultline schedulers` lists
 * them. `expected` says what `faultline check` must conclude about each: the
 * two ports of the origin document are kept unsafe on purpose.
 */
export const BUILTIN_SCHEDULERS: readonly { readonly scheduler: Scheduler; readonly expected: 'holds' | 'violates' }[] = [
  { scheduler: originEquationsScheduler, expected: 'violates' },
  { scheduler: originNaiveManagerScheduler, expected: 'violates' },
  { scheduler: firstFitScheduler, expected: 'holds' },
  { scheduler: bestFitScheduler, expected: 'holds' },
  { scheduler: leastLoadedScheduler, expected: 'holds' },
  { scheduler: proportionalShareScheduler, expected: 'holds' },
  { scheduler: drfScheduler, expected: 'holds' },
  { scheduler: fragmentationGradientScheduler, expected: 'holds' },
];

/** The built-in named `name`, or undefined. */
export function findBuiltinScheduler(name: string): Scheduler | undefined {
  return BUILTIN_SCHEDULERS.find((entry) => entry.scheduler.name === name)?.scheduler;
}
