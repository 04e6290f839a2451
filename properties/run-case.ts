import type { SimConfig } from '../impl/sim-config.js';
import type { ScheduledFault } from '../impl/world/fault.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import { World } from '../impl/world/world.js';
import type { ObservedEvent, WorldEvent } from '../impl/world/world-event.js';
import { runEndTick } from '../impl/world/world-config.js';
import type { PropertyId } from '../model/property-id.js';
import { clusterEntry } from './cluster-registry.js';
import { HistoryRecorder, type HistoryCall } from './history-recorder.js';
import type { Observer, RunContext } from './observer.js';
import type { Violation } from './violation.js';

/** Everything that determines one simulated run: replaying it needs nothing else. */
export interface RunCase {
  readonly config: SimConfig;
  /** Seeds the world's PRNG: delays, losses, clock offsets, election timeouts. */
  readonly worldSeed: number;
  readonly schedule: readonly ScheduledFault[];
  /** The client operations, in the cluster's client API. */
  readonly workload: readonly WorkloadOp<unknown>[];
}

export interface RunOptions {
  /** Keep the full event log, for traces and replay. */
  readonly record: boolean;
  /** Stop at the first violation (the gate's fast path); replay runs to the end to report every property. */
  readonly stopAtFirstViolation: boolean;
}

export interface RunOutcome {
  readonly violations: readonly Violation[];
  readonly steps: number;
  readonly ticks: number;
  readonly digest: number;
  readonly events: readonly WorldEvent[];
  /** Per "sometimes" counter of the cluster, how often this run reached it. */
  readonly coverage: Readonly<Record<string, number>>;
  readonly history: readonly HistoryCall<Protocol>[];
}

/**
 * Executes one run case and checks every property of its cluster at every
 * step, through the observers the cluster registry lists. `check` and
 * `replay` both run cases through here, so a replay checks exactly what the
 * gate checked.
 */
export function runCase(runCase: RunCase, options: RunOptions): RunOutcome {
  const { config } = runCase;
  const entry = clusterEntry(config.cluster.kind);
  const violations: Violation[] = [];
  const failed = new Set<PropertyId>();
  const coverage: Record<string, number> = {};
  for (const factory of entry.observers) for (const counter of factory.counters) coverage[counter.id] = 0;
  const history = new HistoryRecorder<Protocol>();
  let observers: Observer<Protocol>[] = [];
  const listener = (event: ObservedEvent<Protocol>) => {
    history.onEvent(event);
    for (const observer of eventObservers) observer.onEvent!(event);
  };
  let eventObservers: Observer<Protocol>[] = [];
  const world = new World<Protocol>(config.world, entry.logic(config), runCase.worldSeed, runCase.schedule, runCase.workload, { record: options.record, listener });
  const context: RunContext<Protocol> = {
    config,
    world,
    fail(property, message) {
      if (failed.has(property)) return;
      failed.add(property);
      violations.push({ property, step: Math.max(0, world.stepCount - 1), tick: world.tick, message });
    },
    count(counter, by = 1) {
      coverage[counter] = (coverage[counter] ?? 0) + by;
    },
  };
  observers = entry.observers.map((factory) => factory.create(context));
  eventObservers = observers.filter((observer) => observer.onEvent !== undefined);
  const stepObservers = observers.filter((observer) => observer.afterStep !== undefined);
  const endTick = runEndTick(config.world);
  const stopEarly = () => options.stopAtFirstViolation && violations.length > 0;
  for (;;) {
    const info = world.step(endTick);
    if (info === null) break;
    for (const observer of stepObservers) observer.afterStep!(info);
    if (stopEarly()) break;
  }
  if (!stopEarly()) for (const observer of observers) observer.finish?.();
  return { violations, steps: world.stepCount, ticks: world.tick, digest: world.digest, events: world.events, coverage, history: history.calls };
}
