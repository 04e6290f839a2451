import { assertNever } from '../../model/assert-never.js';
import { newLeaseRounds } from '../lease.js';
import type { SimConfig } from '../sim-config.js';
import type { NodeLogic } from '../world/node-logic.js';
import { armElection, handleCoordinatorMessage, handleGiveRefused, onElectionTimer, onHeartbeatTimer } from './coordinator.js';
import { initialHard, persist } from './escrow-hard.js';
import { armEscrowTimer, handleRequest, onEscrowTimer } from './escrow.js';
import { ELECTION_TIMER, ESCROW_TIMER, GOSSIP_TIMER, HEARTBEAT_TIMER, leaderlessEnv, PROBE_TIMER, TIMER_NAMES, TRANSFER_TIMER } from './leaderless-env.js';
import type { MemberUpdate } from './leaderless-msg.js';
import type { LeaderlessProtocol, LeaderlessState } from './leaderless-state.js';
import { handleSwim, onGossipTimer, onProbeTimer } from './membership.js';
import { handleExpect, handleGive, handleTransfer, handleTransferAck, onTransferTimer } from './transfer.js';

/**
 * The leaderless cluster: every node takes requests for the jobs it owns and
 * grants them from its own escrow shares of the hosts' capacity; SWIM gossip
 * keeps membership and spreads load; an elected coordinator moves spare
 * capacity to where demand waits, through an acknowledged, idempotent
 * transfer protocol. The handlers live in one module per concern (escrow,
 * transfer, membership, coordinator); this one starts a node and routes
 * events to them.
 */
export function leaderlessLogic(config: SimConfig): NodeLogic<LeaderlessProtocol> {
  const env = leaderlessEnv(config);
  return {
    timerNames: TIMER_NAMES,
    start(ctx, disk, out) {
      const hard = disk.hard ?? initialHard(ctx.node, env.capacities);
      // A started node announces itself with a new incarnation, which outranks whatever others concluded while it was away.
      const incarnation = hard.incarnation + 1;
      const members: MemberUpdate[] = [];
      for (let node = 0; node < env.nodeCount; node++) {
        members.push(
          node === ctx.node ? { node, status: 'alive', incarnation } : { node, status: env.initiallyAbsent.includes(node) ? 'dead' : 'alive', incarnation: 0 },
        );
      }
      const state: LeaderlessState = {
        id: ctx.node,
        shares: [...hard.shares],
        jobs: new Map(hard.jobs.map((job) => [job.job, job])),
        outgoing: new Map(hard.outgoing.map((transfer) => [transfer.id, transfer])),
        received: new Set(hard.received),
        nextTransfer: hard.nextTransfer,
        lastByClient: new Map(hard.lastByClient),
        waiting: [],
        expected: [],
        // Jobs granted before a crash run their whole time again from the restart: the node cannot know how far they got.
        endsLocal: new Map(hard.jobs.map((job) => [job.job, ctx.nowLocal + job.durationTicks])),
        incarnation,
        members,
        suspectedAtLocal: new Array<number>(env.nodeCount).fill(0),
        pending: [{ update: { node: ctx.node, status: 'alive', incarnation }, sendsLeft: env.gossipSends }],
        loads: new Array(env.nodeCount).fill(undefined),
        loadVersion: 0,
        probeSeq: 0,
        probing: null,
        relays: new Map(),
        probeOrder: [],
        currentTerm: hard.currentTerm,
        votedFor: hard.votedFor,
        role: 'follower',
        coordinatorId: null,
        votesMask: 0,
        // A started node cannot know whether it acknowledged a coordinator just before it crashed, so it keeps that promise anyway.
        noVoteBeforeLocal: ctx.nowLocal + env.minTimeout,
        lease: newLeaseRounds(),
        ordered: new Map(),
      };
      persist(state, env, out);
      out.push({ kind: 'set-timer', timer: GOSSIP_TIMER, afterTicks: ctx.rng.int(1, env.timing.gossipIntervalTicks) });
      armElection(env, ctx, out);
      armEscrowTimer(state, out, ctx);
      if (state.outgoing.size > 0) onTransferTimer(state, env, out);
      return state;
    },
    onMessage(state, from, msg, ctx, out) {
      switch (msg.kind) {
        case 'ping':
        case 'ack':
        case 'ping-req':
        case 'indirect-ack':
          return handleSwim(state, env, from, msg, ctx, out);
        case 'vote-request':
        case 'vote':
        case 'coordinate':
        case 'coordinate-ack':
          return handleCoordinatorMessage(state, env, from, msg, ctx, out);
        case 'give':
          return handleGive(state, env, from, msg, ctx, out);
        case 'give-refused':
          return handleGiveRefused(state, msg);
        case 'expect':
          return handleExpect(state, env, msg, ctx, out);
        case 'transfer':
          return handleTransfer(state, env, from, msg, ctx, out);
        case 'transfer-ack':
          return handleTransferAck(state, env, msg, out);
        default:
          return assertNever(msg, 'message');
      }
    },
    onRequest(state, request, ctx, out) {
      handleRequest(state, env, request, ctx, out);
    },
    onTimer(state: LeaderlessState, timer, ctx, out) {
      switch (timer) {
        case GOSSIP_TIMER:
          return onGossipTimer(state, env, ctx, out);
        case PROBE_TIMER:
          return onProbeTimer(state, env, ctx, out);
        case ELECTION_TIMER:
          return onElectionTimer(state, env, ctx, out);
        case HEARTBEAT_TIMER:
          return onHeartbeatTimer(state, env, ctx, out);
        case ESCROW_TIMER:
          return onEscrowTimer(state, env, ctx, out);
        case TRANSFER_TIMER:
          return onTransferTimer(state, env, out);
        default:
          throw new RangeError(`unknown timer ${timer}`);
      }
    },
  };
}
