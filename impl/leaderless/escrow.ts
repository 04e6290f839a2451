import { nodeName, type LedgerClientOp } from '../../model/ledger-command.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import { hashString } from '../../model/lin-spec.js';
import { addResources, fitsWithin, subtractResources, type Resources } from '../../model/resources.js';
import type { ClientRequest, NodeContext } from '../world/node-logic.js';
import { persist } from './escrow-hard.js';
import { ESCROW_TIMER, type LeaderlessEnv, type Out } from './leaderless-env.js';
import type { LeaderlessState, WaitingSubmit } from './leaderless-state.js';

/**
 * The node that owns job `job`: it alone grants, and later frees, the job's
 * resources. A client may send a request anywhere and is redirected there, so
 * that a retry that lands on another node cannot grant the job a second time.
 */
export function homeOf(job: string, nodeCount: number): number {
  return (hashString(job) >>> 0) % nodeCount;
}

/**
 * The host a demand can be granted on from this node's own shares, or -1:
 * its own host first (the capacity it started with), then the others in
 * order. Under the grant-beyond-share mutant, capacity the coordinator has
 * only announced counts as if it had arrived.
 */
function grantableHost(state: LeaderlessState, env: LeaderlessEnv, demand: Resources): number {
  const available = (host: number): Resources => {
    let share = state.shares[host]!;
    if (env.mutants['grant-beyond-share']) for (const expected of state.expected) if (expected.host === host) share = addResources(share, expected.amount);
    return share;
  };
  if (fitsWithin(demand, available(state.id))) return state.id;
  for (let host = 0; host < env.nodeCount; host++) if (host !== state.id && fitsWithin(demand, available(host))) return host;
  return -1;
}

/**
 * Answers a client: the answer is recorded as the client's last, written to
 * disk, and only then sent, so that a node that crashes right after answering
 * still knows, when it starts again, what it said.
 */
function answer(state: LeaderlessState, env: LeaderlessEnv, client: number, requestId: number, output: LedgerOutput, out: Out): void {
  if ((state.lastByClient.get(client)?.requestId ?? 0) < requestId) state.lastByClient.set(client, { requestId, output });
  const reply = { kind: 'reply', client, requestId, reply: { kind: 'result', output } } as const;
  if (env.mutants['reply-before-persist']) {
    out.push(reply);
    persist(state, env, out);
    return;
  }
  persist(state, env, out);
  out.push(reply);
}

/** Grants a waiting or new submit on `host`: the share shrinks by exactly what the job holds. */
function grant(state: LeaderlessState, env: LeaderlessEnv, submit: Omit<WaitingSubmit, 'deadlineLocal'>, host: number, ctx: NodeContext, out: Out): void {
  const { op } = submit;
  state.shares[host] = subtractResources(state.shares[host]!, op.demand);
  state.jobs.set(op.job, { job: op.job, host, grant: op.demand, tenant: op.tenant, durationTicks: op.durationTicks });
  state.endsLocal.set(op.job, ctx.nowLocal + op.durationTicks);
  answer(state, env, submit.client, submit.requestId, { kind: 'placed', node: nodeName(host), grant: op.demand }, out);
}

/**
 * A client request. Submits and completes are served by the job's home node
 * (others redirect there); a retry of an answered request gets the same
 * answer, and a retry of a waiting submit waits once. Reads of the whole
 * allocation and moves need a global view the escrow does not keep: they are
 * refused.
 */
export function handleRequest(state: LeaderlessState, env: LeaderlessEnv, request: ClientRequest<LedgerClientOp>, ctx: NodeContext, out: Out): void {
  const { client, requestId, op } = request;
  if ((op.kind === 'submit' || op.kind === 'complete') && !env.mutants['grant-anywhere']) {
    const home = homeOf(op.job, env.nodeCount);
    if (home !== state.id) {
      out.push({ kind: 'reply', client, requestId, reply: { kind: 'redirect', leader: home } });
      return;
    }
  }
  const last = state.lastByClient.get(client);
  if (last !== undefined && requestId <= last.requestId) {
    if (requestId === last.requestId) out.push({ kind: 'reply', client, requestId, reply: { kind: 'result', output: last.output } });
    return;
  }
  if (state.waiting.some((waiting) => waiting.client === client && waiting.requestId === requestId)) return;
  // A client has one request open at a time: a new one means it gave up on any older one still waiting here, which is dropped unanswered (and so never takes effect).
  for (let index = 0; index < state.waiting.length; index++) if (state.waiting[index]!.client === client) state.waiting.splice(index--, 1);
  switch (op.kind) {
    case 'submit': {
      if (state.jobs.has(op.job)) return answer(state, env, client, requestId, { kind: 'rejected' }, out);
      const host = grantableHost(state, env, op.demand);
      if (host >= 0) {
        grant(state, env, { client, requestId, op }, host, ctx, out);
        armEscrowTimer(state, out, ctx);
        return;
      }
      // A demand no host could hold even empty can never be granted: waiting would only delay the answer.
      if (!env.capacities.some((capacity) => fitsWithin(op.demand, capacity))) return answer(state, env, client, requestId, { kind: 'rejected' }, out);
      state.waiting.push({ client, requestId, op, deadlineLocal: ctx.nowLocal + env.timing.holdTicks });
      armEscrowTimer(state, out, ctx);
      return;
    }
    case 'complete': {
      const job = state.jobs.get(op.job);
      if (job === undefined) return answer(state, env, client, requestId, { kind: 'unknown-job' }, out);
      state.jobs.delete(op.job);
      state.endsLocal.delete(op.job);
      state.shares[job.host] = addResources(state.shares[job.host]!, job.grant);
      answer(state, env, client, requestId, { kind: 'completed' }, out);
      grantWaiting(state, env, ctx, out);
      return;
    }
    case 'query':
    case 'move':
      return answer(state, env, client, requestId, { kind: 'refused' }, out);
  }
}

/** Grants every waiting submit that now fits, oldest first; called whenever the node's shares grow. */
export function grantWaiting(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  for (let index = 0; index < state.waiting.length; index++) {
    const waiting = state.waiting[index]!;
    const host = grantableHost(state, env, waiting.op.demand);
    if (host < 0) continue;
    state.waiting.splice(index--, 1);
    grant(state, env, waiting, host, ctx, out);
  }
  armEscrowTimer(state, out, ctx);
}

/**
 * The escrow timer: jobs that have run their time are completed through the
 * node's agent (and completed again later if the first call is lost), and
 * submits that waited too long are rejected.
 */
export function onEscrowTimer(state: LeaderlessState, env: LeaderlessEnv, ctx: NodeContext, out: Out): void {
  for (const [job, endsLocal] of state.endsLocal) {
    if (endsLocal > ctx.nowLocal) continue;
    state.endsLocal.set(job, ctx.nowLocal + env.recallCompleteTicks);
    out.push({ kind: 'call', op: { kind: 'complete', job } });
  }
  for (let index = 0; index < state.waiting.length; index++) {
    const waiting = state.waiting[index]!;
    if (waiting.deadlineLocal > ctx.nowLocal) continue;
    state.waiting.splice(index--, 1);
    answer(state, env, waiting.client, waiting.requestId, { kind: 'rejected' }, out);
  }
  for (let index = 0; index < state.expected.length; index++) if (state.expected[index]!.untilLocal <= ctx.nowLocal) state.expected.splice(index--, 1);
  armEscrowTimer(state, out, ctx);
}

/** Arms the escrow timer for the earliest job end or submit deadline, if any. */
export function armEscrowTimer(state: LeaderlessState, out: Out, ctx: NodeContext): void {
  let next = Number.POSITIVE_INFINITY;
  for (const endsLocal of state.endsLocal.values()) next = Math.min(next, endsLocal);
  for (const waiting of state.waiting) next = Math.min(next, waiting.deadlineLocal);
  if (next < Number.POSITIVE_INFINITY) out.push({ kind: 'set-timer', timer: ESCROW_TIMER, afterTicks: Math.max(1, next - ctx.nowLocal) });
}
