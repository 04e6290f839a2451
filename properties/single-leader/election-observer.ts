import { popcount, ROUND_WINDOW } from '../../impl/lease.js';
import { isServingLeader } from '../../impl/single-leader/election.js';
import type { SingleLeaderState } from '../../impl/single-leader/single-leader-state.js';
import type { StepInfo } from '../../impl/world/world.js';
import type { ObserverFactory, ObservedWorld, RunContext } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * Checks `election-safety` (at most one leader per term, over the whole run)
 * and `single-leader` after every step.
 *
 * `single-leader` has two parts. What a user sees: no two nodes serve as
 * leader under a valid lease at the same instant. And what makes that hold,
 * checked at every step while a leader serves: every node whose
 * acknowledgement grants the current lease (those of the latest round a
 * majority acknowledged) is still bound by its promise not to vote, or is
 * down (a node that starts again promises anew). The leader itself needs no
 * promise: to vote it must step down, which ends its lease. A lease that
 * outlives its promises, or a promise forgotten in a restart, breaks the
 * second part at once, where two leaders serve together only if an election
 * also wins a race of a few ticks.
 */
export const electionObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['election-safety', 'single-leader'],
  counters: [
    { id: 'leader-elected', label: 'elected a leader' },
    { id: 'leader-changed', label: 'had leaders in two or more terms' },
  ],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    const nodeCount = world.config.nodeCount;
    const majority = Math.floor(nodeCount / 2) + 1;
    const leaderByTerm = new Map<number, number>();
    let serving = -1;
    const servingNow = (node: number): SingleLeaderState | undefined => {
      const state = world.state(node);
      return state !== undefined && !world.isPaused(node) && isServingLeader(state, world.localNow(node)) ? state : undefined;
    };
    return {
      afterStep(info: StepInfo) {
        const node = info.node;
        const state = node < 0 ? undefined : world.state(node);
        if (state !== undefined && state.role === 'leader') {
          const holder = leaderByTerm.get(state.currentTerm);
          if (holder === undefined) {
            leaderByTerm.set(state.currentTerm, node);
            context.count(leaderByTerm.size === 1 ? 'leader-elected' : 'leader-changed');
          } else if (holder !== node) {
            context.fail('election-safety', `nodes ${holder} and ${node} were both leader in term ${state.currentTerm}`);
          }
          const leading = servingNow(node);
          if (leading !== undefined) {
            for (let other = 0; other < nodeCount; other++) {
              const otherState = other === node ? undefined : servingNow(other);
              if (otherState !== undefined) {
                context.fail('single-leader', `nodes ${other} (term ${otherState.currentTerm}) and ${node} (term ${leading.currentTerm}) both served as leader under a valid lease at tick ${info.tick}`);
              }
            }
            serving = node;
          }
        }
        if (serving < 0) return;
        const leader = servingNow(serving);
        if (leader === undefined) {
          serving = -1;
          return;
        }
        const free = unboundGrantors(world, serving, leader, majority);
        if (free.length > 0) {
          context.fail(
            'single-leader',
            `node ${serving} served under a lease granted by node${free.length === 1 ? '' : 's'} ${free.join(', ')}, no longer bound by ${free.length === 1 ? 'its promise' : 'their promises'} not to vote at tick ${info.tick}: another leader could be elected`,
          );
        }
      },
    };
  },
};

/**
 * The nodes whose acknowledgement grants the leader's current lease (the
 * latest round a majority acknowledged) and that are up and no longer bound
 * by their promise not to vote.
 */
function unboundGrantors(world: ObservedWorld<SingleLeaderView>, leaderNode: number, leader: SingleLeaderState, majority: number): number[] {
  const { lease } = leader;
  for (let round = lease.round; round > Math.max(0, lease.round - ROUND_WINDOW); round--) {
    const acks = lease.acks[round % ROUND_WINDOW]!;
    if (popcount(acks) < majority) continue;
    const free: number[] = [];
    for (let node = 0; node < world.config.nodeCount; node++) {
      if (node === leaderNode || (acks & (1 << node)) === 0) continue;
      const state = world.state(node);
      if (state !== undefined && world.localNow(node) >= state.noVoteBeforeLocal) free.push(node);
    }
    return free;
  }
  return [];
}
