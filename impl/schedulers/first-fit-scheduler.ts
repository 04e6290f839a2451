import { fitsWithin } from '../../model/resources.js';
import { defineScheduler } from './define-scheduler.js';
import { gpuDevicesOn, gpuFits, placeWholeRequests, type Placement } from './place-whole-requests.js';

/**
 * Places each request, oldest first, on the first live node (in join order)
 * where it fits whole, GPU devices included.
 */
export const firstFitScheduler = defineScheduler({
  name: 'first-fit',
  description: 'each request whole on the first live node with room, in join order',
  place: (input) =>
    placeWholeRequests(input, (request, candidates): Placement | undefined => {
      for (const candidate of candidates) {
        if (!fitsWithin(request.demand, candidate.free) || !gpuFits(request, candidate)) continue;
        const devices = gpuDevicesOn(request, candidate);
        if (devices !== undefined) return { candidate, devices };
      }
      return undefined;
    }),
});
