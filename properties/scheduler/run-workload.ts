import type { ClusterView, JobView, NodeView, PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import { assertNever } from '../../model/assert-never.js';
import { runQualityFigures, type QualityFigures, type QualitySnapshot } from '../../model/quality-figures.js';
import { addResources, dominantShare, NO_RESOURCES, sumResources, type Resources } from '../../model/resources.js';
import { checkMoves, checkPlacement } from './decision-violations.js';
import type { CallInput, CallOutcome, SchedulerFunction, SchedulerSession } from './scheduler-session.js';
import type { SchedulerViolation } from './scheduler-violation.js';
import type { SchedulerWorkload, WorkloadEvent } from './scheduler-workload.js';

export type WorkloadOutcome =
  | { readonly kind: 'held'; readonly quality: QualityFigures }
  | {
      readonly kind: 'violated';
      readonly violation: SchedulerViolation;
      readonly eventIndex: number;
      /** True when a call outlived its wall-clock limit: shrinking such a run costs a full limit per attempt. */
      readonly timedOut: boolean;
    };

interface NodeState {
  readonly id: string;
  readonly capacity: Resources;
  alive: boolean;
}

/** Why a call did not return usable output, in one sentence naming the call. */
function describeFailedCall(fn: SchedulerFunction, outcome: Exclude<CallOutcome, { kind: 'returned' }>): string {
  switch (outcome.kind) {
    case 'threw':
      return `${fn} threw ${outcome.message}`;
    case 'budget-exhausted':
      return `${fn} did not return within its step budget of ${outcome.steps} steps`;
    case 'timed-out':
      return `${fn} did not return within ${outcome.limitMs} ms (the worker was terminated)`;
    case 'uncopyable':
      return `${fn} returned a value that is not plain data: ${outcome.message}`;
    default:
      return assertNever(outcome, 'call outcome');
  }
}

/**
 * The harness's own copy of the cluster. Only the harness changes it, and
 * only by applying decisions that passed every check, so its allocations are
 * always the exact sum of its jobs' grants.
 */
class HarnessCluster {
  readonly nodes: NodeState[] = [];
  jobs: JobView[] = [];
  pending: PendingRequest[] = [];
  submitted = 0;
  everGranted = new Set<string>();
  /** Per tenant, the dominant shares demanded and granted (the latest grant of each request). */
  demandShare = new Map<string, number>();
  grantShare = new Map<string, Map<string, number>>();
  private readonly reference: Resources;

  constructor(capacities: readonly Resources[]) {
    capacities.forEach((capacity) => this.join(capacity));
    this.reference = sumResources(capacities);
  }

  join(capacity: Resources): void {
    this.nodes.push({ id: `n${this.nodes.length + 1}`, capacity, alive: true });
  }

  view(): ClusterView {
    const allocated = new Map<string, Resources>();
    for (const job of this.jobs) allocated.set(job.nodeId, addResources(allocated.get(job.nodeId) ?? NO_RESOURCES, job.grant));
    const nodes: NodeView[] = this.nodes.map((n) => ({ id: n.id, capacity: n.capacity, alive: n.alive, allocated: allocated.get(n.id) ?? NO_RESOURCES }));
    return { nodes, jobs: this.jobs };
  }

  submit(tenant: string, demand: Resources): void {
    this.submitted += 1;
    this.pending.push({ id: `r${this.submitted}`, tenant, demand });
    this.demandShare.set(tenant, (this.demandShare.get(tenant) ?? 0) + dominantShare(demand, this.reference));
  }

  grant(request: PendingRequest, nodeId: string, grant: Resources): void {
    this.jobs.push({ id: request.id, tenant: request.tenant, nodeId, demand: request.demand, grant });
    this.everGranted.add(request.id);
    const shares = this.grantShare.get(request.tenant) ?? new Map<string, number>();
    shares.set(request.id, dominantShare(grant, this.reference));
    this.grantShare.set(request.tenant, shares);
  }

  snapshot(): QualitySnapshot {
    const view = this.view();
    const live = view.nodes.filter((n) => n.alive);
    const liveCapacity = sumResources(live.map((n) => n.capacity));
    const tenants = new Set([...this.jobs.map((j) => j.tenant), ...this.pending.map((r) => r.tenant)]);
    const held = (tenant: string) => sumResources(this.jobs.filter((j) => j.tenant === tenant).map((j) => j.grant));
    return {
      liveNodes: live.map((n) => ({ capacity: n.capacity, allocated: n.allocated })),
      tenantDominantShares: [...tenants].sort().map((t) => dominantShare(held(t), liveCapacity)),
    };
  }

  tenantSatisfaction(): readonly number[] {
    return [...this.demandShare.keys()].sort().map((tenant) => {
      const demanded = this.demandShare.get(tenant) ?? 0;
      const granted = [...(this.grantShare.get(tenant)?.values() ?? [])].reduce((a, b) => a + b, 0);
      return demanded === 0 ? 1 : granted / demanded;
    });
  }
}

/** Calls the scheduler twice on the same input; a different second answer breaks `termination`. */
async function callTwice(
  session: SchedulerSession,
  fn: SchedulerFunction,
  input: CallInput,
): Promise<{ kind: 'ok'; value: unknown } | { kind: 'violation'; violation: SchedulerViolation; timedOut?: boolean }> {
  const first = await session.call(fn, input);
  if (first.kind !== 'returned') {
    return { kind: 'violation', violation: { property: 'termination', message: describeFailedCall(fn, first) }, timedOut: first.kind === 'timed-out' };
  }
  const second = await session.call(fn, input);
  if (second.kind !== 'returned') {
    return {
      kind: 'violation',
      violation: { property: 'termination', message: `${describeFailedCall(fn, second)} on the second, identical call` },
      timedOut: second.kind === 'timed-out',
    };
  }
  if (JSON.stringify(first.value) !== JSON.stringify(second.value)) {
    return { kind: 'violation', violation: { property: 'termination', message: `${fn} is not deterministic: two calls on the same input returned different answers` } };
  }
  return { kind: 'ok', value: first.value };
}

/**
 * Runs one workload against a scheduler: applies each event to the
 * harness's cluster, then asks the scheduler to place pending requests and,
 * if it rebalances, to move jobs; every answer is checked before it is
 * applied, and the first broken property ends the run.
 */
export async function runWorkload(workload: SchedulerWorkload, session: SchedulerSession): Promise<WorkloadOutcome> {
  const cluster = new HarnessCluster(workload.nodes);
  const snapshots: QualitySnapshot[] = [];
  for (const [eventIndex, event] of workload.events.entries()) {
    applyEvent(cluster, event);
    if (cluster.pending.length > 0) {
      const view = cluster.view();
      const pending = cluster.pending;
      const answer = await callTwice(session, 'place', { cluster: view, pending });
      if (answer.kind === 'violation') return { kind: 'violated', violation: answer.violation, eventIndex, timedOut: answer.timedOut ?? false };
      const checked = checkPlacement(view, pending, answer.value);
      if (checked.kind === 'violation') return { kind: 'violated', violation: checked.violation, eventIndex, timedOut: false };
      const decided = new Set<string>();
      for (const decision of checked.value) {
        decided.add(decision.requestId);
        const request = pending.find((r) => r.id === decision.requestId);
        if (decision.kind === 'place' && request !== undefined) cluster.grant(request, decision.nodeId, decision.grant);
      }
      cluster.pending = pending.filter((r) => !decided.has(r.id));
    }
    if (session.hasRebalance && cluster.jobs.length > 0) {
      const view = cluster.view();
      const answer = await callTwice(session, 'rebalance', { cluster: view, pending: cluster.pending });
      if (answer.kind === 'violation') return { kind: 'violated', violation: answer.violation, eventIndex, timedOut: answer.timedOut ?? false };
      const checked = checkMoves(view, answer.value);
      if (checked.kind === 'violation') return { kind: 'violated', violation: checked.violation, eventIndex, timedOut: false };
      const target = new Map(checked.value.map((m) => [m.jobId, m.toNodeId]));
      cluster.jobs = cluster.jobs.map((job) => ({ ...job, nodeId: target.get(job.id) ?? job.nodeId }));
    }
    snapshots.push(cluster.snapshot());
  }
  const neverGranted = cluster.submitted - cluster.everGranted.size;
  return {
    kind: 'held',
    quality: runQualityFigures({
      snapshots,
      requestsSubmitted: cluster.submitted,
      requestsNeverGranted: neverGranted,
      tenantSatisfaction: cluster.tenantSatisfaction(),
    }),
  };
}

function applyEvent(cluster: HarnessCluster, event: WorkloadEvent): void {
  switch (event.kind) {
    case 'submit':
      for (const request of event.requests) cluster.submit(request.tenant, request.demand);
      return;
    case 'complete': {
      if (cluster.jobs.length === 0) return;
      const done = cluster.jobs[event.pick % cluster.jobs.length];
      cluster.jobs = cluster.jobs.filter((job) => job !== done);
      return;
    }
    case 'fail-node': {
      const live = cluster.nodes.filter((n) => n.alive);
      const node = live[event.pick % Math.max(1, live.length)];
      if (node === undefined) return;
      node.alive = false;
      // The jobs of a dead node are lost; their requests go back to the queue
      // under the same ids, as a cluster manager would resubmit them.
      const lost = cluster.jobs.filter((job) => job.nodeId === node.id);
      cluster.jobs = cluster.jobs.filter((job) => job.nodeId !== node.id);
      cluster.pending = [...cluster.pending, ...lost.map((job) => ({ id: job.id, tenant: job.tenant, demand: job.demand }))];
      return;
    }
    case 'join-node':
      cluster.join(event.capacity);
      return;
    default:
      assertNever(event, 'workload event');
  }
}
