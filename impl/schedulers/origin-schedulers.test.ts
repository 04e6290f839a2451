import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Resources } from '../../model/resources.js';
import type { ClusterView } from './define-scheduler.js';
import { originEquationsScheduler } from './origin-equations-scheduler.js';
import { originNaiveManagerScheduler } from './origin-naive-manager-scheduler.js';
import { countingBudget } from './scheduler-test-inputs.js';

const r = (cpuMillis: number, memoryMiB: number): Resources => ({ cpuMillis, memoryMiB });
const oneNode = (allocated: Resources, capacity = r(4000, 4096)): ClusterView => ({
  nodes: [{ id: 'n1', capacity, allocated, alive: true }],
  jobs: [],
});

describe('origin-equations as a policy', () => {
  test.prop([fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 4000 })])(
    // With r = a + q and α = q/r the equations give r' = q + a + a²/q: the node
    // is granted its request plus a²/q (rounded down) that nobody asked for.
    'a node that already holds a is granted q + ⌊a²/q⌋ for a request q (0 < α < 1 makes usage grow)',
    (allocated, asked) => {
      const [decision] = originEquationsScheduler.place({
        cluster: oneNode(r(allocated, allocated)),
        pending: [{ id: 'r1', tenant: 'a', demand: r(asked, asked) }],
        budget: countingBudget(),
      });
      expect(decision?.kind).toBe('place');
      if (decision?.kind === 'place') expect(decision.grant.cpuMillis).toBe(asked + Math.floor((allocated * allocated) / asked));
    },
  );

  test.prop([fc.integer({ min: 4097, max: 100_000 })])('an empty node (α = 1) is granted its whole request, past capacity, unchecked', (asked) => {
    const [decision] = originEquationsScheduler.place({
      cluster: oneNode(r(0, 0)),
      pending: [{ id: 'r1', tenant: 'a', demand: r(asked, asked) }],
      budget: countingBudget(),
    });
    expect(decision).toEqual({ kind: 'place', requestId: 'r1', nodeId: 'n1', grant: r(asked, asked) });
  });
});

describe('origin-naive-manager, ported without repair', () => {
  test('allocate_resource grants each request its demand divided by the node count, fractions included', () => {
    const cluster: ClusterView = {
      nodes: [0, 1, 2].map((i) => ({ id: `n${i + 1}`, capacity: r(1000, 1024), allocated: r(0, 0), alive: true })),
      jobs: [],
    };
    const decisions = originNaiveManagerScheduler.place({ cluster, pending: [{ id: 'r1', tenant: 'a', demand: r(1000, 1024) }], budget: countingBudget() });
    expect(decisions).toEqual([{ kind: 'place', requestId: 'r1', nodeId: 'n1', grant: r(1000 / 3, 1024 / 3) }]);
  });

  test.prop([fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 100, max: 10_000 })])(
    'load_balance_resource spins until the step budget stops it whenever the live nodes are unbalanced',
    (imbalance, limit) => {
      const cluster: ClusterView = {
        nodes: [
          { id: 'n1', capacity: r(8000, 8192), allocated: r(imbalance, 0), alive: true },
          { id: 'n2', capacity: r(8000, 8192), allocated: r(0, 0), alive: true },
        ],
        jobs: [],
      };
      expect(() => originNaiveManagerScheduler.rebalance?.({ cluster, budget: countingBudget(limit) })).toThrow(/step budget/);
    },
  );

  test('load_balance_resource returns at once when there is nothing above the mean', () => {
    expect(originNaiveManagerScheduler.rebalance?.({ cluster: oneNode(r(500, 500)), budget: countingBudget(10) })).toEqual([]);
  });
});
