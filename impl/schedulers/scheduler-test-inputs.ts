import fc from 'fast-check';
import type { GpuDemand } from '../../model/gpu-demand.js';
import type { Resources } from '../../model/resources.js';
import type { ClusterView, JobView, NodeView, PendingRequest, StepBudget } from './define-scheduler.js';

/**
 * Generated scheduler inputs for the unit tests of the built-ins: a cluster
 * whose allocations are consistent with its jobs, and pending requests.
 * Test support only; the harness has its own workload generator.
 */
const capacity = fc.record({ cpuMillis: fc.constantFrom(1000, 2000, 4000), memoryMiB: fc.constantFrom(1024, 2048, 4096) });
const demand = fc.record({ cpuMillis: fc.integer({ min: 0, max: 3000 }), memoryMiB: fc.integer({ min: 0, max: 3000 }) });

export interface SchedulerTestInput {
  readonly cluster: ClusterView;
  readonly pending: readonly PendingRequest[];
}

export const schedulerTestInputArbitrary: fc.Arbitrary<SchedulerTestInput> = fc
  .record({
    nodes: fc.array(fc.record({ capacity, alive: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    jobs: fc.array(fc.record({ node: fc.nat(), tenant: fc.constantFrom('a', 'b', 'c'), fraction: fc.integer({ min: 1, max: 4 }) }), { maxLength: 6 }),
    pending: fc.array(fc.record({ tenant: fc.constantFrom('a', 'b', 'c'), demand }), { maxLength: 6 }),
  })
  .map(({ nodes, jobs, pending }) => {
    const nodeIds = nodes.map((_, i) => `n${i + 1}`);
    const allocated = new Map<string, Resources>();
    const jobViews: JobView[] = [];
    jobs.forEach((job, i) => {
      const index = job.node % nodes.length;
      const node = nodes[index];
      const id = nodeIds[index];
      if (node === undefined || id === undefined || !node.alive) return;
      // Each job takes a quarter of the node at most, and only while it fits.
      const grant = { cpuMillis: Math.floor(node.capacity.cpuMillis / 4 / job.fraction), memoryMiB: Math.floor(node.capacity.memoryMiB / 4 / job.fraction) };
      const before = allocated.get(id) ?? { cpuMillis: 0, memoryMiB: 0 };
      const after = { cpuMillis: before.cpuMillis + grant.cpuMillis, memoryMiB: before.memoryMiB + grant.memoryMiB };
      if (after.cpuMillis > node.capacity.cpuMillis || after.memoryMiB > node.capacity.memoryMiB) return;
      allocated.set(id, after);
      jobViews.push({ id: `j${i + 1}`, tenant: job.tenant, nodeId: id, demand: grant, grant });
    });
    const nodeViews: NodeView[] = nodes.map((n, i) => ({
      id: nodeIds[i] ?? `n${i + 1}`,
      capacity: n.capacity,
      alive: n.alive,
      allocated: allocated.get(nodeIds[i] ?? '') ?? { cpuMillis: 0, memoryMiB: 0 },
    }));
    return {
      cluster: { nodes: nodeViews, jobs: jobViews },
      pending: pending.map((r, i) => ({ id: `r${i + 1}`, tenant: r.tenant, demand: r.demand })),
    };
  });

/** A step budget that never runs out but counts, for unit tests. */
export function countingBudget(limit = Number.POSITIVE_INFINITY): StepBudget & { steps: number } {
  const budget = {
    steps: 0,
    step(count = 1) {
      budget.steps += count;
      if (budget.steps > limit) throw new Error(`step budget of ${limit} exhausted`);
    },
  };
  return budget;
}

const gpuDemand: fc.Arbitrary<GpuDemand | undefined> = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('share' as const), milli: fc.constantFrom(100, 250, 460, 500, 501, 810, 999) }),
    fc.record({ kind: fc.constant('whole' as const), count: fc.constantFrom(1, 2, 4) }),
    fc.record({ kind: fc.constant('share' as const), milli: fc.constantFrom(300, 700), models: fc.constant(['P100']) }),
  ),
  { nil: undefined },
);

/**
 * Like `schedulerTestInputArbitrary`, with GPUs: nodes carry 0–4 devices of
 * one of two models, some already partly allocated, and requests ask for
 * shares, whole devices, or a model, or no GPU at all.
 */
export const gpuSchedulerTestInputArbitrary: fc.Arbitrary<SchedulerTestInput> = fc
  .tuple(
    schedulerTestInputArbitrary,
    fc.array(fc.record({ model: fc.constantFrom('T4', 'P100'), devices: fc.array(fc.constantFrom(0, 0, 250, 500, 540, 1000), { maxLength: 4 }) }), { minLength: 4, maxLength: 4 }),
    fc.array(gpuDemand, { minLength: 6, maxLength: 6 }),
  )
  .map(([{ cluster, pending }, gpus, demands]) => ({
    cluster: {
      jobs: cluster.jobs,
      nodes: cluster.nodes.map((node, i): NodeView => {
        const g = gpus[i];
        return g === undefined || g.devices.length === 0 || !node.alive ? node : { ...node, gpus: { model: g.model, allocatedMilli: g.devices } };
      }),
    },
    pending: pending.map((request, i): PendingRequest => {
      const gpu = demands[i];
      return gpu === undefined ? request : { ...request, gpu };
    }),
  }));
