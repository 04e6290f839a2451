import { addResources, fitsWithin, resourcesEqual, subtractResources, type Resources } from '../../model/resources.js';
import type { NodeContext } from '../world/node-logic.js';
import { persist } from './escrow-hard.js';
import { grantWaiting } from './escrow.js';
import { TRANSFER_TIMER, type LeaderlessEnv, type Out } from './leaderless-env.js';
import type { LeaderlessMsg } from './leaderless-msg.js';
import type { LeaderlessState } from './leaderless-state.js';
import { ownLoad } from './membership.js';

/** Transfer ids are unique across the cluster: the sender's id and its own sequence number. */
const IDS_PER_NODE = 1_000_000;

/**
 * Whether a node may give capacity away for the waiting submit `forWant`: when
 * it waits for nothing itself, or only for younger submits. Request ids grow
 * in the order clients make requests, so the oldest want in the cluster is
 * always served and two needy nodes never each hold what the other waits for.
 */
export function mayGiveFor(state: LeaderlessState, forWant: number): boolean {
  const oldest = state.waiting[0];
  return oldest === undefined || oldest.requestId > forWant;
}

/**
 * The coordinator asks this node to give capacity on `host` to another. It
 * gives only from what it holds, and only if it may give for that want. A
 * coordinator working from an old load report asks for what is gone: it is
 * told so, with this node's load, rather than left to find out only when
 * the want stays unmet, because by then the waiting submit may have run out
 * of time while another member held room for it.
 */
export function handleGive(state: LeaderlessState, env: LeaderlessEnv, from: number, msg: Extract<LeaderlessMsg, { kind: 'give' }>, ctx: NodeContext, out: Out): void {
  if (msg.term < state.currentTerm || msg.to === state.id) return;
  if (mayGiveFor(state, msg.forWant) && fitsWithin(msg.amount, state.shares[msg.host]!)) {
    sendTransfer(state, env, msg.to, msg.host, msg.amount, out);
    return;
  }
  out.push({ kind: 'send', to: from, msg: { kind: 'give-refused', term: msg.term, forWant: msg.forWant, load: ownLoad(state, ctx) } });
}

/**
 * Sends capacity to another node. The amount leaves the sender's share and
 * is recorded as in flight in the same durable write, before the message
 * leaves, and stays recorded until the receiver acknowledges it: a crash at
 * any point leaves the capacity either with the sender, in flight, or with
 * the receiver, never nowhere and never twice.
 */
export function sendTransfer(state: LeaderlessState, env: LeaderlessEnv, to: number, host: number, amount: Resources, out: Out): void {
  const id = state.id * IDS_PER_NODE + state.nextTransfer;
  state.nextTransfer++;
  state.shares[host] = subtractResources(state.shares[host]!, amount);
  const lostOnDrop = env.mutants['transfer-lost-on-drop'];
  if (!lostOnDrop) state.outgoing.set(id, { id, to, host, amount });
  persist(state, env, out);
  out.push({ kind: 'send', to, msg: { kind: 'transfer', id, host, amount } });
  if (!lostOnDrop) out.push({ kind: 'set-timer', timer: TRANSFER_TIMER, afterTicks: env.timing.transferRetryTicks });
}

/** Sends every unacknowledged transfer again; the receiver applies each once, however often it arrives. */
export function onTransferTimer(state: LeaderlessState, env: LeaderlessEnv, out: Out): void {
  if (state.outgoing.size === 0) return;
  for (const transfer of state.outgoing.values()) {
    out.push({ kind: 'send', to: transfer.to, msg: { kind: 'transfer', id: transfer.id, host: transfer.host, amount: transfer.amount } });
  }
  out.push({ kind: 'set-timer', timer: TRANSFER_TIMER, afterTicks: env.timing.transferRetryTicks });
}

/**
 * A transfer arrives: it is applied unless its id was applied before, the
 * fact is written to disk, and only then acknowledged, so that the sender
 * stops counting it as in flight only once the receiver holds it for good.
 */
export function handleTransfer(state: LeaderlessState, env: LeaderlessEnv, from: number, msg: Extract<LeaderlessMsg, { kind: 'transfer' }>, ctx: NodeContext, out: Out): void {
  if (!state.received.has(msg.id) || env.mutants['transfer-not-idempotent']) {
    state.received.add(msg.id);
    state.shares[msg.host] = addResources(state.shares[msg.host]!, msg.amount);
    const expected = state.expected.findIndex((e) => e.from === from && e.host === msg.host && resourcesEqual(e.amount, msg.amount));
    if (expected >= 0) state.expected.splice(expected, 1);
    persist(state, env, out);
    out.push({ kind: 'send', to: from, msg: { kind: 'transfer-ack', id: msg.id } });
    grantWaiting(state, env, ctx, out);
    return;
  }
  out.push({ kind: 'send', to: from, msg: { kind: 'transfer-ack', id: msg.id } });
}

export function handleTransferAck(state: LeaderlessState, env: LeaderlessEnv, msg: Extract<LeaderlessMsg, { kind: 'transfer-ack' }>, out: Out): void {
  if (!state.outgoing.delete(msg.id)) return;
  persist(state, env, out);
}

/** The coordinator told this node that capacity is on its way. */
export function handleExpect(state: LeaderlessState, env: LeaderlessEnv, msg: Extract<LeaderlessMsg, { kind: 'expect' }>, ctx: NodeContext, out: Out): void {
  if (msg.term < state.currentTerm) return;
  state.expected.push({ from: msg.from, host: msg.host, amount: msg.amount, untilLocal: ctx.nowLocal + env.timing.holdTicks });
  // Capacity counted before it arrives: the grant-beyond-share mutant grants against it at once.
  if (env.mutants['grant-beyond-share']) grantWaiting(state, env, ctx, out);
}
