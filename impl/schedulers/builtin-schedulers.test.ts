import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { allocationLawViolations, describeAllocationLawViolation } from '../../model/allocation-laws.js';
import { resourcesEqual, subtractResources, type Resources } from '../../model/resources.js';
import { BUILTIN_SCHEDULERS, findBuiltinScheduler } from './builtin-schedulers.js';
import type { ClusterView, PendingRequest } from './define-scheduler.js';
import { countingBudget, gpuSchedulerTestInputArbitrary, schedulerTestInputArbitrary } from './scheduler-test-inputs.js';
import { checkPlacement } from '../../properties/scheduler/decision-violations.js';

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) frozen(item);
    Object.freeze(value);
  }
  return value;
}

const SAFE = BUILTIN_SCHEDULERS.filter((scheduler) => !scheduler.name.startsWith('origin-'));
const WHOLE_REQUEST = ['first-fit', 'best-fit', 'least-loaded', 'drf', 'fragmentation-gradient'];

const node = (id: string, capacity: Resources, allocated: Resources, alive = true) => ({ id, capacity, allocated, alive });
const request = (id: string, tenant: string, demand: Resources): PendingRequest => ({ id, tenant, demand });
const r = (cpuMillis: number, memoryMiB: number): Resources => ({ cpuMillis, memoryMiB });

describe('the built-in scheduler catalog', () => {
  test('lists the eight variants, the two origin ports first', () => {
    expect(BUILTIN_SCHEDULERS.map((s) => s.name)).toEqual([
      'origin-equations',
      'origin-naive-manager',
      'first-fit',
      'best-fit',
      'least-loaded',
      'proportional-share',
      'drf',
      'fragmentation-gradient',
    ]);
    expect(findBuiltinScheduler('drf')?.name).toBe('drf');
    expect(findBuiltinScheduler('no-such')).toBeUndefined();
  });

  for (const scheduler of SAFE) {
    test.prop([schedulerTestInputArbitrary])(`${scheduler.name} answers the same twice, never mutates its input and conserves capacity`, ({ cluster, pending }) => {
      const input = frozen({ cluster, pending });
      const first = scheduler.place({ ...input, budget: countingBudget() });
      const second = scheduler.place({ ...input, budget: countingBudget() });
      expect(second).toEqual(first);
      const ids = first.map((d) => d.requestId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const live of cluster.nodes) {
        const placed = first.flatMap((d) => (d.kind === 'place' && d.nodeId === live.id ? [d] : []));
        if (!live.alive) expect(placed).toEqual([]);
        const demands = placed.map((d) => pending.find((p) => p.id === d.requestId)?.demand ?? r(0, 0));
        const violations = allocationLawViolations(
          { capacity: subtractResources(live.capacity, live.allocated), demands },
          placed.map((d) => d.grant),
          { workConserving: false },
        );
        expect(violations.map((v) => describeAllocationLawViolation(v))).toEqual([]);
        if (WHOLE_REQUEST.includes(scheduler.name)) {
          placed.forEach((d, i) => expect(resourcesEqual(d.grant, demands[i] ?? r(-1, -1))).toBe(true));
        }
      }
    });
  }
});

describe('the built-ins with GPUs', () => {
  for (const scheduler of SAFE) {
    test.prop([gpuSchedulerTestInputArbitrary], { numRuns: 150 })(`${scheduler.name} obeys every law of the harness, per GPU device too`, ({ cluster, pending }) => {
      const decisions = scheduler.place({ ...frozen({ cluster, pending }), budget: countingBudget() });
      const checked = checkPlacement(cluster, pending, decisions);
      expect(checked.kind === 'violation' ? checked.violation.message : 'lawful').toBe('lawful');
    });
  }

  test('a share goes on the fullest device with room, and a request for another model is rejected', () => {
    const cluster: ClusterView = { nodes: [{ ...node('n1', r(8000, 8192), r(0, 0)), gpus: { model: 'T4', allocatedMilli: [0, 600, 300] } }], jobs: [] };
    const pending: PendingRequest[] = [
      { ...request('r1', 'a', r(100, 100)), gpu: { kind: 'share', milli: 400 } },
      { ...request('r2', 'a', r(100, 100)), gpu: { kind: 'share', milli: 100, models: ['P100'] } },
    ];
    expect(findBuiltinScheduler('best-fit')?.place({ cluster, pending, budget: countingBudget() })).toEqual([
      { kind: 'place', requestId: 'r1', nodeId: 'n1', grant: r(100, 100), gpuDevices: [1] },
      { kind: 'reject', requestId: 'r2', reason: 'no live node has room' },
    ]);
  });

  test('fragmentation-gradient fills the sliver no expected request could use, where best-fit takes the tighter node', () => {
    // Only 0.5 shares are expected. Node a has an empty device and one with
    // 400 free (a sliver no 0.5 share can use); node b one device with 600
    // free. A 0.4 share fits b most tightly, so best-fit takes b, leaving 200
    // there that no 0.5 share can use; FGD puts it in a's sliver, which
    // removes 400 of fragmentation and adds none.
    const nodes = [
      { ...node('a', r(8000, 8192), r(0, 0)), gpus: { model: 'T4', allocatedMilli: [0, 600] } },
      { ...node('b', r(8000, 8192), r(0, 0)), gpus: { model: 'T4', allocatedMilli: [400] } },
    ];
    const pending: PendingRequest[] = [{ ...request('r1', 'a', r(100, 100)), gpu: { kind: 'share', milli: 400 } }];
    const expectedDemand = [{ demand: r(100, 100), gpu: { kind: 'share' as const, milli: 500 }, weight: 1 }];
    const place = (name: string) => findBuiltinScheduler(name)?.place({ cluster: { nodes, jobs: [] }, pending, budget: countingBudget(), expectedDemand });
    expect(place('fragmentation-gradient')).toEqual([{ kind: 'place', requestId: 'r1', nodeId: 'a', grant: r(100, 100), gpuDevices: [1] }]);
    expect(place('best-fit')).toEqual([{ kind: 'place', requestId: 'r1', nodeId: 'b', grant: r(100, 100), gpuDevices: [0] }]);
  });

  test('fragmentation-gradient places a CPU-only request where it strands no GPU, unlike least-loaded', () => {
    // Both nodes have room for the CPU request. On g it would leave too little
    // cpu for the expected GPU request, stranding g's free GPU; on c (no GPUs) it strands nothing.
    const nodes = [
      { ...node('g', r(4000, 8192), r(0, 0)), gpus: { model: 'T4', allocatedMilli: [0] } },
      node('c', r(4000, 8192), r(2000, 0)),
    ];
    const pending: PendingRequest[] = [request('r1', 'a', r(2000, 100))];
    const expectedDemand = [{ demand: r(3000, 100), gpu: { kind: 'whole' as const, count: 1 }, weight: 1 }];
    const on = (name: string) => {
      const [decision] = findBuiltinScheduler(name)?.place({ cluster: { nodes, jobs: [] }, pending, budget: countingBudget(), expectedDemand }) ?? [];
      return decision?.kind === 'place' ? decision.nodeId : decision?.kind;
    };
    expect(on('fragmentation-gradient')).toBe('c');
    expect(on('least-loaded')).toBe('g');
  });
});

describe('placement choices', () => {
  const cluster: ClusterView = {
    nodes: [node('n1', r(4000, 4096), r(1000, 1024)), node('n2', r(4000, 4096), r(3000, 3072)), node('n3', r(4000, 4096), r(0, 0), false)],
    jobs: [],
  };
  const pending = [request('r1', 'a', r(500, 512))];
  const placedOn = (name: string) => {
    const decision = findBuiltinScheduler(name)?.place({ cluster, pending, budget: countingBudget() })[0];
    return decision?.kind === 'place' ? decision.nodeId : decision?.kind;
  };

  test('first-fit takes the first live node with room', () => {
    expect(placedOn('first-fit')).toBe('n1');
  });
  test('best-fit takes the node it fills most tightly', () => {
    expect(placedOn('best-fit')).toBe('n2');
  });
  test('least-loaded takes the least loaded live node, never the dead one', () => {
    expect(placedOn('least-loaded')).toBe('n1');
  });

  test('drf serves the tenant with the lowest dominant share first', () => {
    const shared: ClusterView = {
      nodes: [node('n1', r(2000, 2048), r(1000, 0))],
      jobs: [{ id: 'j1', tenant: 'a', nodeId: 'n1', demand: r(1000, 0), grant: r(1000, 0) }],
    };
    const decisions = findBuiltinScheduler('drf')?.place({
      cluster: shared,
      pending: [request('r1', 'a', r(1000, 0)), request('r2', 'b', r(1000, 0))],
      budget: countingBudget(),
    });
    expect(decisions).toEqual([
      { kind: 'place', requestId: 'r2', nodeId: 'n1', grant: r(1000, 0) },
      { kind: 'reject', requestId: 'r1', reason: 'no live node has room' },
    ]);
  });

  test('proportional-share gives everyone the same fraction when the cluster is short', () => {
    const decisions = findBuiltinScheduler('proportional-share')?.place({
      cluster: { nodes: [node('n1', r(1000, 1000), r(0, 0))], jobs: [] },
      pending: [request('r1', 'a', r(1000, 1000)), request('r2', 'b', r(1000, 1000))],
      budget: countingBudget(),
    });
    expect(decisions?.map((d) => (d.kind === 'place' ? d.grant : undefined))).toEqual([r(500, 500), r(500, 500)]);
  });

  test.prop([fc.integer({ min: 1, max: 5 })])('a built-in counts its work on the step budget', (count) => {
    const budget = countingBudget();
    findBuiltinScheduler('first-fit')?.place({ cluster, pending: Array.from({ length: count }, (_, i) => request(`r${i}`, 'a', r(1, 1))), budget });
    expect(budget.steps).toBeGreaterThanOrEqual(count);
  });
});
