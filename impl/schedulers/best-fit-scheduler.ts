import { fitsWithin, RESOURCE_DIMENSIONS } from '../../model/resources.js';
import { defineScheduler, type PendingRequest } from './define-scheduler.js';
import { gpuFreeFraction, lowestScoreChooser, placeWholeRequests, type NodeCandidate } from './place-whole-requests.js';

/**
 * How much room a node would have left, as the sum over dimensions (cpu,
 * memory, and GPU on a node that has GPUs) of the leftover fraction of its
 * capacity: smaller is a tighter fit.
 */
export function leftoverScore(candidate: NodeCandidate, request: PendingRequest): number {
  let score = 0;
  for (const d of RESOURCE_DIMENSIONS) {
    const capacity = candidate.node.capacity[d];
    score += capacity > 0 ? (candidate.free[d] - request.demand[d]) / capacity : 0;
  }
  return score + gpuFreeFraction(candidate, request);
}

/**
 * Places each request, oldest first, on the live node where it fits whole
 * and leaves the least room, which keeps large holes free for large requests.
 * A GPU share goes on the fullest device with room for it. Ties go to the
 * node that joined first.
 */
export const bestFitScheduler = defineScheduler({
  name: 'best-fit',
  description: 'each request whole on the live node it fills most tightly',
  place: (input) => placeWholeRequests(input, lowestScoreChooser(fitsWithin, leftoverScore)),
});
