/**
 * The lock service's property, as a faultline observer: at most one node
 * holds the lock at any instant of true time, whatever the nodes' clocks
 * say. A node holds it while its own clock is below its lease's end, and is
 * not paused (a paused node takes no step until it resumes, when it judges
 * its lease by its clock again). The observer reads node state after every
 * step and never changes anything.
 */
import type { ObserverFactory } from 'faultline';
import type { LockProtocol } from './lock-protocol.js';

export const mutualExclusionObserver: ObserverFactory<LockProtocol, 'mutual-exclusion'> = {
  properties: ['mutual-exclusion'],
  // A check where no node ever gets the lock, or it never changes hands, proves little: these say how often runs got there.
  counters: [
    { id: 'lock-acquired', label: 'acquired the lock' },
    { id: 'holder-changed', label: 'saw the lock change hands' },
    { id: 'job-done', label: 'ran a job to its end under the lock' },
    { id: 'job-aborted', label: 'lost the lock under a running job' },
  ],
  events: ['reply'],
  create(context) {
    const { world } = context;
    const nodeCount = world.config.nodeCount;
    const holding = (node: number): number | undefined => {
      const state = world.state(node);
      return state !== undefined && !world.isPaused(node) && world.localNow(node) < state.leaseUntilLocal ? state.leaseUntilLocal : undefined;
    };
    /** Per node, the end of the lease it last held, to tell a renewal from a new acquisition. */
    const lastLeaseEnd: number[] = new Array<number>(nodeCount).fill(Number.NEGATIVE_INFINITY);
    let lastHolder = -1;
    return {
      onEvent(event) {
        if (event.kind !== 'reply' || event.reply.kind !== 'result') return;
        context.count(event.reply.output.kind === 'done' ? 'job-done' : 'job-aborted');
      },
      afterStep(info) {
        const node = info.node;
        if (node < 0) return;
        const until = holding(node);
        if (until === undefined) {
          lastLeaseEnd[node] = Number.NEGATIVE_INFINITY;
          return;
        }
        if (world.localNow(node) >= lastLeaseEnd[node]!) {
          context.count('lock-acquired');
          if (lastHolder !== -1 && lastHolder !== node) context.count('holder-changed');
          lastHolder = node;
        }
        lastLeaseEnd[node] = until;
        for (let other = 0; other < nodeCount; other++) {
          const otherUntil = other === node ? undefined : holding(other);
          if (otherUntil !== undefined) {
            context.fail(
              'mutual-exclusion',
              `nodes ${other} and ${node} both held the lock at tick ${info.tick} (node ${other} until its clock reads ${otherUntil}, now ${world.localNow(other)}; node ${node} until ${until}, now ${world.localNow(node)})`,
            );
          }
        }
      },
    };
  },
};
