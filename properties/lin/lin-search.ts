import { ILLEGAL, type FullLinSpec } from '../../model/lin-spec.js';
import type { LinOperation } from './history.js';
import type { BudgetReason, LinBudget } from './lin-budget.js';
import type { PartialLinearization } from './lin-result.js';
import { DeadStates } from './dead-states.js';
import { openOperationClasses } from './open-operation-classes.js';

export type SearchStatus = 'ok' | 'illegal' | 'running' | BudgetReason;

/** How many equally long partial linearizations a report keeps. */
const LONGEST_KEPT = 3;
/** Past this many operations after the longest one's shared prefix, another equally long one is not copied. */
const EXTRA_TAIL_MAX = 4096;
/** The clock is read every this many iterations (a power of two minus one). */
const CLOCK_MASK = 4095;
/**
 * After this many iterations a search looks for dead states (see
 * `DeadStates`), which costs a pass over the history: short searches never
 * pay for it.
 */
const DEAD_STATES_AFTER = 2 ** 16;
/** Dead states are pruned after this many iterations, or this many per operation, if the search was not stuck at a killer before. */
const PRUNE_ANYWAY_AFTER = 2 ** 20;
const PRUNE_ANYWAY_PER_OPERATION = 64;
/** Memory is read every this many iterations (a power of two minus one). */
const MEMORY_MASK = 65535;

/** Numbers per memo entry: hash, next in chain plus one, key offset. */
const ENTRY_STRIDE = 3;

/** Shared by every search without open operations. */
const NONE = new Int32Array(0);

/** Numbers per stack slot: candidate, cursor, frontier, low word, high word, open use id. */
const STACK_STRIDE = 6;

/** Growing the memo by at least this many bytes first asks the budget. */
const GROWTH_CHECKED_BYTES = 2 ** 20;

/** Cursor values below 0: a configuration just reached, or the open class tried `OPEN_BASE - cursor`-th. */
const FRONTIER = -1;
const OPEN_BASE = -2;
/** Cursor values far below every open class: the configuration is stuck; a read-only operation was committed. */
const STUCK = -(2 ** 30);
const COMMITTED = STUCK + 1;

/** Open members' Zobrist keys start here, apart from the regular operations' keys. */
const OPEN_KEY_BASE = 0x40000000;

/** A fixed pseudo-random 32-bit key per operation (splitmix32), for Zobrist hashing of the linearized set. */
function zobristKey(index: number): number {
  let z = Math.imul(index + 1, 0x9e3779b9);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/**
 * Wing & Gong's search with Lowe's memoization, as in Porcupine, over one
 * partition, with changes that make long histories with many operations of
 * unknown outcome tractable without giving up exactness.
 *
 * - Operations with a known return ("regular") sit in a doubly linked list of
 *   call and return events sorted by time; linearizing one lifts its two
 *   events out, backtracking puts them back. The candidates at a
 *   configuration are the operations called before the first return in the
 *   list, in call order.
 * - A read-only operation (the spec's `readOnly`) that is legal is
 *   linearized at once and alone: whatever could follow without it can
 *   follow it, since it changes nothing and every operation still to come
 *   returns after it was called.
 * - Operations whose return is `Infinity` (unknown outcome, "open") are not
 *   in that list. They are optional (the search succeeds once every regular
 *   operation is linearized) and are tried only after every regular
 *   candidate of a configuration, the most recently called first. Open
 *   operations with equal inputs and outputs are interchangeable once
 *   called, so they form a class and only the earliest-called unused member
 *   of each class is a candidate: a class of k members costs one branch, not
 *   k. An open operation that leaves the state as it was is never tried
 *   (using it later is always as good).
 * - A configuration is not explored when one with the same regular
 *   operations and state, which used at most the same open operations, was.
 * - The memo of explored (linearized set, state) pairs stores the linearized
 *   set compactly: the words of the regular-operation bitset between the
 *   first one not yet full and the last one not empty, and an interned id for
 *   how many members of each open class were used. Its size follows the
 *   number of concurrent operations, not the length of the history.
 * - Dead states (`DeadStates`) are pruned once a long search finds some.
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

  // Regular operations, numbered in call order.
  private readonly m: number;
  private readonly regOp: Int32Array;
  private readonly regInput: I[];
  private readonly regOutput: O[];
  private readonly regReadOnly: Uint8Array;
  private hasReadOnly = false;
  /** Regular operations in return order, and each one's position in it. */
  private readonly retOrder: Int32Array;
  private readonly retPos: Int32Array;
  /** Each regular operation's return rank among all events, and how many open classes are called before it. */
  private readonly retRank: Int32Array;
  private readonly callRank: Int32Array;
  private readonly activeClasses: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly words: number;
  private readonly lastWordFull: number;
  private readonly bits: Uint32Array;
  private readonly everLinearized: Uint8Array;

  // Open operations, in classes numbered by their first member's call.
  private readonly openOp: Int32Array;
  private readonly openInput: I[];
  private readonly openOutput: O[];
  private readonly hasOpen: boolean;
  private readonly openCallRank: Int32Array;
  private readonly openClass: Int32Array;
  private readonly classStart: Int32Array;
  private readonly classSize: Int32Array;
  private readonly usedCount: Int32Array;
  private usedClasses = 0;
  private usedHash = 0;
  private usedId = 0;
  private readonly usedTable = new Map<number, number[]>([[0, [0]]]);
  private usedPairs: number[][] = [[]];

  // The search's position and its stack, one slot per linearized operation.
  private cursor = FRONTIER;
  private state: S;
  private depth = 0;
  private zob = 0;
  private regLeft: number;
  private frontier = 0;
  private lowWord = 0;
  private highWord = -1;
  /** Per depth, STACK_STRIDE numbers: what was linearized, the cursor it was tried at, and the position to go back to. */
  private readonly stack: Int32Array;
  private readonly stackState: S[];

  // The memo: chained hash table over entries whose keys live in one arena.
  private table: Int32Array;
  private tableMask: number;
  private cacheCount = 0;
  /** Per memo entry, ENTRY_STRIDE numbers: its hash, the next entry in its chain plus one, and where its key starts in the arena. */
  private entries: Int32Array;
  private arena: Uint32Array;
  private arenaUsed = 0;
  private readonly cacheStates: S[] = [];

  /** Dead states, once looked for: `null` when the spec has too many states to tell. */
  private dead: DeadStates<S> | null | undefined;
  /** The killer cited for the earliest-returning dead state seen, as a regular operation, or -1. */
  private cited = -1;
  /** Whether dead states are pruned yet. */
  private pruning = false;
  private readonly deadStatesAfter: number;
  private readonly spec: FullLinSpec<S, I, O>;

  private bestDepth = -1;
  private bestPath: Int32Array;
  private bestStuck: number | undefined;
  /** The lowest depth the stack has been popped to since `bestPath` was taken: below it they agree. */
  private divergence = 0;
  private extras: { readonly shared: number; readonly tail: readonly number[]; readonly stuckAt: number | undefined }[] = [];

  /** `deadStatesAfter` overrides when dead states are looked for and pruned, at once (tests set 0). */
  constructor(spec: FullLinSpec<S, I, O>, operations: readonly LinOperation<I, O>[], options: { readonly deadStatesAfter?: number } = {}) {
    const n = operations.length;
    this.deadStatesAfter = options.deadStatesAfter ?? DEAD_STATES_AFTER;
    this.pruning = options.deadStatesAfter !== undefined;
    this.spec = spec;
    this.step = spec.step;
    this.hash = spec.hash;
    this.equal = spec.equal;

    // One order over every event: by time, calls before returns at equal
    // times (operations that touch are concurrent, so an "illegal" verdict
    // never depends on the clock's resolution), then by operation. Entry 2i
    // is operation i's call, 2i+1 its return. Short histories are checked by
    // the thousand, so the arrays are carved from one buffer each.
    const scratch = new ArrayBuffer(8 * 2 * n + 4 * 2 * n + 4 * n);
    const times = new Float64Array(scratch, 0, 2 * n);
    const order = new Int32Array(scratch, 16 * n, 2 * n);
    const regOf = new Int32Array(scratch, 24 * n, n);
    for (let op = 0; op < n; op++) {
      const operation = operations[op] as LinOperation<I, O>;
      times[2 * op] = operation.call;
      times[2 * op + 1] = operation.return;
    }
    sortEvents(times, order);

    // Regular operations are numbered in call order; open read-only
    // operations are left out, since they can never matter.
    const open: number[] = [];
    const openRank: number[] = [];
    let m = 0;
    for (let position = 0; position < 2 * n; position++) {
      const entry = order[position] as number;
      if (entry & 1) continue;
      const op = entry >> 1;
      const operation = operations[op] as LinOperation<I, O>;
      if (operation.return !== Infinity) {
        regOf[op] = m++;
      } else {
        regOf[op] = -1;
        if (!spec.readOnly(operation.input, operation.output)) {
          open.push(op);
          openRank.push(position);
        }
      }
    }
    this.m = m;
    this.regLeft = m;
    this.words = Math.max(1, Math.ceil(m / 32));
    this.lastWordFull = m % 32 === 0 ? 0xffffffff : 2 ** (m % 32) - 1;

    // Open operations, grouped into classes; most short histories have none.
    const classes = openOperationClasses(open.map((op) => operations[op] as LinOperation<I, O>));
    const k = classes.members.length;
    this.hasOpen = k > 0;
    this.openInput = new Array<I>(k);
    this.openOutput = new Array<O>(k);
    const links = 2 * m + 1;
    const buffer = new ArrayBuffer(4 * (2 * links + 5 * m + STACK_STRIDE * n + this.words) + 2 * m);
    this.next = new Int32Array(buffer, 0, links);
    this.prev = new Int32Array(buffer, 4 * links, links);
    this.regOp = new Int32Array(buffer, 8 * links, m);
    this.retOrder = new Int32Array(buffer, 8 * links + 4 * m, m);
    this.retPos = new Int32Array(buffer, 8 * links + 8 * m, m);
    this.retRank = new Int32Array(buffer, 8 * links + 12 * m, m);
    this.callRank = new Int32Array(buffer, 8 * links + 16 * m, m);
    this.stack = new Int32Array(buffer, 8 * links + 20 * m, STACK_STRIDE * n);
    const bytes = 8 * links + 20 * m + 4 * STACK_STRIDE * n;
    this.bits = new Uint32Array(buffer, bytes, this.words);
    this.regReadOnly = new Uint8Array(buffer, bytes + 4 * this.words, m);
    this.everLinearized = new Uint8Array(buffer, bytes + 4 * this.words + m, m);
    if (k === 0) {
      this.openOp = this.openCallRank = this.classStart = this.classSize = this.openClass = this.usedCount = NONE;
    } else {
      this.openOp = new Int32Array(k);
      this.openCallRank = new Int32Array(k);
      this.openClass = new Int32Array(k);
      this.classStart = new Int32Array(classes.start);
      this.classSize = new Int32Array(classes.size);
      this.usedCount = new Int32Array(classes.start.length);
      for (let c = 0; c < classes.start.length; c++) this.openClass.fill(c, classes.start[c], (classes.start[c] as number) + (classes.size[c] as number));
      classes.members.forEach((member, j) => {
        const op = open[member] as number;
        this.openOp[j] = op;
        this.openCallRank[j] = openRank[member] as number;
        this.openInput[j] = (operations[op] as LinOperation<I, O>).input;
        this.openOutput[j] = (operations[op] as LinOperation<I, O>).output;
      });
    }

    // The regular operations' events form the linked list: 2r is r's
    // call, 2r+1 its return, and the head at 2m points at the first event.
    // Their returns, in order, are the frontier's sequence.
    this.head = 2 * m;
    this.regInput = new Array<I>(m);
    this.regOutput = new Array<O>(m);
    let last = this.head;
    let returned = 0;
    this.next[last] = -1;
    for (let position = 0; position < 2 * n; position++) {
      const entry = order[position] as number;
      const r = regOf[entry >> 1] as number;
      if (r < 0) continue;
      const local = 2 * r + (entry & 1);
      if ((entry & 1) === 0) {
        const operation = operations[entry >> 1] as LinOperation<I, O>;
        this.regOp[r] = entry >> 1;
        this.callRank[r] = position;
        this.regInput[r] = operation.input;
        this.regOutput[r] = operation.output;
        if (spec.readOnly(operation.input, operation.output)) {
          this.regReadOnly[r] = 1;
          this.hasReadOnly = true;
        }
      } else {
        this.retOrder[returned] = r;
        this.retPos[r] = returned++;
        this.retRank[r] = position;
      }
      this.next[last] = local;
      this.prev[local] = last;
      this.next[local] = -1;
      last = local;
    }
    this.activeClasses = k > 0 ? new Int32Array(m) : NONE;
    if (k > 0) {
      // Classes are numbered by their first member's call, so the classes
      // called before a return are a prefix of the numbering.
      let active = 0;
      for (let position = 0; position < m; position++) {
        const r = this.retOrder[position] as number;
        const returnRank = this.retRank[r] as number;
        while (active < classes.start.length && (this.openCallRank[classes.start[active] as number] as number) < returnRank) active++;
        this.activeClasses[r] = active;
      }
    }

    this.stackState = new Array<S>(n);
    this.bestPath = NONE;
    this.state = spec.init();

    // The memo starts small for short histories, which are checked by the thousand.
    let slots = 64;
    while (slots < 4 * n && slots < 1024) slots *= 2;
    this.table = new Int32Array(slots);
    this.tableMask = slots - 1;
    this.entries = new Int32Array(ENTRY_STRIDE * slots);
    this.arena = new Uint32Array(slots * 4);
  }

  /**
   * Searches for at most `iterations` more steps, or until the budget runs
   * out. Returns the status it stopped in.
   */
  run(iterations: number, budget?: LinBudget): SearchStatus {
    if (this.status !== 'running') return this.status;
    this.budget = budget;
    if (this.dead === undefined && this.steps >= this.deadStatesAfter) {
      const regular = { input: this.regInput, output: this.regOutput, callRank: this.callRank, retRank: this.retRank, retPos: this.retPos };
      this.dead = DeadStates.build(this.spec, regular, { input: this.openInput, output: this.openOutput, callRank: this.openCallRank }) ?? null;
    }
    const dead = this.dead ?? undefined;
    // Pruning waits until the search is stuck at a killer, so that the
    // longest partial linearization reaches it, or until the search has run
    // long enough that waiting no longer pays.
    if (dead !== undefined && !this.pruning && this.steps >= Math.max(PRUNE_ANYWAY_AFTER, PRUNE_ANYWAY_PER_OPERATION * this.stackState.length)) this.pruning = true;
    let pruning = this.pruning;
    const linearized = (r: number): boolean => isLinearized(this.bits, r);
    const { next, prev, bits, retOrder, retPos, retRank, activeClasses, regInput, regOutput, openInput, openOutput, openCallRank, openClass, classStart, classSize, usedCount } = this;
    const { hasOpen, stack, stackState, everLinearized, step, hash, equal, regReadOnly, hasReadOnly } = this;
    const head = this.head;
    const words = this.words;
    const lastWord = words - 1;
    const lastWordFull = this.lastWordFull;
    let cursor = this.cursor;
    let state = this.state;
    let depth = this.depth;
    let zob = this.zob;
    let regLeft = this.regLeft;
    let frontier = this.frontier;
    let lowWord = this.lowWord;
    let highWord = this.highWord;
    let count = 0;
    let status: SearchStatus = 'running';
    for (;;) {
      if (regLeft === 0) {
        status = 'ok';
        break;
      }
      if (count >= iterations) break;
      count++;
      if (budget !== undefined && (count & CLOCK_MASK) === 0) {
        const reason = (count & MEMORY_MASK) === 0 ? budget.exceeded() : budget.timeUp();
        if (reason !== undefined) {
          status = reason;
          break;
        }
      }
      const f = retOrder[frontier] as number;

      // Pick the next candidate (a regular operation r >= 0, or an open
      // member j as -1 - j): a read-only operation to commit, then the called
      // operations in call order, then the open classes' first unused members.
      let candidate: number;
      let after: S | typeof ILLEGAL;
      if (cursor >= 0) {
        if (cursor & 1) {
          // The frontier's return: every called regular operation was tried.
          cursor = OPEN_BASE;
          continue;
        }
        candidate = cursor >> 1;
        // A read-only candidate was found illegal here already, or it would have been committed.
        if (regReadOnly[candidate] === 1) {
          cursor = next[cursor] as number;
          continue;
        }
        after = step(state, regInput[candidate] as I, regOutput[candidate] as O);
      } else if (cursor === FRONTIER) {
        // A read-only operation that is legal now is linearized at once and
        // alone: whatever could follow without it can follow it, since it
        // changes nothing and any later operation was called after it.
        cursor = next[head] as number;
        if (!hasReadOnly) continue;
        candidate = -1;
        after = ILLEGAL;
        for (let e = cursor; (e & 1) === 0; e = next[e] as number) {
          if (regReadOnly[e >> 1] === 0) continue;
          after = step(state, regInput[e >> 1] as I, regOutput[e >> 1] as O);
          if (after !== ILLEGAL) {
            candidate = e >> 1;
            cursor = COMMITTED;
            break;
          }
        }
        if (candidate < 0) continue;
      } else {
        // The open classes called before the frontier's return, the most
        // recently called first: the effect a stuck configuration misses is
        // most often that of an operation called just before.
        const tried = OPEN_BASE - cursor;
        const active = hasOpen ? (activeClasses[f] as number) : 0;
        if (tried >= active) {
          // Stuck: nothing more can be linearized before the frontier's return.
          if (depth >= this.bestDepth) this.noteStuck(depth, f);
          if (dead !== undefined && !pruning && dead.killerOf(state, frontier, linearized) === f) pruning = true;
          if (depth === 0) {
            status = 'illegal';
            break;
          }
          depth--;
          if (depth < this.divergence) this.divergence = depth;
          const at = depth * STACK_STRIDE;
          const back = stack[at] as number;
          const back_cursor = stack[at + 1] as number;
          frontier = stack[at + 2] as number;
          lowWord = stack[at + 3] as number;
          highWord = stack[at + 4] as number;
          state = stackState[depth] as S;
          if (back >= 0) {
            bits[back >> 5]! &= ~(1 << (back & 31));
            zob ^= zobristKey(back);
            relink(next, prev, 2 * back + 1);
            relink(next, prev, 2 * back);
            regLeft++;
          } else {
            const member = -1 - back;
            if (--usedCount[openClass[member] as number]! === 0) this.usedClasses--;
            this.usedHash ^= zobristKey(OPEN_KEY_BASE + member);
            this.usedId = stack[at + 5] as number;
          }
          cursor = back_cursor >= 0 ? (next[back_cursor] as number) : back_cursor === COMMITTED ? STUCK : back_cursor - 1;
          continue;
        }
        const c = active - 1 - tried;
        const member = (classStart[c] as number) + (usedCount[c] as number);
        if ((usedCount[c] as number) >= (classSize[c] as number) || (openCallRank[member] as number) > (retRank[f] as number)) {
          cursor--;
          continue;
        }
        candidate = -1 - member;
        after = step(state, openInput[member] as I, openOutput[member] as O);
      }

      if (candidate >= 0) {
        // A regular candidate: linearize it if the step is legal and the
        // configuration it leads to is new.
        if (after !== ILLEGAL) {
          const word = candidate >> 5;
          const mask = 1 << (candidate & 31);
          bits[word]! |= mask;
          const low = word === lowWord ? this.advanceLowWord(lowWord, lastWord, lastWordFull) : lowWord;
          const high = word > highWord ? word : highWord;
          const z = zob ^ zobristKey(candidate);
          if ((!pruning || this.alive(dead as DeadStates<S>, after, frontier, linearized)) && this.remember(z, hash(after), after, low, high)) {
            this.save(depth++, candidate, cursor, frontier, lowWord, highWord, state);
            state = after;
            zob = z;
            lowWord = low;
            highWord = high;
            unlink(next, prev, 2 * candidate);
            unlink(next, prev, 2 * candidate + 1);
            regLeft--;
            everLinearized[candidate] = 1;
            if (candidate === f) {
              let position = retPos[candidate] as number;
              while (regLeft > 0 && isLinearized(bits, retOrder[position] as number)) position++;
              frontier = position;
            }
            cursor = FRONTIER;
            continue;
          }
          bits[word]! &= ~mask;
        }
      } else if (after !== ILLEGAL && !equal(after, state)) {
        // An open member: use it if it changes the state (using it later is
        // as good otherwise) and the configuration it leads to is new.
        const member = -1 - candidate;
        const c = openClass[member] as number;
        if (usedCount[c]!++ === 0) this.usedClasses++;
        this.usedHash ^= zobristKey(OPEN_KEY_BASE + member);
        const usedBefore = this.usedId;
        this.usedId = this.internUsed();
        if ((!pruning || this.alive(dead as DeadStates<S>, after, frontier, linearized)) && this.remember(zob, hash(after), after, lowWord, highWord)) {
          this.save(depth++, candidate, cursor, frontier, lowWord, highWord, state);
          stack[(depth - 1) * STACK_STRIDE + 5] = usedBefore;
          state = after;
          cursor = FRONTIER;
          continue;
        }
        if (--usedCount[c]! === 0) this.usedClasses--;
        this.usedHash ^= zobristKey(OPEN_KEY_BASE + member);
        this.usedId = usedBefore;
      }
      if (this.halted !== undefined) {
        status = this.halted;
        break;
      }
      cursor = cursor === COMMITTED ? STUCK : cursor >= 0 ? (next[cursor] as number) : cursor - 1;
    }
    this.pruning = pruning;
    this.cursor = cursor;
    this.state = state;
    this.depth = depth;
    this.zob = zob;
    this.regLeft = regLeft;
    this.frontier = frontier;
    this.lowWord = lowWord;
    this.highWord = highWord;
    this.steps += count;
    this.status = status;
    return status;
  }

  /** Records at stack slot `depth` what is linearized there and where to go back to. */
  private save(depth: number, candidate: number, cursor: number, frontier: number, lowWord: number, highWord: number, state: S): void {
    const at = depth * STACK_STRIDE;
    const { stack } = this;
    stack[at] = candidate;
    stack[at + 1] = cursor;
    stack[at + 2] = frontier;
    stack[at + 3] = lowWord;
    stack[at + 4] = highWord;
    this.stackState[depth] = state;
  }

  /** False when `state` is dead: some pending regular operation can never be linearized from it. Remembers the earliest killer cited. */
  private alive(dead: DeadStates<S>, state: S, frontier: number, linearized: (r: number) => boolean): boolean {
    const killer = dead.killerOf(state, frontier, linearized);
    if (killer < 0) return true;
    if (this.cited < 0 || (this.retPos[killer] as number) < (this.retPos[this.cited] as number)) this.cited = killer;
    return false;
  }

  /** The longest partial linearizations seen so far (operation indices local to this search). */
  longest(): readonly PartialLinearization[] {
    if (this.bestDepth < 0) return [];
    const primary: PartialLinearization = { operations: Array.from(this.bestPath.subarray(0, this.bestDepth)), stuckAt: this.bestStuck };
    const others = this.extras.map(({ shared, tail, stuckAt }): PartialLinearization => ({ operations: [...primary.operations.slice(0, shared), ...tail], stuckAt }));
    return [primary, ...others];
  }

  /**
   * Where every linearization got stuck: the earliest-returning regular
   * operation that no explored linearization ever included. When each one
   * was included by some attempt, the longest attempt's stopping point
   * stands in.
   */
  stuckAt(): number | undefined {
    // A killer is where every linearization through a dead state got stuck.
    if (this.cited >= 0) return this.regOp[this.cited];
    for (let position = 0; position < this.m; position++) {
      const r = this.retOrder[position] as number;
      if (this.everLinearized[r] === 0) return this.regOp[r];
    }
    return this.bestStuck;
  }

  private noteStuck(depth: number, frontier: number): void {
    const stuckAt = this.regOp[frontier];
    if (this.bestPath.length === 0) this.bestPath = new Int32Array(this.stackState.length);
    if (depth > this.bestDepth) {
      // The stack agrees with the kept path below `divergence`: copy the rest.
      for (let d = Math.min(this.divergence, Math.max(this.bestDepth, 0)); d < depth; d++) this.bestPath[d] = this.operationAt(d);
      this.bestDepth = depth;
      this.bestStuck = stuckAt;
      this.divergence = depth;
      this.extras = [];
      return;
    }
    // Another one as long: kept as the part after the prefix it shares with the first.
    if (this.extras.length + 1 >= LONGEST_KEPT || depth - this.divergence > EXTRA_TAIL_MAX) return;
    const tail: number[] = [];
    for (let d = this.divergence; d < depth; d++) tail.push(this.operationAt(d));
    this.extras.push({ shared: this.divergence, tail, stuckAt });
  }

  /** The operation (local index) linearized at stack depth `d`. */
  private operationAt(d: number): number {
    const candidate = this.stack[d * STACK_STRIDE] as number;
    return candidate >= 0 ? (this.regOp[candidate] as number) : (this.openOp[-1 - candidate] as number);
  }

  private advanceLowWord(lowWord: number, lastWord: number, lastWordFull: number): number {
    let low = lowWord;
    while (low <= lastWord && this.bits[low] === (low === lastWord ? lastWordFull : 0xffffffff)) low++;
    return low;
  }

  /** The id of the current count of used members per open class, interned so that equal counts share one id. */
  private internUsed(): number {
    const bucket = this.usedTable.get(this.usedHash);
    if (bucket !== undefined) {
      for (const id of bucket) {
        const pairs = this.usedPairs[id] as number[];
        if (pairs.length !== 2 * this.usedClasses) continue;
        let same = true;
        for (let i = 0; i < pairs.length; i += 2) {
          if (this.usedCount[pairs[i] as number] !== pairs[i + 1]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
    }
    const pairs: number[] = [];
    this.usedCount.forEach((used, c) => {
      if (used > 0) pairs.push(c, used);
    });
    const id = this.usedPairs.length;
    this.usedPairs.push(pairs);
    if (bucket === undefined) this.usedTable.set(this.usedHash, [id]);
    else bucket.push(id);
    return id;
  }

  /** True when the current use of open classes includes the interned use `id`: at least as many members of every class. */
  private covers(id: number): boolean {
    const pairs = this.usedPairs[id] as number[];
    for (let i = 0; i < pairs.length; i += 2) {
      if ((this.usedCount[pairs[i] as number] as number) < (pairs[i + 1] as number)) return false;
    }
    return true;
  }

  /**
   * Adds the configuration (current bits between `low` and `high`, used id,
   * state) to the memo. False when it is there already, or when one with the
   * same regular operations and state but a subset of its open operations
   * is: whatever can follow this one can follow that one, with open
   * operations to spare, so it was or will be explored from there.
   */
  private remember(zob: number, stateHash: number, state: S, low: number, high: number): boolean {
    // The hash leaves the open classes out, so that every entry with the same
    // regular set and state is in one chain, and a configuration that used
    // at least the open operations of one already explored is found there.
    let h = zob ^ Math.imul(stateHash, 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h ^= h >>> 13;
    const bits = this.bits;
    const arena = this.arena;
    const entries = this.entries;
    const usedId = this.usedId;
    let slot = (this.table[h & this.tableMask] as number) - 1;
    while (slot >= 0) {
      const at = slot * ENTRY_STRIDE;
      if (entries[at] === h) {
        const base = entries[at + 2] as number;
        if (arena[base] === low && arena[base + 1] === high + 1 && (arena[base + 2] === usedId || this.covers(arena[base + 2] as number))) {
          let same = true;
          for (let w = low, key = base + 3; w <= high; w++, key++) {
            if (arena[key] !== bits[w]) {
              same = false;
              break;
            }
          }
          if (same && this.equal(this.cacheStates[slot] as S, state)) return false;
        }
      }
      slot = (entries[at + 1] as number) - 1;
    }
    const length = 3 + Math.max(0, high - low + 1);
    if (ENTRY_STRIDE * (this.cacheCount + 1) > this.entries.length || this.arenaUsed + length > this.arena.length) {
      if (!this.grow(length)) return false;
    }
    const index = this.cacheCount++;
    const base = this.arenaUsed;
    this.arena[base] = low;
    this.arena[base + 1] = high + 1;
    this.arena[base + 2] = usedId;
    for (let w = low, key = base + 3; w <= high; w++, key++) this.arena[key] = bits[w] as number;
    this.arenaUsed += length;
    const bucket = h & this.tableMask;
    const at = index * ENTRY_STRIDE;
    this.entries[at] = h;
    this.entries[at + 1] = this.table[bucket] as number;
    this.entries[at + 2] = base;
    this.table[bucket] = index + 1;
    this.cacheStates[index] = state;
    return true;
  }

  /** The budget of the current `run`, so that growing the memo can respect it. */
  private budget: LinBudget | undefined;
  /** Set when the memo could not grow: the search stops there, never treating the configuration as explored. */
  private halted: BudgetReason | undefined;

  /** Doubles the memo's storage where it is full; false when the budget does not allow it. */
  private grow(length: number): boolean {
    const slots = this.entries.length / ENTRY_STRIDE;
    const entriesFull = this.cacheCount === slots;
    const arenaSize = this.arenaUsed + length > this.arena.length ? Math.max(this.arena.length * 2, this.arenaUsed + length) : this.arena.length;
    const bytes = (entriesFull ? slots * 2 * (4 * ENTRY_STRIDE + 4 + 8) : 0) + (arenaSize > this.arena.length ? arenaSize * 4 : 0);
    // Reading the process's memory costs microseconds: small growth is not worth it.
    if (this.budget !== undefined && bytes >= GROWTH_CHECKED_BYTES && !this.budget.allows(bytes)) {
      this.halted = 'memory';
      return false;
    }
    if (arenaSize > this.arena.length) {
      const arena = new Uint32Array(arenaSize);
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    if (entriesFull) {
      const grown = new Int32Array(2 * slots * ENTRY_STRIDE);
      grown.set(this.entries);
      this.entries = grown;
      this.table = new Int32Array(2 * slots);
      this.tableMask = 2 * slots - 1;
      for (let index = 0; index < this.cacheCount; index++) {
        const at = index * ENTRY_STRIDE;
        const bucket = (grown[at] as number) & this.tableMask;
        grown[at + 1] = this.table[bucket] as number;
        this.table[bucket] = index + 1;
      }
    }
    return true;
  }
}

/**
 * Puts the events (entry 2i is operation i's call, 2i+1 its return) in time
 * order into `order`, calls before returns at equal times, then by entry. Histories come
 * almost in order, so insertion sort does it in about linear time; one that
 * needs too many moves is sorted the general way.
 */
function sortEvents(times: Float64Array, order: Int32Array): void {
  const count = times.length;
  let moves = 0;
  for (let entry = 0; entry < count; entry++) {
    const time = times[entry] as number;
    let at = entry;
    while (at > 0) {
      const before = order[at - 1] as number;
      const beforeTime = times[before] as number;
      if (beforeTime < time || (beforeTime === time && ((before & 1) < (entry & 1) || ((before & 1) === (entry & 1) && before < entry)))) break;
      order[at] = before;
      at--;
    }
    order[at] = entry;
    moves += entry - at;
    if (moves > 8 * count + 64) {
      for (let e = 0; e < count; e++) order[e] = e;
      order.sort((a, b) => (times[a] as number) - (times[b] as number) || (a & 1) - (b & 1) || a - b);
      return;
    }
  }
}

/** Lifts an event out of the linked list; `relink` puts it back (dancing links). */
function unlink(next: Int32Array, prev: Int32Array, entry: number): void {
  const p = prev[entry] as number;
  const x = next[entry] as number;
  next[p] = x;
  if (x >= 0) prev[x] = p;
}

function relink(next: Int32Array, prev: Int32Array, entry: number): void {
  const p = prev[entry] as number;
  const x = next[entry] as number;
  next[p] = entry;
  if (x >= 0) prev[x] = entry;
}

function isLinearized(bits: Uint32Array, r: number): boolean {
  return ((bits[r >> 5] as number) & (1 << (r & 31))) !== 0;
}
