import type { FullLinSpec } from '../../model/lin-spec.js';
import type { LinOperation } from './history.js';
import type { LinBudget } from './lin-budget.js';
import type { LinResult, PartialLinearization, PartitionResult } from './lin-result.js';
import { LinSearch } from './lin-search.js';

/** The first round's iteration budget per partition; each round doubles it. */
const FIRST_BUDGET = 1 << 12;
const LAST_BUDGET = 1 << 30;

/**
 * Checks every partition of a history, interleaved round robin with a
 * per-partition iteration budget that doubles each round, and stops at the
 * first illegal partition. A hard partition therefore costs at most about
 * twice what the others need before an illegal one is found, instead of
 * hiding it (kv/c50-bad's keys "0" and "9" against its other keys).
 */
export function checkPartitions<S, I, O>(
  spec: FullLinSpec<S, I, O>,
  operations: readonly LinOperation<I, O>[],
  groups: readonly (readonly number[])[],
  budget: LinBudget,
): LinResult {
  const searches = groups.map((group) => new LinSearch(spec, group.length === operations.length ? operations : group.map((index) => operations[index] as LinOperation<I, O>)));
  const pending = searches.map((_, index) => index);
  let illegal: number | undefined;
  let stopped: 'timeout' | 'memory' | undefined;
  for (let iterations = FIRST_BUDGET; pending.length > 0 && illegal === undefined && stopped === undefined; iterations = Math.min(iterations * 2, LAST_BUDGET)) {
    for (let i = 0; i < pending.length; ) {
      const index = pending[i]!;
      const status = searches[index]!.run(iterations, budget);
      if (status === 'running') {
        i++;
        continue;
      }
      pending.splice(i, 1);
      if (status === 'illegal') {
        illegal = index;
        break;
      }
      if (status === 'timeout' || status === 'memory') {
        stopped = status;
        break;
      }
    }
  }

  const partitions = searches.map((search, index): PartitionResult => {
    const group = groups[index] ?? [];
    const kind = search.status === 'running' ? 'unfinished' : search.status === 'timeout' || search.status === 'memory' ? 'unknown' : search.status;
    // Partial linearizations explain an illegal verdict, and show how far a
    // timed-out search got; for a partition left unfinished they would only
    // suggest a problem that was never found.
    if (kind !== 'illegal' && kind !== 'unknown') return { kind, operations: group, longest: [], stuckAt: undefined, steps: search.steps };
    const global = (local: number | undefined): number | undefined => (local === undefined ? undefined : group[local]);
    const longest = search.longest().map(
      (partial): PartialLinearization => ({ operations: partial.operations.map((local) => group[local] ?? -1), stuckAt: global(partial.stuckAt) }),
    );
    return { kind, operations: group, longest, stuckAt: kind === 'illegal' ? global(search.stuckAt()) : undefined, steps: search.steps };
  });
  if (illegal !== undefined) return { kind: 'illegal', partitions, illegalPartition: illegal };
  if (stopped !== undefined) return { kind: 'unknown', partitions, reason: stopped };
  return { kind: 'ok', partitions };
}
