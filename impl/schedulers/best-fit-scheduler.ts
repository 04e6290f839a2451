import { fitsWithin, RESOURCE_DIMENSIONS, type Resources } from '../../model/resources.js';
import { defineScheduler } from './define-scheduler.js';
import { lowestScoreChooser, placeWholeRequests, type NodeCandidate } from './place-whole-requests.js';

/**
 * How much room a node would have left, as the sum over dimensions of the
 * leftover fraction of its capacity: smaller is a tighter fit.
 */
export function leftoverScore(candidate: NodeCandidate, demand: Resources): number {
  let score = 0;
  for (const d of RESOURCE_DIMENSIONS) {
    const capacity = candidate.node.capacity[d];
    score += capacity > 0 ? (candidate.free[d] - demand[d]) / capacity : 0;
  }
  return score;
}

/**
 * Places each request, oldest first, on the live node where it fits whole
 * and leaves the least room, which keeps large holes free for large requests.
 * Ties go to the node that joined first.
 */
export const bestFitScheduler = defineScheduler({
  name: 'best-fit',
  description: 'each request whole on the live node it fills most tightly',
  place: (input) => placeWholeRequests(input, lowestScoreChooser(fitsWithin, leftoverScore)),
});
