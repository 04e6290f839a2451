import { RESOURCE_DIMENSIONS } from '../../model/resources.js';
import { defineScheduler, type PendingRequest, type PlacementDecision } from './define-scheduler.js';

/**
 * A faithful port of the naive `ResourceManager` of the origin document
 * (§5.2), kept wrong on purpose so that `faultline check` can show what is
 * wrong with it. Python names are kept in comments beside their ports.
 *
 * The Python is scalar; the port runs its logic on each resource dimension.
 * It has no notion of node liveness, so neither does the port.
 */
export const originNaiveManagerScheduler = defineScheduler({
  name: 'origin-naive-manager',
  description: 'port of the origin document §5.2 ResourceManager (unsafe by design: no total check, unbounded rebalance loop)',

  /**
   * `allocate_resource`: for each node, `request = node.resource_request /
   * len(self.nodes)` is added to the node's resource, with no check against
   * the total. In the Python every node asks for itself; here pending request
   * k is node k's (round robin over all nodes), and each request is granted
   * its demand divided by the node count — fractions included, as in Python.
   */
  place: (input) => {
    const nodes = input.cluster.nodes;
    // `for node in self.nodes` over an empty list grants nothing and decides nothing.
    if (nodes.length === 0) return [];
    const decisions: PlacementDecision[] = [];
    const asked = new Map<string, PendingRequest[]>();
    input.pending.forEach((request, k) => {
      const node = nodes[k % nodes.length];
      if (node !== undefined) asked.set(node.id, [...(asked.get(node.id) ?? []), request]);
    });
    for (const node of nodes) {
      input.budget.step();
      for (const request of asked.get(node.id) ?? []) {
        decisions.push({
          kind: 'place',
          requestId: request.id,
          nodeId: node.id,
          grant: {
            cpuMillis: request.demand.cpuMillis / nodes.length,
            memoryMiB: request.demand.memoryMiB / nodes.length,
          },
        });
      }
    }
    return decisions;
  },

  /**
   * `load_balance_resource`:
   *
   *     while self.load_balance > 0:
   *         for node in self.nodes:
   *             if node.resource + self.load_balance <= self.resources.total:
   *                 node.resource += self.load_balance
   *                 ...
   *                 break
   *
   * Nothing in the listing ever makes `self.load_balance` positive; the only
   * reading under which the method does anything is that it holds the load
   * waiting to be moved, so the port starts it at the load above the mean of
   * the live nodes. The loop never decreases it, so once it is positive the
   * loop never ends. The port keeps that loop; the harness's step budget is
   * what stops it, and the harness reports `termination`. The Python moves no
   * job (it only adds to counters), so when the loop does end nothing moves.
   */
  rebalance: (input) => {
    const live = input.cluster.nodes.filter((n) => n.alive);
    for (const d of RESOURCE_DIMENSIONS) {
      if (live.length === 0) continue;
      const mean = live.reduce((sum, n) => sum + n.allocated[d], 0) / live.length;
      const loadBalance = live.reduce((sum, n) => sum + Math.max(0, n.allocated[d] - mean), 0); // self.load_balance
      const total = input.cluster.nodes.reduce((sum, n) => sum + n.capacity[d], 0); // self.resources.total
      const resource = input.cluster.nodes.map((n) => n.allocated[d]); // node.resource, a local copy
      let available = total - resource.reduce((a, b) => a + b, 0); // self.resources.available
      while (loadBalance > 0) {
        input.budget.step();
        for (let i = 0; i < resource.length; i++) {
          input.budget.step();
          const current = resource[i] ?? 0;
          if (current + loadBalance <= total) {
            resource[i] = current + loadBalance;
            available += loadBalance;
            break;
          }
        }
      }
    }
    return [];
  },
});
