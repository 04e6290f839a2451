import { assertNever } from '../../model/assert-never.js';
import { DriftClock } from './drift-clock.js';
import { EventQueue } from './event-queue.js';
import type { Fault, ScheduledFault } from './fault.js';
import { Network } from './network.js';
import type { Effect, NodeContext, NodeLogic } from './node-logic.js';
import { Prng } from './prng.js';
import type { SimConfig } from '../sim-config.js';
import type { NodeStatus, WorldEvent } from './world-event.js';

const DELIVER = 0;
const TIMER = 1;
const FAULT = 2;
const HEAL = 3;

/** One entry of the world's queue. A single shape for every kind keeps the hot loop monomorphic. */
interface Entry {
  tick: number;
  seq: number;
  kind: number;
  node: number;
  from: number;
  timer: number;
  /** The timer's arming number or the node's incarnation when the entry was made. */
  stamp: number;
  msg: unknown;
  fault: Fault | null;
}

export interface WorldOptions {
  /** Keep the full event log (for traces and replay); otherwise only a digest is kept. */
  readonly record: boolean;
}

/** What one call to `step` did, for the observers that check properties. */
export interface StepInfo {
  readonly step: number;
  readonly tick: number;
  /** The node whose state may have changed, or -1. */
  readonly node: number;
  readonly kind: 'deliver' | 'drop' | 'timer' | 'fault' | 'heal' | 'stale';
}

/**
 * The deterministic simulated world: nodes, their clocks and disks, the
 * network, and the fault schedule, driven by one seeded PRNG and one queue of
 * events in true time. Node logic only sees its own state, messages, timers
 * and clock; everything it wants done comes back as effects.
 */
export class World<S, M, P> {
  readonly events: WorldEvent<M>[] = [];
  private readonly queue = new EventQueue<Entry>();
  private readonly rng: Prng;
  private readonly network: Network;
  private readonly clocks: DriftClock[] = [];
  private readonly states: (S | undefined)[] = [];
  private readonly disks: (P | undefined)[] = [];
  private readonly statuses: NodeStatus[] = [];
  private readonly incarnations: number[] = [];
  private readonly pausedUntil: number[] = [];
  private readonly timerStamps: number[][] = [];
  private readonly contexts: { node: number; nowLocal: number; rng: Prng }[] = [];
  private readonly out: Effect<M, P>[] = [];
  private nowTick = 0;
  private steps = 0;
  private digestValue = 0x811c9dc5;
  private healed = false;

  constructor(
    readonly config: SimConfig,
    private readonly logic: NodeLogic<S, M, P>,
    seed: number,
    schedule: readonly ScheduledFault[],
    private readonly options: WorldOptions,
  ) {
    if (config.nodeCount < 1 || config.nodeCount > 31) throw new RangeError('nodeCount must be between 1 and 31');
    this.rng = new Prng(seed);
    this.network = new Network(config.nodeCount, config.linkQueueCapacity, config.baselineNetwork, this.rng.fork(1));
    const clockRng = this.rng.fork(2);
    const bound = config.driftBoundPpm;
    for (let node = 0; node < config.nodeCount; node++) {
      // Clocks start anywhere within the bound, and at either edge as often as inside it: the edges are where timing arguments break.
      const edge = clockRng.int(0, 2);
      const ratePpm = edge === 0 ? -bound : edge === 1 ? bound : clockRng.int(-bound, bound);
      this.clocks.push(new DriftClock(clockRng.int(0, 10_000), ratePpm));
      this.states.push(undefined);
      this.disks.push(undefined);
      this.statuses.push('absent');
      this.incarnations.push(0);
      this.pausedUntil.push(0);
      this.timerStamps.push(logic.timerNames.map(() => 0));
      this.contexts.push({ node, nowLocal: 0, rng: this.rng });
    }
    for (const scheduled of schedule) {
      if (scheduled.atTick < config.faultPhaseTicks) this.pushEntry(scheduled.atTick, FAULT, -1, -1, -1, 0, null, scheduled.fault);
    }
    this.pushEntry(config.faultPhaseTicks, HEAL, -1, -1, -1, 0, null, null);
    for (let node = 0; node < config.nodeCount; node++) {
      if (!config.initiallyAbsent.includes(node)) this.startNode(node, undefined);
    }
  }

  get tick(): number {
    return this.nowTick;
  }

  get stepCount(): number {
    return this.steps;
  }

  /** A 32-bit digest of every step so far, equal for equal runs. */
  get digest(): number {
    return this.digestValue >>> 0;
  }

  get isHealed(): boolean {
    return this.healed;
  }

  status(node: number): NodeStatus {
    return this.statuses[node]!;
  }

  isPaused(node: number): boolean {
    return this.pausedUntil[node]! > this.nowTick;
  }

  /** The node's volatile state while it is up; undefined otherwise. Observers must not change it. */
  state(node: number): S | undefined {
    return this.states[node];
  }

  localNow(node: number): number {
    return this.clocks[node]!.localAt(this.nowTick);
  }

  clockRatePpm(node: number): number {
    return this.clocks[node]!.ratePpm();
  }

  partitionActive(): boolean {
    return this.network.currentPartition() !== null;
  }

  /**
   * Processes the next event due at or before `untilTick`. Returns null when
   * nothing is left to do before then.
   */
  step(untilTick: number): StepInfo | null {
    let entry: Entry;
    for (;;) {
      if (this.queue.peekTick() > untilTick || this.steps >= this.config.maxSteps) return null;
      entry = this.queue.pop()!;
      this.nowTick = entry.tick;
      const paused = this.pausedUntil[entry.node]!;
      if ((entry.kind !== DELIVER && entry.kind !== TIMER) || paused <= entry.tick) break;
      // A paused node takes no steps: what arrives for it waits until it resumes.
      this.pushEntry(paused, entry.kind, entry.node, entry.from, entry.timer, entry.stamp, entry.msg, null);
    }
    const node = entry.node;
    const step = this.steps++;
    this.mix(entry.kind, entry.tick, node, entry.from);
    switch (entry.kind) {
      case DELIVER:
        return this.deliver(step, entry);
      case TIMER:
        return this.fireTimer(step, entry);
      case FAULT:
        this.applyFault(step, entry.fault!);
        return { step, tick: this.nowTick, node: faultNode(entry.fault!), kind: 'fault' };
      case HEAL:
        this.heal(step);
        return { step, tick: this.nowTick, node: -1, kind: 'heal' };
      default:
        throw new Error(`unknown queue entry kind ${entry.kind}`);
    }
  }

  private deliver(step: number, entry: Entry): StepInfo {
    const { from, node: to } = entry;
    const msg = entry.msg as M;
    this.network.arrived(from, to);
    const state = this.states[to];
    const reason = state === undefined ? 'down' : this.network.isBlocked(from, to) ? 'partition' : null;
    if (reason !== null) {
      if (this.options.record) this.events.push({ kind: 'drop', step, tick: this.nowTick, from, to, reason, msg });
      return { step, tick: this.nowTick, node: to, kind: 'drop' };
    }
    if (this.options.record) this.events.push({ kind: 'deliver', step, tick: this.nowTick, from, to, msg });
    this.logic.onMessage(state!, from, msg, this.context(to), this.out);
    this.applyEffects(step, to);
    return { step, tick: this.nowTick, node: to, kind: 'deliver' };
  }

  private fireTimer(step: number, entry: Entry): StepInfo {
    const node = entry.node;
    const state = this.states[node];
    if (state === undefined || this.timerStamps[node]![entry.timer] !== entry.stamp) {
      return { step, tick: this.nowTick, node, kind: 'stale' };
    }
    if (this.options.record) this.events.push({ kind: 'timer', step, tick: this.nowTick, node, timer: this.logic.timerNames[entry.timer]! });
    this.logic.onTimer(state, entry.timer, this.context(node), this.out);
    this.applyEffects(step, node);
    return { step, tick: this.nowTick, node, kind: 'timer' };
  }

  private context(node: number): NodeContext {
    const ctx = this.contexts[node]!;
    ctx.nowLocal = this.clocks[node]!.localAt(this.nowTick);
    return ctx;
  }

  private applyEffects(step: number, node: number): void {
    const out = this.out;
    for (let index = 0; index < out.length; index++) {
      const effect = out[index]!;
      switch (effect.kind) {
        case 'send':
          this.send(step, node, effect.to, effect.msg);
          break;
        case 'set-timer': {
          const stamps = this.timerStamps[node]!;
          const stamp = stamps[effect.timer]! + 1;
          stamps[effect.timer] = stamp;
          const due = this.nowTick + this.clocks[node]!.trueTicksFor(effect.afterTicks);
          this.pushEntry(due, TIMER, node, -1, effect.timer, stamp, null, null);
          break;
        }
        case 'persist':
          this.disks[node] = effect.state;
          break;
        default:
          assertNever(effect, 'effect');
      }
    }
    out.length = 0;
  }

  private send(step: number, from: number, to: number, msg: M): void {
    if (to < 0 || to >= this.config.nodeCount || to === from) return;
    const plan = this.network.plan(from, to, this.nowTick);
    if (plan.kind === 'dropped') {
      if (this.options.record) this.events.push({ kind: 'drop', step, tick: this.nowTick, from, to, reason: plan.reason, msg });
      return;
    }
    for (const tick of plan.ticks) this.pushEntry(tick, DELIVER, to, from, -1, 0, msg, null);
  }

  private startNode(node: number, persisted: P | undefined): void {
    this.statuses[node] = 'up';
    const incarnation = ++this.incarnations[node]!;
    const ctx = this.contexts[node]!;
    ctx.rng = this.rng.fork(node * 1000 + incarnation);
    ctx.nowLocal = this.clocks[node]!.localAt(this.nowTick);
    this.states[node] = this.logic.start(ctx, persisted, this.out);
    this.applyEffects(this.steps, node);
  }

  private stopNode(node: number, status: 'down' | 'left'): void {
    this.statuses[node] = status;
    this.states[node] = undefined;
    this.pausedUntil[node] = 0;
    // Timers armed before the stop must never fire into a later incarnation.
    const stamps = this.timerStamps[node]!;
    for (let timer = 0; timer < stamps.length; timer++) stamps[timer] = stamps[timer]! + 1;
    if (status === 'left') this.disks[node] = undefined;
  }

  private applyFault(step: number, fault: Fault): void {
    if (this.options.record) this.events.push({ kind: 'fault', step, tick: this.nowTick, fault });
    switch (fault.kind) {
      case 'crash':
        if (this.statuses[fault.node] === 'up') this.stopNode(fault.node, 'down');
        return;
      case 'restart':
        if (this.statuses[fault.node] === 'down') this.startNode(fault.node, this.disks[fault.node]);
        return;
      case 'join':
        if (this.statuses[fault.node] === 'absent') this.startNode(fault.node, undefined);
        return;
      case 'leave':
        if (this.statuses[fault.node] !== 'left') this.stopNode(fault.node, 'left');
        return;
      case 'pause':
        if (this.statuses[fault.node] === 'up') {
          this.pausedUntil[fault.node] = Math.max(this.pausedUntil[fault.node]!, this.nowTick + fault.durationTicks);
        }
        return;
      case 'partition':
        this.network.setPartition(fault.partition);
        return;
      case 'heal-partition':
        this.network.setPartition(null);
        return;
      case 'network':
        this.network.setConditions(fault.conditions);
        return;
      case 'clock-drift': {
        const bound = this.config.driftBoundPpm;
        this.clocks[fault.node]!.setRate(this.nowTick, Math.max(-bound, Math.min(bound, fault.ratePpm)));
        return;
      }
      default:
        assertNever(fault, 'fault');
    }
  }

  /** The end of the fault phase: the network is made whole and every stopped member comes back. */
  private heal(step: number): void {
    if (this.options.record) this.events.push({ kind: 'heal', step, tick: this.nowTick });
    this.healed = true;
    this.network.setPartition(null);
    this.network.setConditions(this.config.baselineNetwork);
    for (let node = 0; node < this.config.nodeCount; node++) {
      if (this.statuses[node] === 'down') this.startNode(node, this.disks[node]);
      else if (this.statuses[node] === 'absent') this.startNode(node, undefined);
    }
  }

  private pushEntry(tick: number, kind: number, node: number, from: number, timer: number, stamp: number, msg: unknown, fault: Fault | null): void {
    this.queue.push({ tick, seq: 0, kind, node, from, timer, stamp, msg, fault });
  }

  /** FNV-1a over the numbers that identify a step. */
  private mix(a: number, b: number, c: number, d: number): void {
    let h = this.digestValue;
    h = Math.imul(h ^ a, 0x01000193);
    h = Math.imul(h ^ b, 0x01000193);
    h = Math.imul(h ^ (c + 1), 0x01000193);
    h = Math.imul(h ^ (d + 1), 0x01000193);
    this.digestValue = h;
  }
}

/** The node a fault touches, or -1 for faults of the whole network. */
function faultNode(fault: Fault): number {
  switch (fault.kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'clock-drift':
    case 'join':
    case 'leave':
      return fault.node;
    case 'partition':
    case 'heal-partition':
    case 'network':
      return -1;
    default:
      return assertNever(fault, 'fault');
  }
}
