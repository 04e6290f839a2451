import { assertNever } from './assert-never.js';
import { formatResources, mapResources, RESOURCE_DIMENSIONS, sumResources, type ResourceDimension, type Resources } from './resources.js';

/** What an allocation problem gives a policy: one capacity, several demands. */
export interface AllocationProblem {
  readonly capacity: Resources;
  readonly demands: readonly Resources[];
}

/**
 * Applies a one-dimensional split (capacity and demands → grants) to each
 * resource dimension on its own, and reassembles the grants into vectors.
 */
export function splitEachDimension(problem: AllocationProblem, split: (capacity: number, demands: readonly number[]) => readonly number[]): readonly Resources[] {
  const byDimension = mapDimensions((d) => split(problem.capacity[d], problem.demands.map((demand) => demand[d])));
  return problem.demands.map((_, i) => mapResources((d) => byDimension[d][i] ?? 0));
}

function mapDimensions<T>(f: (dimension: ResourceDimension) => T): Record<ResourceDimension, T> {
  return Object.fromEntries(RESOURCE_DIMENSIONS.map((d) => [d, f(d)])) as Record<ResourceDimension, T>;
}

/** One broken law; `index` is the demand it concerns, where there is one. */
export type AllocationLawViolation =
  | { readonly kind: 'grant-count'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'not-whole'; readonly index: number; readonly dimension: ResourceDimension; readonly value: number }
  | { readonly kind: 'negative'; readonly index: number; readonly dimension: ResourceDimension; readonly value: number }
  | { readonly kind: 'above-demand'; readonly index: number; readonly dimension: ResourceDimension; readonly grant: number; readonly demand: number }
  | { readonly kind: 'above-capacity'; readonly dimension: ResourceDimension; readonly granted: number; readonly capacity: number }
  | { readonly kind: 'not-work-conserving'; readonly dimension: ResourceDimension; readonly granted: number; readonly expected: number };

/**
 * The laws every capacity-conserving allocation obeys: one grant per demand,
 * whole non-negative units, no grant above its demand, and per dimension
 * Σ grants ≤ capacity. A policy that claims to be work-conserving must also
 * hand out everything it can: Σ grants = min(capacity, Σ demands).
 *
 * Returns every violation found, so a report can show them all; an empty
 * list means the allocation is lawful.
 */
export function allocationLawViolations(
  problem: AllocationProblem,
  grants: readonly Resources[],
  options: { readonly workConserving: boolean },
): readonly AllocationLawViolation[] {
  if (grants.length !== problem.demands.length) {
    return [{ kind: 'grant-count', expected: problem.demands.length, actual: grants.length }];
  }
  const violations: AllocationLawViolation[] = [];
  grants.forEach((grant, index) => {
    const demand = problem.demands[index];
    for (const dimension of RESOURCE_DIMENSIONS) {
      const value = grant[dimension];
      if (!Number.isSafeInteger(value)) violations.push({ kind: 'not-whole', index, dimension, value });
      else if (value < 0) violations.push({ kind: 'negative', index, dimension, value });
      else if (demand !== undefined && value > demand[dimension]) {
        violations.push({ kind: 'above-demand', index, dimension, grant: value, demand: demand[dimension] });
      }
    }
  });
  const granted = sumResources(grants);
  const demanded = sumResources(problem.demands);
  for (const dimension of RESOURCE_DIMENSIONS) {
    const capacity = problem.capacity[dimension];
    if (granted[dimension] > capacity) {
      violations.push({ kind: 'above-capacity', dimension, granted: granted[dimension], capacity });
    }
    const expected = Math.min(capacity, demanded[dimension]);
    if (options.workConserving && granted[dimension] !== expected) {
      violations.push({ kind: 'not-work-conserving', dimension, granted: granted[dimension], expected });
    }
  }
  return violations;
}

/** One sentence per violation, for reports and test failure messages. */
export function describeAllocationLawViolation(violation: AllocationLawViolation, grants?: readonly Resources[]): string {
  switch (violation.kind) {
    case 'grant-count':
      return `expected ${violation.expected} grants, got ${violation.actual}`;
    case 'not-whole':
      return `grant ${violation.index} has ${violation.dimension}=${violation.value}, not a whole number`;
    case 'negative':
      return `grant ${violation.index} has negative ${violation.dimension}=${violation.value}`;
    case 'above-demand':
      return `grant ${violation.index} gives ${violation.dimension}=${violation.grant} above its demand ${violation.demand}`;
    case 'above-capacity':
      return `grants sum to ${violation.dimension}=${violation.granted} above capacity ${violation.capacity}${grants ? ` (${grants.map(formatResources).join('; ')})` : ''}`;
    case 'not-work-conserving':
      return `grants sum to ${violation.dimension}=${violation.granted}, work conservation requires ${violation.expected}`;
    default:
      return assertNever(violation, 'allocation law violation');
  }
}
