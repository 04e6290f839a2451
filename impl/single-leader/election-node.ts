import type { SimConfig } from '../sim-config.js';
import type { Effect, NodeContext, NodeLogic } from '../world/node-logic.js';
import type { ElectionMsg, ElectionPersisted } from './election-msg.js';

export type Role = 'follower' | 'candidate' | 'leader';

/** A node's volatile state. Checkers read it; only the handlers below change it. */
export interface ElectionState {
  readonly id: number;
  currentTerm: number;
  votedFor: number | null;
  role: Role;
  leaderId: number | null;
  /**
   * The node grants no vote (its own included) before this local time. It is
   * pushed forward whenever the node hears from a leader, when a leader starts
   * a heartbeat round, and on every start: this promise is what makes the
   * leader lease safe.
   */
  noVoteBeforeLocal: number;
  votesMask: number;
  round: number;
  /** Start time and acknowledgement mask of the last ROUND_WINDOW heartbeat rounds. */
  readonly roundStartLocal: number[];
  readonly roundAcks: number[];
  /** The leader serves (acts as leader) only while its local clock is below this. */
  leaseUntilLocal: number;
  /** Start of the latest heartbeat round a majority acknowledged (check-quorum). */
  lastQuorumLocal: number;
}

export const ELECTION_TIMER = 0;
export const HEARTBEAT_TIMER = 1;
const ROUND_WINDOW = 8;

/** The election layer as a protocol: it has no log and no client API yet. */
export interface ElectionProtocol {
  readonly state: ElectionState;
  readonly msg: ElectionMsg;
  readonly hard: ElectionPersisted;
  readonly entry: never;
  readonly op: never;
  readonly output: never;
}

type Out = Effect<ElectionProtocol>[];

/**
 * The lease, in leader-local ticks, that is safe under the drift bound ρ.
 *
 * A follower that acknowledged a round refuses votes for `minTimeout` of its
 * own clock, which is at least minTimeout/(1+ρ) of true time after the round
 * started. The leader's lease of `L` local ticks lasts at most L/(1−ρ) of true
 * time. So L < minTimeout·(1−ρ)/(1+ρ) keeps every lease inside every promise.
 */
export function safeLeaseTicks(minTimeoutTicks: number, driftBoundPpm: number): number {
  const rho = driftBoundPpm / 1_000_000;
  return Math.max(1, Math.floor((minTimeoutTicks * (1 - rho)) / (1 + rho)) - 1);
}

/** Whether the node acts as leader right now: it is leader and its lease, read on its own clock, holds. */
export function isServingLeader(state: ElectionState, nowLocal: number): boolean {
  return state.role === 'leader' && nowLocal < state.leaseUntilLocal;
}

/**
 * Raft leader election with persisted term and vote, randomized election
 * timeouts, heartbeats, step-down on a higher term, check-quorum, vote
 * stickiness and a drift-safe leader lease. Mutants named in the config
 * plant the bugs the gate must catch.
 */
export function electionLogic(config: SimConfig): NodeLogic<ElectionProtocol> {
  const { electionTimeoutMinTicks: minTimeout, electionTimeoutMaxTicks: maxTimeout, heartbeatIntervalTicks: heartbeat } = config.cluster.timing;
  const nodeCount = config.world.nodeCount;
  const majority = Math.floor(nodeCount / 2) + 1;
  const voteTwice = config.cluster.mutants.includes('vote-twice');
  const leaseTicks = config.cluster.mutants.includes('lease-ignores-drift') ? minTimeout : safeLeaseTicks(minTimeout, config.world.driftBoundPpm);

  const persist = (state: ElectionState, out: Out) => {
    // The vote-twice mutant forgets votedFor on disk: after a restart the node may vote again in the same term.
    out.push({ kind: 'persist', hard: { currentTerm: state.currentTerm, votedFor: voteTwice ? null : state.votedFor } });
  };
  const armElection = (ctx: NodeContext, out: Out) => {
    out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: ctx.rng.int(minTimeout, maxTimeout) });
  };
  const broadcast = (state: ElectionState, msg: ElectionMsg, out: Out, skipMask = 0) => {
    for (let peer = 0; peer < nodeCount; peer++) {
      if (peer !== state.id && (skipMask & (1 << peer)) === 0) out.push({ kind: 'send', to: peer, msg });
    }
  };
  /** Follows `term`; returns whether the durable state changed. It is persisted unless the caller persists it itself. */
  const stepDown = (state: ElectionState, term: number, out: Out, persistNow = true): boolean => {
    const changed = term > state.currentTerm;
    if (changed) {
      state.currentTerm = term;
      state.votedFor = null;
      state.leaderId = null;
      if (persistNow) persist(state, out);
    }
    if (state.role === 'leader') state.leaseUntilLocal = Number.NEGATIVE_INFINITY;
    state.role = 'follower';
    return changed;
  };
  const startRound = (state: ElectionState, ctx: NodeContext, out: Out) => {
    state.round++;
    const slot = state.round % ROUND_WINDOW;
    state.roundStartLocal[slot] = ctx.nowLocal;
    state.roundAcks[slot] = 1 << state.id;
    // The leader counts itself in every acknowledging majority, so it makes the same promise as its followers.
    state.noVoteBeforeLocal = Math.max(state.noVoteBeforeLocal, ctx.nowLocal + minTimeout);
    broadcast(state, { kind: 'append-entries', term: state.currentTerm, leader: state.id, round: state.round }, out);
    if (majority === 1) acknowledgeRound(state, state.round);
    out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: heartbeat });
  };
  const acknowledgeRound = (state: ElectionState, round: number) => {
    const slot = round % ROUND_WINDOW;
    const acks = state.roundAcks[slot]!;
    if (popcount(acks) < majority) return;
    const start = state.roundStartLocal[slot]!;
    state.leaseUntilLocal = Math.max(state.leaseUntilLocal, start + leaseTicks);
    state.lastQuorumLocal = Math.max(state.lastQuorumLocal, start);
  };
  const becomeLeader = (state: ElectionState, ctx: NodeContext, out: Out) => {
    state.role = 'leader';
    state.leaderId = state.id;
    state.lastQuorumLocal = ctx.nowLocal;
    state.leaseUntilLocal = Number.NEGATIVE_INFINITY;
    startRound(state, ctx, out);
  };
  const startElection = (state: ElectionState, ctx: NodeContext, out: Out) => {
    state.currentTerm++;
    state.role = 'candidate';
    state.votedFor = state.id;
    state.leaderId = null;
    state.votesMask = 1 << state.id;
    persist(state, out);
    armElection(ctx, out);
    if (popcount(state.votesMask) >= majority) return becomeLeader(state, ctx, out);
    broadcast(state, { kind: 'request-vote', term: state.currentTerm, candidate: state.id }, out);
    // Candidates retry unanswered vote requests every heartbeat interval, since requests can be lost.
    out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: heartbeat });
  };

  return {
    timerNames: ['election', 'heartbeat'],

    start(ctx, disk, out) {
      const persisted = disk.hard;
      const state: ElectionState = {
        id: ctx.node,
        currentTerm: persisted?.currentTerm ?? 0,
        votedFor: persisted?.votedFor ?? null,
        role: 'follower',
        leaderId: null,
        // A started node cannot know whether it acknowledged a leader just before it crashed, so it keeps that promise anyway.
        noVoteBeforeLocal: ctx.nowLocal + minTimeout,
        votesMask: 0,
        round: 0,
        roundStartLocal: new Array<number>(ROUND_WINDOW).fill(0),
        roundAcks: new Array<number>(ROUND_WINDOW).fill(0),
        leaseUntilLocal: Number.NEGATIVE_INFINITY,
        lastQuorumLocal: Number.NEGATIVE_INFINITY,
      };
      armElection(ctx, out);
      return state;
    },

    onMessage(state, from, msg, ctx, out) {
      switch (msg.kind) {
        case 'request-vote': {
          // Vote stickiness: a node that recently heard from a leader ignores candidates, without even adopting their term.
          if (ctx.nowLocal < state.noVoteBeforeLocal) {
            out.push({ kind: 'send', to: from, msg: { kind: 'request-vote-reply', term: state.currentTerm, granted: false } });
            return;
          }
          let durableChanged = msg.term > state.currentTerm && stepDown(state, msg.term, out, false);
          const granted = msg.term === state.currentTerm && (state.votedFor === null || state.votedFor === msg.candidate);
          if (granted && state.votedFor === null) {
            state.votedFor = msg.candidate;
            durableChanged = true;
          }
          // One write covers both the new term and the vote, and it reaches the disk before the reply leaves.
          if (durableChanged) persist(state, out);
          if (granted) armElection(ctx, out);
          out.push({ kind: 'send', to: from, msg: { kind: 'request-vote-reply', term: state.currentTerm, granted } });
          return;
        }
        case 'request-vote-reply': {
          if (msg.term > state.currentTerm) {
            stepDown(state, msg.term, out);
            return;
          }
          if (state.role !== 'candidate' || msg.term !== state.currentTerm || !msg.granted) return;
          state.votesMask |= 1 << from;
          if (popcount(state.votesMask) >= majority) becomeLeader(state, ctx, out);
          return;
        }
        case 'append-entries': {
          if (msg.term < state.currentTerm) {
            out.push({ kind: 'send', to: from, msg: { kind: 'append-entries-reply', term: state.currentTerm, round: msg.round, success: false } });
            return;
          }
          if (msg.term > state.currentTerm || state.role !== 'follower') stepDown(state, msg.term, out);
          state.leaderId = msg.leader;
          state.noVoteBeforeLocal = Math.max(state.noVoteBeforeLocal, ctx.nowLocal + minTimeout);
          armElection(ctx, out);
          out.push({ kind: 'send', to: from, msg: { kind: 'append-entries-reply', term: state.currentTerm, round: msg.round, success: true } });
          return;
        }
        case 'append-entries-reply': {
          if (msg.term > state.currentTerm) {
            stepDown(state, msg.term, out);
            return;
          }
          if (state.role !== 'leader' || msg.term !== state.currentTerm || !msg.success) return;
          if (msg.round <= state.round - ROUND_WINDOW || msg.round > state.round) return;
          const slot = msg.round % ROUND_WINDOW;
          state.roundAcks[slot] = state.roundAcks[slot]! | (1 << from);
          acknowledgeRound(state, msg.round);
          return;
        }
      }
    },

    onRequest(state, request, _ctx, out) {
      // The election layer serves no client API: it can only point at the leader it knows.
      out.push({ kind: 'reply', client: request.client, requestId: request.requestId, reply: { kind: 'redirect', leader: state.leaderId } });
    },
    onTimer(state, timer, ctx, out) {
      if (timer === ELECTION_TIMER) {
        if (state.role === 'leader') return;
        if (ctx.nowLocal < state.noVoteBeforeLocal) {
          // Still bound by a promise to a leader: wait it out before standing, then try again.
          out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: state.noVoteBeforeLocal - ctx.nowLocal + ctx.rng.int(0, maxTimeout - minTimeout) });
          return;
        }
        startElection(state, ctx, out);
        return;
      }
      if (state.role === 'candidate') {
        broadcast(state, { kind: 'request-vote', term: state.currentTerm, candidate: state.id }, out, state.votesMask);
        out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: heartbeat });
        return;
      }
      if (state.role !== 'leader') return;
      // Check-quorum: a leader that has not heard from a majority for a whole minimum timeout steps down.
      if (ctx.nowLocal - state.lastQuorumLocal > minTimeout) {
        stepDown(state, state.currentTerm, out);
        armElection(ctx, out);
        return;
      }
      startRound(state, ctx, out);
    },
  };
}

function popcount(mask: number): number {
  let value = mask - ((mask >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
