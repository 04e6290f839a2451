import { ILLEGAL, type FullLinSpec } from '../../model/lin-spec.js';
import type { LinOperation } from './history.js';
import type { PartialLinearization } from './lin-result.js';

export type SearchStatus = 'ok' | 'illegal' | 'running' | 'timeout';

/** How many equally long partial linearizations a report keeps. */
const LONGEST_KEPT = 3;
/** The deadline is read every this many iterations (a power of two minus one). */
const DEADLINE_MASK = 4095;

/** A fixed pseudo-random 32-bit key per operation (splitmix32), for Zobrist hashing of the linearized set. */
function zobristKey(index: number): number {
  let z = Math.imul(index + 1, 0x9e3779b9);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/**
 * Wing & Gong's search with Lowe's memoization, as in Porcupine, over one
 * partition. Call and return events sit in a doubly linked list sorted by
 * time; linearizing an operation lifts its two events out of the list, and
 * backtracking puts them back. A cache of (linearized set, state) pairs
 * prunes every configuration that was already explored.
 *
 * Operations whose return is `Infinity` (unknown outcome) are optional: the
 * search succeeds as soon as every operation with a known return is
 * linearized, which is the same as the open ones never taking effect.
 *
 * The search is resumable: `run` stops after a budget of iterations and picks
 * up where it left off, so partitions can be interleaved.
 */
export class LinSearch<S, I, O> {
  status: SearchStatus = 'running';
  steps = 0;

  private readonly step: FullLinSpec<S, I, O>['step'];
  private readonly hash: FullLinSpec<S, I, O>['hash'];
  private readonly equal: FullLinSpec<S, I, O>['equal'];
  private readonly inputs: I[];
  private readonly outputs: O[];
  private readonly returns: Float64Array;
  private readonly known: Uint8Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly zobrist: Int32Array;
  private readonly words: number;
  private readonly bits: Uint32Array;
  private readonly stackEntry: Int32Array;
  private readonly stackState: S[];
  private readonly everLinearized: Uint8Array;

  private entry: number;
  private state: S;
  private depth = 0;
  private zob = 0;
  private knownLeft = 0;

  private table: Int32Array;
  private tableMask: number;
  private cacheCount = 0;
  private cacheHash: Int32Array;
  private cacheNext: Int32Array;
  private cacheBits: Uint32Array;
  private readonly cacheStates: S[] = [];

  private bestDepth = -1;
  private best: PartialLinearization[] = [];

  constructor(spec: FullLinSpec<S, I, O>, operations: readonly LinOperation<I, O>[]) {
    const n = operations.length;
    this.step = spec.step;
    this.hash = spec.hash;
    this.equal = spec.equal;
    this.inputs = operations.map((operation) => operation.input);
    this.outputs = operations.map((operation) => operation.output);
    this.returns = Float64Array.from(operations, (operation) => operation.return);
    this.known = Uint8Array.from(operations, (operation) => (operation.return === Infinity ? 0 : 1));
    this.knownLeft = this.known.reduce((sum, flag) => sum + flag, 0);

    // Entry 2i is operation i's call, 2i+1 its return. At equal times calls
    // come first: operations that touch are concurrent, so an "illegal"
    // verdict never depends on the clock's resolution.
    const order = Array.from({ length: 2 * n }, (_, entry) => entry);
    const time = (entry: number): number => {
      const operation = operations[entry >> 1];
      if (!operation) throw new Error('entry out of range');
      return entry & 1 ? operation.return : operation.call;
    };
    order.sort((a, b) => time(a) - time(b) || (a & 1) - (b & 1) || a - b);
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1).fill(-1);
    this.prev = new Int32Array(2 * n + 1).fill(-1);
    let last = this.head;
    for (const entry of order) {
      this.next[last] = entry;
      this.prev[entry] = last;
      last = entry;
    }
    this.entry = this.next[this.head] ?? -1;

    this.zobrist = Int32Array.from({ length: n }, (_, index) => zobristKey(index));
    this.words = Math.max(1, Math.ceil(n / 32));
    this.bits = new Uint32Array(this.words);
    this.stackEntry = new Int32Array(n);
    this.stackState = new Array<S>(n);
    this.everLinearized = new Uint8Array(n);
    this.state = spec.init();

    const slots = 1024;
    this.table = new Int32Array(slots);
    this.tableMask = slots - 1;
    this.cacheHash = new Int32Array(slots);
    this.cacheNext = new Int32Array(slots);
    this.cacheBits = new Uint32Array(slots * this.words);
  }

  /**
   * Searches for at most `iterations` more steps, or until `deadline`
   * (a `performance.now()` time). Returns the status it stopped in.
   */
  run(iterations: number, deadline = Infinity): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { next, prev, bits, zobrist, known, stackEntry, stackState, inputs, outputs, everLinearized, step, hash } = this;
    const head = this.head;
    let entry = this.entry;
    let state = this.state;
    let depth = this.depth;
    let zob = this.zob;
    let knownLeft = this.knownLeft;
    let count = 0;
    let status: SearchStatus = 'running';
    for (;;) {
      if (knownLeft === 0) {
        status = 'ok';
        break;
      }
      if (count >= iterations) break;
      count++;
      if ((count & DEADLINE_MASK) === 0 && deadline !== Infinity && performance.now() > deadline) {
        status = 'timeout';
        break;
      }
      if ((entry & 1) === 0) {
        const op = entry >> 1;
        const after = step(state, inputs[op]!, outputs[op]!);
        if (after !== ILLEGAL) {
          const word = op >> 5;
          const mask = 1 << (op & 31);
          bits[word]! |= mask;
          const z = zob ^ zobrist[op]!;
          if (this.remember(z, hash(after), after)) {
            stackEntry[depth] = entry;
            stackState[depth] = state;
            depth++;
            state = after;
            zob = z;
            const r = entry + 1;
            let p = prev[entry]!;
            let x = next[entry]!;
            next[p] = x;
            if (x >= 0) prev[x] = p;
            p = prev[r]!;
            x = next[r]!;
            next[p] = x;
            if (x >= 0) prev[x] = p;
            knownLeft -= known[op]!;
            everLinearized[op] = 1;
            entry = next[head]!;
            continue;
          }
          bits[word]! &= ~mask;
        }
        entry = next[entry]!;
      } else {
        if (depth >= this.bestDepth) this.noteStuck(depth, entry >> 1);
        if (depth === 0) {
          status = 'illegal';
          break;
        }
        depth--;
        const back = stackEntry[depth]!;
        state = stackState[depth]!;
        const op = back >> 1;
        bits[op >> 5]! &= ~(1 << (op & 31));
        zob ^= zobrist[op]!;
        const r = back + 1;
        let p = prev[r]!;
        let x = next[r]!;
        next[p] = r;
        if (x >= 0) prev[x] = r;
        p = prev[back]!;
        x = next[back]!;
        next[p] = back;
        if (x >= 0) prev[x] = back;
        knownLeft += known[op]!;
        entry = next[back]!;
      }
    }
    this.entry = entry;
    this.state = state;
    this.depth = depth;
    this.zob = zob;
    this.knownLeft = knownLeft;
    this.steps += count;
    this.status = status;
    return status;
  }

  /** The longest partial linearizations seen so far (operation indices local to this search). */
  longest(): readonly PartialLinearization[] {
    return this.best;
  }

  /**
   * Where every linearization got stuck: the earliest-returning operation
   * with a known return that no explored linearization ever included. When
   * each one was included by some attempt, the longest attempt's stopping
   * point stands in.
   */
  stuckAt(): number | undefined {
    let found: number | undefined;
    for (let op = 0; op < this.everLinearized.length; op++) {
      if (this.everLinearized[op] === 0 && this.known[op] === 1 && (found === undefined || this.returns[op]! < this.returns[found]!)) found = op;
    }
    return found ?? this.best[0]?.stuckAt;
  }

  private noteStuck(depth: number, stuckAt: number): void {
    if (depth > this.bestDepth) {
      this.bestDepth = depth;
      this.best = [];
    } else if (this.best.length >= LONGEST_KEPT) {
      return;
    }
    const operations = Array.from(this.stackEntry.subarray(0, depth), (entry) => entry >> 1);
    this.best.push({ operations, stuckAt });
  }

  /** Adds (linearized set, state) to the cache; false when it was there already. */
  private remember(zob: number, stateHash: number, state: S): boolean {
    let h = zob ^ Math.imul(stateHash, 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h ^= h >>> 13;
    const words = this.words;
    const bits = this.bits;
    const cacheBits = this.cacheBits;
    let slot = this.table[h & this.tableMask]! - 1;
    while (slot >= 0) {
      if (this.cacheHash[slot] === h) {
        const base = slot * words;
        let same = true;
        for (let w = 0; w < words; w++) {
          if (cacheBits[base + w] !== bits[w]) {
            same = false;
            break;
          }
        }
        if (same && this.equal(this.cacheStates[slot]!, state)) return false;
      }
      slot = this.cacheNext[slot]! - 1;
    }
    if (this.cacheCount === this.cacheHash.length) this.grow();
    const index = this.cacheCount++;
    this.cacheHash[index] = h;
    this.cacheBits.set(bits, index * words);
    this.cacheStates[index] = state;
    const bucket = h & this.tableMask;
    this.cacheNext[index] = this.table[bucket]!;
    this.table[bucket] = index + 1;
    return true;
  }

  /** Doubles the cache's storage and its bucket table, and re-chains every entry. */
  private grow(): void {
    const size = this.cacheHash.length * 2;
    const hashes = new Int32Array(size);
    hashes.set(this.cacheHash);
    this.cacheHash = hashes;
    const bitsStore = new Uint32Array(size * this.words);
    bitsStore.set(this.cacheBits);
    this.cacheBits = bitsStore;
    this.cacheNext = new Int32Array(size);
    this.table = new Int32Array(size);
    this.tableMask = size - 1;
    for (let index = 0; index < this.cacheCount; index++) {
      const bucket = this.cacheHash[index]! & this.tableMask;
      this.cacheNext[index] = this.table[bucket]!;
      this.table[bucket] = index + 1;
    }
  }
}
