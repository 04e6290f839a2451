import type { Resources } from '../../model/resources.js';

/** A member's state as gossip spreads it (SWIM): the incarnation lets a member refute a suspicion about itself. */
export interface MemberUpdate {
  readonly node: number;
  readonly status: 'alive' | 'suspect' | 'dead';
  readonly incarnation: number;
}

/** A submit waiting for capacity, as a load report names it. */
export interface Want {
  readonly id: number;
  readonly demand: Resources;
}

/** What a node tells others about its load: the demand it is holding, and the share it could give away on each host. */
export interface LoadReport {
  readonly node: number;
  /** Increases with every report the node makes (it follows the node's clock, which survives restarts), so the newest wins. */
  readonly version: number;
  /** The oldest submits waiting at the node, oldest first: their request ids (the coordinator answers each once) and demands. */
  readonly wants: readonly Want[];
  /** The node's unallocated share of each host's capacity. */
  readonly shares: readonly Resources[];
}

/** What rides on every SWIM message. */
export interface Gossip {
  readonly members: readonly MemberUpdate[];
  readonly loads: readonly LoadReport[];
}

/**
 * The messages of the leaderless cluster: SWIM's probes (with gossip on
 * each), the coordinator's election and heartbeats, the coordinator's orders
 * to move capacity, and the transfer protocol that moves it.
 */
export type LeaderlessMsg =
  | { readonly kind: 'ping'; readonly seq: number; readonly gossip: Gossip }
  | { readonly kind: 'ack'; readonly seq: number; readonly gossip: Gossip }
  /** Asks the receiver to probe `target` for the sender, which could not reach it directly. */
  | { readonly kind: 'ping-req'; readonly seq: number; readonly target: number; readonly gossip: Gossip }
  | { readonly kind: 'indirect-ack'; readonly seq: number; readonly target: number }
  | { readonly kind: 'vote-request'; readonly term: number; readonly candidate: number }
  | { readonly kind: 'vote'; readonly term: number; readonly granted: boolean }
  | { readonly kind: 'coordinate'; readonly term: number; readonly round: number }
  /** A member's answer to the coordinator's heartbeat, with its load, so that the coordinator need not wait for gossip. */
  | { readonly kind: 'coordinate-ack'; readonly term: number; readonly round: number; readonly load: LoadReport }
  /** From the coordinator: give `amount` of host `host`'s capacity to node `to`, for its waiting submit `forWant` (a request id). */
  | { readonly kind: 'give'; readonly term: number; readonly to: number; readonly host: number; readonly amount: Resources; readonly forWant: number }
  /**
   * A member's answer to a `give` it could not carry out (it no longer holds
   * the amount, or now waits for an older submit itself), with its load, so
   * that the coordinator orders from another member at once.
   */
  | { readonly kind: 'give-refused'; readonly term: number; readonly forWant: number; readonly load: LoadReport }
  /** From the coordinator: node `from` was asked to give you `amount` on `host`. */
  | { readonly kind: 'expect'; readonly term: number; readonly from: number; readonly host: number; readonly amount: Resources }
  | { readonly kind: 'transfer'; readonly id: number; readonly host: number; readonly amount: Resources }
  | { readonly kind: 'transfer-ack'; readonly id: number };
