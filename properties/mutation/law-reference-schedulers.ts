import type { LawExpectation } from './gate-test-outcome.js';

/**
 * A scheduler whose verdict under the scheduler check is known, and so
 * tells whether a mutant of the laws changed what the check says: a built-in
 * by name, or a fixture module in `properties/scheduler/fixtures/`.
 */
export interface LawReferenceScheduler {
  readonly scheduler: string;
  /** The verdict on generated workloads (cpu and memory only). */
  readonly generated: LawExpectation;
  /** The verdict on workloads drawn from the openb sample (GPUs too); null where it would depend on the budget, so the check is not asked. */
  readonly drawn: LawExpectation | null;
}

const holds: LawExpectation = { kind: 'holds' };
const conservation: LawExpectation = { kind: 'breaks', property: 'conservation' };
const termination: LawExpectation = { kind: 'breaks', property: 'termination' };

export const LAW_REFERENCE_SCHEDULERS: readonly LawReferenceScheduler[] = [
  { scheduler: 'first-fit', generated: holds, drawn: holds },
  { scheduler: 'best-fit', generated: holds, drawn: holds },
  { scheduler: 'least-loaded', generated: holds, drawn: holds },
  { scheduler: 'proportional-share', generated: holds, drawn: holds },
  { scheduler: 'drf', generated: holds, drawn: holds },
  { scheduler: 'fragmentation-gradient', generated: holds, drawn: holds },
  { scheduler: 'origin-equations', generated: conservation, drawn: conservation },
  { scheduler: 'origin-naive-manager', generated: conservation, drawn: conservation },
  // The sample's pods are round sizes far from any node's edge, where the off-by-one check never matters.
  { scheduler: 'off-by-one-best-fit.ts', generated: conservation, drawn: null },
  { scheduler: 'gpu-share-split.ts', generated: holds, drawn: conservation },
  { scheduler: 'garbage.ts', generated: termination, drawn: termination },
  { scheduler: 'throws.ts', generated: termination, drawn: termination },
];
