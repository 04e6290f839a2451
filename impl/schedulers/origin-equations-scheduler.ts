import { floor, rational, type Rational } from '../../model/exact-rational.js';
import { originEquationsStep } from '../../model/origin-equations.js';
import { RESOURCE_DIMENSIONS, type ResourceDimension } from '../../model/resources.js';
import { defineScheduler, type PendingRequest, type PlacementDecision } from './define-scheduler.js';

/** The origin document's worked example uses L = 1, and so does the policy. */
const LOAD_BALANCE: Rational = rational(1n);

/**
 * The §4 allocation equations used as a scheduling policy, without repair.
 *
 * The equations say nothing about placement, so pending request k goes to
 * the k-th live node, round robin. Per node and dimension the node reports
 * its usage r = allocated + requested (the document's "reports usage and
 * applies for resources"), its request ratio is α = requested / r, and the
 * equations give the new usage r' = α·L·r + ((1 − α)/α)·r. The node is granted
 * r' − allocated (rounded down), split over its requests in proportion to
 * demand. Nothing compares r' with the node's capacity or with the request,
 * because the equations do not: that is what `faultline check` reports.
 */
export const originEquationsScheduler = defineScheduler({
  name: 'origin-equations',
  description: 'the origin document §4 equations as a policy (unsafe by design: no capacity check)',
  place: (input) => {
    const live = input.cluster.nodes.filter((n) => n.alive);
    if (live.length === 0) {
      return input.pending.map((r): PlacementDecision => ({ kind: 'reject', requestId: r.id, reason: 'no live node' }));
    }
    const routed = new Map<string, PendingRequest[]>();
    input.pending.forEach((request, k) => {
      const node = live[k % live.length];
      if (node !== undefined) routed.set(node.id, [...(routed.get(node.id) ?? []), request]);
    });
    const decisions: PlacementDecision[] = [];
    for (const node of live) {
      const requests = routed.get(node.id) ?? [];
      if (requests.length === 0) continue;
      input.budget.step(requests.length);
      const grantsByDimension = new Map<ResourceDimension, readonly number[]>();
      for (const d of RESOURCE_DIMENSIONS) {
        const requested = requests.reduce((sum, r) => sum + r.demand[d], 0);
        const usage = node.allocated[d] + requested;
        if (requested === 0) {
          grantsByDimension.set(d, requests.map(() => 0));
          continue;
        }
        const alpha = rational(requested, usage);
        const next = originEquationsStep([{ usage: rational(usage), alpha }], LOAD_BALANCE).usages[0] ?? rational(usage);
        const nodeGrant = floor(next) - BigInt(node.allocated[d]);
        grantsByDimension.set(d, requests.map((r) => Number((nodeGrant * BigInt(r.demand[d])) / BigInt(requested))));
      }
      requests.forEach((request, i) => {
        decisions.push({
          kind: 'place',
          requestId: request.id,
          nodeId: node.id,
          grant: {
            cpuMillis: grantsByDimension.get('cpuMillis')?.[i] ?? 0,
            memoryMiB: grantsByDimension.get('memoryMiB')?.[i] ?? 0,
          },
        });
      });
    }
    return decisions;
  },
});
