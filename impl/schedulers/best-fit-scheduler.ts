import { fitsWithin } from '../../model/resources.js';
import { defineScheduler, type PendingRequest } from './define-scheduler.js';
import { gpuFreeFraction, lowestScoreChooser, placeWholeRequests, type NodeCandidate } from './place-whole-requests.js';

/**
 * How much room a node would have left, as the sum over dimensions (cpu,
 * memory, and GPU on a node that has GPUs) of the leftover fraction of its
 * capacity: smaller is a tighter fit.
 */
export function leftoverScore(candidate: NodeCandidate, request: PendingRequest): number {
  const { capacity } = candidate.node;
  const cpu = capacity.cpuMillis > 0 ? (candidate.free.cpuMillis - request.demand.cpuMillis) / capacity.cpuMillis : 0;
  const memory = capacity.memoryMiB > 0 ? (candidate.free.memoryMiB - request.demand.memoryMiB) / capacity.memoryMiB : 0;
  return cpu + memory + gpuFreeFraction(candidate, request);
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
