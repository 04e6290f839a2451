import { randomInt } from 'node:crypto';

/** A fresh seed for a run that was given none; printed first so the run can be repeated. */
export function randomSeed(): number {
  return randomInt(0, 0x7fffffff);
}
