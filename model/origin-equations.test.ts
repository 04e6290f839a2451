import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { add, compare, div, equals, mul, ONE, rational, sub, toNumber, type Rational } from './exact-rational.js';
import { originEquationsStep, originGrowthFactor, originHasNonZeroFixedPoint, originUsageAfterSteps } from './origin-equations.js';

/** α = p/q in (0, 1], small denominators so exact arithmetic stays cheap. */
const alphaInUnitInterval = fc.integer({ min: 1, max: 40 }).chain((q) => fc.integer({ min: 1, max: q }).map((p) => rational(p, q)));
const alphaBelowOne = fc.integer({ min: 2, max: 10 }).chain((q) => fc.integer({ min: 1, max: q - 1 }).map((p) => rational(p, q)));
const loadBalance = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 })).map(([n, d]) => rational(n, d));
const positiveUsage = fc.integer({ min: 1, max: 100_000 }).map((n) => rational(n));

const step = (usage: Rational, alpha: Rational, L: Rational): Rational =>
  originEquationsStep([{ usage, alpha }], L).usages[0] ?? rational(-1n);

describe('the origin document §4 allocation equations, taken exactly', () => {
  test.prop([positiveUsage, alphaInUnitInterval, loadBalance])(
    'a non-zero usage is a fixed point exactly when α·L + (1 − α)/α = 1',
    (usage, alpha, L) => {
      const fixed = equals(step(usage, alpha, L), usage);
      expect(fixed).toBe(originHasNonZeroFixedPoint(alpha, L));
      // The condition written out here, independently of the module's helper.
      expect(fixed).toBe(equals(add(mul(alpha, L), div(sub(ONE, alpha), alpha)), ONE));
    },
  );

  test.prop([positiveUsage, alphaInUnitInterval])('for L = 1 the only fixed point is at α = 1', (usage, alpha) => {
    expect(equals(step(usage, alpha, ONE), usage)).toBe(equals(alpha, ONE));
  });

  test.prop([positiveUsage, alphaBelowOne])('for L = 1 and 0 < α < 1 usage grows strictly at every step', (usage, alpha) => {
    let r = usage;
    for (let i = 0; i < 12; i++) {
      const next = step(r, alpha, ONE);
      expect(compare(next, r)).toBe(1);
      r = next;
    }
  });

  // R is drawn as a multiple of the starting usage (up to 50×) so that the
  // exact powers stay small enough to compute; the argument does not depend on it.
  test.prop([positiveUsage, alphaBelowOne, fc.integer({ min: 1, max: 50 })])(
    'for L = 1 and 0 < α < 1 any finite total R is exceeded after finitely many steps',
    (usage, alpha, multiple) => {
      const total = Number(usage.num) * multiple;
      // r_n = g^n · r_0 with g = α + 1/α − 1 > 1; by Bernoulli, g^n ≥ 1 + n(g − 1),
      // so n = ⌈(R/r_0 − 1)/(g − 1)⌉ + 1 steps suffice. The test checks that
      // bound exactly rather than trusting it.
      const g = originGrowthFactor(alpha, ONE);
      expect(compare(g, ONE)).toBe(1);
      const n = Math.max(0, Math.ceil((total / toNumber(usage) - 1) / toNumber(sub(g, ONE)))) + 1;
      expect(compare(originUsageAfterSteps({ usage, alpha }, ONE, n), rational(total))).toBe(1);
    },
  );

  test.prop([positiveUsage, alphaInUnitInterval, loadBalance, fc.nat({ max: 10 })])(
    'iterating the step agrees with the closed form g^n · r',
    (usage, alpha, L, n) => {
      let r = usage;
      for (let i = 0; i < n; i++) r = step(r, alpha, L);
      expect(equals(r, originUsageAfterSteps({ usage, alpha }, L, n))).toBe(true);
    },
  );

  test('the worked example (R = 300; 100/50/75; α = 0.6/0.4/0.7; L = 1) does not give the claimed 150/50/75', () => {
    const nodes = [
      { usage: rational(100), alpha: rational(3, 5) },
      { usage: rational(50), alpha: rational(2, 5) },
      { usage: rational(75), alpha: rational(7, 10) },
    ];
    const { usages, allocations } = originEquationsStep(nodes, ONE);
    expect(usages).toEqual([rational(380, 3), rational(95), rational(1185, 14)]);
    // d_i = L·r_i is the old usage, not the claimed d_1 = 150.
    expect(allocations).toEqual([rational(100), rational(50), rational(75)]);
    const claimed = [rational(150), rational(50), rational(75)];
    expect(usages.some((u, i) => !equals(u, claimed[i] ?? ONE))).toBe(true);
    // One step already uses more than R = 300 in total …
    const total = usages.reduce(add, rational(0));
    expect(total).toEqual(rational(12865, 42));
    expect(compare(total, rational(300))).toBe(1);
    // … while the claimed figures add up to 275, not the "allocated 300, available 0" printed with them.
    expect(claimed.reduce(add, rational(0))).toEqual(rational(275));
    // And the claimed state is no fixed point either: none of the three α is 1.
    expect(nodes.some((n) => originHasNonZeroFixedPoint(n.alpha, ONE))).toBe(false);
  });

  test('α = 0 is refused: β = (1 − α)/α is undefined there', () => {
    expect(() => originEquationsStep([{ usage: ONE, alpha: rational(0) }], ONE)).toThrow(RangeError);
  });
});
