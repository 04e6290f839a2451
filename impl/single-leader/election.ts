import { acknowledgeLeaseRound, dropLease, popcount, startLeaseRound } from '../lease.js';
import type { NodeContext } from '../world/node-logic.js';
import { appendAsLeader, candidateUpToDate, lastIndex, persistHard, termAt } from './raft-log.js';
import { sendAppendEntries } from './replication.js';
import { ELECTION_TIMER, HEARTBEAT_TIMER, type Out, type SingleLeaderEnv } from './single-leader-env.js';
import type { SingleLeaderMsg } from './single-leader-msg.js';
import type { SingleLeaderState } from './single-leader-state.js';

/** Whether the node acts as leader right now: it is leader and its lease, read on its own clock, holds. */
export function isServingLeader(state: SingleLeaderState, nowLocal: number): boolean {
  return state.role === 'leader' && nowLocal < state.lease.leaseUntilLocal;
}

export function armElection(env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: ctx.rng.int(env.minTimeout, env.maxTimeout) });
}

/**
 * Follows `term`: a newer term clears the vote and the known leader. A leader
 * that steps down drops its lease and everything it kept as leader (its
 * pending requests are retried by their clients), and arms its election
 * timer again, which it let lapse while it led. Returns whether the durable
 * record changed; it is persisted here unless the caller persists it itself.
 */
export function stepDown(state: SingleLeaderState, env: SingleLeaderEnv, term: number, ctx: NodeContext, out: Out, persistNow = true): boolean {
  const changed = term > state.currentTerm;
  if (changed) {
    state.currentTerm = term;
    state.votedFor = null;
    state.leaderId = null;
    if (persistNow) persistHard(state, env, out);
  }
  if (state.role === 'leader') {
    dropLease(state.lease);
    state.leader = null;
    armElection(env, ctx, out);
  }
  state.role = 'follower';
  return changed;
}

/** The promise behind the lease: no vote, the node's own included, for one minimum election timeout. */
export function promiseNoVote(state: SingleLeaderState, env: SingleLeaderEnv, nowLocal: number): void {
  state.noVoteBeforeLocal = Math.max(state.noVoteBeforeLocal, nowLocal + env.minTimeout);
}

function broadcast(state: SingleLeaderState, env: SingleLeaderEnv, msg: SingleLeaderMsg, out: Out, skipMask = 0): void {
  for (let peer = 0; peer < env.nodeCount; peer++) {
    if (peer !== state.id && (skipMask & (1 << peer)) === 0) out.push({ kind: 'send', to: peer, msg });
  }
}

function requestVotes(state: SingleLeaderState, env: SingleLeaderEnv, out: Out, skipMask: number): void {
  const last = lastIndex(state);
  broadcast(state, env, { kind: 'request-vote', term: state.currentTerm, candidate: state.id, lastLogIndex: last, lastLogTerm: termAt(state.log, last) }, out, skipMask);
}

/** A heartbeat round: AppendEntries to every follower, timed for the lease. */
export function startRound(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  // The leader counts itself in the majority that grants its lease, yet makes no promise of its own: to vote for
  // anyone it must first step down, which ends its lease at that very moment.
  startLeaseRound(state.lease, state.id, ctx.nowLocal);
  for (let peer = 0; peer < env.nodeCount; peer++) if (peer !== state.id) sendAppendEntries(state, env, peer, out);
  if (env.majority === 1) acknowledgeLeaseRound(state.lease, state.lease.round, state.id, env.majority, env.leaseTicks);
  out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.heartbeat });
}

function becomeLeader(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  state.role = 'leader';
  state.leaderId = state.id;
  state.lease.lastQuorumLocal = ctx.nowLocal;
  dropLease(state.lease);
  // The leader decides on the ledger as its whole log leaves it, committed or not.
  const tip = state.machine.clone();
  for (let index = state.machine.appliedIndex + 1; index <= lastIndex(state); index++) tip.apply(state.log[index - 1]!.command, index);
  const next = lastIndex(state) + 1;
  state.leader = {
    nextIndex: new Array<number>(env.nodeCount).fill(next),
    matchIndex: new Array<number>(env.nodeCount).fill(0),
    appliedIndex: new Array<number>(env.nodeCount).fill(-1),
    heardLocal: new Array<number>(env.nodeCount).fill(Number.NEGATIVE_INFINITY),
    tip,
    termStartIndex: next,
    pending: [],
    handoffsAppended: new Map(),
    lastRebalanceRound: 0,
  };
  // A no-op of the new term: committing it commits every earlier entry (Raft §5.4.2) and opens reads under the lease.
  appendAsLeader(state, env, { kind: 'noop' }, ctx, out);
  startRound(state, env, ctx, out);
}

function startElection(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  state.currentTerm++;
  state.role = 'candidate';
  state.votedFor = state.id;
  state.leaderId = null;
  state.votesMask = 1 << state.id;
  persistHard(state, env, out);
  armElection(env, ctx, out);
  if (popcount(state.votesMask) >= env.majority) return becomeLeader(state, env, ctx, out);
  requestVotes(state, env, out, 0);
  // Candidates retry unanswered vote requests every heartbeat interval, since requests can be lost.
  out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.heartbeat });
}

export function handleRequestVote(state: SingleLeaderState, env: SingleLeaderEnv, from: number, msg: Extract<SingleLeaderMsg, { kind: 'request-vote' }>, ctx: NodeContext, out: Out): void {
  // Vote stickiness: a node bound by its promise ignores candidates, without even adopting their term.
  if (ctx.nowLocal < state.noVoteBeforeLocal) {
    out.push({ kind: 'send', to: from, msg: { kind: 'request-vote-reply', term: state.currentTerm, granted: false } });
    return;
  }
  let durableChanged = msg.term > state.currentTerm && stepDown(state, env, msg.term, ctx, out, false);
  const upToDate = env.mutants['no-log-up-to-date-check'] || candidateUpToDate(state, msg.lastLogIndex, msg.lastLogTerm);
  const granted = msg.term === state.currentTerm && (state.votedFor === null || state.votedFor === msg.candidate) && upToDate;
  if (granted && state.votedFor === null) {
    state.votedFor = msg.candidate;
    durableChanged = true;
  }
  // One write covers both the new term and the vote, and it reaches the disk before the reply leaves.
  if (durableChanged) persistHard(state, env, out);
  if (granted) armElection(env, ctx, out);
  out.push({ kind: 'send', to: from, msg: { kind: 'request-vote-reply', term: state.currentTerm, granted } });
}

export function handleVoteReply(state: SingleLeaderState, env: SingleLeaderEnv, from: number, msg: Extract<SingleLeaderMsg, { kind: 'request-vote-reply' }>, ctx: NodeContext, out: Out): void {
  if (msg.term > state.currentTerm) {
    stepDown(state, env, msg.term, ctx, out);
    return;
  }
  if (state.role !== 'candidate' || msg.term !== state.currentTerm || !msg.granted) return;
  state.votesMask |= 1 << from;
  if (popcount(state.votesMask) >= env.majority) becomeLeader(state, env, ctx, out);
}

export function onElectionTimer(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  if (state.role === 'leader') return;
  if (ctx.nowLocal < state.noVoteBeforeLocal) {
    // Still bound by a promise to a leader: wait it out before standing, then try again.
    out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: state.noVoteBeforeLocal - ctx.nowLocal + ctx.rng.int(0, env.maxTimeout - env.minTimeout) });
    return;
  }
  startElection(state, env, ctx, out);
}

/** A candidate asks again for the votes it lacks. Returns false when the node is not a candidate. */
export function retryVotes(state: SingleLeaderState, env: SingleLeaderEnv, out: Out): boolean {
  if (state.role !== 'candidate') return false;
  requestVotes(state, env, out, state.votesMask);
  out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.heartbeat });
  return true;
}

