import type { Prng } from './prng.js';

/**
 * The types one protocol is made of, bundled so that the world, the effects
 * and the observers name them once: a node's volatile `state`, its messages
 * (`msg`), the durable record it rewrites whole (`hard`: a term and a vote),
 * the entries of its durable log (`entry`), and its client API (`op` in,
 * `output` out).
 */
export interface Protocol {
  readonly state: unknown;
  readonly msg: { readonly kind: string };
  readonly hard: unknown;
  readonly entry: unknown;
  readonly op: unknown;
  readonly output: unknown;
}

/**
 * What a node finds on its disk when it starts: the last durable record it
 * persisted (undefined if none) and its durable log. A node's disk survives
 * crashes and restarts; only a `leave` wipes it.
 */
export interface Disk<P extends Protocol> {
  readonly hard: P['hard'] | undefined;
  readonly log: readonly P['entry'][];
}

/** A client request as it reaches a node. A retried request keeps its id. */
export interface ClientRequest<Op> {
  readonly client: number;
  readonly requestId: number;
  readonly op: Op;
}

/**
 * A node's answer to a client request. `result` ends the operation; a
 * `redirect` names the node the client should ask instead (null when the node
 * does not know one), and the client keeps the operation open.
 */
export type ClientReply<Output> =
  | { readonly kind: 'result'; readonly output: Output }
  | { readonly kind: 'redirect'; readonly leader: number | null };

/**
 * What node logic asks the world to do. Node logic never touches the network,
 * the clock, the disk or the clients itself: it pushes effects into an output
 * buffer and the world carries them out, in order, after the handler returns.
 * Order matters: a `persist` or `append` pushed before a `send` is on disk
 * before the message leaves, which is what Raft requires of votes and of
 * acknowledged entries.
 */
export type Effect<P extends Protocol> =
  | { readonly kind: 'send'; readonly to: number; readonly msg: P['msg'] }
  /** (Re)arms timer `timer`, replacing any earlier arming of it, to fire after `afterTicks` of local time. */
  | { readonly kind: 'set-timer'; readonly timer: number; readonly afterTicks: number }
  /** Replaces the node's durable record. */
  | { readonly kind: 'persist'; readonly hard: P['hard'] }
  /**
   * Writes to the durable log by appending: the entries from position
   * `fromIndex` on (0-based) are replaced by `entries`. Only the new entries
   * are written, never the whole log.
   */
  | { readonly kind: 'append'; readonly fromIndex: number; readonly entries: readonly P['entry'][] }
  /** Answers a client request; the world carries the reply back to the client. */
  | { readonly kind: 'reply'; readonly client: number; readonly requestId: number; readonly reply: ClientReply<P['output']> }
  /**
   * The node's own agent calls the cluster's client API, as a node agent
   * (a kubelet, say) calls its control plane: the call is made, retried and
   * recorded in the history like any client's.
   */
  | { readonly kind: 'call'; readonly op: P['op'] };

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
 * not change a persisted value or log entry after emitting it, and must draw
 * randomness only from `ctx.rng`, so that a run depends on its seed and
 * nothing else.
 */
export interface NodeLogic<P extends Protocol> {
  /** Names of the timers, indexed by timer number, for event logs. */
  readonly timerNames: readonly string[];
  /** Builds a node's volatile state from its disk, at first start (an empty disk) or after a restart. */
  start(ctx: NodeContext, disk: Disk<P>, out: Effect<P>[]): P['state'];
  onMessage(state: P['state'], from: number, msg: P['msg'], ctx: NodeContext, out: Effect<P>[]): void;
  onTimer(state: P['state'], timer: number, ctx: NodeContext, out: Effect<P>[]): void;
  onRequest(state: P['state'], request: ClientRequest<P['op']>, ctx: NodeContext, out: Effect<P>[]): void;
}
