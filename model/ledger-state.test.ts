import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { describeLedgerState, emptyLedgerState, findJob, ledgerStatesEqual, withJobPlaced, withJobRemoved, type JobPlacement, type LedgerState } from './ledger-state.js';
import { addResources, NO_RESOURCES, resources } from './resources.js';

const NODE_IDS = ['n1', 'n2', 'n3'] as const;

const placementArbitrary: fc.Arbitrary<JobPlacement> = fc.record({
  job: fc.string({ maxLength: 3 }),
  node: fc.constantFrom(...NODE_IDS),
  demand: fc.record({ cpuMillis: fc.nat(4000), memoryMiB: fc.nat(8192) }),
  tenant: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});

/** Distinct jobs in a random order, and the same jobs in another order. */
const twoOrders = fc
  .uniqueArray(placementArbitrary, { selector: (placement) => placement.job, maxLength: 8 })
  .chain((placements) => fc.tuple(fc.constant(placements), fc.shuffledSubarray(placements, { minLength: placements.length, maxLength: placements.length })));

function placeAll(placements: readonly JobPlacement[]): LedgerState {
  return placements.reduce((state, placement) => withJobPlaced(state, placement, NODE_IDS.indexOf(placement.node as (typeof NODE_IDS)[number])), emptyLedgerState(NODE_IDS.length));
}

describe('LedgerState', () => {
  test.prop([twoOrders])('is the same state, with the same hash, whatever order the jobs were placed in', ([placements, shuffled]) => {
    const a = placeAll(placements);
    const b = placeAll(shuffled);
    expect(ledgerStatesEqual(a, b)).toBe(true);
    expect(a.hash).toBe(b.hash);
    expect(a.placements.map((placement) => placement.job)).toEqual([...placements.map((placement) => placement.job)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  test.prop([twoOrders])('keeps each node\'s allocation equal to the sum of its grants', ([placements]) => {
    const state = placeAll(placements);
    NODE_IDS.forEach((node, index) => {
      const expected = placements.filter((placement) => placement.node === node).reduce((sum, placement) => addResources(sum, placement.demand), NO_RESOURCES);
      expect(state.allocated[index]).toEqual(expected);
    });
  });

  test.prop([twoOrders, fc.nat()])('returns to the same state when a job is placed and removed again', ([placements], pick) => {
    fc.pre(placements.length > 0);
    const target = placements[pick % placements.length]!;
    const without = placeAll(placements.filter((placement) => placement !== target));
    const full = placeAll(placements);
    const frozen = JSON.stringify(full);
    const removed = withJobRemoved(full, findJob(full, target.job), NODE_IDS.indexOf(target.node as (typeof NODE_IDS)[number]));
    expect(ledgerStatesEqual(removed, without)).toBe(true);
    expect(removed.hash).toBe(without.hash);
    // The state removed from is still whole: the checker backtracks to it.
    expect(JSON.stringify(full)).toBe(frozen);
  });

  it('tells states apart by node, demand and tenant, not only by job', () => {
    const base: JobPlacement = { job: 'j1', node: 'n1', demand: resources(500, 256), tenant: 'a' };
    const one = placeAll([base]);
    for (const other of [{ ...base, node: 'n2' }, { ...base, demand: resources(500, 257) }, { ...base, tenant: undefined }]) {
      expect(ledgerStatesEqual(one, placeAll([other]))).toBe(false);
    }
  });

  it('finds a job by binary search and says where a missing one would go', () => {
    const state = placeAll(['b', 'd', 'f'].map((job) => ({ job, node: 'n1', demand: NO_RESOURCES, tenant: undefined })));
    expect(findJob(state, 'd')).toBe(1);
    expect(findJob(state, 'a')).toBe(-1);
    expect(findJob(state, 'e')).toBe(-3);
    expect(findJob(state, 'z')).toBe(-4);
  });

  it('refuses to place a job twice', () => {
    const state = placeAll([{ job: 'j1', node: 'n1', demand: NO_RESOURCES, tenant: undefined }]);
    expect(() => withJobPlaced(state, { job: 'j1', node: 'n2', demand: NO_RESOURCES, tenant: undefined }, 1)).toThrow(/already placed/);
  });

  it('describes the placements in job order', () => {
    const state = placeAll([
      { job: 'j2', node: 'n2', demand: resources(1000, 512), tenant: undefined },
      { job: 'j1', node: 'n1', demand: resources(500, 256), tenant: 'a' },
    ]);
    expect(describeLedgerState(state)).toBe('{j1@n1 500m/256Mi tenant=a, j2@n2 1000m/512Mi}');
    expect(describeLedgerState(emptyLedgerState(2))).toBe('{}');
  });
});
