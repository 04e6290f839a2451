import type { ClusterKind } from '../../impl/sim-config.js';
import { clusterEntry } from '../cluster-registry.js';
import { ledgerCapacities } from '../single-leader/ledger-history.js';
import { runCase } from '../run-case.js';
import { runCaseOf, type CompareCase } from './compare-case.js';
import { runMetricsObserver } from './run-metrics-observer.js';
import { emptyRunMetrics, type RunMetrics } from './run-metrics.js';

/**
 * Runs one case on one cluster through the gate's runner, every property
 * checked as in `check`, and measures it. A property the run broke is kept
 * with the figures: a comparison of a cluster that misbehaved says so.
 */
export function measureRun(kind: ClusterKind, compareCase: CompareCase, crashWindowTicks: number): RunMetrics {
  const run = runCaseOf(kind, compareCase);
  const metrics = emptyRunMetrics(run.config.world.nodeCount);
  const observer = runMetricsObserver({ office: clusterEntry(kind).office, capacities: ledgerCapacities(run.config), crashWindowTicks }, metrics);
  const outcome = runCase(run, { record: false, stopAtFirstViolation: false, observers: [observer] });
  metrics.violations = [...new Set(outcome.violations.map((violation) => violation.property))];
  return metrics;
}
