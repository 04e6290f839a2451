/**
 * The node logic of the lease lock service. Every node is both a grantor and
 * a possible holder:
 *
 * - A node with jobs to run asks every node (itself included) for the lock
 *   in a round named by its own clock reading. A node grants when it has
 *   promised no one else, or its promise has run out: it writes the promise
 *   to disk first, then answers, and for `promiseTicks` of its own clock
 *   grants no one else.
 * - With grants from a majority, the asker holds the lock until its own
 *   clock reaches the round's start plus `leaseTicks`, renews while it has
 *   work, runs its jobs one at a time, and releases the lock when it has none
 *   left.
 *
 * The lease is safe under clock drift up to ρ when it ends, on every clock,
 * before the promises that granted it: a lease of L ticks of a clock that
 * may run slow lasts at most L/(1−ρ) of true time, a promise of P ticks of a
 * clock that may run fast at least P/(1+ρ), so L < P·(1−ρ)/(1+ρ). faultline's
 * `safeLeaseTicks` computes it.
 */
import { safeLeaseTicks, type Effect, type NodeContext, type NodeLogic, type ProtocolRun } from 'faultline';
import type { LockProtocol, LockSettings, LockState } from './lock-protocol.js';

/** The planted bugs, each removing one rule above. */
export const LOCK_MUTANTS = ['lease-ignores-drift', 'promise-not-persisted'] as const;

const ROUND_TIMER = 0;
const WORK_TIMER = 1;

type Out = Effect<LockProtocol>[];

export function lockNodeLogic(run: ProtocolRun<LockSettings>): NodeLogic<LockProtocol> {
  const { settings, world, mutants } = run;
  const nodeCount = world.nodeCount;
  const majority = Math.floor(nodeCount / 2) + 1;
  // lease-ignores-drift: the lease lasts as long as the promises, as if clocks never drifted.
  const leaseTicks = mutants.includes('lease-ignores-drift') ? settings.promiseTicks : safeLeaseTicks(settings.promiseTicks, world.driftBoundPpm);
  // promise-not-persisted: a promise lives in memory only, so a restarted node has forgotten it.
  const persistPromises = !mutants.includes('promise-not-persisted');

  const holds = (state: LockState, ctx: NodeContext) => ctx.nowLocal < state.leaseUntilLocal;
  const mayPromise = (state: LockState, to: number, ctx: NodeContext) => state.promisedTo === null || state.promisedTo === to || ctx.nowLocal >= state.promiseUntilLocal;

  const promise = (state: LockState, to: number | null, round: number, untilLocal: number, out: Out) => {
    state.promisedTo = to;
    state.promisedRound = round;
    state.promiseUntilLocal = untilLocal;
    if (persistPromises) out.push({ kind: 'persist', hard: { promisedTo: to, promisedRound: round, promiseUntilLocal: untilLocal } });
  };

  const hasWork = (state: LockState) => state.running !== null || state.queue.length > 0;

  /** Asks every node for the lock (or renews it), granting itself first if it may. */
  const startRound = (state: LockState, ctx: NodeContext, out: Out) => {
    state.round = ctx.nowLocal;
    state.grants = 0;
    if (mayPromise(state, state.id, ctx)) {
      promise(state, state.id, state.round, ctx.nowLocal + settings.promiseTicks, out);
      state.grants = 1 << state.id;
    }
    for (let node = 0; node < nodeCount; node++) if (node !== state.id) out.push({ kind: 'send', to: node, msg: { kind: 'request', round: state.round } });
    state.asking = true;
    const wait = holds(state, ctx) ? settings.renewTicks : ctx.rng.int(settings.retryMinTicks, settings.retryMaxTicks);
    out.push({ kind: 'set-timer', timer: ROUND_TIMER, afterTicks: wait });
    countGrants(state, ctx, out);
  };

  /** With a majority's grants for the current round, the lease runs from the round's start. */
  const countGrants = (state: LockState, ctx: NodeContext, out: Out) => {
    if (popcount(state.grants) < majority) return;
    const held = holds(state, ctx);
    state.leaseUntilLocal = Math.max(state.leaseUntilLocal, state.round + leaseTicks);
    if (!held && holds(state, ctx)) {
      out.push({ kind: 'set-timer', timer: ROUND_TIMER, afterTicks: settings.renewTicks });
      nextJob(state, ctx, out);
    }
  };

  /** Starts the next job while the lock is held; asks for the lock when it is not; releases it when there is nothing left to do. */
  const nextJob = (state: LockState, ctx: NodeContext, out: Out) => {
    if (state.running !== null) return;
    const [job] = state.queue;
    if (job === undefined) {
      if (holds(state, ctx)) release(state, out);
    } else if (!holds(state, ctx)) {
      if (!state.asking) startRound(state, ctx, out);
    } else {
      state.queue.shift();
      state.running = job;
      out.push({ kind: 'set-timer', timer: WORK_TIMER, afterTicks: job.workTicks });
    }
  };

  /**
   * Stops holding first, then lets the grantors go, so that no one is
   * granted the lock while this node still holds it. The round is given up
   * too: a grant for it still on its way must not make the node a holder
   * again once its grantors have let it go.
   */
  const release = (state: LockState, out: Out) => {
    const round = state.round;
    state.leaseUntilLocal = Number.NEGATIVE_INFINITY;
    state.round = Number.NEGATIVE_INFINITY;
    state.grants = 0;
    if (state.promisedTo === state.id) promise(state, null, Number.NEGATIVE_INFINITY, 0, out);
    for (let node = 0; node < nodeCount; node++) if (node !== state.id) out.push({ kind: 'send', to: node, msg: { kind: 'release', round } });
  };

  return {
    timerNames: ['round', 'work'],
    start(ctx, disk) {
      // A restarted node keeps the promise on its disk and holds nothing: its lease, and the jobs it had, are gone.
      return {
        id: ctx.node,
        promisedTo: disk.hard?.promisedTo ?? null,
        promisedRound: disk.hard?.promisedRound ?? Number.NEGATIVE_INFINITY,
        promiseUntilLocal: disk.hard?.promiseUntilLocal ?? 0,
        round: Number.NEGATIVE_INFINITY,
        grants: 0,
        leaseUntilLocal: Number.NEGATIVE_INFINITY,
        asking: false,
        queue: [],
        running: null,
      };
    },
    onMessage(state, from, msg, ctx, out) {
      switch (msg.kind) {
        case 'request':
          // The promise is on disk before the grant leaves: a crash between the two cannot make this node forget it.
          // A late or duplicated request of an older round than the one promised is stale.
          if (!mayPromise(state, from, ctx) || (state.promisedTo === from && msg.round < state.promisedRound)) return;
          promise(state, from, msg.round, ctx.nowLocal + settings.promiseTicks, out);
          out.push({ kind: 'send', to: from, msg: { kind: 'grant', round: msg.round } });
          return;
        case 'grant':
          if (msg.round !== state.round) return;
          state.grants |= 1 << from;
          countGrants(state, ctx, out);
          return;
        case 'release':
          // A release lets go of the rounds up to its own: a late or duplicated one must not undo a promise made for a newer round.
          if (state.promisedTo === from && state.promisedRound <= msg.round) promise(state, null, Number.NEGATIVE_INFINITY, 0, out);
          return;
      }
    },
    onTimer(state, timer, ctx, out) {
      if (timer === ROUND_TIMER) {
        state.asking = false;
        if (hasWork(state)) startRound(state, ctx, out);
        return;
      }
      const job = state.running;
      if (job === null) return;
      state.running = null;
      // A job whose lease ran out under it may have overlapped another holder's work: its client is told so.
      out.push({ kind: 'reply', client: job.client, requestId: job.requestId, reply: { kind: 'result', output: { kind: holds(state, ctx) ? 'done' : 'aborted', job: job.job } } });
      nextJob(state, ctx, out);
    },
    onRequest(state, request, ctx, out) {
      const { client, requestId, op } = request;
      // A retried request this node already has is not queued twice.
      if (state.running?.requestId === requestId || state.queue.some((job) => job.requestId === requestId)) return;
      state.queue.push({ client, requestId, job: op.job, workTicks: op.workTicks });
      nextJob(state, ctx, out);
    },
  };
}

function popcount(mask: number): number {
  let count = 0;
  for (let bits = mask; bits !== 0; bits &= bits - 1) count++;
  return count;
}
