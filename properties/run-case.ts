import type { SimConfig } from '../impl/sim-config.js';
import type { AimedFaults, ScheduledFault } from '../impl/world/fault.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import { World } from '../impl/world/world.js';
import type { ObservedEvent, WorldEvent } from '../impl/world/world-event.js';
import { runEndTick } from '../impl/world/world-config.js';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { clusterOf, type ClusterEntry } from './cluster-registry.js';
import { HISTORY_EVENTS, HistoryRecorder, type HistoryCall } from './history-recorder.js';
import type { ObserverFactory, RunContext } from './observer.js';
import type { Violation } from './violation.js';

/** Everything that determines one simulated run: replaying it needs nothing else. */
export interface RunCase {
  readonly config: SimConfig;
  /** Seeds the world's PRNG: delays, losses, clock offsets, election timeouts. */
  readonly worldSeed: number;
  readonly schedule: readonly ScheduledFault[];
  /** Faults aimed at protocol moments rather than at times. */
  readonly aimed: readonly AimedFaults[];
  /** The client operations, in the cluster's client API. */
  readonly workload: readonly WorkloadOp<unknown>[];
}

export interface RunOptions {
  /** Keep the full event log, for traces and replay. */
  readonly record: boolean;
  /** Stop at the first violation (the gate's fast path); replay runs to the end to report every property. */
  readonly stopAtFirstViolation: boolean;
  /** Stop as soon as this property is violated, whatever else broke before (shrinking keeps one property broken). */
  readonly stopAt?: string | undefined;
  /**
   * Mix every message, request, reply and fault into the run's digest, not
   * only each step's kind, time and nodes; recording runs always do.
   */
  readonly digestContents?: boolean | undefined;
  /** The allocation policy to run, when it is not a built-in (a user's module loaded in the sandbox); it must carry the configured name. */
  readonly scheduler?: Scheduler | undefined;
  /** The user's protocol a `custom` configuration runs (made with `defineProtocol`); it must carry the configured name. */
  readonly protocol?: ClusterEntry<Protocol> | undefined;
  /** Observers to run besides the cluster's own, for this run only (what `compare` measures with). */
  readonly observers?: readonly ObserverFactory<Protocol>[] | undefined;
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
  /** Properties the run could not decide (a checker timed out), with why; the run proves nothing about them. */
  readonly undecided: readonly { readonly property: string; readonly reason: string }[];
}

/**
 * Executes one run case and checks every property of its cluster at every
 * step, through the observers the cluster lists (a built-in cluster's
 * registry entry, or the user's protocol in `options`). `check` and
 * `replay` both run cases through here, so a replay checks exactly what the
 * gate checked.
 */
export function runCase(runCase: RunCase, options: RunOptions): RunOutcome {
  const { config } = runCase;
  const entry = clusterOf(config, options.protocol);
  const violations: Violation[] = [];
  const undecided: { property: string; reason: string }[] = [];
  const failed = new Set<string>();
  const coverage: Record<string, number> = {};
  for (const factory of entry.observers) for (const counter of factory.counters) coverage[counter.id] = 0;
  const history = new HistoryRecorder<Protocol>();
  let world: World<Protocol> | undefined;
  const context: RunContext<Protocol, string> = {
    config,
    get world() {
      if (world === undefined) throw new Error('an observer read the world before it was built');
      return world;
    },
    history: history.calls,
    fail(property, message) {
      if (failed.has(property)) return;
      failed.add(property);
      violations.push({ property, step: Math.max(0, (world?.stepCount ?? 1) - 1), tick: world?.tick ?? 0, message });
    },
    count(counter, by = 1) {
      coverage[counter] = (coverage[counter] ?? 0) + by;
    },
    inconclusive(property, reason) {
      undecided.push({ property, reason });
    },
  };
  const logic = entry.logic(config, context, options.scheduler);
  // Events go to the history recorder and to the observers that asked for their kind (and message kind), and to no one else.
  const byKind = new Map<ObservedEvent['kind'], ((event: ObservedEvent<Protocol>) => void)[]>();
  const handle = (kind: ObservedEvent['kind'], handler: (event: ObservedEvent<Protocol>) => void) => byKind.set(kind, [...(byKind.get(kind) ?? []), handler]);
  for (const kind of HISTORY_EVENTS) handle(kind, (event) => history.onEvent(event));
  const listener = (event: ObservedEvent<Protocol>) => {
    const handlers = byKind.get(event.kind);
    if (handlers !== undefined) for (const handler of handlers) handler(event);
  };
  const factories = [...entry.observers, ...(options.observers ?? [])];
  const listenTo = new Set<ObservedEvent['kind']>(HISTORY_EVENTS);
  for (const factory of factories) for (const kind of factory.events ?? []) listenTo.add(kind);
  const digestContents = options.digestContents ?? options.record;
  world = new World<Protocol>(config.world, logic, runCase.worldSeed, runCase.schedule, runCase.workload, { record: options.record, listener, listenTo, listenToMessages: messageKinds(factories), digestContents }, runCase.aimed);
  const observers = factories.map((factory) => factory.create(context));
  factories.forEach((factory, index) => {
    const observer = observers[index]!;
    if (observer.onEvent === undefined) return;
    const messages = factory.messages === undefined ? null : new Set(factory.messages);
    for (const kind of factory.events ?? []) {
      if (messages === null || !isMessageEventKind(kind)) handle(kind, (event) => observer.onEvent!(event));
      else handle(kind, (event) => (isMessageEvent(event) && !messages.has(event.msg.kind) ? undefined : observer.onEvent!(event)));
    }
  });
  const stepObservers = observers.filter((observer) => observer.afterStep !== undefined);
  // The observers' step handlers, read once: reading a method of observers of many shapes at every step costs more.
  const afterSteps = stepObservers.map((observer) => observer.afterStep!);
  const endTick = runEndTick(config.world);
  const stopAt = options.stopAt;
  const stopEarly = () => violations.length > 0 && (options.stopAtFirstViolation || (stopAt !== undefined && failed.has(stopAt)));
  for (;;) {
    const info = world.step(endTick);
    if (info === null) break;
    for (let index = 0; index < afterSteps.length; index++) afterSteps[index]!.call(stepObservers[index], info);
    if (stopEarly()) break;
  }
  if (!stopEarly()) for (const observer of observers) observer.finish?.();
  return { violations, steps: world.stepCount, ticks: world.tick, digest: world.digest, events: world.events, coverage, history: history.calls, undecided };
}

type MessageEvent = Extract<ObservedEvent<Protocol>, { kind: 'send' | 'deliver' | 'drop' }>;

function isMessageEventKind(kind: ObservedEvent['kind']): kind is MessageEvent['kind'] {
  return kind === 'send' || kind === 'deliver' || kind === 'drop';
}

function isMessageEvent(event: ObservedEvent<Protocol>): event is MessageEvent {
  return isMessageEventKind(event.kind);
}

/** The message kinds the observers want events about, or undefined when one of them wants every message's. */
function messageKinds(factories: readonly ObserverFactory<Protocol, string>[]): Set<string> | undefined {
  const kinds = new Set<string>();
  for (const factory of factories) {
    if (!(factory.events ?? []).some(isMessageEventKind)) continue;
    if (factory.messages === undefined) return undefined;
    for (const kind of factory.messages) kinds.add(kind);
  }
  return kinds;
}
