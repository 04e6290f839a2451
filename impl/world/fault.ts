/**
 * The changes a fault schedule makes to the simulated world. Node ids are
 * small whole numbers (0 … nodeCount-1); durations and times are in ticks of
 * true (simulated) time; probabilities are in permille so that a schedule is
 * plain integers and replays exactly.
 */
export type Partition =
  /** Two-way split: `side` and the other nodes cannot talk to each other. */
  | { readonly kind: 'split'; readonly side: readonly number[] }
  /** One-way: messages from `from` to `to` are lost; the reverse direction works. */
  | { readonly kind: 'one-way'; readonly from: readonly number[]; readonly to: readonly number[] }
  /** One node cut off from every other. */
  | { readonly kind: 'isolate'; readonly node: number }
  /** A split whose smaller side holds less than half of the nodes. */
  | { readonly kind: 'majority-minority'; readonly minority: readonly number[] }
  /** `left` and `right` cannot talk to each other, but both reach `bridge`. */
  | { readonly kind: 'bridge'; readonly bridge: number; readonly left: readonly number[]; readonly right: readonly number[] };

export type Fault =
  /** The node stops; volatile state is lost, persisted state is kept. */
  | { readonly kind: 'crash'; readonly node: number }
  /** A crashed node starts again from its persisted state. */
  | { readonly kind: 'restart'; readonly node: number }
  /** The node takes no steps for a while, as in a long GC pause; its clock keeps running. */
  | { readonly kind: 'pause'; readonly node: number; readonly durationTicks: number }
  /** Replaces the current partition. */
  | { readonly kind: 'partition'; readonly partition: Partition }
  /** Removes the current partition. */
  | { readonly kind: 'heal-partition' }
  /** Sets the network's conditions from now on (see `NetworkConditions`). */
  | { readonly kind: 'network'; readonly conditions: NetworkConditions }
  /** Sets the node's clock rate to 1 + ratePpm/10⁶; the world clamps it to the drift bound. */
  | { readonly kind: 'clock-drift'; readonly node: number; readonly ratePpm: number }
  /** A configured node that has not started yet starts for the first time. */
  | { readonly kind: 'join'; readonly node: number }
  /** The node stops for good and its storage is wiped; it never comes back. */
  | { readonly kind: 'leave'; readonly node: number };

export type FaultKind = Fault['kind'];

/** Message-level conditions applied to every link. */
export interface NetworkConditions {
  readonly lossPermille: number;
  readonly duplicatePermille: number;
  /** When false each link is FIFO; when true a later message may overtake an earlier one. */
  readonly reorder: boolean;
  readonly delayMinTicks: number;
  readonly delayMaxTicks: number;
}

/** A fault applied at a given instant of true time. */
export interface ScheduledFault {
  readonly atTick: number;
  readonly fault: Fault;
}
