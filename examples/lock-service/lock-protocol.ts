/**
 * The types of the lease lock service (see `lock-service.ts`): what a node
 * keeps in memory and on disk, the messages nodes exchange, and the client
 * API.
 */

/** The service's settings; every trace stores them, so they are plain JSON. */
export interface LockSettings {
  /** How long a node promises, on its own clock, to grant the lock to no one else. */
  readonly promiseTicks: number;
  /** A holder with work to do starts a renewal round this often. */
  readonly renewTicks: number;
  /** A node that failed to get the lock tries again after a random wait in this range. */
  readonly retryMinTicks: number;
  readonly retryMaxTicks: number;
}

/** A client asks a node to run a job while it holds the lock. */
export type LockOp = { readonly kind: 'run'; readonly job: number; readonly workTicks: number };

/** `done`: the job ran to its end under the lock; `aborted`: the node lost the lock while it ran. */
export type LockOutput = { readonly kind: 'done'; readonly job: number } | { readonly kind: 'aborted'; readonly job: number };

/**
 * `round` names a round of asking for the lock by the requester's clock
 * reading when it started: a node's clock never runs backwards, so a round
 * is never confused with one before a restart, and a grant for round `r` was
 * given after `r`, which is what the lease is counted from.
 */
export type LockMsg = { readonly kind: 'request'; readonly round: number } | { readonly kind: 'grant'; readonly round: number } | { readonly kind: 'release'; readonly round: number };

/** What a node keeps on disk: the promise it made (to whom, for which of their rounds, until when), so that a restart cannot break it. */
export interface LockHard {
  readonly promisedTo: number | null;
  readonly promisedRound: number;
  readonly promiseUntilLocal: number;
}

/** A job a node has accepted and not yet answered. */
export interface QueuedJob {
  readonly client: number;
  readonly requestId: number;
  readonly job: number;
  readonly workTicks: number;
}

export interface LockState {
  readonly id: number;
  /** The promise this node made as a grantor (mirrors its disk). */
  promisedTo: number | null;
  promisedRound: number;
  promiseUntilLocal: number;
  /** The round this node is asking for, or renewing with, and who granted it. */
  round: number;
  grants: number;
  /** This node holds the lock while its clock is below this. */
  leaseUntilLocal: number;
  /** A round timer is armed: the node is asking for the lock, or renewing it. */
  asking: boolean;
  /** Jobs waiting for the lock, oldest first, and the one running. */
  readonly queue: QueuedJob[];
  running: QueuedJob | null;
}

/** The protocol's types, bundled as faultline's `Protocol` wants them. */
export interface LockProtocol {
  readonly state: LockState;
  readonly msg: LockMsg;
  readonly hard: LockHard;
  readonly entry: never;
  readonly op: LockOp;
  readonly output: LockOutput;
}
