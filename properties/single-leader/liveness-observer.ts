import { isServingLeader } from '../../impl/single-leader/election-node.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * `liveness`: once every fault has healed, a leader must serve within the
 * world's liveness bound. Checked when the run ends, over the steps after the
 * heal.
 */
export const livenessObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['liveness'],
  counters: [],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    let healTick = -1;
    let servedAfterHeal = false;
    return {
      onEvent(event) {
        if (event.kind === 'heal') healTick = event.tick;
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
