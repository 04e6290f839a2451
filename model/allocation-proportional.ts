import { splitEachDimension, type AllocationProblem } from './allocation-laws.js';
import type { Resources } from './resources.js';

/**
 * Splits `total` units among `weights` in proportion, in whole units, so that
 * the parts sum to exactly `min(total, Σ weights)` and no part exceeds its
 * weight. Each part is first rounded down; the units left over go one each to
 * the largest remainders, ties to the lower index, so the answer is
 * deterministic. BigInt keeps `total·weight` exact however large the numbers.
 */
export function splitProportionally(total: number, weights: readonly number[]): readonly number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= total) return [...weights];
  if (sum === 0) return weights.map(() => 0);
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => Number((bigTotal * BigInt(w)) / bigSum));
  const remainders = weights.map((w, index) => ({ index, remainder: (bigTotal * BigInt(w)) % bigSum }));
  remainders.sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.index - b.index));
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/**
 * Proportional share, per dimension: when the demands fit, everyone gets what
 * they asked for; when they do not, the capacity is split in proportion to
 * demand. Work-conserving: Σ grants = min(capacity, Σ demands).
 */
export function allocateProportionally(problem: AllocationProblem): readonly Resources[] {
  return splitEachDimension(problem, splitProportionally);
}
