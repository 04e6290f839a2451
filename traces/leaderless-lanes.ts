import type { Resources } from '../model/resources.js';
import { nodeLabel } from './describe-fault.js';
import { OfficeRoles, type OfficeMessages } from './office-roles.js';
import type { Trace, WorldEvent } from './trace.generated.js';
import type { ClusterLanes, Mark, Series } from './trace-timeline.js';

type Point = Series['points'][number];

/** How the leaderless cluster's messages show its coordinator, candidates and members. */
const COORDINATOR_MESSAGES: OfficeMessages = { lead: ['coordinate', 'give', 'expect'], campaign: ['vote-request'], fromHolder: ['coordinate'] };

/**
 * The leaderless cluster's lanes, read from the recorded messages alone (a
 * trace is not re-run to draw it):
 *
 * - coordinator roles and terms: a node that sends coordinate, give or expect
 *   in term T coordinates in T, one that sends vote-request in T is a
 *   candidate, and any node that sees a newer term is a member in it; a
 *   coordinator quiet for two heartbeat intervals has stepped down;
 * - free escrow: the unallocated share of all hosts' capacity that the node
 *   holds, cpu and memory, as a fraction of the whole cluster's, from the
 *   load reports it gossips about itself (a report is as fresh as its
 *   version, so an older one seen later changes nothing);
 * - marks: each transfer of capacity when its sender first sends it
 *   (retries carry the same id and make no new mark), and each time gossip
 *   first declares a node dead (a mark on the declared node's lane).
 */
export function leaderlessLanes(trace: Trace): ClusterLanes {
  const config = trace.config.cluster;
  if (config.kind !== 'leaderless') return { states: [], series: [], marks: [], legend: [] };
  const nodeCount = trace.config.world.nodeCount;
  const roles = new OfficeRoles(nodeCount, config.timing.heartbeatIntervalTicks, { holder: 'coordinator', candidate: 'candidate', other: 'member' }, trace.config.world.initiallyAbsent);
  const total = config.capacities.reduce((sum, capacity) => ({ cpuMillis: sum.cpuMillis + capacity.cpuMillis, memoryMiB: sum.memoryMiB + capacity.memoryMiB }), { cpuMillis: 0, memoryMiB: 0 });
  const cpu: Point[][] = Array.from({ length: nodeCount }, () => []);
  const memory: Point[][] = Array.from({ length: nodeCount }, () => []);
  const reportVersion: number[] = Array.from({ length: nodeCount }, () => -1);
  const marks: Mark[][] = Array.from({ length: nodeCount }, () => []);
  const transfersSeen = new Set<string>();
  const deathsSeen = new Set<string>();

  for (const event of trace.events as WorldEvent[]) {
    const sent = roles.follow(event, COORDINATOR_MESSAGES);
    if (sent === null) continue;
    const { msg, from, to, tick } = sent;
    const gossip = msg.gossip as { members?: unknown; loads?: unknown } | undefined;
    if (gossip !== undefined && gossip !== null) {
      readOwnLoad(from, tick, gossip.loads);
      readDeaths(from, tick, gossip.members);
    }
    if (msg.kind === 'transfer' && typeof msg.id === 'number') {
      const key = `${from}/${msg.id}`;
      if (!transfersSeen.has(key)) {
        transfersSeen.add(key);
        const amount = msg.amount as Resources | undefined;
        const what = amount === undefined ? 'capacity' : `${amount.cpuMillis}m cpu and ${amount.memoryMiB} MiB`;
        marks[from]!.push({ tick, kind: 'transfer', label: 'transfer', title: `${nodeLabel(from)} sends transfer #${msg.id}: ${what} of host ${String(msg.host)} to ${nodeLabel(to)}, tick ${tick}` });
      }
    }
  }
  const endTick = Math.max(trace.config.world.faultPhaseTicks, ...(trace.events as WorldEvent[]).slice(-1).map((e) => e.tick));
  const states = roles.finish(endTick);
  const max = Math.max(1e-9, ...cpu.flat().map((p) => p.value), ...memory.flat().map((p) => p.value));
  return {
    states,
    series: Array.from({ length: nodeCount }, (_, node) => [
      { kind: 'cpu', label: 'free cpu it holds', max, points: cpu[node]! },
      { kind: 'memory', label: 'free memory it holds', max, points: memory[node]! },
    ]),
    marks,
    legend: [
      { kind: 'coordinator', label: 'coordinator in term t' },
      { kind: 'candidate', label: 'candidate' },
      { kind: 'member', label: 'member' },
      { kind: 'cpu', label: 'free cpu escrow held, share of the cluster' },
      { kind: 'memory', label: 'free memory escrow held, share of the cluster' },
      { kind: 'mark-transfer', label: 'capacity transfer sent' },
      { kind: 'mark-dead', label: 'declared dead by gossip' },
    ],
  };

  /** The sender's report about itself, when it is newer than the last one drawn. */
  function readOwnLoad(node: number, tick: number, loads: unknown): void {
    if (!Array.isArray(loads)) return;
    for (const load of loads as { node?: unknown; version?: unknown; shares?: unknown }[]) {
      if (load?.node !== node || typeof load.version !== 'number' || load.version <= reportVersion[node]! || !Array.isArray(load.shares)) continue;
      reportVersion[node] = load.version;
      const shares = load.shares as Resources[];
      const held = shares.reduce((sum, share) => ({ cpuMillis: sum.cpuMillis + (share?.cpuMillis ?? 0), memoryMiB: sum.memoryMiB + (share?.memoryMiB ?? 0) }), { cpuMillis: 0, memoryMiB: 0 });
      const title = `${nodeLabel(node)} reports at tick ${tick}: ${held.cpuMillis}m cpu and ${held.memoryMiB} MiB unallocated in its shares`;
      push(cpu[node]!, { tick, value: share(held.cpuMillis, total.cpuMillis), title });
      push(memory[node]!, { tick, value: share(held.memoryMiB, total.memoryMiB), title });
    }
  }

  /** A member the sender's gossip says is dead, once per member and incarnation. */
  function readDeaths(from: number, tick: number, members: unknown): void {
    if (!Array.isArray(members)) return;
    for (const member of members as { node?: unknown; status?: unknown; incarnation?: unknown }[]) {
      if (member?.status !== 'dead' || typeof member.node !== 'number' || member.node < 0 || member.node >= nodeCount) continue;
      const key = `${member.node}/${String(member.incarnation)}`;
      if (deathsSeen.has(key)) continue;
      deathsSeen.add(key);
      marks[member.node]!.push({ tick, kind: 'dead', label: 'declared dead', title: `${nodeLabel(member.node)} declared dead (incarnation ${String(member.incarnation)}) in gossip from ${nodeLabel(from)}, tick ${tick}` });
    }
  }
}

/** Adds a point unless it repeats the last value: a step line needs only the changes. */
function push(points: Point[], point: Point): void {
  const last = points[points.length - 1];
  if (last === undefined || last.value !== point.value) points.push(point);
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
