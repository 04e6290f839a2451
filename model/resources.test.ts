import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  addResources,
  dominantShare,
  fitsWithin,
  isWholeResources,
  minResources,
  resources,
  resourcesEqual,
  subtractResources,
  sumResources,
} from './resources.js';

const vector = fc.record({ cpuMillis: fc.nat({ max: 1_000_000 }), memoryMiB: fc.nat({ max: 1_000_000 }) });

describe('integer resource vectors', () => {
  test.prop([vector, vector])('subtracting what was added is exact', (a, b) => {
    expect(subtractResources(addResources(a, b), b)).toEqual(a);
  });

  test.prop([fc.array(vector, { maxLength: 20 })])('a sum of whole vectors is whole and independent of order', (vs) => {
    const sum = sumResources(vs);
    expect(isWholeResources(sum)).toBe(true);
    expect(resourcesEqual(sum, sumResources([...vs].reverse()))).toBe(true);
  });

  test.prop([vector, vector])('the minimum fits within both', (a, b) => {
    const m = minResources(a, b);
    expect(fitsWithin(m, a) && fitsWithin(m, b)).toBe(true);
  });

  test.prop([vector, vector.filter((c) => c.cpuMillis > 0 && c.memoryMiB > 0)])(
    'the dominant share is at most 1 exactly when the amount fits the capacity',
    (amount, capacity) => {
      expect(dominantShare(amount, capacity) <= 1).toBe(fitsWithin(amount, capacity));
    },
  );

  test('NaN, fractions and negatives are not whole resources', () => {
    expect(isWholeResources(resources(Number.NaN, 1))).toBe(false);
    expect(isWholeResources(resources(0.5, 1))).toBe(false);
    expect(isWholeResources(resources(1, -1))).toBe(false);
    expect(isWholeResources(resources(0, 0))).toBe(true);
  });
});
