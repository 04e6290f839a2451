import { fillLinSpecDefaults, type LinSpec } from '../../model/lin-spec.js';
import { checkPartitions } from './check-partitions.js';
import { LinBudget } from './lin-budget.js';
import type { LinOperation } from './history.js';
import type { LinResult } from './lin-result.js';

export interface CheckLinearizableOptions {
  /** Give up after this long and answer `unknown` (never `ok`). No limit when absent. */
  readonly timeoutMs?: number | undefined;
  /**
   * Give up, answering `unknown`, before the process's memory passes this
   * many MiB (half the machine's memory, at most 4 GiB, when absent).
   */
  readonly maxMemoryMB?: number | undefined;
  /** When the time limit started (a `performance.now()` time), so that reading the history can count against it; now when absent. */
  readonly startedAt?: number | undefined;
}

/**
 * Decides whether `operations` is linearizable with respect to `spec`.
 * Operations with `return: Infinity` have an unknown outcome: they may take
 * effect at any point after their call, or never. Operations that touch at the
 * same instant count as concurrent. The spec's partition, if any, splits the
 * check into independent parts.
 */
export function checkLinearizable<S, I, O>(
  spec: LinSpec<S, I, O>,
  operations: readonly LinOperation<I, O>[],
  options: CheckLinearizableOptions = {},
): LinResult {
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index] as LinOperation<I, O>;
    if (!Number.isFinite(operation.call) || Number.isNaN(operation.return) || operation.return < operation.call) {
      throw new RangeError(`operation ${index} needs a finite call time no later than its return (call ${operation.call}, return ${operation.return})`);
    }
  }
  const budget = new LinBudget(options);
  const full = fillLinSpecDefaults(spec);
  const groups = full.partition(operations);
  const seen = new Uint8Array(operations.length);
  for (const group of groups) {
    for (const index of group) {
      if (!Number.isInteger(index) || index < 0 || index >= operations.length || seen[index]) {
        throw new RangeError(`spec ${spec.name}'s partition must use each operation index once (got ${index})`);
      }
      seen[index] = 1;
    }
  }
  if (seen.includes(0)) throw new RangeError(`spec ${spec.name}'s partition left operations out`);
  return checkPartitions(full, operations, groups, budget);
}
