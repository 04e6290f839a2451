import type { Resources } from './resources.js';

/** A job's placement decided by the leader: the node (by id) and what it grants there. */
export interface Placement {
  readonly node: number;
  readonly grant: Resources;
}

/**
 * A command of the replicated allocation ledger: what the single-leader
 * cluster's log holds, applied entry by entry on every node. Commands that
 * come from a client carry its id and request id, so that the state machine
 * applies a retried request once and answers it again with the first answer.
 *
 * - `submit` carries the leader's decision, made when it appended the entry:
 *   a placement, or null for a rejection. Deciding before appending keeps
 *   every replica's state the same, whatever policy the leader ran.
 * - `move` asks to move a job to `to`; it takes effect only if the job is
 *   placed elsewhere, settled, and fits there. Its source must then stop the
 *   job before the target may start it: `handoff-done` records that it did.
 * - `query` reads the allocation through the log, when the leader cannot
 *   serve a read under its lease.
 * - `noop` is the entry a new leader appends to commit its term.
 */
export type LedgerCommand =
  | { readonly kind: 'noop' }
  | {
      readonly kind: 'submit';
      readonly client: number;
      readonly requestId: number;
      readonly job: string;
      readonly tenant: string;
      readonly demand: Resources;
      readonly durationTicks: number;
      readonly placement: Placement | null;
    }
  | { readonly kind: 'complete'; readonly client: number; readonly requestId: number; readonly job: string }
  | { readonly kind: 'move'; readonly client: number; readonly requestId: number; readonly job: string; readonly to: number }
  | { readonly kind: 'handoff-done'; readonly job: string; readonly from: number }
  | { readonly kind: 'query'; readonly client: number; readonly requestId: number };

/** The node id the client API uses for node `node`. */
export function nodeName(node: number): string {
  return `n${node}`;
}

/**
 * The single-leader cluster's client API as clients call it: the ledger
 * spec's operations, with what the cluster needs besides (how long a job
 * runs; nodes by number). Node agents call `complete` when a job finishes
 * and `move` when the leader rebalances.
 */
export type LedgerClientOp =
  | { readonly kind: 'submit'; readonly job: string; readonly demand: Resources; readonly tenant: string; readonly durationTicks: number }
  | { readonly kind: 'complete'; readonly job: string }
  | { readonly kind: 'query' }
  | { readonly kind: 'move'; readonly job: string; readonly node: number };
