import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { ClusterEntry } from './cluster-registry.js';
import { removalUnits, withoutUnit, type RemovalUnit } from './removal-units.js';
import { runCase, type RunCase } from './run-case.js';
import type { Violation } from './violation.js';

/**
 * Whether a case still breaks `property` (one of DESIGN.md's ids, or a user's
 * protocol's, whose run needs the protocol): the predicate shrinking keeps
 * true, and the 1-minimality check tests.
 */
export function breaks(candidate: RunCase, property: string, scheduler?: Scheduler, protocol?: ClusterEntry<Protocol>): boolean {
  return runCase(candidate, { record: false, stopAtFirstViolation: false, stopAt: property, scheduler, protocol }).violations.some((v) => v.property === property);
}

export interface UnitCheck {
  readonly unit: RemovalUnit;
  /** True when the case without this unit no longer breaks the property. */
  readonly needed: boolean;
  /** What the case without this unit broke (other properties may break once it is gone). */
  readonly without: readonly Violation[];
}

export interface MinimalityReport {
  readonly property: string;
  readonly minimal: boolean;
  readonly units: readonly UnitCheck[];
}

/**
 * Checks that a counterexample is 1-minimal for `property`: that removing
 * any single fault (with its repair), aimed fault or client operation makes
 * the property hold. Each unit costs one run, to the end, so that the report
 * can say what else broke without it.
 */
export function checkMinimal(candidate: RunCase, property: string, scheduler?: Scheduler, protocol?: ClusterEntry<Protocol>): MinimalityReport {
  const units = removalUnits(candidate, protocol).map((unit): UnitCheck => {
    const without = runCase(withoutUnit(candidate, unit), { record: false, stopAtFirstViolation: false, scheduler, protocol }).violations;
    return { unit, needed: !without.some((v) => v.property === property), without };
  });
  return { property, minimal: units.every((check) => check.needed), units };
}
