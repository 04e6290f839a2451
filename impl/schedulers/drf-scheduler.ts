import { addResources, dominantShare, fitsWithin, NO_RESOURCES, sumResources, type Resources } from '../../model/resources.js';
import { defineScheduler, type PendingRequest, type PlaceInput, type PlacementDecision } from './define-scheduler.js';
import { afterGrant, gpuDevicesOn, liveCandidates, placeDecision, type Placement } from './place-whole-requests.js';

/**
 * Dominant resource fairness (Ghodsi et al., NSDI 2011) across tenants:
 * repeatedly serve the oldest request of the tenant whose dominant share of
 * the live cluster is lowest (ties to the tenant name), counting what this
 * call has granted so far. Each request is placed whole on the first live
 * node where it fits (GPU devices included), or rejected; a rejection does not raise its tenant's share.
 */
function placeByDominantShare(input: PlaceInput): readonly PlacementDecision[] {
  let candidates = liveCandidates(input);
  const liveIds = new Set(candidates.map((c) => c.node.id));
  const capacity = sumResources(candidates.map((c) => c.node.capacity));
  const held = new Map<string, Resources>();
  for (const job of input.cluster.jobs) {
    if (liveIds.has(job.nodeId)) held.set(job.tenant, addResources(held.get(job.tenant) ?? NO_RESOURCES, job.grant));
  }
  const queues = new Map<string, PendingRequest[]>();
  for (const request of input.pending) queues.set(request.tenant, [...(queues.get(request.tenant) ?? []), request]);
  const tenants = [...queues.keys()].sort();
  const decisions: PlacementDecision[] = [];
  // Every pass decides exactly one request, so there are as many passes as requests.
  for (let pass = 0; pass < input.pending.length; pass++) {
    input.budget.step(tenants.length + candidates.length);
    let tenant: string | undefined;
    let lowest = Number.POSITIVE_INFINITY;
    for (const name of tenants) {
      if ((queues.get(name)?.length ?? 0) === 0) continue;
      const share = dominantShare(held.get(name) ?? NO_RESOURCES, capacity);
      if (share < lowest) [tenant, lowest] = [name, share];
    }
    const request = tenant === undefined ? undefined : queues.get(tenant)?.shift();
    if (tenant === undefined || request === undefined) break;
    let chosen: Placement | undefined;
    for (const candidate of candidates) {
      const devices = fitsWithin(request.demand, candidate.free) ? gpuDevicesOn(request, candidate) : undefined;
      if (devices !== undefined) {
        chosen = { candidate, devices };
        break;
      }
    }
    if (chosen === undefined) {
      decisions.push({ kind: 'reject', requestId: request.id, reason: 'no live node has room' });
      continue;
    }
    decisions.push(placeDecision(request, chosen));
    held.set(tenant, addResources(held.get(tenant) ?? NO_RESOURCES, request.demand));
    const placed = chosen;
    const updated = afterGrant(placed.candidate, request, request.demand, placed.devices);
    candidates = candidates.map((c) => (c === placed.candidate ? updated : c));
  }
  return decisions;
}

export const drfScheduler = defineScheduler({
  name: 'drf',
  description: 'dominant resource fairness across tenants, each request whole on the first live node with room',
  place: placeByDominantShare,
});
