import type { ClusterView, JobView, NodeView, PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import { gpuMilliPerDevice, type GpuHolding } from '../../model/gpu-demand.js';
import { addResources, dominantShare, NO_RESOURCES, resources, resourcesEqual, subtractResources, sumResources, type Resources } from '../../model/resources.js';
import type { QualitySnapshot } from '../../model/quality-figures.js';
import type { WorkloadNode, WorkloadRequest } from './scheduler-workload.js';

/** The harness's record of one node. Only the harness changes it. */
export interface HarnessNode {
  readonly id: string;
  readonly index: number;
  readonly capacity: Resources;
  readonly gpuModel: string;
  alive: boolean;
  allocated: Resources;
  /** Thousandths allocated on each GPU device; empty on a node without GPUs. */
  gpuAllocated: number[];
}

/** What the harness is told when its state changes, for figures kept up to date as a run goes. */
export interface HarnessListener {
  nodeChanged?(node: HarnessNode): void;
  requestSubmitted?(request: PendingRequest): void;
  /** A request got its first grant (`placed`) or was rejected or left without one. */
  requestSettled?(request: PendingRequest, placed: boolean): void;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The harness's own copy of the cluster. Only the harness changes it, and
 * only by applying decisions that passed every check, so each node's
 * allocations (per GPU device too) are always the exact sum of its jobs'.
 *
 * Views are built incrementally from deeply frozen parts: an unchanged node
 * keeps the same frozen view object from call to call, so a call on a
 * cluster of thousands of nodes costs no copying (the in-process session
 * passes frozen input through as it is, and schedulers may remember what
 * they derived from a frozen node).
 */
export class HarnessCluster {
  readonly nodes: HarnessNode[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeViews: NodeView[] = [];
  private nodesView: readonly NodeView[] | undefined;
  private readonly jobs = new Map<string, JobView>();
  private jobsView: readonly JobView[] | undefined;
  pending: PendingRequest[] = [];
  submitted = 0;
  readonly everGranted = new Set<string>();
  private readonly settled = new Set<string>();
  /** Per tenant, what its jobs on live nodes hold, for the dominant-share figures. */
  private readonly tenantHeld = new Map<string, Resources>();
  /** Per tenant, the dominant shares demanded and granted (the latest grant of each request). */
  private readonly demandShare = new Map<string, number>();
  private readonly grantShare = new Map<string, Map<string, number>>();
  private readonly reference: Resources;

  constructor(
    capacities: readonly WorkloadNode[],
    private readonly listener: HarnessListener = {},
  ) {
    capacities.forEach((capacity) => this.join(capacity));
    this.reference = sumResources(capacities.map((c) => resources(c.cpuMillis, c.memoryMiB)));
  }

  join(capacity: WorkloadNode): void {
    const index = this.nodes.length;
    const id = capacity.id ?? `n${index + 1}`;
    const node: HarnessNode = {
      id,
      index,
      capacity: Object.freeze(resources(capacity.cpuMillis, capacity.memoryMiB)),
      gpuModel: capacity.gpu?.model ?? '',
      alive: true,
      allocated: NO_RESOURCES,
      gpuAllocated: new Array<number>(capacity.gpu?.count ?? 0).fill(0),
    };
    this.nodes.push(node);
    this.nodeIndex.set(id, index);
    this.nodeViews.push(this.freezeView(node));
    this.nodesView = undefined;
    this.listener.nodeChanged?.(node);
  }

  node(id: string): HarnessNode | undefined {
    const index = this.nodeIndex.get(id);
    return index === undefined ? undefined : this.nodes[index];
  }

  nodeView(id: string): NodeView | undefined {
    const index = this.nodeIndex.get(id);
    return index === undefined ? undefined : this.nodeViews[index];
  }

  job(id: string): JobView | undefined {
    return this.jobs.get(id);
  }

  jobCount(): number {
    return this.jobs.size;
  }

  private freezeView(node: HarnessNode): NodeView {
    const view: NodeView =
      node.gpuAllocated.length === 0
        ? { id: node.id, capacity: node.capacity, allocated: node.allocated, alive: node.alive }
        : { id: node.id, capacity: node.capacity, allocated: node.allocated, alive: node.alive, gpus: { model: node.gpuModel, allocatedMilli: [...node.gpuAllocated] } };
    return deepFreeze(view);
  }

  private changed(node: HarnessNode): void {
    this.nodeViews[node.index] = this.freezeView(node);
    this.nodesView = undefined;
    this.listener.nodeChanged?.(node);
  }

  view(): ClusterView {
    this.nodesView ??= Object.freeze([...this.nodeViews]);
    this.jobsView ??= Object.freeze([...this.jobs.values()]);
    return { nodes: this.nodesView, jobs: this.jobsView };
  }

  submit(request: WorkloadRequest): void {
    this.submitted += 1;
    const base = { id: request.id ?? `r${this.submitted}`, tenant: request.tenant, demand: request.demand };
    const pending: PendingRequest = deepFreeze(request.gpu === undefined ? base : { ...base, gpu: request.gpu });
    this.pending.push(pending);
    this.demandShare.set(request.tenant, (this.demandShare.get(request.tenant) ?? 0) + dominantShare(request.demand, this.reference));
    this.listener.requestSubmitted?.(pending);
  }

  /** A request's fate is told once: its first grant, or its rejection or departure while never granted. */
  settle(request: PendingRequest, placed: boolean): void {
    if (this.settled.has(request.id)) return;
    this.settled.add(request.id);
    this.listener.requestSettled?.(request, placed);
  }

  grant(request: PendingRequest, nodeId: string, grant: Resources, devices: readonly number[]): void {
    const node = this.node(nodeId);
    if (node === undefined) return;
    const gpu: GpuHolding | undefined = request.gpu === undefined ? undefined : { demand: request.gpu, devices: [...devices] };
    // A whole grant shares the demand's object: one object fewer per job for
    // every view sent to a worker (structured cloning keeps shared references).
    const granted = resourcesEqual(grant, request.demand) ? request.demand : grant;
    const job: JobView = deepFreeze(
      gpu === undefined
        ? { id: request.id, tenant: request.tenant, nodeId, demand: request.demand, grant: granted }
        : { id: request.id, tenant: request.tenant, nodeId, demand: request.demand, grant: granted, gpu },
    );
    this.jobs.set(job.id, job);
    this.jobsView = undefined;
    this.hold(node, job, 1);
    this.everGranted.add(request.id);
    this.settle(request, true);
    const shares = this.grantShare.get(request.tenant) ?? new Map<string, number>();
    shares.set(request.id, dominantShare(granted, this.reference));
    this.grantShare.set(request.tenant, shares);
  }

  /** Adds (`sign` 1) or removes (-1) a job's holdings on a node. */
  private hold(node: HarnessNode, job: JobView, sign: 1 | -1): void {
    node.allocated = sign === 1 ? addResources(node.allocated, job.grant) : subtractResources(node.allocated, job.grant);
    if (job.gpu !== undefined) {
      const milli = gpuMilliPerDevice(job.gpu.demand);
      for (const device of job.gpu.devices) node.gpuAllocated[device] = (node.gpuAllocated[device] ?? 0) + sign * milli;
    }
    if (node.alive) {
      const before = this.tenantHeld.get(job.tenant) ?? NO_RESOURCES;
      this.tenantHeld.set(job.tenant, sign === 1 ? addResources(before, job.grant) : subtractResources(before, job.grant));
    }
    this.changed(node);
  }

  /** Ends a job (completion or departure); true when there was one. */
  removeJob(id: string): boolean {
    const job = this.jobs.get(id);
    const node = job === undefined ? undefined : this.node(job.nodeId);
    if (job === undefined || node === undefined) return false;
    this.jobs.delete(id);
    this.jobsView = undefined;
    this.hold(node, job, -1);
    return true;
  }

  /** The job at `pick` modulo the job count, in placement order. */
  pickJob(pick: number): JobView | undefined {
    if (this.jobs.size === 0) return undefined;
    const target = pick % this.jobs.size;
    let i = 0;
    for (const job of this.jobs.values()) if (i++ === target) return job;
    return undefined;
  }

  /** Stops a live node; its jobs are lost and their requests go back to the queue under the same ids. */
  failNode(node: HarnessNode): void {
    const lost = [...this.jobs.values()].filter((job) => job.nodeId === node.id);
    for (const job of lost) this.removeJob(job.id);
    node.alive = false;
    this.changed(node);
    this.pending = [
      ...this.pending,
      ...lost.map((job): PendingRequest => deepFreeze(job.gpu === undefined ? { id: job.id, tenant: job.tenant, demand: job.demand } : { id: job.id, tenant: job.tenant, demand: job.demand, gpu: job.gpu.demand })),
    ];
  }

  moveJob(id: string, toNodeId: string, devices: readonly number[]): void {
    const job = this.jobs.get(id);
    const from = job === undefined ? undefined : this.node(job.nodeId);
    const to = this.node(toNodeId);
    if (job === undefined || from === undefined || to === undefined) return;
    this.hold(from, job, -1);
    const moved: JobView = deepFreeze({ ...job, nodeId: toNodeId, ...(job.gpu === undefined ? {} : { gpu: { demand: job.gpu.demand, devices: [...devices] } }) });
    this.jobs.set(id, moved);
    this.jobsView = undefined;
    this.hold(to, moved, 1);
  }

  snapshot(): QualitySnapshot {
    const live = this.nodes.filter((n) => n.alive);
    const liveCapacity = sumResources(live.map((n) => n.capacity));
    const tenants = new Set([...[...this.jobs.values()].map((j) => j.tenant), ...this.pending.map((r) => r.tenant)]);
    return {
      liveNodes: live.map((n) => ({ capacity: n.capacity, allocated: n.allocated })),
      tenantDominantShares: [...tenants].sort().map((t) => dominantShare(this.tenantHeld.get(t) ?? NO_RESOURCES, liveCapacity)),
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
