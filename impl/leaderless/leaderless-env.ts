import type { Resources } from '../../model/resources.js';
import { safeLeaseTicks } from '../lease.js';
import type { SimConfig } from '../sim-config.js';
import type { Effect } from '../world/node-logic.js';
import type { LeaderlessTiming } from './leaderless-config.js';
import { leaderlessMutantFlags, type LeaderlessMutantFlags } from './leaderless-mutants.js';
import type { LeaderlessProtocol } from './leaderless-state.js';

/** The output buffer every handler of the leaderless node pushes its effects into. */
export type Out = Effect<LeaderlessProtocol>[];

/** Timers, by number. */
export const GOSSIP_TIMER = 0;
export const PROBE_TIMER = 1;
export const ELECTION_TIMER = 2;
export const HEARTBEAT_TIMER = 3;
/** Fires for the earliest of: a waiting submit's deadline, a granted job's end. */
export const ESCROW_TIMER = 4;
export const TRANSFER_TIMER = 5;
export const TIMER_NAMES = ['gossip', 'probe', 'election', 'heartbeat', 'escrow', 'transfer'] as const;

/** Members probed on a node's behalf when it cannot reach a member directly (SWIM's k). */
export const INDIRECT_PROBES = 2;

/** What every handler needs besides the node state: the configuration, worked out once per run. */
export interface LeaderlessEnv {
  readonly nodeCount: number;
  /** Votes a coordinator needs, and acknowledgements its lease needs; 1 under the coordinator-no-quorum mutant. */
  readonly majority: number;
  readonly minTimeout: number;
  readonly maxTimeout: number;
  /** Members that have not joined yet when the run starts: every node's first view has them dead. */
  readonly initiallyAbsent: readonly number[];
  readonly timing: LeaderlessTiming;
  readonly leaseTicks: number;
  readonly capacities: readonly Resources[];
  /** How many times an update is piggybacked before it is dropped: a few times the rounds gossip needs to reach everyone. */
  readonly gossipSends: number;
  /** A job's completion that got no answer is asked for again after this long. */
  readonly recallCompleteTicks: number;
  readonly mutants: LeaderlessMutantFlags;
}

export function leaderlessEnv(config: SimConfig): LeaderlessEnv {
  const cluster = config.cluster;
  if (cluster.kind !== 'leaderless') throw new RangeError(`the leaderless logic was given a ${cluster.kind} configuration`);
  const mutants = leaderlessMutantFlags(cluster.mutants);
  const nodeCount = config.world.nodeCount;
  const majority = Math.floor(nodeCount / 2) + 1;
  return {
    nodeCount,
    majority: mutants['coordinator-no-quorum'] ? 1 : majority,
    minTimeout: cluster.timing.electionTimeoutMinTicks,
    maxTimeout: cluster.timing.electionTimeoutMaxTicks,
    initiallyAbsent: config.world.initiallyAbsent,
    timing: cluster.timing,
    leaseTicks: safeLeaseTicks(cluster.timing.electionTimeoutMinTicks, config.world.driftBoundPpm),
    capacities: cluster.capacities,
    gossipSends: 3 * Math.ceil(Math.log2(nodeCount + 1)),
    recallCompleteTicks: config.world.clients.timeoutTicks,
    mutants,
  };
}
