import { fitsWithin } from '../../model/resources.js';
import { defineScheduler } from './define-scheduler.js';
import { placeWholeRequests } from './place-whole-requests.js';

/** Places each request, oldest first, on the first live node (in join order) where it fits whole. */
export const firstFitScheduler = defineScheduler({
  name: 'first-fit',
  description: 'each request whole on the first live node with room, in join order',
  place: (input) => placeWholeRequests(input, (request, candidates) => candidates.find((c) => fitsWithin(request.demand, c.free))),
});
