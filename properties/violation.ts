/**
 * A property that failed, and where: the step and tick at which it first
 * broke. `property` is one of DESIGN.md's ids for a built-in cluster, or one
 * a user's protocol names.
 */
export interface Violation {
  readonly property: string;
  readonly step: number;
  readonly tick: number;
  readonly message: string;
}
