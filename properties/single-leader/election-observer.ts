import { isServingLeader } from '../../impl/single-leader/election-node.js';
import type { StepInfo } from '../../impl/world/world.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * Checks `election-safety` (at most one leader per term, over the whole run)
 * and `single-leader` (at most one node serving under a valid lease at any
 * instant) after every step, by reading the node the step touched.
 */
export const electionObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['election-safety', 'single-leader'],
  counters: [
    { id: 'leader-elected', label: 'elected a leader' },
    { id: 'leader-changed', label: 'had leaders in two or more terms' },
  ],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    const leaderByTerm = new Map<number, number>();
    return {
      afterStep(info: StepInfo) {
        const node = info.node;
        if (node < 0) return;
        const state = world.state(node);
        if (state === undefined || state.role !== 'leader') return;
        const holder = leaderByTerm.get(state.currentTerm);
        if (holder === undefined) {
          leaderByTerm.set(state.currentTerm, node);
          context.count(leaderByTerm.size === 1 ? 'leader-elected' : 'leader-changed');
        } else if (holder !== node) {
          context.fail('election-safety', `nodes ${holder} and ${node} were both leader in term ${state.currentTerm}`);
        }
        if (world.isPaused(node) || !isServingLeader(state, world.localNow(node))) return;
        for (let other = 0; other < world.config.nodeCount; other++) {
          if (other === node || world.isPaused(other)) continue;
          const otherState = world.state(other);
          if (otherState !== undefined && isServingLeader(otherState, world.localNow(other))) {
            context.fail(
              'single-leader',
              `nodes ${other} (term ${otherState.currentTerm}) and ${node} (term ${state.currentTerm}) both served as leader under a valid lease at tick ${info.tick}`,
            );
          }
        }
      },
    };
  },
};
