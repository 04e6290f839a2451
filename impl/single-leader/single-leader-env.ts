import type { Resources } from '../../model/resources.js';
import { safeLeaseTicks } from '../lease.js';
import type { SimConfig } from '../sim-config.js';
import type { Effect } from '../world/node-logic.js';
import type { SchedulerPort } from './scheduler-port.js';
import { mutantFlags, type SingleLeaderMutantFlags } from './single-leader-mutants.js';
import type { SingleLeaderProtocol } from './single-leader-state.js';

/** The output buffer every handler of the single-leader node pushes its effects into. */
export type Out = Effect<SingleLeaderProtocol>[];

/** Timers, by number. */
export const ELECTION_TIMER = 0;
export const HEARTBEAT_TIMER = 1;
export const JOBS_TIMER = 2;
export const TIMER_NAMES = ['election', 'heartbeat', 'jobs'] as const;

/** The leader asks its policy to rebalance every this many heartbeat rounds. */
export const REBALANCE_EVERY_ROUNDS = 5;

/** What every handler needs besides the node state: the configuration, worked out once per run. */
export interface SingleLeaderEnv {
  readonly nodeCount: number;
  readonly majority: number;
  readonly minTimeout: number;
  readonly maxTimeout: number;
  readonly heartbeat: number;
  /** The leader's lease, in its own clock's ticks, counted from the start of a round a majority acknowledged. */
  readonly leaseTicks: number;
  readonly capacities: readonly Resources[];
  readonly maxEntriesPerAppend: number;
  /** A finished job whose completion is still not applied is reported again after this many local ticks. */
  readonly recallCompleteTicks: number;
  readonly mutants: SingleLeaderMutantFlags;
  readonly scheduler: SchedulerPort;
}

export function singleLeaderEnv(config: SimConfig, scheduler: SchedulerPort): SingleLeaderEnv {
  const cluster = config.cluster;
  if (cluster.kind !== 'single-leader') throw new RangeError(`the single-leader logic was given a ${cluster.kind} configuration`);
  const { timing } = cluster;
  const mutants = mutantFlags(cluster.mutants);
  const minTimeout = timing.electionTimeoutMinTicks;
  return {
    nodeCount: config.world.nodeCount,
    majority: Math.floor(config.world.nodeCount / 2) + 1,
    minTimeout,
    maxTimeout: timing.electionTimeoutMaxTicks,
    heartbeat: timing.heartbeatIntervalTicks,
    leaseTicks: mutants['lease-ignores-drift'] ? minTimeout : safeLeaseTicks(minTimeout, config.world.driftBoundPpm),
    capacities: cluster.capacities,
    maxEntriesPerAppend: cluster.maxEntriesPerAppend,
    recallCompleteTicks: config.world.clients.timeoutTicks + timing.electionTimeoutMaxTicks,
    mutants,
    scheduler,
  };
}
