import { assertNever } from '../../model/assert-never.js';
import type { NetworkConditions, Partition } from './fault.js';
import type { Prng } from './prng.js';

export type DropReason = 'loss' | 'queue-full' | 'partition' | 'down';

/**
 * The packet simulator: directed links with delay, loss, duplication,
 * reordering, partitions and bounded in-flight queues. It knows nothing of the
 * nodes or their messages; the world asks it when a message would arrive and
 * whether a link is cut when it does.
 */
export class Network {
  private conditions: NetworkConditions;
  private readonly blocked: Uint8Array;
  private readonly inFlight: Int32Array;
  /** Last arrival tick per link, to keep links FIFO while reordering is off. */
  private readonly lastArrival: Float64Array;
  private partition: Partition | null = null;
  /**
   * What became of the message planned last, read after `plan` or
   * `planClient` and good until the next: why it was dropped, when no copy
   * arrives, or when each copy arrives. The world plans every message it
   * sends, so the answer is kept here rather than made anew each time.
   */
  dropReason: DropReason = 'loss';
  readonly arrivals: number[] = [0, 0];

  constructor(
    private readonly nodeCount: number,
    private readonly linkQueueCapacity: number,
    conditions: NetworkConditions,
    private readonly rng: Prng,
  ) {
    this.conditions = conditions;
    this.blocked = new Uint8Array(nodeCount * nodeCount);
    this.inFlight = new Int32Array(nodeCount * nodeCount);
    this.lastArrival = new Float64Array(nodeCount * nodeCount);
  }

  setConditions(conditions: NetworkConditions): void {
    this.conditions = conditions;
  }

  currentPartition(): Partition | null {
    return this.partition;
  }

  setPartition(partition: Partition | null): void {
    this.partition = partition;
    this.blocked.fill(0);
    if (partition !== null) blockLinks(partition, this.nodeCount, (from, to) => (this.blocked[from * this.nodeCount + to] = 1));
  }

  isBlocked(from: number, to: number): boolean {
    return this.blocked[from * this.nodeCount + to] === 1;
  }

  /**
   * Decides, at send time, whether and when copies of a message between two
   * nodes arrive: returns how many arrive (0 when the message is dropped, 2
   * when the network duplicates it), with their ticks in `arrivals` and, for
   * 0, the reason in `dropReason`.
   */
  plan(from: number, to: number, nowTick: number): number {
    const link = from * this.nodeCount + to;
    const c = this.conditions;
    if (this.rng.chancePermille(c.lossPermille)) return this.dropped('loss');
    const copies = this.rng.chancePermille(c.duplicatePermille) ? 2 : 1;
    if (this.inFlight[link]! + copies > this.linkQueueCapacity) return this.dropped('queue-full');
    for (let copy = 0; copy < copies; copy++) {
      let arrival = nowTick + this.rng.int(c.delayMinTicks, c.delayMaxTicks);
      if (!c.reorder) {
        arrival = Math.max(arrival, this.lastArrival[link]!);
        this.lastArrival[link] = arrival;
      }
      this.arrivals[copy] = arrival;
    }
    this.inFlight[link] = this.inFlight[link]! + copies;
    return copies;
  }

  /**
   * The same decision for a message between a client and a node. Clients
   * stand outside the cluster: partitions between nodes do not cut them off
   * (so a client can still reach a deposed leader), but loss, duplication and
   * delay apply. A client has one request in flight at a time, so its links
   * need no queue bound or FIFO order.
   */
  planClient(nowTick: number): number {
    const c = this.conditions;
    if (this.rng.chancePermille(c.lossPermille)) return this.dropped('loss');
    const copies = this.rng.chancePermille(c.duplicatePermille) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) this.arrivals[copy] = nowTick + this.rng.int(c.delayMinTicks, c.delayMaxTicks);
    return copies;
  }

  private dropped(reason: DropReason): number {
    this.dropReason = reason;
    return 0;
  }

  /** A copy left the link: delivered, or dropped on arrival. */
  arrived(from: number, to: number): void {
    const link = from * this.nodeCount + to;
    this.inFlight[link] = this.inFlight[link]! - 1;
  }
}

/** Calls `block(from, to)` for every directed link the partition cuts. */
export function blockLinks(partition: Partition, nodeCount: number, block: (from: number, to: number) => void): void {
  const cutBetween = (a: readonly number[], b: readonly number[]) => {
    for (const x of a) for (const y of b) if (x !== y) { block(x, y); block(y, x); }
  };
  const rest = (side: readonly number[]) => {
    const others: number[] = [];
    for (let node = 0; node < nodeCount; node++) if (!side.includes(node)) others.push(node);
    return others;
  };
  switch (partition.kind) {
    case 'split':
      cutBetween(partition.side, rest(partition.side));
      return;
    case 'majority-minority':
      cutBetween(partition.minority, rest(partition.minority));
      return;
    case 'isolate':
      cutBetween([partition.node], rest([partition.node]));
      return;
    case 'one-way':
      for (const x of partition.from) for (const y of partition.to) if (x !== y) block(x, y);
      return;
    case 'bridge':
      cutBetween(partition.left, partition.right);
      return;
    default:
      assertNever(partition, 'partition');
  }
}
