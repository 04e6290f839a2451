import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Prng } from './prng.js';

const draws = (prng: Prng, count: number) => Array.from({ length: count }, () => prng.int(0, 1_000_000));

describe('Prng', () => {
  test.prop([fc.integer()])('the same seed gives the same stream', (seed) => {
    expect(draws(new Prng(seed), 50)).toEqual(draws(new Prng(seed), 50));
  });

  test.prop([fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 1000 })])('int stays within its bounds', (seed, min, span) => {
    const prng = new Prng(seed);
    for (let i = 0; i < 20; i++) {
      const value = prng.int(min, min + span);
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(min + span);
    }
  });

  test('different seeds give different streams', () => {
    expect(draws(new Prng(1), 20)).not.toEqual(draws(new Prng(2), 20));
  });

  test('chancePermille is never true at 0 and always true at 1000, and near its rate in between', () => {
    const prng = new Prng(7);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(prng.chancePermille(0)).toBe(false);
      expect(prng.chancePermille(1000)).toBe(true);
      if (prng.chancePermille(250)) hits++;
    }
    expect(hits).toBeGreaterThan(2_200);
    expect(hits).toBeLessThan(2_800);
  });

  test('a fork is reproducible and independent of later draws on its parent', () => {
    const a = new Prng(5);
    const b = new Prng(5);
    const forkA = a.fork(3);
    const forkB = b.fork(3);
    draws(a, 10);
    expect(draws(forkA, 20)).toEqual(draws(forkB, 20));
    expect(draws(new Prng(5).fork(3), 5)).not.toEqual(draws(new Prng(5).fork(4), 5));
  });
});
