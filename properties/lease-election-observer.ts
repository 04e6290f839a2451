import { popcount, ROUND_WINDOW, type LeaseRounds } from '../impl/lease.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { StepInfo } from '../impl/world/world.js';
import type { CoverageCounter, ObserverFactory, ObservedWorld, RunContext } from './observer.js';

/** How an election observer reads a node that may hold office under a lease: a leader, or a coordinator. */
export interface LeaseHolderView<S> {
  /** What the office is called in messages: "leader", "coordinator". */
  readonly office: string;
  readonly elected: CoverageCounter;
  readonly changed: CoverageCounter;
  holds(state: S): boolean;
  term(state: S): number;
  lease(state: S): LeaseRounds;
  noVoteBeforeLocal(state: S): number;
}

/**
 * Checks `election-safety` (at most one holder of the office per term, over
 * the whole run) and `single-leader` after every step, for any office held
 * under the lease of `impl/lease.ts`.
 *
 * `single-leader` has two parts. What a user sees: no two nodes serve under a
 * valid lease at the same instant. And what makes that hold, checked at every
 * step while a holder serves: every node whose acknowledgement grants the
 * current lease (those of the latest round a majority acknowledged) is still
 * bound by its promise not to vote, or is down (a node that starts again
 * promises anew). The holder itself needs no promise: to vote it must step
 * down, which ends its lease. A lease that outlives its promises, or a promise
 * forgotten in a restart, breaks the second part at once, where two holders
 * serve together only if an election also wins a race of a few ticks.
 */
export function leaseElectionObserver<P extends Protocol>(view: LeaseHolderView<P['state']>): ObserverFactory<P> {
  const { office } = view;
  return {
    properties: ['election-safety', 'single-leader'],
    counters: [view.elected, view.changed],
    create(context: RunContext<P>) {
      const { world } = context;
      const nodeCount = world.config.nodeCount;
      const majority = Math.floor(nodeCount / 2) + 1;
      const holderByTerm = new Map<number, number>();
      let serving = -1;
      /**
       * Whether each node served at its own last step. A node can serve now
       * only if it served at its last step or starts in this one (its lease
       * grows only in its own steps; a pause stops its steps but leaves its
       * mark), so when no other node is marked the others need not be read.
       */
      const servedAtLastStep: boolean[] = new Array<boolean>(nodeCount).fill(false);
      const otherMarked = (node: number) => {
        for (let other = 0; other < nodeCount; other++) if (servedAtLastStep[other] === true && other !== node) return true;
        return false;
      };
      /** The state of `node`, which holds the office in `state`, if it serves now. */
      const serves = (node: number, state: P['state']): P['state'] | undefined => (!world.isPaused(node) && world.localNow(node) < view.lease(state).leaseUntilLocal ? state : undefined);
      const servingNow = (node: number): P['state'] | undefined => {
        const state = world.state(node);
        return state !== undefined && view.holds(state) ? serves(node, state) : undefined;
      };
      return {
        afterStep(info: StepInfo) {
          const node = info.node;
          // Whether the step's node holds the office, and its state if it also serves, as read in this step.
          let holds = false;
          let holding: P['state'] | undefined;
          if (node >= 0) {
            const state = world.state(node);
            holds = state !== undefined && view.holds(state);
            if (!holds) servedAtLastStep[node] = false;
            else {
              const term = view.term(state);
              const holder = holderByTerm.get(term);
              if (holder === undefined) {
                holderByTerm.set(term, node);
                context.count(holderByTerm.size === 1 ? view.elected.id : view.changed.id);
              } else if (holder !== node) {
                context.fail('election-safety', `nodes ${holder} and ${node} were both ${office} in term ${term}`);
              }
              holding = serves(node, state);
              servedAtLastStep[node] = holding !== undefined;
              if (holding !== undefined) {
                const compare = otherMarked(node);
                for (let other = 0; compare && other < nodeCount; other++) {
                  const otherState = other === node ? undefined : servingNow(other);
                  if (otherState !== undefined) {
                    context.fail('single-leader', `nodes ${other} (term ${view.term(otherState)}) and ${node} (term ${view.term(holding)}) both served as ${office} under a valid lease at tick ${info.tick}`);
                  }
                }
                serving = node;
              }
            }
          }
          if (serving < 0) return;
          // Nothing has changed since the step's node was read.
          const holder = holds && serving === node ? holding : servingNow(serving);
          if (holder === undefined) {
            serving = -1;
            return;
          }
          const free = unboundGrantors(world, view, serving, view.lease(holder), majority, nodeCount);
          if (free !== 0) {
            const nodes = membersOf(free, nodeCount);
            context.fail(
              'single-leader',
              `node ${serving} served as ${office} under a lease granted by node${nodes.length === 1 ? '' : 's'} ${nodes.join(', ')}, no longer bound by ${nodes.length === 1 ? 'its promise' : 'their promises'} not to vote at tick ${info.tick}: another ${office} could be elected`,
            );
          }
        },
      };
    },
  };
}

/**
 * The nodes whose acknowledgement grants the holder's current lease (the
 * latest round a majority acknowledged) and that are up and no longer bound
 * by their promise not to vote, as a mask of node numbers.
 */
function unboundGrantors<P extends Protocol>(world: ObservedWorld<P>, view: LeaseHolderView<P['state']>, holderNode: number, lease: LeaseRounds, majority: number, nodeCount: number): number {
  for (let round = lease.round; round > Math.max(0, lease.round - ROUND_WINDOW); round--) {
    const acks = lease.acks[round % ROUND_WINDOW]!;
    if (popcount(acks) < majority) continue;
    let free = 0;
    for (let node = 0; node < nodeCount; node++) {
      if (node === holderNode || (acks & (1 << node)) === 0) continue;
      const state = world.state(node);
      if (state !== undefined && world.localNow(node) >= view.noVoteBeforeLocal(state)) free |= 1 << node;
    }
    return free;
  }
  return 0;
}

/** The node numbers in a mask, in increasing order. */
function membersOf(mask: number, nodeCount: number): number[] {
  const nodes: number[] = [];
  for (let node = 0; node < nodeCount; node++) if ((mask & (1 << node)) !== 0) nodes.push(node);
  return nodes;
}
