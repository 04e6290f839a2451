/** The property ids a scheduler check can report (see DESIGN.md). */
export type SchedulerPropertyId = 'conservation' | 'termination';

/** One broken property, with a sentence a user can act on. */
export interface SchedulerViolation {
  readonly property: SchedulerPropertyId;
  readonly message: string;
}
