import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GateCaseStream } from './gate-case-stream.js';
import { gateArbitrary } from './gate-search.js';

describe('GateCaseStream', () => {
  const arbitrary = gateArbitrary(['single-leader'], [], undefined);

  test.each([7, -3, 2_000_000_000])('generates the runs of seed %i exactly as fc.check does, one by one or skipping', (seed) => {
    const expected: string[] = [];
    fc.check(fc.property(arbitrary, (value) => {
        expected.push(JSON.stringify(value));
        return true;
      }), { seed, numRuns: 120 });
    const stream = new GateCaseStream(arbitrary, seed);
    expect(Array.from({ length: 120 }, (_, index) => JSON.stringify(stream.at(index)))).toEqual(expected);
    // Every third run, as a worker or a shard sees them: the bias and the generator do not depend on the runs skipped.
    const skipping = new GateCaseStream(arbitrary, seed);
    for (let index = 2; index < 120; index += 3) expect(JSON.stringify(skipping.at(index))).toBe(expected[index]);
  });

  test('agrees with fast-check past the bias steps at runs 9, 99 and 999', () => {
    const stream = new GateCaseStream(arbitrary, 11);
    for (const index of [8, 9, 98, 99, 998, 999, 1_000]) {
      let replayed = '';
      fc.check(fc.property(arbitrary, (value) => {
          replayed = JSON.stringify(value);
          return true;
        }), { seed: 11, path: String(index), numRuns: 1 });
      expect(JSON.stringify(stream.at(index)), `run ${index}`).toBe(replayed);
    }
  });

  test('refuses to go back', () => {
    const stream = new GateCaseStream(fc.nat(), 1);
    stream.at(5);
    expect(() => stream.at(5)).toThrow(RangeError);
    expect(() => stream.at(2)).toThrow(RangeError);
  });
});
