import fc from 'fast-check';
import type { SimConfig } from '../impl/sim-config.js';
import { PREVIOUS_LINK_NODE, TRIGGERING_NODE, type AimedFault, type AimedFaults, type Fault, type FaultTrigger, type NetworkConditions, type Partition, type ScheduledFault } from '../impl/world/fault.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import type { RunCase } from './run-case.js';

/** The groups of fault kinds that swarm testing switches on and off together. */
export const FAULT_GROUPS = ['crash', 'pause', 'partition', 'network', 'clock', 'membership', 'aimed'] as const;
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
  | { readonly kind: 'membership'; readonly atTick: number; readonly node: number; readonly change: 'join' | 'leave' }
  /**
   * A fault aimed at a moment of the protocol: once armed, the next time
   * `trigger` happens (on its node, or on any node), `harm` strikes `target`
   * (the triggering node itself when null) after `delayTicks`, and is undone
   * `durationTicks` later.
   */
  | {
      readonly kind: 'aimed';
      readonly atTick: number;
      readonly trigger: FaultTrigger;
      readonly target: number | null;
      readonly harm: 'crash' | 'pause' | 'isolate';
      readonly delayTicks: number;
      readonly durationTicks: number;
    }
  /**
   * Leader churn: a chain of crashes, each of whichever node next writes its
   * log, writes its durable record or answers a client's request, the moment
   * after it does and before it sends anything, each link armed a while after
   * the previous one went off. A crashed node comes back when the next link
   * strikes (or after its own downtime, if sooner), so one node is down at a
   * time and the leader before returns just as the next one falls. This is
   * how entries come to sit on one node only while leaders come and go, where
   * Raft's subtler commit rules matter (Figure 8 of the Raft paper: a leader
   * writes an entry and dies, the next writes another and dies, the first
   * returns, commits its old entry by counting copies, answers and dies), and
   * how a node misses a whole election and comes back lagging behind it.
   */
  | { readonly kind: 'churn'; readonly atTick: number; readonly steps: readonly ChurnStep[] };

/** One link of a chain of crashes: armed `armDelayTicks` after the previous link went off (the first at the episode's time). */
interface ChurnStep {
  readonly on: ChurnMoment;
  readonly armDelayTicks: number;
  readonly downTicks: number;
}

/**
 * The moments a link of leader churn waits for, which every cluster has: a
 * node writes its log, writes its durable record, or answers a client's
 * request (not a redirect), which a leader does right after it commits.
 */
type ChurnMoment = 'append' | 'persist' | 'reply';

const CHURN_TRIGGERS: Record<ChurnMoment, FaultTrigger> = { append: { on: 'append' }, persist: { on: 'persist' }, reply: { on: 'reply', msgKind: 'result' } };

/**
 * What aimed faults may wait for: a node sending a message of one of the
 * protocol's kinds, or writing its disk; `weight` says how often it is drawn
 * relative to the others (1 when absent).
 */
export type TriggerChoice = Omit<FaultTrigger, 'node'> & { readonly weight?: number };

/**
 * A duration: half the time uniform up to `max`, half log-uniform, so that
 * both faults long enough to change leaders and ones shorter than a
 * heartbeat come often.
 */
function durationTicks(max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 1, max }), logUniformTicks(max));
}

/** Shape of the runs the gate generates: everything but the faults and the workload is fixed by the base configuration. */
export interface RunCaseShape {
  readonly base: (nodeCount: number) => SimConfig;
  readonly nodeCounts: readonly number[];
  /** The most fault episodes a run draws; every count up to it is as likely. */
  readonly maxEpisodes: number;
  /** The longest a fault lasts, in ticks: crashes, partitions, pauses and network trouble are drawn up to this. */
  readonly longestFaultTicks: number;
  /** At least this many fault episodes are drawn (0 when absent); swarm testing still drops those of the groups it switched off. */
  readonly minEpisodes?: number;
  /** Client workloads; they shrink together with the faults. */
  readonly workload: fc.Arbitrary<readonly WorkloadOp<unknown>[]>;
  /**
   * The protocol moments aimed faults can wait for. Empty for none: the
   * schedule then has timed faults only, which strike every cluster alike
   * (`compare` runs one schedule on clusters whose messages differ).
   */
  readonly triggers: readonly TriggerChoice[];
  /**
   * Protocol settings varied from run to run (heartbeat interval, batch
   * size): a bug whose window depends on them is found in the setting that
   * opens it widest. Shrinks toward the base configuration.
   */
  readonly tune?: fc.Arbitrary<(config: SimConfig) => SimConfig>;
}

/**
 * A duration from 1 to `max` ticks, log-uniform: a crash shorter than a
 * heartbeat is as likely as one of several election timeouts, since short
 * ones are where restarted nodes forget what they promised. Shrinks toward 1.
 */
export function logUniformTicks(max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 1_000 }).map((x) => Math.max(1, Math.round(Math.exp((x / 1_000) * Math.log(max)))));
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
      // Four in five runs with network trouble have it as weather for the whole fault phase: slow, so that a round
      // trip often takes longer than a heartbeat and several messages of one kind are in flight at once, arriving late.
      weather: fc.option(weatherArbitrary, { nil: null, freq: 5 }),
      // Up to maxEpisodes, all counts alike (fast-check would stop at ten): bugs that need two or three faults to
      // meet, such as a chain of crashes and a voter that forgets, need runs with many.
      episodes: fc.array(episodeArbitrary(probe, maxNodes, shape.longestFaultTicks, shape.triggers), { minLength: shape.minEpisodes ?? 0, maxLength: shape.maxEpisodes, size: 'max' }),
      workload: shape.workload,
      tune: shape.tune ?? fc.constant((config: SimConfig) => config),
    })
    .map(({ nodeCount, worldSeed, swarm, absentCount, weather, episodes, workload, tune }) => {
      const base = tune(shape.base(nodeCount));
      const minority = Math.floor((nodeCount - 1) / 2);
      const absent = swarm.membership ? Array.from({ length: Math.min(absentCount, minority) }, (_, index) => nodeCount - 1 - index) : [];
      const config: SimConfig = { ...base, world: { ...base.world, initiallyAbsent: absent } };
      const { schedule, aimed } = expand(episodes, swarm, config);
      // The weather sets in at the start; the heal at the end of the fault phase (or a network episode's end) clears it.
      const withWeather: ScheduledFault[] = swarm.network && weather !== null ? [{ atTick: 0, fault: { kind: 'network', conditions: weather } }, ...schedule] : schedule;
      return { config, worldSeed, schedule: withWeather, aimed, workload };
    });
}

/** Network conditions with loss, duplication and the spread of delays up to the given bounds, reordering or not. */
function networkConditions(bounds: { readonly lossPermilleMax: number; readonly duplicatePermilleMax: number; readonly delaySpanTicksMax: number }): fc.Arbitrary<NetworkConditions> {
  return fc
    .record({
      lossPermille: fc.integer({ min: 0, max: bounds.lossPermilleMax }),
      duplicatePermille: fc.integer({ min: 0, max: bounds.duplicatePermilleMax }),
      reorder: fc.boolean(),
      delayMinTicks: fc.integer({ min: 1, max: 20 }),
      delaySpanTicks: fc.integer({ min: 0, max: bounds.delaySpanTicksMax }),
    })
    .map(({ delaySpanTicks, ...rest }) => ({ ...rest, delayMaxTicks: rest.delayMinTicks + delaySpanTicks }));
}

/** Network weather for a whole fault phase: slow and uneven, sometimes reordering, with little loss or duplication. */
const weatherArbitrary = networkConditions({ lossPermilleMax: 100, duplicatePermilleMax: 100, delaySpanTicksMax: 40 });

function episodeArbitrary(config: SimConfig, maxNodes: number, longest: number, triggers: readonly TriggerChoice[]): fc.Arbitrary<FaultEpisode> {
  const phase = config.world.faultPhaseTicks;
  const at = fc.nat({ max: phase - 1 });
  const node = fc.nat({ max: maxNodes - 1 });
  const duration = durationTicks(longest);
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
  const conditions = networkConditions({ lossPermilleMax: 600, duplicatePermilleMax: 300, delaySpanTicksMax: 80 });
  const timed = [
    fc.record({ kind: fc.constant('crash' as const), atTick: at, node, downTicks: duration }),
    fc.record({ kind: fc.constant('pause' as const), atTick: at, node, durationTicks: duration }),
    fc.record({ kind: fc.constant('partition' as const), atTick: at, partition, durationTicks: duration }),
    fc.record({ kind: fc.constant('network' as const), atTick: at, conditions, durationTicks: duration }),
    // Clocks at the very edge of the bound are where leases break, so the edges are drawn as often as the inside.
    fc.record({ kind: fc.constant('clock' as const), atTick: at, node, ratePpm: fc.oneof(fc.constantFrom(-bound, bound), fc.integer({ min: -bound, max: bound })) }),
    fc.record({ kind: fc.constant('membership' as const), atTick: at, node, change: fc.constantFrom('join' as const, 'leave' as const) }),
  ] as fc.Arbitrary<FaultEpisode>[];
  if (triggers.length === 0) return fc.oneof(...timed);
  // Aimed faults are drawn as often as all timed kinds together: one that strikes at the right moment does more than many at random times.
  return fc.oneof(
    ...timed,
    {
      weight: 6,
      arbitrary: fc
        .record({
          atTick: at,
          // Most triggers watch every node: "isolate whoever next sends a heartbeat" hits the leader, whichever node it is.
          trigger: fc
            .tuple(
              fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: node }),
              fc.oneof(...triggers.map(({ weight, ...choice }) => ({ weight: weight ?? 1, arbitrary: fc.constant(choice) }))),
            )
            .map(([n, choice]): FaultTrigger => (n === undefined ? { ...choice } : { node: n, ...choice })),
          target: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: node }),
          // Each harm with the durations that make it matter: crashes short enough to forget a promise and
          // come back, isolation long enough for the others to elect a new leader, pauses in between.
          harm: fc.oneof(
            fc.record({ harm: fc.constant('crash' as const), durationTicks: logUniformTicks(Math.ceil(longest / 4)) }),
            fc.record({ harm: fc.constant('isolate' as const), durationTicks: fc.integer({ min: Math.ceil(longest / 6), max: longest }) }),
            fc.record({ harm: fc.constant('pause' as const), durationTicks: durationTicks(longest) }),
          ),
          // Most aimed faults strike at once or within a few ticks: the moment is the point.
          delayTicks: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: logUniformTicks(longest) }),
        })
        .map(({ atTick, trigger, target, harm: { harm, durationTicks }, delayTicks }): FaultEpisode => ({ kind: 'aimed', atTick, trigger, target, harm, delayTicks, durationTicks })),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('churn' as const),
        // A chain starts in the first half of the fault phase, so that its later links have time to go off.
        atTick: fc.nat({ max: Math.floor(phase / 2) - 1 }),
        steps: fc.array(
          fc.record({
            // Writing the log comes first: the leader writes an entry and dies before sending it.
            on: fc.oneof({ weight: 3, arbitrary: fc.constant('append' as const) }, fc.constant('persist' as const), { weight: 2, arbitrary: fc.constant('reply' as const) }),
            // The next link is armed soon, mostly: the next leader is elected within an election timeout or two.
            armDelayTicks: logUniformTicks(longest),
            downTicks: fc.integer({ min: 1, max: 2 * longest }),
          }),
          { minLength: 2, maxLength: 4 },
        ),
      }),
    },
  );
}

/** Turns the enabled episodes into the world's fault schedule, sorted by time, and its aimed faults. */
function expand(episodes: readonly FaultEpisode[], swarm: Record<FaultGroup, boolean>, config: SimConfig): { schedule: ScheduledFault[]; aimed: AimedFaults[] } {
  const n = config.world.nodeCount;
  const phase = config.world.faultPhaseTicks;
  const inRange = (nodes: readonly number[]) => nodes.filter((x) => x < n);
  const out: ScheduledFault[] = [];
  const aimed: AimedFaults[] = [];
  const add = (atTick: number, fault: Fault) => {
    if (atTick < phase) out.push({ atTick, fault });
  };
  let leaves = 0;
  for (const episode of episodes) {
    if (!swarm[episode.kind === 'churn' ? 'aimed' : episode.kind]) continue;
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
      case 'aimed': {
        // The triggering node, when the trigger watches every node, is known only when it goes off: -1 stands for it.
        const target = episode.target ?? episode.trigger.node ?? -1;
        if ((episode.trigger.node ?? 0) >= n || target >= n) break;
        const { delayTicks, durationTicks } = episode;
        const faults: { delayTicks: number; fault: AimedFault }[] =
          episode.harm === 'crash'
            ? [{ delayTicks, fault: { kind: 'crash', node: target } }, { delayTicks: delayTicks + durationTicks, fault: { kind: 'restart', node: target } }]
            : episode.harm === 'pause'
              ? [{ delayTicks, fault: { kind: 'pause', node: target, durationTicks } }]
              : [{ delayTicks, fault: { kind: 'partition', partition: { kind: 'isolate', node: target } } }, { delayTicks: delayTicks + durationTicks, fault: { kind: 'heal-partition' } }];
        aimed.push({ armAtTick: episode.atTick, trigger: episode.trigger, faults });
        break;
      }
      case 'churn':
        episode.steps.forEach((step, index) => {
          // Each crashed node comes back when the next link strikes, if not before: one node is down at a time, and the
          // leader before comes back just as the next one falls (Figure 8 of the Raft paper is that, three times over).
          const faults: { delayTicks: number; fault: AimedFault }[] = [
            { delayTicks: 0, fault: { kind: 'crash', node: TRIGGERING_NODE } },
            { delayTicks: step.downTicks, fault: { kind: 'restart', node: TRIGGERING_NODE } },
            ...(index === 0 ? [] : [{ delayTicks: 0, fault: { kind: 'restart' as const, node: PREVIOUS_LINK_NODE } }]),
          ];
          const trigger = CHURN_TRIGGERS[step.on];
          aimed.push(index === 0 ? { armAtTick: episode.atTick, trigger, faults } : { armAtTick: step.armDelayTicks, afterPrevious: true, trigger, faults });
        });
        break;
    }
  }
  // A stable sort keeps the generated order for faults at the same tick.
  // Aimed faults keep their order: a link of a chain is armed by the one listed just before it.
  return { schedule: out.sort((a, b) => a.atTick - b.atTick), aimed };
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
