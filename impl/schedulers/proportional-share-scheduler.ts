import { allocateProportionally } from '../../model/allocation-proportional.js';
import { dominantShare, minResources, RESOURCE_DIMENSIONS, sumResources } from '../../model/resources.js';
import { defineScheduler, type PlacementDecision } from './define-scheduler.js';
import { afterGrant, gpuDevicesOn, liveCandidates, placeDecision, type Placement } from './place-whole-requests.js';

/**
 * Elastic proportional share: the free capacity of the live cluster is split
 * among all pending requests in proportion to their demands (exactly, in
 * whole units, by the model's work-conserving split), so everyone gets the
 * same fraction when the cluster is short. Each share then goes to the node
 * with the most free room (relative to its size), cut down to what that node
 * still holds when fragmentation leaves it too small. A request whose grant
 * would be nothing in a dimension it asks for is rejected. GPUs are not
 * divisible this way: a request with GPU demand only considers nodes whose
 * devices can take its whole GPU demand, and gets those devices.
 */
export const proportionalShareScheduler = defineScheduler({
  name: 'proportional-share',
  description: 'free capacity split in proportion to demand; partial grants when short (GPUs whole)',
  place: (input) => {
    let candidates = liveCandidates(input);
    const shares = allocateProportionally({
      capacity: sumResources(candidates.map((c) => c.free)),
      demands: input.pending.map((r) => r.demand),
    });
    const decisions: PlacementDecision[] = [];
    input.pending.forEach((request, index) => {
      input.budget.step(1 + candidates.length);
      const share = shares[index];
      let roomiest: Placement | undefined;
      let roomiestRoom = Number.NEGATIVE_INFINITY;
      for (const candidate of candidates) {
        const devices = gpuDevicesOn(request, candidate);
        if (devices === undefined) continue;
        const room = dominantShare(candidate.free, candidate.node.capacity);
        if (roomiest === undefined || room > roomiestRoom) [roomiest, roomiestRoom] = [{ candidate, devices }, room];
      }
      const target = roomiest;
      const grant = share === undefined || target === undefined ? undefined : minResources(share, target.candidate.free);
      const starved = grant === undefined || RESOURCE_DIMENSIONS.some((d) => request.demand[d] > 0 && grant[d] <= 0);
      if (target === undefined || grant === undefined || starved) {
        decisions.push({ kind: 'reject', requestId: request.id, reason: 'no share of free capacity' });
        return;
      }
      decisions.push(placeDecision(request, target, grant));
      const updated = afterGrant(target.candidate, request, grant, target.devices);
      candidates = candidates.map((c) => (c === target.candidate ? updated : c));
    });
    return decisions;
  },
});
