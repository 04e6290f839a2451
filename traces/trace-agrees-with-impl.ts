/**
 * Compile-time proof that the schema's generated types and the simulator's
 * own types describe the same values, checked by `tsc` with the rest of the
 * project: a loaded (schema-valid) trace can be fed to the simulator as is,
 * and what the simulator records fits the schema.
 */
import type { Fault as ImplFault, NetworkConditions as ImplNetworkConditions, Partition as ImplPartition, ScheduledFault as ImplScheduledFault } from '../impl/world/fault.js';
import type { SimConfig as ImplSimConfig } from '../impl/sim-config.js';
import type { WorldEvent as ImplWorldEvent } from '../impl/world/world-event.js';
import type { Violation as ImplViolation } from '../properties/violation.js';
import type { Fault, NetworkConditions, Partition, ScheduledFault, SimConfig, Violation, WorldEvent } from './trace.generated.js';

/** Recursively drops `readonly`, so that the simulator's read-only types can be compared with the generated ones. */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const traceTypesAgree: {
  fault: Same<Fault, Mutable<ImplFault>>;
  partition: Same<Partition, Mutable<ImplPartition>>;
  conditions: Same<NetworkConditions, Mutable<ImplNetworkConditions>>;
  scheduled: Same<ScheduledFault, Mutable<ImplScheduledFault>>;
  config: Same<SimConfig, Mutable<ImplSimConfig>>;
  violation: Same<Violation, Mutable<ImplViolation>>;
  /** Messages are generic in the simulator; the schema only requires a `kind`. */
  event: Same<Omit<Extract<WorldEvent, { kind: 'fault' }>, never>, Mutable<Extract<ImplWorldEvent, { kind: 'fault' }>>>;
} = { fault: true, partition: true, conditions: true, scheduled: true, config: true, violation: true, event: true };
