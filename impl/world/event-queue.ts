/** Anything the queue can order: earlier `tick` first, then earlier `seq`. */
export interface Queued {
  tick: number;
  seq: number;
}

/**
 * A binary min-heap ordered by (tick, seq). `seq` is assigned on push, so two
 * entries due at the same tick come out in the order they went in, and the
 * order never depends on anything but the run's own history.
 */
export class EventQueue<T extends Queued> {
  private readonly heap: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(entry: T): void {
    entry.seq = this.nextSeq++;
    this.insert(entry);
  }

  /** Adds an entry whose `seq` its owner has already set (a queue that keeps this one for some of its entries). */
  insert(entry: T): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.tick < entry.tick || (parent.tick === entry.tick && parent.seq < entry.seq)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  peekTick(): number {
    const top = this.heap[0];
    return top === undefined ? Number.POSITIVE_INFINITY : top.tick;
  }

  /** The entry `pop` would return, left in the queue. */
  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const length = heap.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      let childEntry = heap[left]!;
      if (right < length) {
        const rightEntry = heap[right]!;
        if (rightEntry.tick < childEntry.tick || (rightEntry.tick === childEntry.tick && rightEntry.seq < childEntry.seq)) {
          child = right;
          childEntry = rightEntry;
        }
      }
      if (last.tick < childEntry.tick || (last.tick === childEntry.tick && last.seq < childEntry.seq)) break;
      heap[index] = childEntry;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
