import fc from 'fast-check';
import { BUILTIN_SCHEDULERS } from '../../impl/schedulers/builtin-schedulers.js';
import { meanQualityFigures, type QualityFigures } from '../../model/quality-figures.js';
import { inProcessSession } from './in-process-session.js';
import { runWorkload } from './run-workload.js';
import type { SchedulerPropertyId } from './scheduler-violation.js';
import { schedulerWorkloadArbitrary } from './scheduler-workload.js';

export interface SchedulerComparisonRow {
  readonly name: string;
  readonly description: string;
  /** How many of the workloads the scheduler got through without breaking a property. */
  readonly held: number;
  /** The first property broken, by workload order; undefined when all held. */
  readonly firstViolation: SchedulerPropertyId | undefined;
  /** Averaged over the workloads that held; undefined when none did. */
  readonly quality: QualityFigures | undefined;
}

export interface SchedulerComparison {
  readonly seed: number;
  readonly workloads: number;
  readonly rows: readonly SchedulerComparisonRow[];
}

/**
 * Runs every built-in on the same generated workloads (one seed, one list)
 * and gathers their quality figures side by side. Figures of a scheduler
 * that broke a property come only from the workloads where it did not.
 */
export async function compareSchedulers(options: { readonly seed: number; readonly workloads: number; readonly stepLimit?: number | undefined }): Promise<SchedulerComparison> {
  const workloads = fc.sample(schedulerWorkloadArbitrary, { seed: options.seed, numRuns: options.workloads });
  const rows: SchedulerComparisonRow[] = [];
  for (const scheduler of BUILTIN_SCHEDULERS) {
    const session = inProcessSession(scheduler, options.stepLimit ?? 100_000);
    const figures: QualityFigures[] = [];
    let firstViolation: SchedulerPropertyId | undefined;
    for (const workload of workloads) {
      const outcome = await runWorkload(workload, session);
      if (outcome.kind === 'held') figures.push(outcome.quality);
      else firstViolation ??= outcome.violation.property;
    }
    rows.push({
      name: scheduler.name,
      description: scheduler.description,
      held: figures.length,
      firstViolation,
      quality: figures.length > 0 ? meanQualityFigures(figures) : undefined,
    });
  }
  return { seed: options.seed, workloads: workloads.length, rows };
}
