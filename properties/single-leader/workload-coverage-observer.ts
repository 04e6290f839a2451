import type { Protocol } from '../../impl/world/node-logic.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import type { ObserverFactory } from '../observer.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * Counts what the clients saw happen, from their replies alone: jobs placed,
 * placed without the client having to send the request again, rejected,
 * completed and moved, requests sent more than once, and operations whose
 * outcome stayed unknown. A run where none of these happen checks the
 * ledger's properties on nothing.
 */
export const workloadCoverageObserver: ObserverFactory<SingleLeaderView> = workloadCoverageFor({ moves: true });

/**
 * The same counts for a cluster's client API: `moves` says whether jobs can
 * move at all (a cluster that never moves one should not report a counter
 * that can only say 0).
 */
export function workloadCoverageFor<P extends Protocol & { readonly output: LedgerOutput }>(options: { readonly moves: boolean }): ObserverFactory<P> {
  return {
    properties: [],
    counters: [
      { id: 'job-placed', label: 'placed a job' },
      // The normal path: asked once (redirects aside), answered once placed. A cluster that answers only retries passes every other property.
      { id: 'job-placed-first-try', label: 'placed a job on its first try' },
      { id: 'job-rejected', label: 'rejected a job' },
      { id: 'job-completed', label: 'completed a job' },
      ...(options.moves ? [{ id: 'job-moved', label: 'moved a job' }] : []),
      { id: 'request-retried', label: 'retried a request' },
      { id: 'outcome-unknown', label: 'had an operation with unknown outcome' },
    ],
    events: ['client-send', 'give-up', 'reply'],
    create(context) {
      const sent = new Set<number>();
      const retried = new Set<number>();
      /** Per client, the tick of its last redirect: a send at that tick follows the redirect and is no retry. */
      const redirectedAt = new Map<number, number>();
      return {
        onEvent(event) {
          switch (event.kind) {
            case 'client-send':
              if (sent.has(event.requestId) && redirectedAt.get(event.client) !== event.tick) {
                context.count('request-retried');
                retried.add(event.requestId);
              }
              sent.add(event.requestId);
              return;
            case 'give-up':
              context.count('outcome-unknown');
              return;
            case 'reply': {
              if (event.reply.kind === 'redirect') redirectedAt.set(event.client, event.tick);
              if (event.reply.kind !== 'result') return;
              const kind = event.reply.output.kind;
              if (kind === 'placed') {
                context.count('job-placed');
                if (!retried.has(event.requestId)) context.count('job-placed-first-try');
              }
              else if (kind === 'rejected') context.count('job-rejected');
              else if (kind === 'completed') context.count('job-completed');
              else if (kind === 'moved') context.count('job-moved');
              return;
            }
            default:
              return;
          }
        },
      };
    },
  };
}
