import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { allocateMaxMinFair } from './allocation-max-min-fair.js';
import { allocateProportionally } from './allocation-proportional.js';
import { allocationLawViolations, describeAllocationLawViolation, type AllocationProblem } from './allocation-laws.js';
import { resources, type Resources } from './resources.js';

const vector = (max: number) => fc.record({ cpuMillis: fc.nat({ max }), memoryMiB: fc.nat({ max }) });
const problems: fc.Arbitrary<AllocationProblem> = fc.record({
  capacity: vector(64_000),
  demands: fc.array(vector(16_000), { maxLength: 12 }),
});

const POLICIES: readonly [string, (p: AllocationProblem) => readonly Resources[]][] = [
  ['proportional', allocateProportionally],
  ['max-min fair', allocateMaxMinFair],
];

describe('capacity-conserving allocation laws', () => {
  for (const [name, policy] of POLICIES) {
    test.prop([problems])(`${name} allocation obeys every law, including work conservation`, (problem) => {
      const grants = policy(problem);
      const violations = allocationLawViolations(problem, grants, { workConserving: true });
      expect(violations.map((v) => describeAllocationLawViolation(v))).toEqual([]);
    });
  }

  test.prop([problems])('max-min fair never gives one demand two units more than a less-served, unsatisfied one', (problem) => {
    const grants = allocateMaxMinFair(problem);
    for (const d of ['cpuMillis', 'memoryMiB'] as const) {
      for (const gi of grants) {
        grants.forEach((gj, j) => {
          const unsatisfied = gj[d] < (problem.demands[j]?.[d] ?? 0);
          if (unsatisfied) expect(gi[d] - gj[d]).toBeLessThanOrEqual(1);
        });
      }
    }
  });

  test.prop([problems.filter((p) => p.demands.reduce((s, d) => s + d.cpuMillis, 0) > p.capacity.cpuMillis)])(
    'a policy that grants every demand in full is caught whenever the demands do not fit',
    (problem) => {
      const kinds = allocationLawViolations(problem, problem.demands, { workConserving: false }).map((v) => v.kind);
      expect(kinds).toContain('above-capacity');
    },
  );

  test('each law is reported by its own kind', () => {
    const problem: AllocationProblem = { capacity: resources(10, 10), demands: [resources(5, 5), resources(5, 5)] };
    const kinds = (grants: Resources[], workConserving = false) => allocationLawViolations(problem, grants, { workConserving }).map((v) => v.kind);
    expect(kinds([resources(5, 5)])).toEqual(['grant-count']);
    expect(kinds([resources(-1, 5), resources(5, 5)])).toEqual(['negative']);
    expect(kinds([resources(Number.NaN, 5), resources(5, 5)])).toEqual(['not-whole']);
    expect(kinds([resources(6, 5), resources(5, 5)])).toEqual(['above-demand', 'above-capacity']);
    expect(kinds([resources(4, 5), resources(5, 5)], true)).toEqual(['not-work-conserving']);
    expect(kinds([resources(5, 5), resources(5, 5)], true)).toEqual([]);
  });
});
