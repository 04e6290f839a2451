import { dominantShare, fitsWithin } from '../../model/resources.js';
import { defineScheduler } from './define-scheduler.js';
import { gpuFreeFraction, lowestScoreChooser, placeWholeRequests } from './place-whole-requests.js';

/**
 * Places each request, oldest first, on the live node with the lowest load
 * (its dominant share of its own capacity, GPUs counted on nodes that have
 * them) among those where it fits whole, and moves nothing afterwards. Ties
 * go to the node that joined first.
 */
export const leastLoadedScheduler = defineScheduler({
  name: 'least-loaded',
  description: 'each request whole on the least loaded live node with room',
  place: (input) =>
    placeWholeRequests(
      input,
      lowestScoreChooser(fitsWithin, (candidate) =>
        Math.max(dominantShare(candidate.allocated, candidate.node.capacity), candidate.gpuFree.length === 0 ? 0 : 1 - gpuFreeFraction(candidate)),
      ),
    ),
});
