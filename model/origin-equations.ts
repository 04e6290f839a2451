import { add, compare, div, equals, mul, ONE, pow, sub, ZERO, type Rational } from './exact-rational.js';

/**
 * The allocation equations of the origin document (§4), exactly as written,
 * for one node i:
 *
 *   r_i' = α_i·d_i + β_i·r_i,   d_i = L·r_i,   β_i = (1 − α_i)/α_i
 *
 * with usage r_i, request ratio α_i, load-balancing factor L and allocation
 * d_i. The total R appears nowhere in them: that is one of the findings the
 * tests state. faultline implements them faithfully and checks what follows
 * instead of trusting the document's conclusions.
 */
export interface OriginNodeState {
  /** r_i, the node's resource usage. */
  readonly usage: Rational;
  /** α_i, the node's request ratio; the equations divide by it, so 0 < α_i. */
  readonly alpha: Rational;
}

export interface OriginStepResult {
  /** r_i' for every node, in input order. */
  readonly usages: readonly Rational[];
  /** d_i = L·r_i for every node: what the leader allocates in this step. */
  readonly allocations: readonly Rational[];
}

/** β_i = (1 − α_i)/α_i; α_i = 0 leaves it undefined, so it is rejected. */
export function originAdjustment(alpha: Rational): Rational {
  if (compare(alpha, ZERO) <= 0) throw new RangeError('origin equations: the request ratio α must be positive');
  return div(sub(ONE, alpha), alpha);
}

/** One step of the equations for every node; the input is not changed. */
export function originEquationsStep(nodes: readonly OriginNodeState[], loadBalance: Rational): OriginStepResult {
  const allocations = nodes.map((node) => mul(loadBalance, node.usage));
  const usages = nodes.map((node, i) =>
    add(mul(node.alpha, allocations[i] ?? ZERO), mul(originAdjustment(node.alpha), node.usage)),
  );
  return { usages, allocations };
}

/**
 * Substituting d_i and β_i makes the step linear: r_i' = g_i·r_i with
 * g_i = α_i·L + (1 − α_i)/α_i. Everything the tests state about fixed points
 * and growth is a statement about this factor.
 */
export function originGrowthFactor(alpha: Rational, loadBalance: Rational): Rational {
  return add(mul(alpha, loadBalance), originAdjustment(alpha));
}

/** A non-zero usage stays put under the step exactly when g_i = 1. */
export function originHasNonZeroFixedPoint(alpha: Rational, loadBalance: Rational): boolean {
  return equals(originGrowthFactor(alpha, loadBalance), ONE);
}

/** r_i after `steps` applications, in closed form: g_i^steps · r_i. */
export function originUsageAfterSteps(node: OriginNodeState, loadBalance: Rational, steps: number): Rational {
  return mul(pow(originGrowthFactor(node.alpha, loadBalance), steps), node.usage);
}
