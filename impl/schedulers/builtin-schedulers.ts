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
 * them. Whether each is safe is not written here: `faultline schedulers`
 * measures it with a seeded check when it lists them (the two ports of the
 * origin document are kept unsafe on purpose, and the tests say so).
 */
export const BUILTIN_SCHEDULERS: readonly Scheduler[] = [
  originEquationsScheduler,
  originNaiveManagerScheduler,
  firstFitScheduler,
  bestFitScheduler,
  leastLoadedScheduler,
  proportionalShareScheduler,
  drfScheduler,
  fragmentationGradientScheduler,
];

/** The built-in named `name`, or undefined. */
export function findBuiltinScheduler(name: string): Scheduler | undefined {
  return BUILTIN_SCHEDULERS.find((scheduler) => scheduler.name === name);
}
