import { addResources, dominantShare, fitsWithin, subtractResources } from '../../model/resources.js';
import { defineScheduler, type JobMove, type RebalanceInput } from './define-scheduler.js';
import { gpuFreeFraction, liveCandidates, lowestScoreChooser, placeWholeRequests, type NodeCandidate } from './place-whole-requests.js';

/** A node's load: its dominant share of its own capacity, GPUs counted on nodes that have them. */
function load(candidate: NodeCandidate): number {
  return Math.max(dominantShare(candidate.allocated, candidate.node.capacity), candidate.gpuFree.length === 0 ? 0 : 1 - gpuFreeFraction(candidate));
}

/**
 * At most one move per call, and only one that narrows the load gap: a job
 * on the most loaded live node goes to the least loaded live node where it
 * fits, if afterwards the target is still less loaded than the source was.
 * Of the jobs that qualify, the one that leaves the two nodes closest wins.
 * Jobs that hold GPUs stay where they are: moving them means choosing
 * devices, which this policy leaves to placement.
 */
function rebalanceOne(input: RebalanceInput): readonly JobMove[] {
  const candidates = liveCandidates({ cluster: input.cluster, pending: [], budget: input.budget });
  if (candidates.length < 2) return [];
  let source = candidates[0]!;
  let target = candidates[0]!;
  for (const candidate of candidates) {
    input.budget.step();
    if (load(candidate) > load(source)) source = candidate;
    if (load(candidate) < load(target)) target = candidate;
  }
  if (source === target) return [];
  const sourceLoad = load(source);
  const cpuMemoryLoad = (candidate: NodeCandidate, allocated: NodeCandidate['allocated']) => load({ ...candidate, allocated });
  let best: { jobId: string; gap: number } | undefined;
  for (const job of input.cluster.jobs) {
    input.budget.step();
    if (job.nodeId !== source.node.id || job.gpu !== undefined || !fitsWithin(job.grant, target.free)) continue;
    const sourceAfter = cpuMemoryLoad(source, subtractResources(source.allocated, job.grant));
    const targetAfter = cpuMemoryLoad(target, addResources(target.allocated, job.grant));
    if (targetAfter >= sourceLoad) continue;
    const gap = Math.abs(sourceAfter - targetAfter);
    if (best === undefined || gap < best.gap) best = { jobId: job.id, gap };
  }
  return best === undefined ? [] : [{ kind: 'move', jobId: best.jobId, toNodeId: target.node.id }];
}

/**
 * Places each request, oldest first, on the live node with the lowest load
 * (its dominant share of its own capacity, GPUs counted on nodes that have
 * them) among those where it fits whole. Ties go to the node that joined
 * first. When asked to rebalance it moves at most one job at a time from the
 * most to the least loaded node, and only when that narrows the gap.
 */
export const leastLoadedScheduler = defineScheduler({
  name: 'least-loaded',
  description: 'each request whole on the least loaded live node with room; rebalances one job at a time toward the least loaded node',
  place: (input) => placeWholeRequests(input, lowestScoreChooser(fitsWithin, load)),
  rebalance: rebalanceOne,
});
