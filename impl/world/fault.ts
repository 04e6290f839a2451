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

/**
 * What a node does that can set off aimed faults: send a message of a kind
 * (the protocol's own word, such as `append-entries-reply`), write to its
 * disk (its durable record, or its log), or answer a client.
 */
export interface FaultTrigger {
  /** The node to watch; any node when absent (the first to do it sets the faults off: "isolate whoever next sends a heartbeat"). */
  readonly node?: number;
  readonly on: 'send' | 'persist' | 'append' | 'reply';
  /**
   * For `send`: the kind of message; for `reply`: `result` (the node answers
   * the request) or `redirect` (it sends the client elsewhere). Any kind when
   * absent.
   */
  readonly msgKind?: string;
}

/**
 * Faults aimed at a protocol moment rather than at a time: armed at
 * `armAtTick`, they go off the first time the trigger happens after that,
 * each `delayTicks` later ("crash node 2 right after it acknowledges a
 * heartbeat, restart it 3 ticks later"). Aimed faults still waiting when the
 * fault phase ends never go off, and harmful faults that would fall after it
 * are dropped; repairs always happen.
 */
export interface AimedFaults {
  /**
   * When the faults are armed: at this tick, or, when `afterPrevious` is
   * set, this many ticks after the aimed faults listed just before these went
   * off (so that a chain strikes one moment after another: the leader crashes
   * right after writing an entry, then the next leader does too).
   */
  readonly armAtTick: number;
  readonly afterPrevious?: boolean;
  readonly trigger: FaultTrigger;
  readonly faults: readonly { readonly delayTicks: number; readonly fault: AimedFault }[];
}

/**
 * The faults an aimed episode may plan. Node -1 stands for the node that set
 * the episode off, for triggers that watch every node; node -2, in a link of
 * a chain (`afterPrevious`), for the node that set off the link before it,
 * when that is another node (so that a link can undo what the previous one
 * did: leader churn restarts the previous leader when the next one crashes).
 */
export type AimedFault =
  | { readonly kind: 'crash' | 'restart'; readonly node: number }
  | { readonly kind: 'pause'; readonly node: number; readonly durationTicks: number }
  | { readonly kind: 'partition'; readonly partition: { readonly kind: 'isolate'; readonly node: number } }
  | { readonly kind: 'heal-partition' };

/** A fault that only undoes harm: it may happen after the fault phase, where the world has healed anyway. */
export function isRepair(fault: AimedFault): boolean {
  return fault.kind === 'restart' || fault.kind === 'heal-partition';
}

/** Node -1 of an aimed fault: the node that set the episode off. */
export const TRIGGERING_NODE = -1;
/** Node -2 of an aimed fault: the node that set off the previous link of the chain, when that is another node. */
export const PREVIOUS_LINK_NODE = -2;

/**
 * The fault an aimed episode plans, against the node that set it off where
 * it names node -1, and the node that set off the previous link where it
 * names node -2 (`previous`). Null when it names node -2 and there is no
 * such other node: the episode is not a link after another, or the same
 * node set off both.
 */
export function aimAt(fault: AimedFault, triggering: number, previous: number | undefined): Fault | null {
  if (fault.kind === 'heal-partition') return fault;
  const planned = fault.kind === 'partition' ? fault.partition.node : fault.node;
  const node = planned === TRIGGERING_NODE ? triggering : planned === PREVIOUS_LINK_NODE ? (previous === triggering ? undefined : previous) : planned;
  if (node === undefined) return null;
  switch (fault.kind) {
    case 'crash':
    case 'restart':
      return { kind: fault.kind, node };
    case 'pause':
      return { ...fault, node };
    case 'partition':
      return { kind: 'partition', partition: { kind: 'isolate', node } };
  }
}
