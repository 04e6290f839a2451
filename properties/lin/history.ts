import type { LedgerNode } from '../../model/ledger-spec.js';
import type { EdnValue } from './edn-reader.js';

/**
 * One client operation as the checker sees it. Times are any numbers that
 * order events (a log's event index, or virtual milliseconds). `return` is
 * `Infinity` when the outcome is unknown (a Jepsen `:info`, a call still open
 * at the end): such an operation may take effect at any point after its call,
 * or never.
 */
export interface LinOperation<I, O> {
  readonly client: number;
  readonly call: number;
  readonly return: number;
  readonly input: I;
  readonly output: O;
}

/**
 * How a recorded operation ended, in the parsers' shared vocabulary:
 * - `ok`: it completed; `value` is the completion's `:value`;
 * - `refused`: it completed and its own check failed without effect (the etcd
 *   logs' `:fail :cas`: the compare did not hold);
 * - `result-unknown`: it completed but its result was lost (the etcd logs'
 *   `:fail :read :timed-out`);
 * - `open`: the outcome is unknown (`:info`, or no completion at all).
 * Jepsen's `:fail` (certainly did not happen) never reaches this stage: the
 * parser drops the operation, as Knossos does.
 */
export type RecordedOutcome =
  | { readonly kind: 'ok'; readonly value: EdnValue }
  | { readonly kind: 'refused'; readonly value: EdnValue }
  | { readonly kind: 'result-unknown' }
  | { readonly kind: 'open' };

/** A parsed operation before a model gives it typed inputs and outputs. */
export interface RecordedOperation {
  readonly client: number;
  /** The operation's name without the colon: `read`, `cas`, `append`, ... */
  readonly f: string;
  /** The `:key` of key-value histories, when the entry has one. */
  readonly key: EdnValue | undefined;
  /** The invocation's `:value` (for a read it is not the result). */
  readonly value: EdnValue;
  readonly outcome: RecordedOutcome;
  readonly call: number;
  readonly return: number;
  /** The 1-based line of the invocation, for error messages. */
  readonly line: number;
}

/** A parsed history file, and where it came from for error messages. */
export interface RecordedHistory {
  readonly file: string;
  readonly format: HistoryFormat;
  readonly operations: readonly RecordedOperation[];
  /** Set by formats that name their model (faultline's own JSON). */
  readonly model?: string;
  /** Set by formats that carry the ledger's cluster nodes (faultline's own JSON). */
  readonly nodes?: readonly LedgerNode[];
}

export const HISTORY_FORMATS = ['porcupine-etcd', 'porcupine-kv', 'jepsen-edn', 'faultline'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];
