import type { PropertyId } from '../model/property-id.js';

/** A property that failed, and where: the step and tick at which it first broke. */
export interface Violation {
  readonly property: PropertyId;
  readonly step: number;
  readonly tick: number;
  readonly message: string;
}
