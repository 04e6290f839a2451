import { splitEachDimension, type AllocationProblem } from './allocation-laws.js';
import type { Resources } from './resources.js';

/**
 * Max-min fair split of `total` whole units (water-filling): raise every
 * unsatisfied demand by the same amount until the units run out, capping
 * each at its demand. Units that cannot be split evenly go one each to the
 * lowest indices among those still unsatisfied, so the result is
 * deterministic and sums to exactly `min(total, Σ demands)`.
 */
export function splitMaxMinFair(total: number, demands: readonly number[]): readonly number[] {
  const parts = demands.map(() => 0);
  let left = total;
  // Each pass either satisfies at least one demand or spends every unit, so
  // the loop runs at most demands.length + 1 times.
  for (let pass = 0; pass <= demands.length && left > 0; pass++) {
    const open = demands.map((_, i) => i).filter((i) => (parts[i] ?? 0) < (demands[i] ?? 0));
    if (open.length === 0) break;
    const level = Math.min(Math.floor(left / open.length), ...open.map((i) => (demands[i] ?? 0) - (parts[i] ?? 0)));
    if (level === 0) {
      for (const i of open.slice(0, left)) parts[i] = (parts[i] ?? 0) + 1;
      left = 0;
      break;
    }
    for (const i of open) parts[i] = (parts[i] ?? 0) + level;
    left -= level * open.length;
  }
  return parts;
}

/** Max-min fairness applied to each dimension on its own; work-conserving. */
export function allocateMaxMinFair(problem: AllocationProblem): readonly Resources[] {
  return splitEachDimension(problem, splitMaxMinFair);
}
