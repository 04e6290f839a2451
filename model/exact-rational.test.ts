import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { add, compare, div, equals, floor, mul, pow, rational, sub } from './exact-rational.js';

const small = fc.bigInt({ min: -1000n, max: 1000n });
const nonZero = small.filter((n) => n !== 0n);
const rationals = fc.tuple(small, nonZero).map(([n, d]) => rational(n, d));

describe('exact rationals', () => {
  test.prop([rationals, rationals])('subtracting what was added gives the original back', (a, b) => {
    expect(equals(sub(add(a, b), b), a)).toBe(true);
  });

  test.prop([rationals, rationals.filter((r) => r.num !== 0n)])('dividing what was multiplied gives the original back', (a, b) => {
    expect(equals(div(mul(a, b), b), a)).toBe(true);
  });

  test.prop([rationals])('floor is the largest integer not above the value', (a) => {
    const f = rational(floor(a));
    expect(compare(f, a)).toBeLessThanOrEqual(0);
    expect(compare(add(f, rational(1n)), a)).toBe(1);
  });

  test.prop([rationals, fc.nat({ max: 8 })])('pow is repeated multiplication', (a, n) => {
    let expected = rational(1n);
    for (let i = 0; i < n; i++) expected = mul(expected, a);
    expect(equals(pow(a, n), expected)).toBe(true);
  });

  test('a zero denominator is refused', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });
});
