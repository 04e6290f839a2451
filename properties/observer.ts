import type { SimConfig } from '../impl/sim-config.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { StepInfo, World } from '../impl/world/world.js';
import type { ObservedEvent } from '../impl/world/world-event.js';
import type { PropertyId } from '../model/property-id.js';
import type { HistoryCall } from './history-recorder.js';

/** What an observer may read of the world: never anything that changes it. */
export type ObservedWorld<P extends Protocol> = Pick<
  World<P>,
  'config' | 'state' | 'status' | 'isPaused' | 'localNow' | 'partitionActive' | 'tick' | 'isHealed' | 'openOperations'
>;

/**
 * A "sometimes" counter: something a run should reach now and then, or the
 * runs prove little (a gate where no leader is ever elected passes every
 * safety property). `label` completes the sentence "N runs …".
 */
export interface CoverageCounter {
  readonly id: string;
  readonly label: string;
}

/**
 * What the runner gives an observer: the world to read, and where to report.
 * `Property` is the ids the observer may report: DESIGN.md's for the
 * built-in clusters, a user's protocol's own for its observers.
 */
export interface RunContext<P extends Protocol, Property extends string = PropertyId> {
  readonly config: SimConfig;
  readonly world: ObservedWorld<P>;
  /** Reports a broken property at the current step; only the first report of each property counts. */
  fail(property: Property, message: string): void;
  /** Adds to one of the observer's declared "sometimes" counters for this run. */
  count(counter: string, by?: number): void;
  /** The client history so far, as the clients saw it. */
  readonly history: readonly HistoryCall<P>[];
  /** Says that a property could not be decided for this run (a checker timed out): the run then proves nothing about it. */
  inconclusive(property: Property, reason: string): void;
}

/**
 * Checks some properties of a run. It sees every event, recorded or not, and
 * after each step may read the state of the node the step touched; it never
 * changes anything.
 */
export interface Observer<P extends Protocol> {
  onEvent?(event: ObservedEvent<P>): void;
  afterStep?(info: StepInfo): void;
  /** Called once the run is over (not when it stopped early at a violation). */
  finish?(): void;
}

/**
 * An observer kind as a cluster registers it: the properties it checks and
 * the counters it reports, declared up front so that output, JUnit and
 * coverage can list them before any run.
 */
export interface ObserverFactory<P extends Protocol, Property extends string = PropertyId> {
  readonly properties: readonly Property[];
  readonly counters: readonly CoverageCounter[];
  /** The kinds of event its `onEvent` wants; the world builds no event nobody wants. */
  readonly events?: readonly ObservedEvent['kind'][];
  /**
   * Of the message events it asks for (`send`, `deliver`, `drop`), the
   * message kinds it wants (all when absent). The world builds no message
   * event that no observer wants: an observer that follows one kind of
   * message among many (the escrow's transfers among the gossip) then costs
   * nothing on the others.
   */
  readonly messages?: readonly string[];
  create(context: RunContext<P, Property>): Observer<P>;
}
