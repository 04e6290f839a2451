import type { ClientRequest, NodeContext } from '../world/node-logic.js';
import type { LedgerClientOp } from '../../model/ledger-command.js';
import { allocationsOf } from '../../model/ledger-machine.js';
import { isServingLeader } from './election.js';
import { schedulePending } from './placement.js';
import { appendAsLeader } from './raft-log.js';
import { replicateNew } from './replication.js';
import type { Out, SingleLeaderEnv } from './single-leader-env.js';
import type { SingleLeaderState } from './single-leader-state.js';

/**
 * Whether the leader may answer a read from its own applied ledger: only
 * under a valid lease (no other leader can have committed anything since),
 * and only once an entry of its own term has committed (before that its
 * commit index may lag behind what the previous leader committed).
 */
function mayReadLocally(state: SingleLeaderState, env: SingleLeaderEnv, nowLocal: number): boolean {
  const leader = state.leader!;
  return isServingLeader(state, nowLocal) && (env.mutants['read-before-term-commit'] || state.commitIndex >= leader.termStartIndex);
}

/**
 * A client request. Only the leader serves; others redirect to the leader
 * they know. A request the ledger has already applied is answered again with
 * its first answer; one that is in the log but not yet applied, or waiting
 * for placement, is answered when it is; an older request of a client that
 * has moved on is a late duplicate and is dropped.
 */
export function handleRequest(state: SingleLeaderState, env: SingleLeaderEnv, request: ClientRequest<LedgerClientOp>, ctx: NodeContext, out: Out): void {
  const leader = state.leader;
  if (state.role !== 'leader' || leader === null) {
    // The stale-read mutant: a node that does not lead (a deposed leader, a follower) answers a query from its own ledger.
    if (env.mutants['stale-read'] && request.op.kind === 'query') {
      out.push({ kind: 'reply', client: request.client, requestId: request.requestId, reply: { kind: 'result', output: { kind: 'allocations', allocated: allocationsOf(state.machine.allocated) } } });
      return;
    }
    out.push({ kind: 'reply', client: request.client, requestId: request.requestId, reply: { kind: 'redirect', leader: state.leaderId } });
    return;
  }
  const { client, requestId, op } = request;
  if (!env.mutants['no-request-dedup']) {
    const last = leader.tip.lastByClient.get(client);
    if (last !== undefined && requestId <= last.requestId) {
      const applied = state.machine.lastByClient.get(client);
      if (applied !== undefined && applied.requestId === requestId) out.push({ kind: 'reply', client, requestId, reply: { kind: 'result', output: applied.output } });
      return;
    }
  }
  // A retry of a submit that still waits for placement is the same request: it waits once.
  if (leader.pending.some((pending) => pending.client === client && pending.requestId === requestId)) return;
  const firstNew = state.log.length + 1;
  switch (op.kind) {
    case 'query':
      if (mayReadLocally(state, env, ctx.nowLocal)) {
        out.push({ kind: 'reply', client, requestId, reply: { kind: 'result', output: { kind: 'allocations', allocated: allocationsOf(state.machine.allocated) } } });
        return;
      }
      appendAsLeader(state, env, { kind: 'query', client, requestId }, ctx, out);
      break;
    case 'submit':
      leader.pending.push({ client, requestId, op });
      schedulePending(state, env, ctx, out);
      return;
    case 'complete':
      appendAsLeader(state, env, { kind: 'complete', client, requestId, job: op.job }, ctx, out);
      break;
    case 'move':
      appendAsLeader(state, env, { kind: 'move', client, requestId, job: op.job, to: op.node }, ctx, out);
      break;
  }
  replicateNew(state, env, firstNew, ctx, out);
}
