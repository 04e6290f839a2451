/**
 * Compile-time proof that the schema's generated types and the simulator's
 * own types describe the same values, checked by `tsc` with the rest of the
 * project: a loaded (schema-valid) trace can be fed to the simulator as is,
 * and what the simulator records fits the schema.
 */
import type { SimConfig as ImplSimConfig } from '../impl/sim-config.js';
import type { AimedFaults as ImplAimedFaults, Fault as ImplFault, NetworkConditions as ImplNetworkConditions, Partition as ImplPartition, ScheduledFault as ImplScheduledFault } from '../impl/world/fault.js';
import type { WorldEvent as ImplWorldEvent } from '../impl/world/world-event.js';
import type { Violation as ImplViolation } from '../properties/violation.js';
import type { AimedFaults, Fault, NetworkConditions, Partition, ScheduledFault, SimConfig, Violation, WorldEvent } from './trace.generated.js';

/** Recursively drops `readonly`, so that the simulator's read-only types can be compared with the generated ones. */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The recorded event of one kind, with the protocol-specific payloads (messages, operations, outputs) left out of the comparison. */
type EventShape<E, K> = Omit<Extract<E, { kind: K }>, 'msg' | 'op' | 'reply'>;
type SameEvent<K extends WorldEvent['kind']> = Same<EventShape<WorldEvent, K>, Mutable<EventShape<ImplWorldEvent, K>>>;

export const traceTypesAgree: {
  fault: Same<Fault, Mutable<ImplFault>>;
  partition: Same<Partition, Mutable<ImplPartition>>;
  conditions: Same<NetworkConditions, Mutable<ImplNetworkConditions>>;
  scheduled: Same<ScheduledFault, Mutable<ImplScheduledFault>>;
  aimed: Same<AimedFaults, Mutable<ImplAimedFaults>>;
  config: Same<SimConfig, Mutable<ImplSimConfig>>;
  violation: Same<Violation, Mutable<ImplViolation>>;
  /** Every kind of recorded event has the same fields in both; protocol payloads are generic in the simulator. */
  events: { [K in WorldEvent['kind']]: SameEvent<K> };
  kinds: Same<WorldEvent['kind'], ImplWorldEvent['kind']>;
} = {
  fault: true,
  partition: true,
  conditions: true,
  scheduled: true,
  aimed: true,
  config: true,
  violation: true,
  events: { deliver: true, drop: true, timer: true, fault: true, heal: true, invoke: true, 'client-send': true, request: true, reply: true, 'client-drop': true, trigger: true, 'give-up': true },
  kinds: true,
};
