import type { NodeContext } from '../world/node-logic.js';
import { persist } from './escrow-hard.js';
import { GOSSIP_TIMER, INDIRECT_PROBES, PROBE_TIMER, type LeaderlessEnv, type Out } from './leaderless-env.js';
import type { Gossip, LeaderlessMsg, LoadReport, MemberUpdate } from './leaderless-msg.js';
import type { LeaderlessState } from './leaderless-state.js';

/** A load report names at most this many waiting submits: enough that a big demand stuck at the head does not hide smaller ones behind it. */
const MAX_WANTS = 4;

/** At most this many pending updates ride on one message, newest first. */
const MAX_PIGGYBACK = 8;

/**
 * Whether `update` supersedes what a node believes about the member (SWIM's
 * rules): a higher incarnation always wins; at the same incarnation, suspect
 * beats alive and dead beats both. Only the member itself raises its
 * incarnation, to refute a suspicion, so an old suspicion can never undo a
 * refutation. The gossip-ignores-incarnation mutant lets any suspicion
 * override an alive member, however old.
 */
export function supersedes(update: MemberUpdate, current: MemberUpdate, env: LeaderlessEnv): boolean {
  if (update.incarnation > current.incarnation) return true;
  if (update.status === 'suspect' && current.status === 'alive' && env.mutants['gossip-ignores-incarnation']) return true;
  if (update.incarnation < current.incarnation) return false;
  return rank(update.status) > rank(current.status);
}

function rank(status: MemberUpdate['status']): number {
  return status === 'alive' ? 0 : status === 'suspect' ? 1 : 2;
}

/** Queues an update to ride on the next messages, replacing any older one about the same member. */
function spread(state: LeaderlessState, env: LeaderlessEnv, update: MemberUpdate): void {
  const index = state.pending.findIndex((pending) => pending.update.node === update.node);
  if (index >= 0) state.pending.splice(index, 1);
  state.pending.push({ update, sendsLeft: env.gossipSends });
}

/** This node's own load, as it gossips it: reports are rebuilt at every send, so the newest is always the truth. */
export function ownLoad(state: LeaderlessState, ctx: NodeContext): LoadReport {
  state.loadVersion = Math.max(state.loadVersion + 1, ctx.nowLocal);
  const wants = state.waiting.slice(0, MAX_WANTS).map((waiting) => ({ id: waiting.requestId, demand: waiting.op.demand }));
  return { node: state.id, version: state.loadVersion, wants, shares: [...state.shares] };
}

/**
 * What rides on a SWIM message: the sender's own standing, what it believes
 * of the receiver when that is bad news (so that the receiver can refute it at
 * once), pending updates, and the loads it knows. The sender's own standing
 * is what lets a refutation reach everyone: pending updates are sent only a
 * few times, and those sent into a partition are lost (the no-self-assertion
 * mutant leaves it out, and membership then fails to converge after some
 * heals).
 */
export function gossipOf(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, receiver: number): Gossip {
  const members: MemberUpdate[] = env.mutants['no-self-assertion'] ? [] : [{ node: state.id, status: 'alive', incarnation: state.incarnation }];
  const belief = state.members[receiver];
  if (belief !== undefined && receiver !== state.id && belief.status !== 'alive') members.push(belief);
  for (let index = state.pending.length - 1; index >= 0 && members.length <= MAX_PIGGYBACK; index--) {
    const pending = state.pending[index]!;
    members.push(pending.update);
    if (--pending.sendsLeft <= 0) state.pending.splice(index, 1);
  }
  const loads: LoadReport[] = [];
  state.loads[state.id] = ownLoad(state, ctx);
  for (const load of state.loads) if (load !== undefined) loads.push(load);
  return { members, loads };
}

/** Takes in what a message carries. A suspicion about this node itself is refuted by raising its incarnation. */
export function mergeGossip(state: LeaderlessState, env: LeaderlessEnv, gossip: Gossip, ctx: NodeContext, out: Out): void {
  for (const update of gossip.members) {
    if (update.node === state.id) {
      if (update.status !== 'alive' && update.incarnation >= state.incarnation) {
        state.incarnation = update.incarnation + 1;
        persist(state, env, out);
        spread(state, env, { node: state.id, status: 'alive', incarnation: state.incarnation });
      }
      continue;
    }
    const current = state.members[update.node];
    if (current === undefined || !supersedes(update, current, env)) continue;
    state.members[update.node] = update;
    if (update.status === 'suspect') state.suspectedAtLocal[update.node] = ctx.nowLocal;
    spread(state, env, update);
  }
  mergeLoads(state, gossip.loads);
}

/** Keeps the newest load report of every node. */
export function mergeLoads(state: LeaderlessState, loads: readonly LoadReport[]): void {
  for (const load of loads) {
    if (load.node === state.id) continue;
    const known = state.loads[load.node];
    if (known === undefined || load.version > known.version) state.loads[load.node] = load;
  }
}

function send(out: Out, to: number, msg: LeaderlessMsg): void {
  out.push({ kind: 'send', to, msg });
}


/**
 * One SWIM protocol period: a member that did not answer last period's probe
 * (directly or through others) becomes suspect; suspicions that outlived
 * their timeout become deaths; then the next member in a shuffled round-robin
 * order is probed.
 */
export function onGossipTimer(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  const probing = state.probing;
  if (probing !== null && !probing.answered) {
    const member = state.members[probing.target]!;
    if (member.status === 'alive') {
      const update: MemberUpdate = { node: probing.target, status: 'suspect', incarnation: member.incarnation };
      state.members[probing.target] = update;
      state.suspectedAtLocal[probing.target] = ctx.nowLocal;
      spread(state, env, update);
    }
  }
  state.probing = null;
  for (let node = 0; node < env.nodeCount; node++) {
    const member = state.members[node]!;
    if (member.status === 'suspect' && ctx.nowLocal - state.suspectedAtLocal[node]! >= env.timing.suspicionTicks) {
      const update: MemberUpdate = { node, status: 'dead', incarnation: member.incarnation };
      state.members[node] = update;
      spread(state, env, update);
    }
  }
  const target = nextTarget(state, env, ctx);
  if (target >= 0) {
    state.probeSeq++;
    state.probing = { target, seq: state.probeSeq, answered: false };
    send(out, target, { kind: 'ping', seq: state.probeSeq, gossip: gossipOf(state, env, ctx, target) });
    out.push({ kind: 'set-timer', timer: PROBE_TIMER, afterTicks: env.timing.probeTimeoutTicks });
  }
  out.push({ kind: 'set-timer', timer: GOSSIP_TIMER, afterTicks: env.timing.gossipIntervalTicks });
}

/**
 * The next member to probe: members are visited in an order reshuffled every
 * round, as SWIM does, so each is probed within a round. Members believed dead
 * are probed too: two sides of a long partition may each have declared the
 * other dead, and with every member static (there is no seed to rejoin
 * through) only a probe across can find out that the partition healed.
 */
function nextTarget(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext): number {
  if (state.probeOrder.length === 0) {
    for (let node = 0; node < env.nodeCount; node++) if (node !== state.id) state.probeOrder.push(node);
    for (let index = state.probeOrder.length - 1; index > 0; index--) {
      const other = ctx.rng.int(0, index);
      const swap = state.probeOrder[index]!;
      state.probeOrder[index] = state.probeOrder[other]!;
      state.probeOrder[other] = swap;
    }
  }
  return state.probeOrder.pop() ?? -1;
}

/** The direct probe went unanswered: ask a few other members to probe the target for this node. */
export function onProbeTimer(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  const probing = state.probing;
  if (probing === null || probing.answered) return;
  const helpers: number[] = [];
  for (let node = 0; node < env.nodeCount; node++) if (node !== probing.target && node !== state.id && state.members[node]!.status === 'alive') helpers.push(node);
  for (let ask = 0; ask < INDIRECT_PROBES && helpers.length > 0; ask++) {
    const helper = helpers.splice(ctx.rng.int(0, helpers.length - 1), 1)[0]!;
    send(out, helper, { kind: 'ping-req', seq: probing.seq, target: probing.target, gossip: gossipOf(state, env, ctx, helper) });
  }
}

/** The SWIM messages. */
export function handleSwim(state: LeaderlessState, env: LeaderlessEnv, from: number, msg: Extract<LeaderlessMsg, { kind: 'ping' | 'ack' | 'ping-req' | 'indirect-ack' }>, ctx: NodeContext, out: Out): void {
  switch (msg.kind) {
    case 'ping':
      mergeGossip(state, env, msg.gossip, ctx, out);
      send(out, from, { kind: 'ack', seq: msg.seq, gossip: gossipOf(state, env, ctx, from) });
      return;
    case 'ack': {
      mergeGossip(state, env, msg.gossip, ctx, out);
      if (state.probing !== null && state.probing.seq === msg.seq && state.probing.target === from) state.probing.answered = true;
      const relay = state.relays.get(msg.seq);
      if (relay !== undefined && relay.target === from) {
        state.relays.delete(msg.seq);
        send(out, relay.requester, { kind: 'indirect-ack', seq: relay.seq, target: from });
      }
      return;
    }
    case 'ping-req': {
      mergeGossip(state, env, msg.gossip, ctx, out);
      state.probeSeq++;
      // Relays are forgotten after a while: one that never gets its ack must not pile up.
      if (state.relays.size >= 4 * env.nodeCount) state.relays.delete(state.relays.keys().next().value!);
      state.relays.set(state.probeSeq, { requester: from, seq: msg.seq, target: msg.target });
      send(out, msg.target, { kind: 'ping', seq: state.probeSeq, gossip: gossipOf(state, env, ctx, msg.target) });
      return;
    }
    case 'indirect-ack':
      if (state.probing !== null && state.probing.seq === msg.seq && state.probing.target === msg.target) state.probing.answered = true;
      return;
  }
}
