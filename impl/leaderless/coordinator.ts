import { acknowledgeLeaseRound, dropLease, popcount, startLeaseRound } from '../lease.js';
import type { NodeContext } from '../world/node-logic.js';
import { addResources, fitsWithin, mapResources, minResources, NO_RESOURCES, resourcesEqual, subtractResources, type Resources } from '../../model/resources.js';
import { persist } from './escrow-hard.js';
import { ELECTION_TIMER, HEARTBEAT_TIMER, type LeaderlessEnv, type Out } from './leaderless-env.js';
import type { LeaderlessMsg, Want } from './leaderless-msg.js';
import type { LeaderlessState } from './leaderless-state.js';
import { handleExpect, mayGiveFor, sendTransfer } from './transfer.js';
import { mergeLoads, ownLoad } from './membership.js';

/**
 * The coordinator's election: the single-leader cluster's rules without a
 * log (there is nothing to be up to date with). Terms and votes are durable;
 * a node that acknowledges a coordinator promises not to vote for one minimum
 * election timeout, and the coordinator acts only under a lease shorter than
 * that promise, measured on its own clock with the drift margin of
 * `impl/lease.ts`. A coordinator that has not heard from a majority for a
 * minimum timeout steps down.
 */
export function isServingCoordinator(state: LeaderlessState, nowLocal: number): boolean {
  return state.role === 'coordinator' && nowLocal < state.lease.leaseUntilLocal;
}

export function armElection(env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: ctx.rng.int(env.minTimeout, env.maxTimeout) });
}

function broadcast(state: LeaderlessState, env: LeaderlessEnv, msg: LeaderlessMsg, out: Out, skipMask = 0): void {
  for (let peer = 0; peer < env.nodeCount; peer++) if (peer !== state.id && (skipMask & (1 << peer)) === 0) out.push({ kind: 'send', to: peer, msg });
}

/** Follows `term`, dropping any coordinator role; a newer term clears the vote. Returns whether the durable record changed. */
function stepDown(state: LeaderlessState, env: LeaderlessEnv, term: number, ctx: NodeContext, out: Out): boolean {
  const changed = term > state.currentTerm;
  if (changed) {
    state.currentTerm = term;
    state.votedFor = null;
    state.coordinatorId = null;
  }
  if (state.role === 'coordinator') {
    dropLease(state.lease);
    state.ordered.clear();
    armElection(env, ctx, out);
  }
  state.role = 'follower';
  return changed;
}

function startRound(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  const round = startLeaseRound(state.lease, state.id, ctx.nowLocal);
  broadcast(state, env, { kind: 'coordinate', term: state.currentTerm, round }, out);
  if (env.majority === 1) acknowledgeLeaseRound(state.lease, round, state.id, env.majority, env.leaseTicks);
  out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.timing.heartbeatIntervalTicks });
}

function becomeCoordinator(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  state.role = 'coordinator';
  state.coordinatorId = state.id;
  state.lease.lastQuorumLocal = ctx.nowLocal;
  dropLease(state.lease);
  state.ordered.clear();
  startRound(state, env, ctx, out);
}

export function onElectionTimer(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  if (state.role === 'coordinator') return;
  if (ctx.nowLocal < state.noVoteBeforeLocal) {
    out.push({ kind: 'set-timer', timer: ELECTION_TIMER, afterTicks: state.noVoteBeforeLocal - ctx.nowLocal + ctx.rng.int(0, env.maxTimeout - env.minTimeout) });
    return;
  }
  state.currentTerm++;
  state.role = 'candidate';
  state.votedFor = state.id;
  state.coordinatorId = null;
  state.votesMask = 1 << state.id;
  persist(state, env, out);
  armElection(env, ctx, out);
  if (popcount(state.votesMask) >= env.majority) return becomeCoordinator(state, env, ctx, out);
  broadcast(state, env, { kind: 'vote-request', term: state.currentTerm, candidate: state.id }, out);
  out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.timing.heartbeatIntervalTicks });
}

export function onHeartbeatTimer(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  if (state.role === 'candidate') {
    broadcast(state, env, { kind: 'vote-request', term: state.currentTerm, candidate: state.id }, out, state.votesMask);
    out.push({ kind: 'set-timer', timer: HEARTBEAT_TIMER, afterTicks: env.timing.heartbeatIntervalTicks });
    return;
  }
  if (state.role !== 'coordinator') return;
  if (ctx.nowLocal - state.lease.lastQuorumLocal > env.minTimeout) {
    stepDown(state, env, state.currentTerm, ctx, out);
    return;
  }
  startRound(state, env, ctx, out);
  if (isServingCoordinator(state, ctx.nowLocal)) orderTransfers(state, env, ctx, out);
}

export function handleCoordinatorMessage(state: LeaderlessState, env: LeaderlessEnv, from: number, msg: Extract<LeaderlessMsg, { kind: 'vote-request' | 'vote' | 'coordinate' | 'coordinate-ack' }>, ctx: NodeContext, out: Out): void {
  switch (msg.kind) {
    case 'vote-request': {
      // Vote stickiness: a node bound by its promise ignores candidates, without even adopting their term.
      if (ctx.nowLocal < state.noVoteBeforeLocal) {
        out.push({ kind: 'send', to: from, msg: { kind: 'vote', term: state.currentTerm, granted: false } });
        return;
      }
      let changed = msg.term > state.currentTerm && stepDown(state, env, msg.term, ctx, out);
      const granted = msg.term === state.currentTerm && (state.votedFor === null || state.votedFor === msg.candidate);
      if (granted && state.votedFor === null) {
        state.votedFor = msg.candidate;
        changed = true;
      }
      if (changed) persist(state, env, out);
      if (granted) armElection(env, ctx, out);
      out.push({ kind: 'send', to: from, msg: { kind: 'vote', term: state.currentTerm, granted } });
      return;
    }
    case 'vote':
      if (msg.term > state.currentTerm) {
        if (stepDown(state, env, msg.term, ctx, out)) persist(state, env, out);
        return;
      }
      if (state.role !== 'candidate' || msg.term !== state.currentTerm || !msg.granted) return;
      state.votesMask |= 1 << from;
      if (popcount(state.votesMask) >= env.majority) becomeCoordinator(state, env, ctx, out);
      return;
    case 'coordinate': {
      if (msg.term < state.currentTerm) {
        out.push({ kind: 'send', to: from, msg: { kind: 'coordinate-ack', term: state.currentTerm, round: msg.round, load: ownLoad(state, ctx) } });
        return;
      }
      if (stepDown(state, env, msg.term, ctx, out)) persist(state, env, out);
      state.coordinatorId = from;
      // The promise behind the coordinator's lease: no vote, this node's own included, for one minimum timeout.
      state.noVoteBeforeLocal = Math.max(state.noVoteBeforeLocal, ctx.nowLocal + env.minTimeout);
      armElection(env, ctx, out);
      out.push({ kind: 'send', to: from, msg: { kind: 'coordinate-ack', term: state.currentTerm, round: msg.round, load: ownLoad(state, ctx) } });
      return;
    }
    case 'coordinate-ack':
      mergeLoads(state, [msg.load]);
      if (msg.term > state.currentTerm) {
        if (stepDown(state, env, msg.term, ctx, out)) persist(state, env, out);
        return;
      }
      if (state.role !== 'coordinator' || msg.term !== state.currentTerm) return;
      acknowledgeLeaseRound(state.lease, msg.round, from, env.majority, env.leaseTicks);
      return;
  }
}

/** How long the coordinator waits before ordering capacity again for a want it already answered. */
function reorderTicks(env: LeaderlessEnv): number {
  return Math.floor(env.timing.holdTicks / 2);
}

/**
 * The coordinator's policy: it sets no fixed targets, but moves capacity to
 * demand. For every waiting submit that members report, oldest first, it
 * picks a host and the members that may give for it (they wait for nothing
 * older) and hold enough of that host, one or together, to make the demand
 * fit there, orders each to give its part (`give`), and tells the needy
 * member what is coming (`expect`). It orders once per want, and again when
 * a member refuses (`give-refused`) or, failing that, if the want is still
 * unmet after a while (an order or the capacity may have been lost on the
 * way). Members it believes dead are neither asked nor helped.
 */
function orderTransfers(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  state.loads[state.id] = ownLoad(state, ctx);
  const wants: { needy: number; want: Want }[] = [];
  for (let needy = 0; needy < env.nodeCount; needy++) {
    const load = state.loads[needy];
    if (load === undefined || state.members[needy]!.status === 'dead') continue;
    for (const want of load.wants) wants.push({ needy, want });
  }
  wants.sort((a, b) => a.want.id - b.want.id);
  for (const { needy, want } of wants) {
    const orderedAt = state.ordered.get(want.id);
    if (orderedAt !== undefined && ctx.nowLocal - orderedAt < reorderTicks(env)) continue;
    const plan = findDonors(state, env, needy, want);
    if (plan === null) continue;
    state.ordered.delete(want.id);
    state.ordered.set(want.id, ctx.nowLocal);
    // The map keeps only recent orders: a want is either met or rejected within the hold time.
    if (state.ordered.size > 8 * env.nodeCount) state.ordered.delete(state.ordered.keys().next().value!);
    const { host, gifts } = plan;
    // Until newer reports come, the coordinator counts the order as done: the donors no longer hold it, and the needy node has used it.
    let total = NO_RESOURCES;
    for (const { donor, amount } of gifts) {
      adjustShare(state, donor, host, (share) => subtractResources(share, amount));
      total = addResources(total, amount);
    }
    adjustShare(state, needy, host, (share) => subtractResources(addResources(share, total), want.demand));
    for (const { donor, amount } of gifts) {
      const expect = { kind: 'expect', term: state.currentTerm, from: donor, host, amount } as const;
      if (needy === state.id) handleExpect(state, env, expect, ctx, out);
      else out.push({ kind: 'send', to: needy, msg: expect });
      if (donor === state.id) {
        if (mayGiveFor(state, want.id) && fitsWithin(amount, state.shares[host]!)) sendTransfer(state, env, needy, host, amount, out);
      } else {
        out.push({ kind: 'send', to: donor, msg: { kind: 'give', term: state.currentTerm, to: needy, host, amount, forWant: want.id } });
      }
    }
  }
}

/**
 * A member could not give what the coordinator ordered: its fresh load
 * replaces the coordinator's guess, and the want may be ordered again at the
 * next heartbeat, from whoever holds room for it now, instead of after the
 * reorder wait.
 */
export function handleGiveRefused(state: LeaderlessState, msg: Extract<LeaderlessMsg, { kind: 'give-refused' }>): void {
  mergeLoads(state, [msg.load]);
  if (state.role === 'coordinator' && msg.term === state.currentTerm) state.ordered.delete(msg.forWant);
}

function adjustShare(state: LeaderlessState, node: number, host: number, change: (share: Resources) => Resources): void {
  const load = state.loads[node]!;
  state.loads[node] = { ...load, shares: load.shares.map((share, h) => (h === host ? change(share) : share)) };
}

/** One member's part of an order: what it is to give. */
interface Gift {
  readonly donor: number;
  readonly amount: Resources;
}

/**
 * The members that are to give what makes the want fit on one host: one
 * member that holds all of it on some host, if there is one, since one
 * transfer is one thing to lose; otherwise several members that together
 * hold it on one host, which a host's free capacity split between members'
 * shares needs (each gives what it holds, up to what is still missing). Only
 * members believed alive that may give for the want (they wait for nothing
 * older) are asked.
 */
function findDonors(state: LeaderlessState, env: LeaderlessEnv, needy: number, want: Want): { host: number; gifts: readonly Gift[] } | null {
  const needyShares = state.loads[needy]!.shares;
  const missingOn = (host: number) => {
    const held = needyShares[host] ?? NO_RESOURCES;
    return mapResources((dimension) => Math.max(0, want.demand[dimension] - held[dimension]));
  };
  const hosts: number[] = [];
  for (let host = 0; host < env.nodeCount; host++) {
    if (fitsWithin(want.demand, env.capacities[host]!) && !resourcesEqual(missingOn(host), NO_RESOURCES)) hosts.push(host);
  }
  const donors: number[] = [];
  for (let donor = 0; donor < env.nodeCount; donor++) {
    const load = state.loads[donor];
    if (donor === needy || load === undefined || state.members[donor]!.status === 'dead') continue;
    if ((load.wants[0]?.id ?? Number.POSITIVE_INFINITY) < want.id) continue;
    donors.push(donor);
  }
  for (const host of hosts) {
    const amount = missingOn(host);
    for (const donor of donors) if (fitsWithin(amount, state.loads[donor]!.shares[host]!)) return { host, gifts: [{ donor, amount }] };
  }
  for (const host of hosts) {
    let missing = missingOn(host);
    const gifts: Gift[] = [];
    for (const donor of donors) {
      const part = minResources(missing, state.loads[donor]!.shares[host]!);
      if (resourcesEqual(part, NO_RESOURCES)) continue;
      gifts.push({ donor, amount: part });
      missing = subtractResources(missing, part);
      if (resourcesEqual(missing, NO_RESOURCES)) return { host, gifts };
    }
  }
  return null;
}
