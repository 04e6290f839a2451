import { EventQueue, type Queued } from './event-queue.js';

/** An entry a `TickQueue` can hold: `next` is the queue's own, linking the entries due at one tick. */
export interface Linked<T> extends Queued {
  next: T | null;
}

/**
 * A calendar queue, in exactly the order of `EventQueue`: earlier tick
 * first, then push order. Nearly everything the world schedules falls due
 * at a whole tick within a few hundred ticks; such an entry joins the list
 * of its tick, in a ring of lists (1,024 by default) that starts at the earliest tick
 * one may hold, and costs a few steps to push and to pop, where a heap of a
 * few dozen entries costs a few dozen comparisons of entries scattered in
 * memory, at every step of a run. Any other entry (due beyond the ring,
 * before it, or between ticks) waits in a heap, and `pop` takes the earlier
 * of the two candidates.
 */
export class TickQueue<T extends Linked<T>> {
  private readonly heads: (T | null)[];
  private readonly tails: (T | null)[];
  private readonly others = new EventQueue<T>();
  /** `ring - 1`: the ring's length is a power of two, so a tick's list is `tick & slot`. */
  private readonly slot: number;
  /** Every listed entry is due at or after this tick and before `base + ring`. */
  private base = 0;
  private listed = 0;
  private nextSeq = 0;

  constructor(private readonly ring = 1024) {
    if (!(Number.isInteger(Math.log2(ring)) && ring >= 1 && ring <= 1 << 20)) throw new RangeError(`a tick queue's ring must be a power of two, not ${ring}`);
    this.heads = new Array<T | null>(ring).fill(null);
    this.tails = new Array<T | null>(ring).fill(null);
    this.slot = ring - 1;
  }

  get size(): number {
    return this.listed + this.others.size;
  }

  push(entry: T): void {
    entry.seq = this.nextSeq++;
    entry.next = null;
    const tick = entry.tick;
    // `tick | 0` keeps the slot arithmetic to whole ticks a 32-bit integer holds.
    if ((tick | 0) !== tick || tick < this.base || tick - this.base >= this.ring) {
      this.others.insert(entry);
      return;
    }
    const slot = tick & this.slot;
    const tail = this.tails[slot]!;
    if (tail === null) this.heads[slot] = entry;
    else tail.next = entry;
    this.tails[slot] = entry;
    this.listed++;
  }

  peekTick(): number {
    const listed = this.firstListed();
    const other = this.others.peekTick();
    return listed === null || other < listed.tick ? other : listed.tick;
  }

  pop(): T | undefined {
    const listed = this.firstListed();
    const other = this.others.peek();
    if (listed === null || (other !== undefined && (other.tick < listed.tick || (other.tick === listed.tick && other.seq < listed.seq)))) {
      const popped = this.others.pop();
      // With nothing listed, the ring can move up to where time is, so that what is pushed next is listed again.
      if (popped !== undefined && this.listed === 0 && (popped.tick | 0) === popped.tick && popped.tick > this.base) this.base = popped.tick;
      return popped;
    }
    const slot = listed.tick & this.slot;
    this.heads[slot] = listed.next;
    if (listed.next === null) this.tails[slot] = null;
    listed.next = null;
    this.listed--;
    return listed;
  }

  /** The first entry of the earliest non-empty list, moving the ring's start up to it; null when nothing is listed. */
  private firstListed(): T | null {
    if (this.listed === 0) return null;
    for (;;) {
      const head = this.heads[this.base & this.slot]!;
      if (head !== null) return head;
      this.base++;
    }
  }
}
