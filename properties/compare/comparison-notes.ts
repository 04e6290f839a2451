import { clusterEntry } from '../cluster-registry.js';
import type { Comparison } from './compare-clusters.js';

/** "1 case", "200 cases". */
export function casesOf(count: number): string {
  return `${count.toLocaleString('en-US')} case${count === 1 ? '' : 's'}`;
}

/**
 * How the comparison was made, in sentences, for the text output and the
 * page: a figure means little without what was counted and what was left
 * out.
 */
export function comparisonNotes(comparison: Comparison): string[] {
  const { method } = comparison;
  const offices = comparison.clusters.map(({ cluster }) => `the ${clusterEntry(cluster).office.office} of ${cluster}`).join(', ');
  return [
    `${casesOf(method.cases)} of ${method.nodeCount} nodes from seed ${method.seed}, each run once on every cluster with the same world seed, fault schedule and client workload; every property is checked in every run, as in check.`,
    `Faults: the gate's swarm schedules with at least ${method.faultEpisodesMin} fault episodes, in the first ${method.faultPhaseTicks} of ${method.runTicks} ticks, then everything heals. Timed faults only: aimed faults wait for protocol messages, which differ between the clusters, so they are left out. Clients reach every node whatever the partition (partitions cut node-to-node links).`,
    `Workload: the gate's bursts of submits and completes, without queries (the leaderless cluster keeps no global view to read). Only the workload clients' requests count, not the node agents'. A request is answered when its client gets a result (placed, rejected, completed, unknown job) before it gives up after ${method.clientTimeoutTicks} ticks; latency runs from the request to its result.`,
    `The office is ${offices}, serving under its lease. An office crash is a crash (or leave) of the node serving it; recovery lasts until some node serves again.`,
    'Free capacity is what the clients can know: each host\'s capacity less every job a client saw placed there and not yet completed, less every submit (on every host) and move (on both hosts) whose answer is not known. A rejection counts as made while capacity was free only if the demand fit one host\'s free capacity from the submit to its rejection.',
    'Messages are node-to-node sends (a duplicated message counts once); per request, they are all the messages of the runs over the requests made, background traffic included.',
  ];
}
