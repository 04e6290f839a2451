import { assertNever } from '../../model/assert-never.js';
import { ClientTable } from './client-table.js';
import { DriftClock } from './drift-clock.js';
import { aimAt, isRepair, type AimedFaults, type Fault, type FaultTrigger, type ScheduledFault } from './fault.js';
import { Network } from './network.js';
import type { ClientReply, ClientRequest, Disk, Effect, NodeContext, NodeLogic, Protocol } from './node-logic.js';
import { mixValue, mixWord } from './mix-value.js';
import { Prng } from './prng.js';
import { TickQueue } from './tick-queue.js';
import type { WorkloadOp } from './workload.js';
import type { WorldConfig } from './world-config.js';
import type { NodeStatus, ObservedEvent, WorldEvent } from './world-event.js';

const DELIVER = 0;
const TIMER = 1;
const FAULT = 2;
const HEAL = 3;
/** A workload operation falls due for its client. */
const OP_DUE = 4;
/** A client request reaches a node. */
const REQUEST = 5;
/** A reply reaches a client. */
const REPLY = 6;
/** A client's retry timer fires. */
const CLIENT_TIMER = 7;
/** Aimed faults are armed: from now on their trigger sets them off. */
const ARM = 8;

/** One entry of the world's queue. A single shape for every kind keeps the hot loop monomorphic. */
interface Entry {
  tick: number;
  seq: number;
  kind: number;
  /** The node the entry is for (a delivery's or request's target, a timer's owner), or -1. */
  node: number;
  /** The sender of a delivery, the timer number, or the client of a client entry. */
  other: number;
  /** The timer's arming number, or the client's operation number, when the entry was made. */
  stamp: number;
  payload: unknown;
  /** The queue's link to the next entry due at the same tick. */
  next: Entry | null;
}

export interface WorldOptions {
  /** Keep the full event log (for traces and replay); otherwise only a digest is kept. */
  readonly record: boolean;
  /** Sees every event as it happens, recorded or not: the observers that check properties. */
  readonly listener?: ((event: ObservedEvent<Protocol>) => void) | undefined;
  /**
   * The kinds of event the listener wants (all when absent). The world does not
   * even build the frequent events (deliveries, sends, timers, disk writes)
   * that nobody records or listens to.
   */
  readonly listenTo?: ReadonlySet<ObservedEvent['kind']> | undefined;
  /**
   * Of the message events the listener wants (sends, deliveries, drops), the
   * kinds of message it wants (all when absent): the world builds no event
   * about other messages unless it records it.
   */
  readonly listenToMessages?: ReadonlySet<string> | undefined;
  /**
   * Mix what each step carries (a message, a client request or reply, a
   * fault, an operation) into the digest, besides the step's kind, time and
   * nodes, so that two runs whose messages differ anywhere have different
   * digests. It costs a walk over every payload; the gate's plain runs, which
   * never compare digests, leave it off.
   */
  readonly digestContents?: boolean | undefined;
}

/** The frequent event kinds, which the world builds only when someone wants them. */
type HotKind = 'deliver' | 'drop' | 'timer' | 'send' | 'persist' | 'append';

/** The events about one message. */
type MessageKind = 'deliver' | 'drop' | 'send';

/** What one call to `step` did, for the observers that check properties. */
export interface StepInfo {
  readonly step: number;
  readonly tick: number;
  /** The node whose state may have changed, or -1. */
  readonly node: number;
  readonly kind: 'deliver' | 'drop' | 'timer' | 'fault' | 'heal' | 'stale' | 'client';
}

const EMPTY_DISK = { hard: undefined, log: [] } as const;

/**
 * The deterministic simulated world: nodes, their clocks and disks, the
 * network, the clients, and the fault schedule, driven by one seeded PRNG and
 * one queue of events in true time. Node logic only sees its own state,
 * messages, client requests, timers and clock; everything it wants done comes
 * back as effects.
 */
export class World<P extends Protocol> {
  readonly events: WorldEvent<P>[] = [];
  private readonly queue = new TickQueue<Entry>();
  private readonly rng: Prng;
  private readonly network: Network;
  private readonly clients: ClientTable<P['op']>;
  private readonly clocks: DriftClock[] = [];
  private readonly states: (P['state'] | undefined)[] = [];
  private readonly hards: (P['hard'] | undefined)[] = [];
  private readonly logs: P['entry'][][] = [];
  private readonly statuses: NodeStatus[] = [];
  private readonly incarnations: number[] = [];
  private readonly pausedUntil: number[] = [];
  private readonly timerStamps: number[][] = [];
  private readonly contexts: { node: number; nowLocal: number; rng: Prng }[] = [];
  /** The effects of the handler running now; a new buffer once they are carried out, which costs less than emptying this one. */
  private out: Effect<P>[] = [];
  /** Per node, the aimed faults armed and waiting for their trigger; the last list is for those that watch every node. */
  private readonly armed: AimedFaults[][] = [];
  /** Aimed faults armed only once the ones before them have gone off, keyed by those. */
  private readonly chained = new Map<AimedFaults, AimedFaults>();
  /** For a link of a chain that is armed, the node that set off the link before it (what its node -2 names). */
  private readonly previousSetOffBy = new Map<AimedFaults, number>();
  private readonly emit: ((event: ObservedEvent<P>) => void) | null;
  private readonly wants: Readonly<Record<HotKind, boolean>>;
  /** Deliveries and drops are recorded, whatever their message, when the run is. */
  private readonly record: boolean;
  /** The message kinds the listener wants, or null for all. */
  private readonly messageKinds: ReadonlySet<string> | null;
  private readonly digestContents: boolean;
  private nowTick = 0;
  private steps = 0;
  private digestValue = 0x811c9dc5;
  private healed = false;

  constructor(
    readonly config: WorldConfig,
    private readonly logic: NodeLogic<P>,
    seed: number,
    schedule: readonly ScheduledFault[],
    workload: readonly WorkloadOp<P['op']>[],
    options: WorldOptions,
    aimed: readonly AimedFaults[] = [],
  ) {
    if (config.nodeCount < 1 || config.nodeCount > 31) throw new RangeError('nodeCount must be between 1 and 31');
    const listener = options.listener as ((event: ObservedEvent<P>) => void) | undefined;
    const listenTo = options.listenTo;
    const listens = (kind: ObservedEvent['kind']) => listener !== undefined && (listenTo === undefined || listenTo.has(kind));
    const wanted = (kind: HotKind) => listens(kind) || (options.record && kind !== 'send' && kind !== 'persist' && kind !== 'append');
    const messageKinds = options.listenToMessages ?? null;
    this.digestContents = options.digestContents === true;
    this.wants = { deliver: wanted('deliver'), drop: wanted('drop'), timer: wanted('timer'), send: wanted('send'), persist: wanted('persist'), append: wanted('append') };
    this.record = options.record;
    this.messageKinds = messageKinds;
    this.emit =
      listener === undefined && !options.record
        ? null
        : (event) => {
            if (options.record && isRecorded(event)) this.events.push(event);
            if (listens(event.kind) && (messageKinds === null || !isMessageEvent(event) || messageKinds.has(event.msg.kind))) listener!(event);
          };
    this.rng = new Prng(seed);
    this.network = new Network(config.nodeCount, config.linkQueueCapacity, config.baselineNetwork, this.rng.fork(1));
    const clockRng = this.rng.fork(2);
    this.clients = new ClientTable(config.clients.count, config.nodeCount);
    const bound = config.driftBoundPpm;
    for (let node = 0; node < config.nodeCount; node++) {
      // Clocks start anywhere within the bound, and at either edge as often as inside it: the edges are where timing arguments break.
      const edge = clockRng.int(0, 2);
      const ratePpm = edge === 0 ? -bound : edge === 1 ? bound : clockRng.int(-bound, bound);
      this.clocks.push(new DriftClock(clockRng.int(0, 10_000), ratePpm));
      this.states.push(undefined);
      this.hards.push(undefined);
      this.logs.push([]);
      this.statuses.push('absent');
      this.incarnations.push(0);
      this.pausedUntil.push(0);
      this.timerStamps.push(logic.timerNames.map(() => 0));
      this.contexts.push({ node, nowLocal: 0, rng: this.rng });
      this.armed.push([]);
    }
    this.armed.push([]);
    aimed.forEach((episode, index) => {
      const watched = episode.trigger.node;
      if (watched !== undefined && (watched < 0 || watched >= config.nodeCount)) return;
      if (episode.afterPrevious === true && index > 0) this.chained.set(aimed[index - 1]!, episode);
      else if (episode.armAtTick < config.faultPhaseTicks) this.pushEntry(episode.armAtTick, ARM, -1, -1, 0, episode);
    });
    for (const scheduled of schedule) {
      if (scheduled.atTick < config.faultPhaseTicks) this.pushEntry(scheduled.atTick, FAULT, -1, -1, 0, scheduled.fault);
    }
    this.pushEntry(config.faultPhaseTicks, HEAL, -1, -1, 0, null);
    for (const op of workload) {
      if (op.client < 0 || op.client >= config.clients.count) throw new RangeError(`workload client ${op.client} is not one of the ${config.clients.count} clients`);
      this.pushEntry(op.atTick, OP_DUE, -1, op.client, 0, op.op);
    }
    for (let node = 0; node < config.nodeCount; node++) {
      if (!config.initiallyAbsent.includes(node)) this.startNode(0, node, EMPTY_DISK);
    }
  }

  get tick(): number {
    return this.nowTick;
  }

  get stepCount(): number {
    return this.steps;
  }

  /** A 32-bit digest of every step so far (with `digestContents`, of what each carried too), equal for equal runs. */
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
  state(node: number): P['state'] | undefined {
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

  /** Operations that clients have invoked and not yet seen answered or given up on. */
  openOperations(): number {
    return this.clients.openCount();
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
      if (entry.kind !== DELIVER && entry.kind !== TIMER && entry.kind !== REQUEST) break;
      const paused = this.pausedUntil[entry.node]!;
      if (paused <= entry.tick) break;
      // A paused node takes no steps: what arrives for it waits until it resumes.
      this.pushEntry(paused, entry.kind, entry.node, entry.other, entry.stamp, entry.payload);
    }
    const step = this.steps++;
    this.mix(entry.kind, entry.tick, entry.node, entry.other);
    if (this.digestContents && entry.payload !== null) this.digestValue = mixValue(this.digestValue, entry.payload);
    switch (entry.kind) {
      case DELIVER:
        return this.deliver(step, entry);
      case TIMER:
        return this.fireTimer(step, entry);
      case FAULT: {
        const fault = entry.payload as Fault;
        this.applyFault(step, fault);
        return { step, tick: this.nowTick, node: faultNode(fault), kind: 'fault' };
      }
      case HEAL:
        this.heal(step);
        return { step, tick: this.nowTick, node: -1, kind: 'heal' };
      case OP_DUE:
        this.clients.enqueue(entry.other, entry.payload as P['op']);
        this.startNextOperation(step, entry.other);
        return { step, tick: this.nowTick, node: -1, kind: 'client' };
      case REQUEST:
        return this.handleRequest(step, entry);
      case REPLY:
        this.handleReply(step, entry);
        return { step, tick: this.nowTick, node: -1, kind: 'client' };
      case CLIENT_TIMER:
        this.handleClientTimer(step, entry);
        return { step, tick: this.nowTick, node: -1, kind: 'client' };
      case ARM: {
        const episode = entry.payload as AimedFaults;
        this.armed[episode.trigger.node ?? this.config.nodeCount]!.push(episode);
        return { step, tick: this.nowTick, node: -1, kind: 'stale' };
      }
      default:
        throw new Error(`unknown queue entry kind ${entry.kind}`);
    }
  }

  private deliver(step: number, entry: Entry): StepInfo {
    const from = entry.other;
    const to = entry.node;
    const msg = entry.payload as P['msg'];
    this.network.arrived(from, to);
    const state = this.states[to];
    const reason = state === undefined ? 'down' : this.network.isBlocked(from, to) ? 'partition' : null;
    if (reason !== null) {
      if (this.wants.drop && (this.record || this.hears(msg))) this.emit!({ kind: 'drop', step, tick: this.nowTick, from, to, reason, msg });
      return { step, tick: this.nowTick, node: to, kind: 'drop' };
    }
    if (this.wants.deliver && (this.record || this.hears(msg))) this.emit!({ kind: 'deliver', step, tick: this.nowTick, from, to, msg });
    this.logic.onMessage(state, from, msg, this.context(to), this.out);
    this.applyEffects(step, to);
    return { step, tick: this.nowTick, node: to, kind: 'deliver' };
  }

  private fireTimer(step: number, entry: Entry): StepInfo {
    const node = entry.node;
    const timer = entry.other;
    const state = this.states[node];
    if (state === undefined || this.timerStamps[node]![timer] !== entry.stamp) {
      return { step, tick: this.nowTick, node, kind: 'stale' };
    }
    if (this.wants.timer) this.emit!({ kind: 'timer', step, tick: this.nowTick, node, timer: this.logic.timerNames[timer]! });
    this.logic.onTimer(state, timer, this.context(node), this.out);
    this.applyEffects(step, node);
    return { step, tick: this.nowTick, node, kind: 'timer' };
  }

  private handleRequest(step: number, entry: Entry): StepInfo {
    const node = entry.node;
    const request = entry.payload as ClientRequest<P['op']>;
    const state = this.states[node];
    if (state === undefined) {
      this.emit?.({ kind: 'client-drop', step, tick: this.nowTick, client: request.client, node, requestId: request.requestId, direction: 'request', reason: 'down' });
      return { step, tick: this.nowTick, node, kind: 'drop' };
    }
    this.emit?.({ kind: 'request', step, tick: this.nowTick, client: request.client, to: node, requestId: request.requestId });
    this.logic.onRequest(state, request, this.context(node), this.out);
    this.applyEffects(step, node);
    return { step, tick: this.nowTick, node, kind: 'deliver' };
  }

  private handleReply(step: number, entry: Entry): void {
    const client = entry.other;
    const from = entry.node;
    const { requestId, reply } = entry.payload as { requestId: number; reply: ClientReply<P['output']> };
    this.emit?.({ kind: 'reply', step, tick: this.nowTick, client, from, requestId, reply });
    const current = this.clients.current(client);
    // A reply to an operation the client has finished or given up on (a duplicate, or a late answer) is ignored.
    if (current === undefined || current.requestId !== requestId) return;
    if (reply.kind === 'result') {
      this.clients.finish(client);
      this.startNextOperation(step, client);
      return;
    }
    // A redirect to another node is followed at once; without one, the client waits for its retry timer.
    if (reply.leader !== null && reply.leader !== current.target && reply.leader >= 0 && reply.leader < this.config.nodeCount) {
      this.clients.redirect(client, reply.leader);
      this.sendRequest(step, client);
    }
  }

  private handleClientTimer(step: number, entry: Entry): void {
    const client = entry.other;
    const current = this.clients.current(client);
    if (current === undefined || current.requestId !== entry.stamp) return;
    if (this.nowTick >= current.deadlineTick) {
      this.emit?.({ kind: 'give-up', step, tick: this.nowTick, client, requestId: current.requestId });
      this.clients.giveUp(client);
      this.startNextOperation(step, client);
      return;
    }
    this.clients.retry(client);
    this.sendRequest(step, client);
    this.armClientTimer(client, current.requestId, current.deadlineTick);
  }

  /** Starts the client's next queued operation if it is idle. */
  private startNextOperation(step: number, client: number): void {
    const started = this.clients.startNext(client, this.nowTick, this.config.clients.timeoutTicks);
    if (started === undefined) return;
    this.emit?.({ kind: 'invoke', step, tick: this.nowTick, client, process: started.process, requestId: started.requestId, op: started.op });
    this.sendRequest(step, client);
    this.armClientTimer(client, started.requestId, started.deadlineTick);
  }

  private armClientTimer(client: number, requestId: number, deadlineTick: number): void {
    this.pushEntry(Math.min(this.nowTick + this.config.clients.retryTicks, deadlineTick), CLIENT_TIMER, -1, client, requestId, null);
  }

  private sendRequest(step: number, client: number): void {
    const current = this.clients.current(client)!;
    const to = current.target;
    this.emit?.({ kind: 'client-send', step, tick: this.nowTick, client, to, requestId: current.requestId });
    const copies = this.network.planClient(this.nowTick);
    if (copies === 0) {
      this.emit?.({ kind: 'client-drop', step, tick: this.nowTick, client, node: to, requestId: current.requestId, direction: 'request', reason: this.network.dropReason });
      return;
    }
    const request: ClientRequest<P['op']> = { client, requestId: current.requestId, op: current.op };
    for (let copy = 0; copy < copies; copy++) this.pushEntry(this.network.arrivals[copy]!, REQUEST, to, client, 0, request);
  }

  private context(node: number): NodeContext {
    const ctx = this.contexts[node]!;
    ctx.nowLocal = this.clocks[node]!.localAt(this.nowTick);
    return ctx;
  }

  /**
   * Sets off the aimed faults whose trigger is this effect of `node`, watching
   * it or every node. Returns true when one of them crashes `node` at once:
   * the node then crashes right after this effect, and the effects its
   * handler asked for after it never happen (written to disk, but never sent,
   * say).
   */
  private fireAimed(step: number, node: number, on: FaultTrigger['on'], msgKind: string | undefined): boolean {
    const own = this.fireWaiting(this.armed[node]!, step, node, on, msgKind);
    const any = this.fireWaiting(this.armed[this.config.nodeCount]!, step, node, on, msgKind);
    return own || any;
  }

  private fireWaiting(waiting: AimedFaults[], step: number, node: number, on: FaultTrigger['on'], msgKind: string | undefined): boolean {
    let crashNow = false;
    for (let index = 0; index < waiting.length; index++) {
      const episode = waiting[index]!;
      const trigger = episode.trigger;
      if (trigger.on !== on || (trigger.msgKind !== undefined && trigger.msgKind !== msgKind)) continue;
      waiting.splice(index--, 1);
      this.emit?.({ kind: 'trigger', step, tick: this.nowTick, node, on, ...(msgKind === undefined ? {} : { msgKind }) });
      const next = this.chained.get(episode);
      if (next !== undefined && this.nowTick + next.armAtTick < this.config.faultPhaseTicks) {
        this.previousSetOffBy.set(next, node);
        this.pushEntry(this.nowTick + next.armAtTick, ARM, -1, -1, 0, next);
      }
      const previous = this.previousSetOffBy.get(episode);
      for (const { delayTicks, fault: planned } of episode.faults) {
        const at = this.nowTick + delayTicks;
        const fault = aimAt(planned, node, previous);
        if (fault === null) continue;
        if (delayTicks === 0 && fault.kind === 'crash' && fault.node === node) crashNow = true;
        else if (at < this.config.faultPhaseTicks || isRepair(planned)) this.pushEntry(at, FAULT, -1, -1, 0, fault);
      }
    }
    return crashNow;
  }

  private applyEffects(step: number, node: number): void {
    const out = this.out;
    const aimed = this.armed[node]!.length > 0 || this.armed[this.config.nodeCount]!.length > 0;
    let crashAfter = false;
    for (let index = 0; index < out.length && !crashAfter; index++) {
      const effect = out[index]!;
      if (aimed && (effect.kind === 'send' || effect.kind === 'persist' || effect.kind === 'append' || effect.kind === 'reply')) {
        crashAfter = this.fireAimed(step, node, effect.kind, effect.kind === 'send' ? effect.msg.kind : effect.kind === 'reply' ? effect.reply.kind : undefined);
      }
      switch (effect.kind) {
        case 'send':
          this.send(step, node, effect.to, effect.msg);
          break;
        case 'set-timer': {
          const stamps = this.timerStamps[node]!;
          const stamp = stamps[effect.timer]! + 1;
          stamps[effect.timer] = stamp;
          const due = this.nowTick + this.clocks[node]!.trueTicksFor(effect.afterTicks);
          this.pushEntry(due, TIMER, node, effect.timer, stamp, null);
          break;
        }
        case 'persist':
          this.hards[node] = effect.hard;
          if (this.wants.persist) this.emit!({ kind: 'persist', step, tick: this.nowTick, node, hard: effect.hard });
          break;
        case 'append': {
          const log = this.logs[node]!;
          if (effect.fromIndex < 0 || effect.fromIndex > log.length) throw new RangeError(`node ${node} appended at ${effect.fromIndex} to a log of ${log.length} entries`);
          if (log.length !== effect.fromIndex) log.length = effect.fromIndex;
          for (const entry of effect.entries) log.push(entry);
          if (this.wants.append) this.emit!({ kind: 'append', step, tick: this.nowTick, node, fromIndex: effect.fromIndex, entries: effect.entries });
          break;
        }
        case 'reply':
          this.sendReply(step, node, effect.client, effect.requestId, effect.reply);
          break;
        case 'call':
          this.clients.enqueue(this.clients.agentOf(node), effect.op);
          this.startNextOperation(step, this.clients.agentOf(node));
          break;
        default:
          assertNever(effect, 'effect');
      }
    }
    if (out.length > 0) this.out = [];
    if (crashAfter) this.applyFault(step, { kind: 'crash', node });
  }

  private send(step: number, from: number, to: number, msg: P['msg']): void {
    if (to < 0 || to >= this.config.nodeCount || to === from) return;
    const copies = this.network.plan(from, to, this.nowTick);
    if (this.wants.send && this.hears(msg)) this.emit!({ kind: 'send', step, tick: this.nowTick, from, to, msg, copies });
    if (copies === 0) {
      if (this.wants.drop && (this.record || this.hears(msg))) this.emit!({ kind: 'drop', step, tick: this.nowTick, from, to, reason: this.network.dropReason, msg });
      return;
    }
    for (let copy = 0; copy < copies; copy++) this.pushEntry(this.network.arrivals[copy]!, DELIVER, to, from, 0, msg);
  }

  private sendReply(step: number, from: number, client: number, requestId: number, reply: ClientReply<P['output']>): void {
    if (client < 0 || client >= this.clients.size) return;
    const copies = this.network.planClient(this.nowTick);
    if (copies === 0) {
      this.emit?.({ kind: 'client-drop', step, tick: this.nowTick, client, node: from, requestId, direction: 'reply', reason: this.network.dropReason });
      return;
    }
    const payload = { requestId, reply };
    for (let copy = 0; copy < copies; copy++) this.pushEntry(this.network.arrivals[copy]!, REPLY, from, client, 0, payload);
  }

  private startNode(step: number, node: number, disk: Disk<P>): void {
    this.statuses[node] = 'up';
    const incarnation = ++this.incarnations[node]!;
    const ctx = this.contexts[node]!;
    ctx.rng = this.rng.fork(node * 1000 + incarnation);
    ctx.nowLocal = this.clocks[node]!.localAt(this.nowTick);
    this.emit?.({ kind: 'start', step, tick: this.nowTick, node });
    // The node gets its own copy of the log: the world's array is the disk, changed only by `append` effects.
    this.states[node] = this.logic.start(ctx, { hard: disk.hard, log: disk.log.slice() }, this.out);
    this.applyEffects(step, node);
  }

  private stopNode(node: number, status: 'down' | 'left'): void {
    this.statuses[node] = status;
    this.states[node] = undefined;
    this.pausedUntil[node] = 0;
    // Timers armed before the stop must never fire into a later incarnation.
    const stamps = this.timerStamps[node]!;
    for (let timer = 0; timer < stamps.length; timer++) stamps[timer] = stamps[timer]! + 1;
    if (status === 'left') {
      this.hards[node] = undefined;
      this.logs[node] = [];
      this.armed[node] = [];
    }
  }

  private diskOf(node: number): Disk<P> {
    return { hard: this.hards[node], log: this.logs[node]! };
  }

  private applyFault(step: number, fault: Fault): void {
    this.emit?.({ kind: 'fault', step, tick: this.nowTick, fault });
    switch (fault.kind) {
      case 'crash':
        if (this.statuses[fault.node] === 'up') this.stopNode(fault.node, 'down');
        return;
      case 'restart':
        if (this.statuses[fault.node] === 'down') this.startNode(step, fault.node, this.diskOf(fault.node));
        return;
      case 'join':
        if (this.statuses[fault.node] === 'absent') this.startNode(step, fault.node, EMPTY_DISK);
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
    this.emit?.({ kind: 'heal', step, tick: this.nowTick });
    this.healed = true;
    // Aimed faults still waiting for their moment never come: the fault phase is over.
    for (const waiting of this.armed) waiting.length = 0;
    this.network.setPartition(null);
    this.network.setConditions(this.config.baselineNetwork);
    for (let node = 0; node < this.config.nodeCount; node++) {
      if (this.statuses[node] === 'down') this.startNode(step, node, this.diskOf(node));
      else if (this.statuses[node] === 'absent') this.startNode(step, node, EMPTY_DISK);
    }
  }

  /** Whether the listener wants events about `msg`, if it wants events of their kind. */
  private hears(msg: P['msg']): boolean {
    return this.messageKinds === null || this.messageKinds.has(msg.kind);
  }

  private pushEntry(tick: number, kind: number, node: number, other: number, stamp: number, payload: unknown): void {
    this.queue.push({ tick, seq: 0, kind, node, other, stamp, payload, next: null });
  }

  /** FNV-1a over the numbers that identify a step. */
  private mix(a: number, b: number, c: number, d: number): void {
    this.digestValue = mixWord(mixWord(mixWord(mixWord(this.digestValue, a), b), c + 1), d + 1);
  }
}

/** Whether an observed event belongs in the recorded event log (the others are observer-only). */
function isRecorded<P extends Protocol>(event: ObservedEvent<P>): event is WorldEvent<P> {
  return event.kind !== 'send' && event.kind !== 'persist' && event.kind !== 'append' && event.kind !== 'start';
}

function isMessageEvent<P extends Protocol>(event: ObservedEvent<P>): event is Extract<ObservedEvent<P>, { kind: MessageKind }> {
  return event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'send';
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
