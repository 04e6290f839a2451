import { isServingLeader } from '../../impl/single-leader/election.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * `liveness`: once every fault has healed, a leader must serve within the
 * world's liveness bound, and every operation a client invokes after the heal
 * must be answered before the client gives up, unless it is a submit that the
 * serving leader still holds, waiting for room (the ledger may not reject
 * what fits on some node, so such a submit waits for a job to end).
 */
export const livenessObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['liveness'],
  counters: [],
  events: ['heal', 'invoke', 'give-up'],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    let healTick = -1;
    let servedAfterHeal = false;
    const invokedAfterHeal = new Set<number>();
    const waitingAtLeader = (client: number, requestId: number): boolean => {
      for (let node = 0; node < world.config.nodeCount; node++) {
        const state = world.state(node);
        if (state === undefined || state.leader === null || !isServingLeader(state, world.localNow(node))) continue;
        if (state.leader.pending.some((pending) => pending.client === client && pending.requestId === requestId)) return true;
      }
      return false;
    };
    return {
      onEvent(event) {
        if (event.kind === 'heal') healTick = event.tick;
        else if (event.kind === 'invoke' && healTick >= 0) invokedAfterHeal.add(event.requestId);
        else if (event.kind === 'give-up' && invokedAfterHeal.has(event.requestId) && !waitingAtLeader(event.client, event.requestId)) {
          context.fail('liveness', `client ${event.client}'s request ${event.requestId}, made after every fault healed at tick ${healTick}, got no answer by tick ${event.tick}`);
        }
      },
      afterStep(info) {
        if (healTick < 0 || servedAfterHeal || info.node < 0) return;
        const state = world.state(info.node);
        if (state !== undefined && !world.isPaused(info.node) && isServingLeader(state, world.localNow(info.node))) servedAfterHeal = true;
      },
      finish() {
        if (healTick >= 0 && !servedAfterHeal) {
          context.fail('liveness', `no leader served within ${world.tick - healTick} ticks after all faults healed at tick ${healTick}`);
        }
      },
    };
  },
};
