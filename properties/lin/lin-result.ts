/**
 * A prefix of a linearization that could not be extended: the operations in
 * the order they were linearized, and the operation whose return the search
 * reached before it could place it (`undefined` when nothing stopped it).
 * Operations are indices into the checked history.
 */
export interface PartialLinearization {
  readonly operations: readonly number[];
  readonly stuckAt: number | undefined;
}

/**
 * One partition's outcome. `unfinished` means the check stopped before this
 * partition was decided, because another one was found illegal.
 */
export interface PartitionResult {
  readonly kind: 'ok' | 'illegal' | 'unknown' | 'unfinished';
  /** The partition's operations, as indices into the checked history. */
  readonly operations: readonly number[];
  /** The longest partial linearizations found (a few, all of the same length); empty unless illegal or unknown. */
  readonly longest: readonly PartialLinearization[];
  /**
   * For an illegal partition: the earliest-returning operation that no
   * linearization could ever include, i.e. where every one got stuck (or,
   * when each operation fits in some attempt, where the longest got stuck).
   */
  readonly stuckAt: number | undefined;
  /** Search iterations spent on this partition. */
  readonly steps: number;
}

/**
 * The checker's answer. `unknown` comes from running out of time or memory
 * and is never reported as `ok`; `illegal` is definite even when other
 * partitions were not decided.
 */
export type LinResult =
  | { readonly kind: 'ok'; readonly partitions: readonly PartitionResult[] }
  | { readonly kind: 'illegal'; readonly partitions: readonly PartitionResult[]; readonly illegalPartition: number }
  | { readonly kind: 'unknown'; readonly partitions: readonly PartitionResult[]; readonly reason: 'timeout' | 'memory' };
