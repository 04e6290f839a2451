import type { LedgerJob } from '../../model/ledger-machine.js';
import { addResources, fitsWithin, NO_RESOURCES } from '../../model/resources.js';
import type { NodeContext } from '../world/node-logic.js';
import { JOBS_TIMER, type Out, type SingleLeaderEnv } from './single-leader-env.js';
import type { SingleLeaderMsg } from './single-leader-msg.js';
import type { SingleLeaderState } from './single-leader-state.js';

/**
 * Whether a job may run where the ledger puts it. A moved job waits until its
 * old node has confirmed that it stopped it (`handoff-done`): this is what
 * keeps a job from running on two nodes at once.
 */
export function startable(job: LedgerJob, env: SingleLeaderEnv): boolean {
  return job.handoffFrom === null || env.mutants['move-without-handoff'];
}

/** The leader tells a job's node that the job is assigned to it, with the assignment's fencing token. */
export function sendAssign(state: SingleLeaderState, job: LedgerJob, out: Out): void {
  if (job.node === state.id) return;
  out.push({ kind: 'send', to: job.node, msg: { kind: 'assign', term: state.currentTerm, token: job.since, job: job.job, grant: job.grant, durationTicks: job.durationTicks } });
}

/**
 * Starts a job if the node has room for it now: the sum of the grants it runs
 * stays within its capacity. A job the ledger has just moved here may arrive
 * before the node has learned that another one left, and must then wait.
 */
function tryStart(state: SingleLeaderState, env: SingleLeaderEnv, job: string, grant: LedgerJob['grant'], durationTicks: number, token: number, ctx: NodeContext): boolean {
  if (!env.mutants['no-admission-check']) {
    let used = NO_RESOURCES;
    for (const running of state.running.values()) used = addResources(used, running.grant);
    if (!fitsWithin(addResources(used, grant), env.capacities[state.id]!)) return false;
  }
  state.running.set(job, { job, grant, token, finishLocal: ctx.nowLocal + durationTicks });
  return true;
}

/**
 * Brings the jobs this node runs in line with its applied ledger: stops what
 * is no longer assigned here (once the ledger has caught up with the
 * assignment it ran under), starts what is assigned and settled here, and
 * asks again to complete a finished job whose completion has not been applied.
 */
export function reconcileJobs(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  const { machine } = state;
  for (const [id, running] of state.running) {
    if (machine.appliedIndex < running.token) continue;
    const job = machine.jobs.get(id);
    if (job === undefined || job.node !== state.id || !startable(job, env)) state.running.delete(id);
  }
  for (const [id, finished] of state.finished) {
    const job = machine.jobs.get(id);
    if (job === undefined || job.since !== finished.token) state.finished.delete(id);
  }
  for (const job of machine.jobs.values()) {
    if (job.node !== state.id || !startable(job, env) || state.running.has(job.job)) continue;
    const finished = state.finished.get(job.job);
    if (finished !== undefined && finished.token === job.since) {
      if (ctx.nowLocal - finished.calledLocal >= env.recallCompleteTicks) {
        finished.calledLocal = ctx.nowLocal;
        out.push({ kind: 'call', op: { kind: 'complete', job: job.job } });
      }
      continue;
    }
    tryStart(state, env, job.job, job.grant, job.durationTicks, job.since, ctx);
  }
  armJobsTimer(state, ctx, out);
}

/**
 * An assignment from the leader, ahead of this node's own log. Its fencing
 * token must be newer than everything the node has applied: an older one is
 * stale news (the job may have moved on since), and the applied ledger
 * already says what to run.
 */
export function handleAssign(state: SingleLeaderState, env: SingleLeaderEnv, msg: Extract<SingleLeaderMsg, { kind: 'assign' }>, ctx: NodeContext, out: Out): void {
  if (!env.mutants['no-fencing'] && msg.token <= state.machine.appliedIndex) return;
  if (state.running.has(msg.job) || state.finished.get(msg.job)?.token === msg.token) return;
  if (tryStart(state, env, msg.job, msg.grant, msg.durationTicks, msg.token, ctx)) armJobsTimer(state, ctx, out);
}

/** Jobs whose time is up finish: the node stops them and its agent asks the cluster to complete them. */
export function onJobsTimer(state: SingleLeaderState, ctx: NodeContext, out: Out): void {
  for (const [id, running] of state.running) {
    if (running.finishLocal > ctx.nowLocal) continue;
    state.running.delete(id);
    state.finished.set(id, { token: running.token, calledLocal: ctx.nowLocal });
    out.push({ kind: 'call', op: { kind: 'complete', job: id } });
  }
  armJobsTimer(state, ctx, out);
}

function armJobsTimer(state: SingleLeaderState, ctx: NodeContext, out: Out): void {
  let next = Number.POSITIVE_INFINITY;
  for (const running of state.running.values()) next = Math.min(next, running.finishLocal);
  if (next !== Number.POSITIVE_INFINITY) out.push({ kind: 'set-timer', timer: JOBS_TIMER, afterTicks: Math.max(1, next - ctx.nowLocal) });
}
