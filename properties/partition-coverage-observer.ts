import type { Protocol } from '../impl/world/node-logic.js';
import type { ObserverFactory } from './observer.js';

/** Counts runs in which a partition came and went: the moments after a heal are where stale leaders meet new ones. */
export const partitionCoverageObserver: ObserverFactory<Protocol> = {
  properties: [],
  counters: [{ id: 'partition-healed', label: 'healed a partition' }],
  create(context) {
    let active = false;
    return {
      afterStep(info) {
        if (info.kind !== 'fault' && info.kind !== 'heal') return;
        const now = context.world.partitionActive();
        if (active && !now) context.count('partition-healed');
        active = now;
      },
    };
  },
};
