import fc from 'fast-check';
import type { GpuDemand } from '../../model/gpu-demand.js';
import type { Resources } from '../../model/resources.js';

/**
 * A request as a workload submits it. The harness gives it an id (`r1`,
 * `r2`, ...) unless it carries one, as requests read from a trace do.
 */
export interface WorkloadRequest {
  readonly tenant: string;
  readonly demand: Resources;
  readonly gpu?: GpuDemand;
  readonly id?: string;
}

/**
 * A node's capacity as a workload gives it: cpu and memory, and GPU devices
 * of one model when it has any. The harness names it `n1`, `n2`, ... unless
 * it carries an id, as nodes read from a trace do.
 */
export interface WorkloadNode extends Resources {
  readonly gpu?: { readonly model: string; readonly count: number };
  readonly id?: string;
}

/**
 * What happens to the cluster between two scheduler calls. `pick` chooses
 * among whatever exists at that moment (modulo its count), so every event
 * stays meaningful while fast-check shrinks the events around it.
 */
export type WorkloadEvent =
  | { readonly kind: 'submit'; readonly requests: readonly WorkloadRequest[] }
  | { readonly kind: 'complete'; readonly pick: number }
  | { readonly kind: 'fail-node'; readonly pick: number }
  | { readonly kind: 'join-node'; readonly capacity: WorkloadNode }
  /** The request with this id leaves: its job ends, or it stops waiting if it was never placed. */
  | { readonly kind: 'depart'; readonly requestId: string };

export interface SchedulerWorkload {
  /** Capacities of the nodes present at the start. */
  readonly nodes: readonly WorkloadNode[];
  readonly events: readonly WorkloadEvent[];
}

/**
 * One resource amount. Round sizes dominate, as in real clusters, but one in
 * three is a round size off by one unit: capacity checks that are off by one
 * are only caught when a request lands exactly on a node's edge, and plain
 * random integers almost never do.
 */
function amount(roundSizes: readonly number[], max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...roundSizes) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...roundSizes), fc.constantFrom(-1, 1)).map(([size, delta]) => Math.max(0, size + delta)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max }) },
  );
}

export const capacityArbitrary: fc.Arbitrary<Resources> = fc.record({
  cpuMillis: fc.constantFrom(1000, 2000, 4000, 8000),
  memoryMiB: fc.constantFrom(1024, 2048, 4096, 8192),
});

export const demandArbitrary: fc.Arbitrary<Resources> = fc.record({
  cpuMillis: amount([100, 250, 500, 1000, 2000], 8000),
  memoryMiB: amount([128, 256, 512, 1024, 2048], 8192),
});

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'] as const;

export const workloadEventArbitrary: fc.Arbitrary<WorkloadEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.record({ tenant: fc.constantFrom(...TENANTS), demand: demandArbitrary }), { minLength: 1, maxLength: 5 })
      .map((requests): WorkloadEvent => ({ kind: 'submit', requests })),
  },
  { weight: 3, arbitrary: fc.nat({ max: 63 }).map((pick): WorkloadEvent => ({ kind: 'complete', pick })) },
  { weight: 1, arbitrary: fc.nat({ max: 63 }).map((pick): WorkloadEvent => ({ kind: 'fail-node', pick })) },
  { weight: 1, arbitrary: capacityArbitrary.map((capacity): WorkloadEvent => ({ kind: 'join-node', capacity })) },
);

/** Generated workloads: 1–5 nodes and up to 24 events of demands, completions, failures and joins. */
export const schedulerWorkloadArbitrary: fc.Arbitrary<SchedulerWorkload> = fc.record({
  nodes: fc.array(capacityArbitrary, { minLength: 1, maxLength: 5 }),
  events: fc.array(workloadEventArbitrary, { minLength: 1, maxLength: 24 }),
});

/** What a loaded trace lends generated workloads: node sizes and request shapes to draw from. */
export interface WorkloadDraws {
  readonly nodes: readonly WorkloadNode[];
  readonly requests: readonly Omit<WorkloadRequest, 'tenant' | 'id'>[];
}

/**
 * Generated workloads like `schedulerWorkloadArbitrary`, but with node sizes
 * (GPUs included) drawn from a trace's node list and request demands drawn
 * from its pod list, each pod as likely as any other, so common shapes come
 * up as often as in the trace. Draws shrink towards the first node and pod.
 */
export function drawnWorkloadArbitrary(draws: WorkloadDraws): fc.Arbitrary<SchedulerWorkload> {
  const node = fc.constantFrom(...draws.nodes).map(({ id: _id, ...capacity }): WorkloadNode => capacity);
  const request = fc.record({ tenant: fc.constantFrom(...TENANTS), shape: fc.constantFrom(...draws.requests) }).map(({ tenant, shape }): WorkloadRequest => ({ tenant, ...shape }));
  const event: fc.Arbitrary<WorkloadEvent> = fc.oneof(
    { weight: 6, arbitrary: fc.array(request, { minLength: 1, maxLength: 5 }).map((requests): WorkloadEvent => ({ kind: 'submit', requests })) },
    { weight: 3, arbitrary: fc.nat({ max: 63 }).map((pick): WorkloadEvent => ({ kind: 'complete', pick })) },
    { weight: 1, arbitrary: fc.nat({ max: 63 }).map((pick): WorkloadEvent => ({ kind: 'fail-node', pick })) },
    { weight: 1, arbitrary: node.map((capacity): WorkloadEvent => ({ kind: 'join-node', capacity })) },
  );
  return fc.record({ nodes: fc.array(node, { minLength: 1, maxLength: 5 }), events: fc.array(event, { minLength: 1, maxLength: 24 }) });
}
