import type { AimedFaults, Fault } from '../impl/world/fault.js';
import { describeAimed, describeConditions, describeFault, describePartition, describeTrigger, nodeLabel } from './describe-fault.js';
import type { HistoryOperation, Trace, WorldEvent } from './trace.generated.js';

/**
 * What the trace view draws, independent of how: lanes over simulated time
 * (ticks). Every string in it is plain text taken from the trace or made
 * from it; the renderer escapes all of them.
 */
export interface Timeline {
  readonly endTick: number;
  /** When the fault phase ended and everything healed. */
  readonly healTick: number;
  readonly nodes: readonly NodeLane[];
  /** Faults of the whole network (partitions, bad network conditions), as shaded spans. */
  readonly network: readonly Band[];
  /** Aimed faults being armed, and other marks that belong to no node. */
  readonly networkMarks: readonly Mark[];
  readonly clients: readonly ClientLane[];
  readonly violations: readonly ViolationMark[];
  /** What the cluster-specific parts of the lanes mean, for the legend. */
  readonly legend: readonly { readonly kind: string; readonly label: string }[];
}

/** A span of time with a label: a role held, a node down, a partition in force. `kind` picks its colour. */
export interface Band {
  readonly from: number;
  readonly to: number;
  readonly kind: string;
  readonly label: string;
  readonly title: string;
}

/** A moment: an aimed fault going off, a clock changing rate. */
export interface Mark {
  readonly tick: number;
  readonly kind: string;
  readonly label: string;
  readonly title: string;
}

/** A quantity over time drawn as a step line in a node's lane, from 0 to `max`. */
export interface Series {
  readonly kind: string;
  readonly label: string;
  readonly max: number;
  readonly points: readonly { readonly tick: number; readonly value: number; readonly title: string }[];
}

export interface NodeLane {
  readonly node: number;
  readonly label: string;
  /** Up, down, paused, absent, left: from the faults. */
  readonly status: readonly Band[];
  /** The cluster's view of the node over time (roles and terms, say). */
  readonly states: readonly Band[];
  readonly series: readonly Series[];
  readonly marks: readonly Mark[];
}

export interface ClientLane {
  /** The history process (the `client` field of the history's operations). */
  readonly process: number;
  readonly label: string;
  readonly operations: readonly ClientBar[];
}

/** One client operation, from its call to its return (to the end of the run when its outcome stayed unknown). */
export interface ClientBar {
  readonly from: number;
  readonly to: number;
  readonly open: boolean;
  readonly outcome: HistoryOperation['outcome'];
  readonly label: string;
  readonly title: string;
}

export interface ViolationMark {
  readonly tick: number;
  readonly step: number;
  readonly property: string;
  readonly message: string;
  /** The violation shrinking kept: the one the trace is about. */
  readonly main: boolean;
}

/** What a cluster kind adds to the generic lanes: per node, its protocol state, quantities and marks. */
export interface ClusterLanes {
  readonly states: readonly (readonly Band[])[];
  readonly series: readonly (readonly Series[])[];
  readonly marks: readonly (readonly Mark[])[];
  readonly legend: readonly { readonly kind: string; readonly label: string }[];
}

/** Reads a cluster's lanes from a trace: one function per cluster kind (see `cluster-lanes.ts`). */
export type ClusterLaneBuilder = (trace: Trace) => ClusterLanes;

/**
 * Builds the view of a trace: the generic lanes every cluster has (node
 * status from the faults, network faults, aimed faults and their triggers,
 * client operations from the history, the violations), with the lanes of
 * the trace's cluster kind added when it has a builder.
 */
export function buildTimeline(trace: Trace, clusterLanes: ClusterLaneBuilder | undefined): Timeline {
  const world = trace.config.world;
  const nodeCount = world.nodeCount;
  const events = trace.events as WorldEvent[];
  const lastTick = events.length === 0 ? 0 : events[events.length - 1]!.tick;
  const endTick = Math.max(lastTick, world.faultPhaseTicks + 1, ...trace.history.map((op) => op.return ?? op.call));
  const cluster = clusterLanes?.(trace);
  const status = nodeStatus(trace, events, endTick);
  const triggers = triggerMarks(trace.aimed, events);
  const nodes: NodeLane[] = Array.from({ length: nodeCount }, (_, node) => ({
    node,
    label: nodeLabel(node),
    status: status[node] ?? [],
    states: cluster?.states[node] ?? [],
    series: cluster?.series[node] ?? [],
    marks: [...(triggers.byNode[node] ?? []), ...(cluster?.marks[node] ?? []), ...clockMarks(events, node)].sort((a, b) => a.tick - b.tick),
  }));
  const main = trace.shrink?.property ?? trace.verdict.violations[0]?.property;
  return {
    endTick,
    healTick: world.faultPhaseTicks,
    nodes,
    network: networkBands(events, endTick, JSON.stringify(world.baselineNetwork)),
    networkMarks: triggers.armed,
    clients: clientLanes(trace, events, endTick),
    violations: trace.verdict.violations.map((v) => ({ tick: v.tick, step: v.step, property: v.property, message: v.message, main: v.property === main })),
    legend: cluster?.legend ?? [],
  };
}

/** Each node's lifecycle from the fault events: down from a crash to its restart, paused, absent until it joins, gone after it leaves. */
function nodeStatus(trace: Trace, events: readonly WorldEvent[], endTick: number): Band[][] {
  const nodeCount = trace.config.world.nodeCount;
  const bands: Band[][] = Array.from({ length: nodeCount }, () => []);
  const since: ({ kind: 'down' | 'absent' | 'left'; tick: number; why: string } | null)[] = Array.from({ length: nodeCount }, () => null);
  for (const node of trace.config.world.initiallyAbsent) if (node < nodeCount) since[node] = { kind: 'absent', tick: 0, why: 'absent from the start' };
  const close = (node: number, tick: number) => {
    const open = since[node];
    if (open === null || open === undefined) return;
    bands[node]!.push({ from: open.tick, to: tick, kind: open.kind, label: open.kind, title: `${nodeLabel(node)} ${open.why}, ticks ${open.tick}-${tick}` });
    since[node] = null;
  };
  for (const event of events) {
    if (event.kind === 'heal') {
      // The end of the fault phase restarts every crashed node and starts every absent one.
      for (let node = 0; node < nodeCount; node++) if (since[node]?.kind !== 'left') close(node, event.tick);
      continue;
    }
    if (event.kind !== 'fault') continue;
    const fault = event.fault as Fault;
    switch (fault.kind) {
      case 'crash':
        if (fault.node < nodeCount && since[fault.node] === null) since[fault.node] = { kind: 'down', tick: event.tick, why: `crashed at tick ${event.tick}` };
        break;
      case 'restart':
      case 'join':
        if (fault.node < nodeCount && since[fault.node]?.kind !== 'left') close(fault.node, event.tick);
        break;
      case 'leave':
        if (fault.node < nodeCount) {
          close(fault.node, event.tick);
          since[fault.node] = { kind: 'left', tick: event.tick, why: `left the cluster at tick ${event.tick}` };
        }
        break;
      case 'pause':
        if (fault.node < nodeCount && since[fault.node] === null) {
          const to = Math.min(endTick, event.tick + fault.durationTicks);
          bands[fault.node]!.push({ from: event.tick, to, kind: 'paused', label: 'paused', title: `${nodeLabel(fault.node)} paused at tick ${event.tick} for ${fault.durationTicks} ticks` });
        }
        break;
      default:
        break;
    }
  }
  for (let node = 0; node < nodeCount; node++) close(node, endTick);
  return bands;
}

/** Partitions and bad network conditions, from when they began to when they were undone or replaced. */
function networkBands(events: readonly WorldEvent[], endTick: number, baseline: string): Band[] {
  const bands: Band[] = [];
  let partition: { tick: number; label: string } | null = null;
  let conditions: { tick: number; label: string } | null = null;
  const endPartition = (tick: number) => {
    if (partition !== null) bands.push({ from: partition.tick, to: tick, kind: 'partition', label: partition.label, title: `${partition.label}, ticks ${partition.tick}-${tick}` });
    partition = null;
  };
  const endConditions = (tick: number) => {
    if (conditions !== null) bands.push({ from: conditions.tick, to: tick, kind: 'network', label: conditions.label, title: `network: ${conditions.label}, ticks ${conditions.tick}-${tick}` });
    conditions = null;
  };
  for (const event of events) {
    if (event.kind === 'heal') {
      endPartition(event.tick);
      endConditions(event.tick);
    } else if (event.kind === 'fault') {
      const fault = event.fault as Fault;
      if (fault.kind === 'partition') {
        endPartition(event.tick);
        partition = { tick: event.tick, label: describePartition(fault.partition) };
      } else if (fault.kind === 'heal-partition') {
        endPartition(event.tick);
      } else if (fault.kind === 'network') {
        endConditions(event.tick);
        if (JSON.stringify(fault.conditions) !== baseline) conditions = { tick: event.tick, label: describeConditions(fault.conditions) };
      }
    }
  }
  endPartition(endTick);
  endConditions(endTick);
  return bands;
}

function clockMarks(events: readonly WorldEvent[], node: number): Mark[] {
  const marks: Mark[] = [];
  for (const event of events) {
    if (event.kind !== 'fault' || event.fault.kind !== 'clock-drift' || event.fault.node !== node) continue;
    const label = describeFault(event.fault as Fault);
    marks.push({ tick: event.tick, kind: 'clock', label: 'clock', title: `${label} from tick ${event.tick}` });
  }
  return marks;
}

/**
 * Aimed faults: when each was armed (a mark on the network lane), and each
 * trigger that set one off (a mark on the node that did it). Triggers are
 * matched to aimed faults the way the world matches them: among those armed
 * and waiting, the ones watching that node first, then those watching every
 * node, each in the order they were armed.
 */
function triggerMarks(aimed: readonly AimedFaults[], events: readonly WorldEvent[]): { armed: Mark[]; byNode: Mark[][] } {
  const armed: Mark[] = [];
  const byNode: Mark[][] = [];
  const pending = aimed.map((entry, index) => ({ entry, index, armAt: entry.afterPrevious === true && index > 0 ? null : entry.armAtTick }));
  const waiting: typeof pending = [];
  const wasArmed = new Set<number>();
  const armUntil = (tick: number) => {
    for (const item of pending) {
      if (item.armAt === null || item.armAt > tick || wasArmed.has(item.index)) continue;
      wasArmed.add(item.index);
      waiting.push(item);
      armed.push({ tick: item.armAt, kind: 'armed', label: `aimed #${item.index + 1}`, title: `aimed fault #${item.index + 1} ${describeAimed(item.entry)}` });
    }
  };
  for (const event of events) {
    armUntil(event.tick);
    if (event.kind !== 'trigger') continue;
    const matches = (item: (typeof pending)[number]) => {
      const trigger = item.entry.trigger;
      return trigger.on === event.on && (trigger.msgKind === undefined || trigger.msgKind === event.msgKind) && (trigger.node === undefined || trigger.node === event.node);
    };
    const own = waiting.find((item) => item.entry.trigger.node === event.node && matches(item));
    const fired = own ?? waiting.find((item) => item.entry.trigger.node === undefined && matches(item));
    const what = describeTrigger({ node: event.node, on: event.on, ...(event.msgKind === undefined ? {} : { msgKind: event.msgKind }) });
    if (fired !== undefined) {
      waiting.splice(waiting.indexOf(fired), 1);
      const next = pending[fired.index + 1];
      if (next !== undefined && next.entry.afterPrevious === true) next.armAt = event.tick + next.entry.armAtTick;
    }
    const title = fired === undefined ? `an aimed fault went off: ${what}` : `aimed fault #${fired.index + 1} went off at tick ${event.tick}: ${what}; ${describeAimed(fired.entry)}`;
    (byNode[event.node] ??= []).push({ tick: event.tick, kind: 'trigger', label: fired === undefined ? 'aimed' : `aimed #${fired.index + 1}`, title });
  }
  return { armed, byNode };
}

/**
 * One lane per history process (a client that gives up goes on as a new
 * process, as in Jepsen), labelled with its client; a node's agent (the
 * client through which the node's own logic calls the cluster) is named
 * after its node.
 */
function clientLanes(trace: Trace, events: readonly WorldEvent[], endTick: number): ClientLane[] {
  const clientOf = new Map<number, number>();
  for (const event of events) if (event.kind === 'invoke') clientOf.set(event.process, event.client);
  const workloadClients = trace.config.world.clients.count;
  const byProcess = new Map<number, HistoryOperation[]>();
  for (const op of trace.history) byProcess.set(op.client, [...(byProcess.get(op.client) ?? []), op]);
  return [...byProcess.entries()]
    .sort(([a], [b]) => (clientOf.get(a) ?? a) - (clientOf.get(b) ?? b) || a - b)
    .map(([process, operations]) => {
      const client = clientOf.get(process);
      const who = client === undefined ? `process ${process}` : client >= workloadClients ? `agent of ${nodeLabel(client - workloadClients)}` : `client ${client}`;
      return { process, label: client === undefined || client === process ? who : `${who} (process ${process})`, operations: operations.map((op) => clientBar(op, endTick)) };
    });
}

function clientBar(op: HistoryOperation, endTick: number): ClientBar {
  const input = op.value === undefined ? '' : ` ${compact(op.value)}`;
  const result = op.result === undefined ? '' : ` → ${compact(op.result)}`;
  const open = op.return === null;
  const outcome = op.outcome === 'ok' ? result || ' ok' : ` ${op.outcome}`;
  return {
    from: op.call,
    to: open ? endTick : Math.max(op.call, op.return!),
    open,
    outcome: op.outcome,
    label: `${op.f}${shortInput(op)}${op.outcome === 'ok' ? '' : ` (${op.outcome})`}`,
    title: `${op.f}${input}${outcome}; called at tick ${op.call}, ${open ? 'no answer by the end' : `returned at tick ${op.return}`}`,
  };
}

/** The part of an operation's input a bar has room for: its job, when it names one. */
function shortInput(op: HistoryOperation): string {
  const job = op.value?.job;
  return typeof job === 'string' ? ` ${job}` : '';
}

/** A value as short JSON-like text: `{"job":"j1"}` reads as `job=j1`. */
function compact(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  return Object.entries(value)
    .map(([key, inner]) => `${key}=${typeof inner === 'string' ? inner : JSON.stringify(inner)}`)
    .join(' ');
}
