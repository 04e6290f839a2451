import { nodeName } from '../../model/ledger-command.js';
import { fitsWithin, resourcesEqual, subtractResources, type Resources } from '../../model/resources.js';
import type { ClusterView, PendingRequest } from '../schedulers/define-scheduler.js';
import type { NodeContext } from '../world/node-logic.js';
import { sendAssign, startable } from './job-runner.js';
import type { LedgerMachine } from './ledger-machine.js';
import { appendAsLeader, lastIndex } from './raft-log.js';
import { replicateNew } from './replication.js';
import { REBALANCE_EVERY_ROUNDS, type Out, type SingleLeaderEnv } from './single-leader-env.js';
import type { LeaderState, SingleLeaderState } from './single-leader-state.js';

/** The node id in a scheduler's view, back to a node number; -1 when it names no node. */
function nodeNumber(id: string, nodeCount: number): number {
  const match = /^n(\d+)$/.exec(id);
  const node = match === null ? -1 : Number(match[1]);
  return node >= 0 && node < nodeCount ? node : -1;
}

/**
 * The cluster as the leader's policy sees it: every node with its capacity
 * and what the leader's log has allocated there, alive when the leader heard
 * from it within a minimum election timeout; every placed job.
 */
function clusterView(state: SingleLeaderState, env: SingleLeaderEnv, leader: LeaderState, nowLocal: number): ClusterView {
  const tip = leader.tip;
  return {
    nodes: env.capacities.map((capacity, node) => ({
      id: nodeName(node),
      capacity,
      allocated: tip.allocated[node]!,
      alive: node === state.id || nowLocal - leader.heardLocal[node]! <= env.minTimeout,
    })),
    jobs: [...tip.jobs.values()].map((job) => ({ id: job.job, tenant: job.tenant, nodeId: nodeName(job.node), demand: job.demand, grant: job.grant })),
  };
}

/** Whether `demand` fits in what some node has free, by the leader's log: the only case in which a submit may be rejected. */
function fitsSomewhere(tip: LedgerMachine, capacities: readonly Resources[], demand: Resources): boolean {
  return capacities.some((capacity, node) => fitsWithin(demand, subtractResources(capacity, tip.allocated[node]!)));
}

/**
 * Asks the policy to place the pending submits and appends its decisions. A
 * placement of the whole demand is appended as decided, on whichever node the
 * policy chose (even one it overdraws: the properties judge that); a partial
 * grant leaves the submit waiting; a rejection is appended only when the
 * demand fits on no node at all (the ledger never rejects what fits),
 * otherwise the submit waits for the next round. A job already placed is rejected as a duplicate
 * without asking the policy.
 */
export function schedulePending(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  const leader = state.leader;
  if (leader === null || leader.pending.length === 0) return;
  const firstNew = lastIndex(state) + 1;
  const decide = (index: number, node: number | null, grant: Resources | null) => {
    const { client, requestId, op } = leader.pending[index]!;
    leader.pending.splice(index, 1);
    appendAsLeader(state, env, { kind: 'submit', client, requestId, job: op.job, tenant: op.tenant, demand: op.demand, durationTicks: op.durationTicks, placement: node === null ? null : { node, grant: grant! } }, ctx, out);
  };
  for (let index = leader.pending.length - 1; index >= 0; index--) {
    if (leader.tip.jobs.has(leader.pending[index]!.op.job)) decide(index, null, null);
  }
  if (leader.pending.length > 0) {
    const requests: PendingRequest[] = leader.pending.map(({ op }) => ({ id: op.job, tenant: op.tenant, demand: op.demand }));
    const decisions = env.scheduler.place(clusterView(state, env, leader, ctx.nowLocal), requests) ?? [];
    for (const decision of decisions) {
      const index = leader.pending.findIndex((pending) => pending.op.job === decision.requestId);
      if (index < 0) continue;
      if (decision.kind === 'place') {
        // The cluster places whole demands: a job cannot run on part of what it asked for, and a client that did not hear the answer could not know which part it got. A partial grant leaves the request waiting.
        const node = nodeNumber(decision.nodeId, env.nodeCount);
        if (node >= 0 && resourcesEqual(decision.grant, leader.pending[index]!.op.demand)) decide(index, node, decision.grant);
      } else if (!fitsSomewhere(leader.tip, env.capacities, leader.pending[index]!.op.demand)) {
        decide(index, null, null);
      }
    }
  }
  if (lastIndex(state) >= firstNew) replicateNew(state, env, firstNew, ctx, out);
}

/**
 * The leader's work at every heartbeat round, besides replication: finish
 * handoffs whose old node has applied the move (so it stopped the job), tell
 * lagging nodes about jobs assigned to them, retry pending submits, and now
 * and then ask the policy to rebalance.
 */
export function leaderRound(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  const leader = state.leader;
  if (leader === null) return;
  const firstNew = lastIndex(state) + 1;
  for (const job of state.machine.jobs.values()) {
    const from = job.handoffFrom;
    if (from !== null) {
      const applied = from === state.id ? state.machine.appliedIndex : leader.appliedIndex[from]!;
      if (applied >= job.since && leader.handoffsAppended.get(job.job) !== job.since) {
        leader.handoffsAppended.set(job.job, job.since);
        appendAsLeader(state, env, { kind: 'handoff-done', job: job.job, from }, ctx, out);
      }
    }
    if (startable(job, env) && job.node !== state.id && leader.appliedIndex[job.node]! < job.since) sendAssign(state, job, out);
  }
  if (lastIndex(state) >= firstNew) replicateNew(state, env, firstNew, ctx, out);
  schedulePending(state, env, ctx, out);
  if (env.scheduler.hasRebalance && state.lease.round - leader.lastRebalanceRound >= REBALANCE_EVERY_ROUNDS && leader.tip.jobs.size > 0) {
    leader.lastRebalanceRound = state.lease.round;
    const moves = env.scheduler.rebalance(clusterView(state, env, leader, ctx.nowLocal)) ?? [];
    // The leader's own agent asks for each move through the client API, so that moves are in the history like any change.
    for (const move of moves.slice(0, 2)) {
      const node = nodeNumber(move.toNodeId, env.nodeCount);
      const job = leader.tip.jobs.get(move.jobId);
      if (node >= 0 && job !== undefined && job.node !== node && job.handoffFrom === null) out.push({ kind: 'call', op: { kind: 'move', job: move.jobId, node } });
    }
  }
}
