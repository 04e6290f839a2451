import { ILLEGAL, type FullLinSpec } from '../../model/lin-spec.js';

/** Operations as the search keeps them: inputs, outputs and call ranks, plus positions in return order for regular ones. */
export interface EventOperations<I, O> {
  readonly input: readonly I[];
  readonly output: readonly O[];
  readonly callRank: Int32Array;
  readonly retPos?: Int32Array;
}

/** Past this many distinct states the spec is not enumerated (kv strings, ledgers): no pruning. */
const STATES_MAX = 31;
/** How many linearized killers a check looks past before giving up on a configuration. */
const KILLER_SCAN_MAX = 64;

/**
 * States from which some operation can never be linearized any more, for
 * specs whose histories reach few states (a register of a few values).
 *
 * Every state the search can be in is reached from `init` by operations of
 * the history, so stepping every operation from every state found so far
 * enumerates all of them (when there are at most STATES_MAX). Before a
 * regular operation r is linearized, only operations called before r
 * returns can be linearized, so from a state s the states r can meet are
 * among those reachable from s with the steps of those operations (an
 * over-approximation: it lets each of them act any number of times). When
 * none of those accepts r, every configuration in state s with r still to
 * be linearized fails: s is dead while r (its "killer") is pending. A read
 * of nil after the register has been written is the typical case: nothing
 * writes nil, so every other state is dead until that read.
 */
export class DeadStates<S> {
  private readonly states: S[] = [];
  private readonly byHash = new Map<number, number[]>();
  /** Per state, the return positions of its killers (ascending) and the killers themselves. */
  private readonly killerPositions: Int32Array[] = [];
  private readonly killers: Int32Array[] = [];
  private lastKillerPosition = -1;

  private constructor(private readonly spec: FullLinSpec<S, unknown, unknown>) {}

  /**
   * Enumerates the states and finds each state's killers, or returns
   * undefined when the spec reaches more than STATES_MAX states. The
   * operations come as the search numbers them: regular ones with their call
   * and return ranks (positions in the time order of all events) and their
   * positions in return order, open ones with their call ranks.
   */
  static build<S, I, O>(spec: FullLinSpec<S, I, O>, regular: EventOperations<I, O> & { readonly retRank: Int32Array; readonly retPos: Int32Array }, open: EventOperations<I, O>): DeadStates<S> | undefined {
    const dead = new DeadStates<S>(spec as FullLinSpec<S, unknown, unknown>);
    const m = regular.input.length;
    const inputs = [...regular.input, ...open.input];
    const outputs = [...regular.output, ...open.output];
    // Transitions per operation (regular ones first): row[s] is the state after it from s, or -1.
    const rows: Int8Array[] = [];
    if (!dead.enumerate(inputs, outputs, rows)) return undefined;
    const count = dead.states.length;
    const full = (1 << count) - 1;

    // Walk the events in time order, adding each called operation's steps
    // to the relation, and at each regular return find the states from
    // which that operation is out of reach. Event e at rank e's place:
    // 2x for operation x's call, 2r+1 for regular r's return.
    let ranks = 0;
    for (const rank of [regular.callRank, regular.retRank, open.callRank]) for (const value of rank) ranks = Math.max(ranks, value + 1);
    const events = new Int32Array(ranks).fill(-1);
    regular.callRank.forEach((rank, r) => {
      events[rank] = 2 * r;
    });
    regular.retRank.forEach((rank, r) => {
      events[rank] = 2 * r + 1;
    });
    open.callRank.forEach((rank, j) => {
      events[rank] = 2 * (m + j);
    });
    const successors = new Int32Array(count);
    const reach = new Int32Array(count);
    let changed = true;
    const killerLists: number[][] = Array.from({ length: count }, () => []);
    for (const event of events) {
      if (event < 0) continue;
      const row = rows[event >> 1] as Int8Array;
      if ((event & 1) === 0) {
        for (let s = 0; s < count; s++) {
          const to = row[s] as number;
          if (to >= 0 && ((successors[s] as number) & (1 << to)) === 0) {
            successors[s] = (successors[s] as number) | (1 << to);
            changed = true;
          }
        }
        continue;
      }
      if (changed) {
        closure(successors, reach);
        changed = false;
      }
      let accepting = 0;
      for (let s = 0; s < count; s++) if ((row[s] as number) >= 0) accepting |= 1 << s;
      if (accepting === full) continue;
      for (let s = 0; s < count; s++) {
        if (((reach[s] as number) & accepting) === 0) (killerLists[s] as number[]).push(event >> 1);
      }
    }
    for (const list of killerLists) {
      // Returns were walked in time order, so each list is in return order already.
      dead.killers.push(Int32Array.from(list));
      dead.killerPositions.push(Int32Array.from(list, (r) => regular.retPos[r] as number));
      for (const r of list) dead.lastKillerPosition = Math.max(dead.lastKillerPosition, regular.retPos[r] as number);
    }
    return dead;
  }

  /**
   * A regular operation that can no longer be linearized from `state`, when
   * it is not linearized yet (`linearized` says which are), or -1. `from` is
   * the return position of the earliest regular operation not linearized:
   * every killer before it is linearized already.
   */
  killerOf(state: S, from: number, linearized: (r: number) => boolean): number {
    // Past the last killer nothing can be dead: most histories end up there.
    if (from > this.lastKillerPosition) return -1;
    const s = this.indexOf(state);
    if (s < 0) return -1;
    const positions = this.killerPositions[s] as Int32Array;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((positions[middle] as number) < from) low = middle + 1;
      else high = middle;
    }
    const killers = this.killers[s] as Int32Array;
    for (let i = low; i < killers.length && i < low + KILLER_SCAN_MAX; i++) {
      if (!linearized(killers[i] as number)) return killers[i] as number;
    }
    return -1;
  }

  /** Finds every state and each operation's transitions; false past STATES_MAX states. */
  private enumerate<I, O>(inputs: readonly I[], outputs: readonly O[], rows: Int8Array[]): boolean {
    const step = this.spec.step as (state: S, input: I, output: O) => S | typeof ILLEGAL;
    this.add(this.spec.init());
    const stepped = new Int32Array(inputs.length);
    for (let grown = true; grown; ) {
      grown = false;
      for (let op = 0; op < inputs.length; op++) {
        let row = rows[op];
        if (row === undefined) {
          row = new Int8Array(STATES_MAX).fill(-1);
          rows[op] = row;
        }
        for (let s = stepped[op] as number; s < this.states.length; s++) {
          const after = step(this.states[s] as S, inputs[op] as I, outputs[op] as O);
          if (after === ILLEGAL) continue;
          const before = this.states.length;
          const to = this.add(after);
          if (to < 0) return false;
          row[s] = to;
          if (this.states.length > before) grown = true;
        }
        stepped[op] = this.states.length;
      }
    }
    return true;
  }

  /** The index of `state`, added if new; -1 when that would pass STATES_MAX. */
  private add(state: S): number {
    const found = this.indexOf(state);
    if (found >= 0) return found;
    if (this.states.length === STATES_MAX) return -1;
    const hash = this.spec.hash(state);
    const bucket = this.byHash.get(hash);
    if (bucket === undefined) this.byHash.set(hash, [this.states.length]);
    else bucket.push(this.states.length);
    this.states.push(state);
    return this.states.length - 1;
  }

  private indexOf(state: S): number {
    const bucket = this.byHash.get(this.spec.hash(state));
    if (bucket === undefined) return -1;
    for (const index of bucket) if (this.spec.equal(this.states[index] as S, state)) return index;
    return -1;
  }
}

/** `reach[s]`: the states reachable from s in zero or more steps of `successors`. */
function closure(successors: Int32Array, reach: Int32Array): void {
  const count = successors.length;
  for (let s = 0; s < count; s++) reach[s] = (successors[s] as number) | (1 << s);
  for (let via = 0; via < count; via++) {
    for (let s = 0; s < count; s++) {
      if (((reach[s] as number) & (1 << via)) !== 0) reach[s] = (reach[s] as number) | (reach[via] as number);
    }
  }
}
