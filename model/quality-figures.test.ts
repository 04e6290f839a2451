import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { jainFairnessIndex, runQualityFigures } from './quality-figures.js';
import { resources } from './resources.js';

describe('quality figures', () => {
  test.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 })])(
    "Jain's index lies between 1/n and 1",
    (values) => {
      const index = jainFairnessIndex(values);
      expect(index).toBeLessThanOrEqual(1 + 1e-12);
      expect(index).toBeGreaterThanOrEqual(1 / values.length - 1e-12);
    },
  );

  test.prop([fc.double({ min: 0.01, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10 })])("equal shares are perfectly fair; one taker is 1/n", (x, n) => {
    expect(jainFairnessIndex(Array.from({ length: n }, () => x))).toBeCloseTo(1, 12);
    expect(jainFairnessIndex([x, ...Array.from({ length: n - 1 }, () => 0)])).toBeCloseTo(1 / n, 12);
  });

  test('figures of a run are averaged over its snapshots', () => {
    const figures = runQualityFigures({
      snapshots: [
        { liveNodes: [{ capacity: resources(1000, 1000), allocated: resources(500, 0) }, { capacity: resources(1000, 1000), allocated: resources(0, 0) }], tenantDominantShares: [0.25, 0] },
        { liveNodes: [{ capacity: resources(1000, 1000), allocated: resources(1000, 1000) }, { capacity: resources(1000, 1000), allocated: resources(1000, 1000) }], tenantDominantShares: [0.5, 0.5] },
      ],
      requestsSubmitted: 4,
      requestsNeverGranted: 1,
      tenantSatisfaction: [1, 1],
    });
    expect(figures.utilization).toBeCloseTo((0.125 + 1) / 2, 12);
    expect(figures.maxNodeLoad).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(figures.minNodeLoad).toBeCloseTo((0 + 1) / 2, 12);
    expect(figures.dominantShareSpread).toBeCloseTo(0.125, 12);
    expect(figures.rejectionRate).toBe(0.25);
    expect(figures.jainFairness).toBe(1);
  });
});
