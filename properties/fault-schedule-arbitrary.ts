import fc from 'fast-check';
import type { SimConfig } from '../impl/sim-config.js';
import type { Fault, NetworkConditions, Partition, ScheduledFault } from '../impl/world/fault.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import type { RunCase } from './run-case.js';

/** The groups of fault kinds that swarm testing switches on and off together. */
export const FAULT_GROUPS = ['crash', 'pause', 'partition', 'network', 'clock', 'membership'] as const;
export type FaultGroup = (typeof FAULT_GROUPS)[number];

/**
 * One generated fault before expansion: most carry a duration, after which
 * the harm is undone (a restart, a heal, the baseline network), so that the
 * shrinker removes a fault and its repair together.
 */
type FaultEpisode =
  | { readonly kind: 'crash'; readonly atTick: number; readonly node: number; readonly downTicks: number }
  | { readonly kind: 'pause'; readonly atTick: number; readonly node: number; readonly durationTicks: number }
  | { readonly kind: 'partition'; readonly atTick: number; readonly partition: Partition; readonly durationTicks: number }
  | { readonly kind: 'network'; readonly atTick: number; readonly conditions: NetworkConditions; readonly durationTicks: number }
  | { readonly kind: 'clock'; readonly atTick: number; readonly node: number; readonly ratePpm: number }
  | { readonly kind: 'membership'; readonly atTick: number; readonly node: number; readonly change: 'join' | 'leave' };

/** Shape of the runs the gate generates: everything but the faults and the workload is fixed by the base configuration. */
export interface RunCaseShape {
  readonly base: (nodeCount: number) => SimConfig;
  readonly nodeCounts: readonly number[];
  readonly maxEpisodes: number;
  /** Client workloads; they shrink together with the faults. */
  readonly workload: fc.Arbitrary<readonly WorkloadOp<unknown>[]>;
}

/**
 * Generates whole run cases in swarm style: each case switches on a random
 * subset of fault groups, and only faults of those groups survive. Fault
 * episodes shrink away one by one, times and durations shrink toward zero and
 * the node count toward the smallest, so a failure ends as a small schedule.
 */
export function runCaseArbitrary(shape: RunCaseShape): fc.Arbitrary<RunCase> {
  const maxNodes = Math.max(...shape.nodeCounts);
  const probe = shape.base(maxNodes);
  return fc
    .record({
      nodeCount: fc.constantFrom(...shape.nodeCounts),
      worldSeed: fc.integer({ min: 0, max: 0x7fffffff }),
      swarm: fc.record(Object.fromEntries(FAULT_GROUPS.map((group) => [group, fc.boolean()])) as Record<FaultGroup, fc.Arbitrary<boolean>>),
      absentCount: fc.nat({ max: Math.floor((maxNodes - 1) / 2) }),
      episodes: fc.array(episodeArbitrary(probe, maxNodes), { maxLength: shape.maxEpisodes }),
      workload: shape.workload,
    })
    .map(({ nodeCount, worldSeed, swarm, absentCount, episodes, workload }) => {
      const base = shape.base(nodeCount);
      const minority = Math.floor((nodeCount - 1) / 2);
      const absent = swarm.membership ? Array.from({ length: Math.min(absentCount, minority) }, (_, index) => nodeCount - 1 - index) : [];
      const config: SimConfig = { ...base, world: { ...base.world, initiallyAbsent: absent } };
      return { config, worldSeed, schedule: expand(episodes, swarm, config), workload };
    });
}

function episodeArbitrary(config: SimConfig, maxNodes: number): fc.Arbitrary<FaultEpisode> {
  const phase = config.world.faultPhaseTicks;
  const longest = config.cluster.timing.electionTimeoutMaxTicks * 3;
  const at = fc.nat({ max: phase - 1 });
  const node = fc.nat({ max: maxNodes - 1 });
  const duration = fc.integer({ min: 1, max: longest });
  const nodeSet = fc.uniqueArray(node, { minLength: 1, maxLength: maxNodes - 1 });
  const bound = config.world.driftBoundPpm;
  const partition: fc.Arbitrary<Partition> = fc.oneof(
    nodeSet.map((side): Partition => ({ kind: 'split', side })),
    fc.tuple(nodeSet, nodeSet).map(([from, to]): Partition => ({ kind: 'one-way', from, to })),
    node.map((n): Partition => ({ kind: 'isolate', node: n })),
    nodeSet.map((minority): Partition => ({ kind: 'majority-minority', minority: minority.slice(0, Math.max(1, Math.floor((maxNodes - 1) / 2))) })),
    fc.tuple(node, nodeSet, nodeSet).map(([bridge, left, right]): Partition => ({
      kind: 'bridge',
      bridge,
      left: left.filter((n) => n !== bridge && !right.includes(n)),
      right: right.filter((n) => n !== bridge),
    })),
  );
  const conditions: fc.Arbitrary<NetworkConditions> = fc
    .record({
      lossPermille: fc.integer({ min: 0, max: 600 }),
      duplicatePermille: fc.integer({ min: 0, max: 300 }),
      reorder: fc.boolean(),
      delayMinTicks: fc.integer({ min: 1, max: 20 }),
      delaySpanTicks: fc.integer({ min: 0, max: 80 }),
    })
    .map(({ delaySpanTicks, ...rest }) => ({ ...rest, delayMaxTicks: rest.delayMinTicks + delaySpanTicks }));
  return fc.oneof(
    fc.record({ kind: fc.constant('crash' as const), atTick: at, node, downTicks: duration }),
    fc.record({ kind: fc.constant('pause' as const), atTick: at, node, durationTicks: duration }),
    fc.record({ kind: fc.constant('partition' as const), atTick: at, partition, durationTicks: duration }),
    fc.record({ kind: fc.constant('network' as const), atTick: at, conditions, durationTicks: duration }),
    // Clocks at the very edge of the bound are where leases break, so the edges are drawn as often as the inside.
    fc.record({ kind: fc.constant('clock' as const), atTick: at, node, ratePpm: fc.oneof(fc.constantFrom(-bound, bound), fc.integer({ min: -bound, max: bound })) }),
    fc.record({ kind: fc.constant('membership' as const), atTick: at, node, change: fc.constantFrom('join' as const, 'leave' as const) }),
  );
}

/** Turns the enabled episodes into the world's fault schedule, sorted by time. */
function expand(episodes: readonly FaultEpisode[], swarm: Record<FaultGroup, boolean>, config: SimConfig): ScheduledFault[] {
  const n = config.world.nodeCount;
  const phase = config.world.faultPhaseTicks;
  const inRange = (nodes: readonly number[]) => nodes.filter((x) => x < n);
  const out: ScheduledFault[] = [];
  const add = (atTick: number, fault: Fault) => {
    if (atTick < phase) out.push({ atTick, fault });
  };
  let leaves = 0;
  for (const episode of episodes) {
    if (!swarm[episode.kind]) continue;
    switch (episode.kind) {
      case 'crash':
        if (episode.node >= n) break;
        add(episode.atTick, { kind: 'crash', node: episode.node });
        add(episode.atTick + episode.downTicks, { kind: 'restart', node: episode.node });
        break;
      case 'pause':
        if (episode.node < n) add(episode.atTick, { kind: 'pause', node: episode.node, durationTicks: episode.durationTicks });
        break;
      case 'partition': {
        const partition = clampPartition(episode.partition, n, inRange);
        if (partition === null) break;
        add(episode.atTick, { kind: 'partition', partition });
        add(episode.atTick + episode.durationTicks, { kind: 'heal-partition' });
        break;
      }
      case 'network':
        add(episode.atTick, { kind: 'network', conditions: episode.conditions });
        add(episode.atTick + episode.durationTicks, { kind: 'network', conditions: config.world.baselineNetwork });
        break;
      case 'clock':
        if (episode.node < n) add(episode.atTick, { kind: 'clock-drift', node: episode.node, ratePpm: episode.ratePpm });
        break;
      case 'membership':
        if (episode.node >= n) break;
        if (episode.change === 'join') {
          add(episode.atTick, { kind: 'join', node: episode.node });
        } else if (leaves < Math.floor((n - 1) / 2)) {
          // A majority must remain, or no leader could ever be elected again and liveness would fail by construction.
          leaves++;
          add(episode.atTick, { kind: 'leave', node: episode.node });
        }
        break;
    }
  }
  // A stable sort keeps the generated order for faults at the same tick.
  return out.sort((a, b) => a.atTick - b.atTick);
}

function clampPartition(partition: Partition, n: number, inRange: (nodes: readonly number[]) => number[]): Partition | null {
  switch (partition.kind) {
    case 'split': {
      const side = inRange(partition.side);
      return side.length === 0 || side.length === n ? null : { kind: 'split', side };
    }
    case 'one-way': {
      const from = inRange(partition.from);
      const to = inRange(partition.to);
      return from.length === 0 || to.length === 0 ? null : { kind: 'one-way', from, to };
    }
    case 'isolate':
      return partition.node < n ? partition : null;
    case 'majority-minority': {
      const minority = inRange(partition.minority).slice(0, Math.floor((n - 1) / 2));
      return minority.length === 0 ? null : { kind: 'majority-minority', minority };
    }
    case 'bridge': {
      if (partition.bridge >= n) return null;
      const left = inRange(partition.left);
      const right = inRange(partition.right);
      return left.length === 0 || right.length === 0 ? null : { kind: 'bridge', bridge: partition.bridge, left, right };
    }
  }
}
