import type { Resources } from '../../model/resources.js';
import { defaultSingleLeaderConfig } from '../single-leader/default-config.js';
import type { SimConfig } from '../sim-config.js';
import type { LeaderlessConfig } from './leaderless-config.js';
import type { LeaderlessMutant } from './leaderless-mutants.js';

/**
 * The gate's standard leaderless configuration: the same world and host
 * capacities as the single-leader cluster's, so that `faultline compare`
 * runs both on equal terms. SWIM probes every 25 ticks and declares a
 * suspect dead after 150; the coordinator's election uses the single-leader
 * cluster's timeouts; a submit waits up to 500 ticks for capacity to come.
 */
export function defaultLeaderlessConfig(nodeCount: number, mutants: readonly LeaderlessMutant[]): SimConfig & { readonly cluster: LeaderlessConfig } {
  const base = defaultSingleLeaderConfig(nodeCount, []);
  const capacities: readonly Resources[] = base.cluster.capacities;
  return {
    world: base.world,
    cluster: {
      kind: 'leaderless',
      mutants: [...mutants],
      timing: {
        gossipIntervalTicks: 25,
        probeTimeoutTicks: 12,
        suspicionTicks: 150,
        electionTimeoutMinTicks: 100,
        electionTimeoutMaxTicks: 200,
        heartbeatIntervalTicks: 20,
        holdTicks: 500,
        transferRetryTicks: 40,
      },
      capacities: [...capacities],
    },
  };
}
