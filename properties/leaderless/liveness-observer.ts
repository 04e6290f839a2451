import { isServingCoordinator } from '../../impl/leaderless/coordinator.js';
import { homeOf } from '../../impl/leaderless/escrow.js';
import type { LeaderlessState } from '../../impl/leaderless/leaderless-state.js';
import { addResources, fitsWithin, formatResources, type Resources } from '../../model/resources.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import type { LeaderlessView } from './leaderless-view.js';

/** A submit that waited at its home node for capacity, and where capacity for it has sat idle at every step of its wait so far. */
interface Waited {
  readonly home: number;
  readonly demand: Resources;
  /** Idle capacity that would have made it fit, at every step since it began to wait; null once a step had none. */
  idleThroughout: string | null;
}

/**
 * `liveness` for the leaderless cluster, once every fault has healed:
 *
 * - a coordinator serves within the world's liveness bound;
 * - membership converges: by the end of the run every node that is up sees
 *   every other node that is up as alive, and no node that left as alive;
 * - every operation invoked after the heal is answered before its client gives
 *   up, unless the job's home node has left the cluster (its jobs left with it);
 * - capacity reaches waiting demand within the hold time: a submit made after
 *   the heal that waits at its home node is not rejected for want of capacity
 *   if, at every step of its wait, some node that was up and waited for
 *   nothing held enough of one host's capacity to make it fit there. (Under
 *   contention, when the would-be donor also waits, the protocol gives the
 *   capacity to the older want; that is policy, not a bound, and unchecked.)
 */
export const leaderlessLivenessObserver: ObserverFactory<LeaderlessView> = {
  properties: ['liveness'],
  counters: [
    { id: 'suspicion-refuted', label: 'refuted a suspicion' },
    { id: 'member-declared-dead', label: 'declared a member dead' },
    { id: 'waiting-granted', label: 'granted a submit that waited for capacity' },
  ],
  events: ['heal', 'invoke', 'give-up', 'reply'],
  create(context: RunContext<LeaderlessView>) {
    const { world } = context;
    const nodeCount = world.config.nodeCount;
    let healTick = -1;
    let servedAfterHeal = false;
    const invokedAfterHeal = new Map<number, string | null>();
    const waited = new Map<number, Waited>();
    const incarnations = new Array<number>(nodeCount).fill(-1);
    /** Per node, the members it was last seen to believe dead, as a mask of node numbers. */
    const deadSeen = new Array<number>(nodeCount).fill(0);

    const up = (node: number) => world.status(node) === 'up';
    /** A node that is up, waits for nothing, and holds enough of one host, with the home node's own share of it, for the demand; described, or null. */
    const idleCapacityFor = (home: number, demand: Resources): string | null => {
      const homeState = world.state(home);
      if (homeState === undefined) return null;
      for (let donor = 0; donor < nodeCount; donor++) {
        const state = donor === home || !up(donor) || world.isPaused(donor) ? undefined : world.state(donor);
        if (state === undefined || state.waiting.length > 0) continue;
        for (let host = 0; host < nodeCount; host++) {
          if (fitsWithin(demand, addResources(state.shares[host]!, homeState.shares[host]!))) {
            return `node ${donor} held ${formatResources(state.shares[host]!)} of host ${host}`;
          }
        }
      }
      return null;
    };

    return {
      onEvent(event) {
        switch (event.kind) {
          case 'heal':
            healTick = event.tick;
            return;
          case 'invoke':
            if (healTick >= 0) invokedAfterHeal.set(event.requestId, event.op.kind === 'submit' || event.op.kind === 'complete' ? event.op.job : null);
            return;
          case 'give-up': {
            if (!invokedAfterHeal.has(event.requestId)) return;
            const job = invokedAfterHeal.get(event.requestId);
            if (job !== undefined && job !== null && world.status(homeOf(job, nodeCount)) === 'left') return;
            context.fail('liveness', `client ${event.client}'s request ${event.requestId}, made after every fault healed at tick ${healTick}, got no answer by tick ${event.tick}`);
            return;
          }
          case 'reply': {
            if (event.reply.kind !== 'result') return;
            const wait = waited.get(event.requestId);
            if (wait === undefined) return;
            waited.delete(event.requestId);
            if (event.reply.output.kind === 'placed') {
              context.count('waiting-granted');
              return;
            }
            if (event.reply.output.kind === 'rejected' && wait.idleThroughout !== null) {
              context.fail('liveness', `node ${wait.home} rejected request ${event.requestId} for ${formatResources(wait.demand)}, made after every fault healed at tick ${healTick}, after it waited while idle capacity that would have made it fit sat elsewhere the whole time (at the end, ${wait.idleThroughout})`);
            }
            return;
          }
          default:
            return;
        }
      },
      afterStep(info) {
        const node = info.node;
        if (node < 0) return;
        const state = world.state(node);
        if (state === undefined) return;
        deadSeen[node] = trackMembership(context, state, node, info.kind, incarnations, deadSeen[node]!);
        for (const waiting of state.waiting) {
          if (waited.has(waiting.requestId)) continue;
          // Only a submit made after the heal is held to the bound; the others are tracked to count the waits that end well.
          const checked = invokedAfterHeal.has(waiting.requestId);
          waited.set(waiting.requestId, { home: node, demand: waiting.op.demand, idleThroughout: checked ? idleCapacityFor(node, waiting.op.demand) : null });
        }
        if (healTick < 0) return;
        if (!servedAfterHeal && !world.isPaused(node) && isServingCoordinator(state, world.localNow(node))) servedAfterHeal = true;
        if (waited.size > 0) for (const wait of waited.values()) if (wait.idleThroughout !== null) wait.idleThroughout = idleCapacityFor(wait.home, wait.demand);
      },
      finish() {
        if (healTick < 0) return;
        if (!servedAfterHeal) context.fail('liveness', `no coordinator served within ${world.tick - healTick} ticks after all faults healed at tick ${healTick}`);
        for (let viewer = 0; viewer < nodeCount; viewer++) {
          const state = up(viewer) ? world.state(viewer) : undefined;
          if (state === undefined) continue;
          for (let member = 0; member < nodeCount; member++) {
            if (member === viewer) continue;
            const status = state.members[member]!.status;
            const expected = world.status(member) === 'up';
            if ((status === 'alive') !== expected) {
              context.fail('liveness', `membership did not converge ${world.tick - healTick} ticks after all faults healed: node ${viewer} sees node ${member}, which is ${world.status(member)}, as ${status}`);
              return;
            }
          }
        }
      },
    };
  },
};

/** Counts refutations (a node raising its incarnation while it runs) and members newly declared dead; returns the mask of members the node believes dead. */
function trackMembership(context: RunContext<LeaderlessView>, state: LeaderlessState, node: number, stepKind: string, incarnations: number[], deadSeen: number): number {
  if (incarnations[node]! >= 0 && state.incarnation > incarnations[node]! && stepKind === 'deliver') context.count('suspicion-refuted');
  incarnations[node] = state.incarnation;
  let dead = deadSeen;
  for (const member of state.members) {
    const bit = 1 << member.node;
    if (member.status === 'dead') {
      if ((dead & bit) === 0) context.count('member-declared-dead');
      dead |= bit;
    } else {
      dead &= ~bit;
    }
  }
  return dead;
}
