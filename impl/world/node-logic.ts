import type { Prng } from './prng.js';

/**
 * What node logic asks the world to do. Node logic never touches the network,
 * the clock or the disk itself: it pushes effects into an output buffer and
 * the world carries them out, in order, after the handler returns. Order
 * matters: a `persist` pushed before a `send` is on disk before the message
 * leaves, which is what Raft requires of votes.
 */
export type Effect<M, P> =
  | { readonly kind: 'send'; readonly to: number; readonly msg: M }
  /** (Re)arms timer `timer`, replacing any earlier arming of it, to fire after `afterTicks` of local time. */
  | { readonly kind: 'set-timer'; readonly timer: number; readonly afterTicks: number }
  /** Replaces the node's durable state; it survives crashes, and only it does. */
  | { readonly kind: 'persist'; readonly state: P };

/** What a handler may read besides its own state. */
export interface NodeContext {
  readonly node: number;
  /** The node's own clock, in ticks: drifts from true time within the configured bound. */
  readonly nowLocal: number;
  /** The node's own random stream, derived from the run's seed. */
  readonly rng: Prng;
}

/**
 * The logic of one cluster kind, as plain functions over a node's state.
 *
 * Contract: handlers may change the node state they are given (it belongs to
 * that node alone) but must not keep references to the output buffer, must
 * not change a persisted value after emitting it, and must draw randomness
 * only from `ctx.rng`, so that a run depends on its seed and nothing else.
 */
export interface NodeLogic<S, M, P> {
  /** Names of the timers, indexed by timer number, for event logs. */
  readonly timerNames: readonly string[];
  /** Builds a node's volatile state at first start (`persisted` undefined) or after a restart. */
  start(ctx: NodeContext, persisted: P | undefined, out: Effect<M, P>[]): S;
  onMessage(state: S, from: number, msg: M, ctx: NodeContext, out: Effect<M, P>[]): void;
  onTimer(state: S, timer: number, ctx: NodeContext, out: Effect<M, P>[]): void;
}
