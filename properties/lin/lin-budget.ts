import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** Why a check stopped before deciding. */
export type BudgetReason = 'timeout' | 'memory';

/** The memory limit when none is given: half the machine's memory, at most 4 GiB. */
export const DEFAULT_MAX_MEMORY_MB = Math.min(4096, Math.floor(totalmem() / 2 / 2 ** 20));

/** How much of V8's own heap a check may use, whatever its memory limit: past the heap limit V8 aborts the process. */
const HEAP_LIMIT_BYTES = getHeapStatistics().heap_size_limit * 0.85;

/**
 * The time and memory a linearizability check may use, shared by reading the
 * history and searching it, so that parsing counts against the same budget.
 * Memory is the process's resident set size, which includes typed arrays
 * outside V8's heap; V8's heap is watched as well, since running out of it
 * aborts the process instead of throwing.
 */
export class LinBudget {
  readonly deadline: number;
  readonly maxMemoryBytes: number;
  private stopped: BudgetReason | undefined;

  constructor(options: { readonly timeoutMs?: number | undefined; readonly maxMemoryMB?: number | undefined; readonly startedAt?: number | undefined } = {}) {
    const { timeoutMs, maxMemoryMB } = options;
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be at least 0 (got ${timeoutMs})`);
    if (maxMemoryMB !== undefined && !(maxMemoryMB > 0)) throw new RangeError(`maxMemoryMB must be more than 0 (got ${maxMemoryMB})`);
    this.deadline = timeoutMs === undefined ? Infinity : (options.startedAt ?? performance.now()) + timeoutMs;
    this.maxMemoryBytes = (maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB) * 2 ** 20;
  }

  /** The reason to stop now that the deadline has passed, or undefined. Cheap: call it often. */
  timeUp(): BudgetReason | undefined {
    if (this.stopped === undefined && performance.now() > this.deadline) this.stopped = 'timeout';
    return this.stopped;
  }

  /**
   * The reason to stop, looking at the clock and at memory, or undefined.
   * Reading memory costs some microseconds: call it every few thousand steps.
   */
  exceeded(): BudgetReason | undefined {
    if (this.timeUp() !== undefined) return this.stopped;
    if (process.memoryUsage.rss() > this.maxMemoryBytes || getHeapStatistics().used_heap_size > HEAP_LIMIT_BYTES) this.stopped = 'memory';
    return this.stopped;
  }

  /** False, and the budget stops for memory, when allocating `bytes` more would pass the limit. */
  allows(bytes: number): boolean {
    if (this.stopped === undefined && process.memoryUsage.rss() + bytes > this.maxMemoryBytes) this.stopped = 'memory';
    return this.stopped === undefined;
  }
}
