import type { ObserverFactory, RunContext } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * `job-exclusivity`: a job never runs on two nodes at once. After every step
 * the observer reads what the touched node runs; a job that another node is
 * still running at that moment breaks the property. A node that crashed or
 * left runs nothing.
 */
export const jobObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['job-exclusivity'],
  counters: [{ id: 'job-ran', label: 'ran a job' }],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    const owner = new Map<string, number>();
    const seen: Set<string>[] = Array.from({ length: world.config.nodeCount }, () => new Set());
    return {
      afterStep(info) {
        const node = info.node;
        if (node < 0) return;
        const running = world.state(node)?.running;
        const before = seen[node]!;
        if (before.size === 0 && (running === undefined || running.size === 0)) return;
        for (const job of before) {
          if (running?.has(job) !== true && owner.get(job) === node) owner.delete(job);
        }
        before.clear();
        if (running === undefined) return;
        for (const job of running.keys()) {
          before.add(job);
          const holder = owner.get(job);
          if (holder === undefined || holder === node) {
            if (holder === undefined) context.count('job-ran');
            owner.set(job, node);
            continue;
          }
          if (world.state(holder)?.running.has(job) === true) {
            context.fail('job-exclusivity', `job ${job} runs on node ${node} while node ${holder} still runs it`);
          } else {
            owner.set(job, node);
          }
        }
      },
    };
  },
};
