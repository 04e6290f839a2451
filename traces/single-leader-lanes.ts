import type { LedgerCommand } from '../model/ledger-command.js';
import { applyLedgerCommand, emptyLedgerMachine, type LedgerMachineState } from '../model/ledger-machine.js';
import type { Resources } from '../model/resources.js';
import { nodeLabel } from './describe-fault.js';
import type { Trace, WorldEvent } from './trace.generated.js';
import { OfficeRoles, type OfficeMessages } from './office-roles.js';
import type { ClusterLanes, Series } from './trace-timeline.js';

/** How the single-leader cluster's messages show its leader, candidates and followers. */
const RAFT_MESSAGES: OfficeMessages = { lead: ['append-entries', 'assign'], campaign: ['request-vote'], fromHolder: ['append-entries'] };

/**
 * The single-leader cluster's lanes, read from the recorded messages alone
 * (a trace is not re-run to draw it):
 *
 * - roles and terms: a node that sends append-entries or assign in term T
 *   leads in T, one that sends request-vote in T is a candidate, and any
 *   node that sees a message of a newer term follows in it (Raft's rules); a
 *   leader that stops sending for two heartbeat intervals has stepped down
 *   (check-quorum, or a lost lease). Times are those of the events, so a
 *   change shows when its first message arrived or was dropped;
 * - commit index: the leader's leaderCommit, a follower's applied index from
 *   its replies;
 * - allocations: the committed ledger (entries from append-entries, applied
 *   with the reference ledger as far as any leader declared committed), as
 *   each node's share of its cpu and memory.
 */
export function singleLeaderLanes(trace: Trace): ClusterLanes {
  const config = trace.config.cluster;
  if (config.kind !== 'single-leader') return { states: [], series: [], marks: [], legend: [] };
  const nodeCount = trace.config.world.nodeCount;
  const heartbeat = config.timing.heartbeatIntervalTicks;
  const capacities: readonly Resources[] = config.capacities;
  const roles = new OfficeRoles(nodeCount, heartbeat, { holder: 'leader', candidate: 'candidate', other: 'follower' }, trace.config.world.initiallyAbsent);
  const commit: Series[] = Array.from({ length: nodeCount }, () => ({ kind: 'commit', label: 'commit index', max: 1, points: [] }));
  const commitIndex: number[] = Array.from({ length: nodeCount }, () => 0);
  const ledger = new CommittedLedger(nodeCount, capacities);

  const setCommit = (node: number, tick: number, index: number, how: string) => {
    if (index === commitIndex[node]) return;
    commitIndex[node] = index;
    const series = commit[node]!;
    (series.points as { tick: number; value: number; title: string }[]).push({ tick, value: index, title: `${nodeLabel(node)} ${how} ${index} at tick ${tick}` });
  };

  for (const event of trace.events as WorldEvent[]) {
    // Seeing a newer term makes any node a follower in it; a candidate that hears from its term's leader follows it.
    const sent = roles.follow(event, RAFT_MESSAGES);
    if (sent === null || typeof sent.msg.term !== 'number') continue;
    const { msg, from, tick } = sent;
    const term = msg.term as number;
    if (msg.kind === 'append-entries') {
      ledger.learn(msg.prevIndex, msg.entries);
      if (typeof msg.leaderCommit === 'number') {
        if (term >= roles.termOf(from) && msg.leaderCommit > commitIndex[from]!) setCommit(from, tick, msg.leaderCommit, 'leader commit index');
        ledger.commitTo(msg.leaderCommit, tick);
      }
    } else if (msg.kind === 'append-entries-reply' && typeof msg.appliedIndex === 'number') {
      setCommit(from, tick, msg.appliedIndex, 'applied index');
    }
  }
  const endTick = Math.max(trace.config.world.faultPhaseTicks, ...(trace.events as WorldEvent[]).slice(-1).map((e) => e.tick));
  const states = roles.finish(endTick);
  const highest = Math.max(1, ...commit.flatMap((series) => series.points.map((point) => point.value)));
  return {
    states,
    series: Array.from({ length: nodeCount }, (_, node) => [{ ...commit[node]!, max: highest }, ...ledger.series(node)]),
    marks: Array.from({ length: nodeCount }, () => []),
    legend: [
      { kind: 'leader', label: 'leader in term t' },
      { kind: 'candidate', label: 'candidate' },
      { kind: 'follower', label: 'follower' },
      { kind: 'commit', label: 'commit index (a follower: applied index)' },
      { kind: 'cpu', label: 'cpu allocated, share of the node' },
      { kind: 'memory', label: 'memory allocated, share of the node' },
    ],
  };
}

/**
 * The ledger as the leaders declared it committed: log entries as their
 * append-entries carried them (an entry of a newer term replacing an older
 * one at the same index), applied in order with the reference ledger up to
 * the highest commit index any leader announced.
 */
class CommittedLedger {
  private readonly entries = new Map<number, { term: number; command: LedgerCommand }>();
  private applied = 0;
  private state: LedgerMachineState;
  private readonly cpu: Series['points'][number][][];
  private readonly memory: Series['points'][number][][];

  constructor(
    nodeCount: number,
    private readonly capacities: readonly Resources[],
  ) {
    this.state = emptyLedgerMachine(nodeCount);
    this.cpu = Array.from({ length: nodeCount }, () => [{ tick: 0, value: 0, title: 'nothing allocated' }]);
    this.memory = Array.from({ length: nodeCount }, () => [{ tick: 0, value: 0, title: 'nothing allocated' }]);
  }

  learn(prevIndex: unknown, entries: unknown): void {
    if (typeof prevIndex !== 'number' || !Array.isArray(entries)) return;
    entries.forEach((entry: unknown, offset) => {
      const index = prevIndex + 1 + offset;
      if (!isEntry(entry) || index <= this.applied) return;
      const known = this.entries.get(index);
      if (known === undefined || entry.term >= known.term) this.entries.set(index, { term: entry.term, command: entry.command });
    });
  }

  commitTo(index: number, tick: number): void {
    while (this.applied < index) {
      const entry = this.entries.get(this.applied + 1);
      if (entry === undefined) return;
      this.applied++;
      const before = this.state.allocated;
      try {
        this.state = applyLedgerCommand(this.state, entry.command, this.applied, this.capacities).state;
      } catch {
        // A command the reference ledger cannot apply (a hand-edited trace) leaves the ledger as it was.
        continue;
      }
      this.state.allocated.forEach((allocated, node) => {
        if (allocated === before[node]) return;
        const capacity = this.capacities[node] ?? allocated;
        const title = `${nodeLabel(node)} after committed entry ${this.applied} (tick ${tick}): ${allocated.cpuMillis}m of ${capacity.cpuMillis}m cpu, ${allocated.memoryMiB} of ${capacity.memoryMiB} MiB`;
        this.cpu[node]?.push({ tick, value: share(allocated.cpuMillis, capacity.cpuMillis), title });
        this.memory[node]?.push({ tick, value: share(allocated.memoryMiB, capacity.memoryMiB), title });
      });
    }
  }

  series(node: number): Series[] {
    const cpu = this.cpu[node] ?? [];
    const memory = this.memory[node] ?? [];
    // Over 100% is what a broken conservation looks like: the scale grows to show it.
    const max = Math.max(1, ...cpu.map((point) => point.value), ...memory.map((point) => point.value));
    return [
      { kind: 'cpu', label: 'cpu allocated', max, points: cpu },
      { kind: 'memory', label: 'memory allocated', max, points: memory },
    ];
  }
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : part > 0 ? 1 : 0;
}

function isEntry(value: unknown): value is { term: number; command: LedgerCommand } {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { term?: unknown; command?: unknown };
  return typeof entry.term === 'number' && typeof entry.command === 'object' && entry.command !== null && typeof (entry.command as { kind?: unknown }).kind === 'string';
}
